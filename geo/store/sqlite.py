"""The SQLite backend: the store in one local file, no server (the default).

The file is the ``db`` setting (a path or ``sqlite:///PATH``), else
``marsad.sqlite`` in the ``data_dir`` folder (:func:`geo.store.default_url`);
created on first use with a versioned schema. The journal is in WAL mode, so the dashboard reads while an
ingest writes; a write transaction is ``BEGIN IMMEDIATE``, so writers from
several processes take turns (each waits up to 30 s).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from geo.exc import StoreError
from geo.store import reviewing
from geo.store.schema import FEEDS_4
from geo.text import normalize

#: The first schema; a new store is created with it and then migrated like an old one.
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    article_id TEXT PRIMARY KEY,           -- hash of the normalised text
    key TEXT NOT NULL UNIQUE,              -- what identifies "the same article" (since version 2: see MIGRATIONS)
    title TEXT, text TEXT NOT NULL, source TEXT, url TEXT, origin TEXT,
    published_start TEXT, published_end TEXT,
    published_precision TEXT NOT NULL,     -- day | week | month | year | unknown
    published_approximate INTEGER NOT NULL DEFAULT 0,
    published_basis TEXT,
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    place_id TEXT, name TEXT, name_ar TEXT, lat REAL, lon REAL, country_code TEXT, feature TEXT,
    match TEXT, score REAL, matched_name TEXT, geo_precision INTEGER, source TEXT,
    sentence_start INTEGER, sentence_end INTEGER, reason TEXT, runner_up TEXT,
    in_event INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, seq)
);
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
    event_type TEXT NOT NULL, sub_event_type TEXT,
    date_start TEXT, date_end TEXT, date_precision TEXT NOT NULL, date_approximate INTEGER NOT NULL,
    date_basis TEXT NOT NULL, date_text TEXT, time_of_day TEXT,
    place_id TEXT NOT NULL, place_name TEXT, place_name_ar TEXT, place_text TEXT NOT NULL,
    country_code TEXT, feature TEXT, lat REAL, lon REAL, geo_precision INTEGER, match TEXT,
    actor1 TEXT, actor2 TEXT,
    snippet TEXT NOT NULL, snippet_start INTEGER NOT NULL,
    place_start INTEGER NOT NULL, place_end INTEGER NOT NULL,      -- in the snippet
    trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
    confidence REAL NOT NULL, reason TEXT
);
CREATE TABLE event_parties (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    party_id TEXT NOT NULL, party_name TEXT, colour TEXT,
    role TEXT NOT NULL,                    -- actor1 | actor2 | named
    PRIMARY KEY (event_id, party_id)
);
CREATE INDEX events_date ON events(date_start, date_end);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_country ON events(country_code);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX parties_party ON event_parties(party_id);
"""

#: Migrations from version N to N+1, in order. Each runs in one transaction.
MIGRATIONS: dict[int, str] = {
    # 1 -> 2: an article's key is never a file name (two files called feed.jsonl replaced each
    # other's articles). It becomes "url:<url>", else "text:<article id>"; version 1 did not keep
    # the record id apart from the key, so records without a url are keyed by their text. Two
    # articles with one url keep theirs: the first stored takes "url:", the others "text:".
    1: """
ALTER TABLE articles ADD COLUMN record_id TEXT;
UPDATE articles SET key = 'migrating:' || article_id;
UPDATE articles SET key = CASE
    WHEN url IS NOT NULL AND url != '' AND rowid = (SELECT min(rowid) FROM articles o WHERE o.url = articles.url)
    THEN 'url:' || url ELSE 'text:' || article_id END
""",
    # 2 -> 3: the review loop: event status, the append-only edit log keyed on reports, users,
    # wall-screen links, local names (aliases and stops). See geo/store/reviewing.py.
    2: reviewing.SCHEMA_3,
    # 3 -> 4: the searched text kept normalised (no SQL function needed on a server), feeds and
    # their items, copies of an article from other outlets. See geo/store/schema.py.
    3: """
ALTER TABLE events ADD COLUMN snippet_norm TEXT;
UPDATE events SET snippet_norm = marsad_norm(snippet);
""" + FEEDS_4,
}


def path_of(url: str) -> str:
    """A file path from a path or a ``sqlite:///PATH`` URL (``sqlite:////abs`` is absolute)."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):]
    if "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: give a file path, sqlite:///PATH "
                         "or postgresql://USER@HOST/DB")
    return url


class SQLiteBackend:
    """A store file opened with :mod:`sqlite3` (see the module notes)."""

    name = "sqlite"
    errors = (sqlite3.Error,)

    def __init__(self, url: str):
        self.path = self.url = path_of(url)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("marsad_norm", 1, _norm, deterministic=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the event store ({err})") from err

    def has_schema(self) -> bool:
        return self.db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone() is not None

    def create(self) -> int:
        """Write the first schema (inside a transaction); the version it is."""
        _execute_script(self.db, _SCHEMA)
        return 1

    def migrate(self, version: int) -> None:
        _execute_script(self.db, MIGRATIONS[version])

    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def rows(self, sql: str, args) -> tuple[list[str], list[tuple]]:
        """Column names and plain tuples (a third faster than sqlite3.Row for 100k rows)."""
        cur = self.db.cursor()
        cur.row_factory = None
        cur.execute(sql, args)
        return [d[0] for d in cur.description], cur.fetchall()

    @staticmethod
    def box() -> str:
        """The condition "the event is in the box (west, south, east, north)"."""
        return "(e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?)"

    @staticmethod
    def box_args(west, south, east, north) -> list:
        return [west, east, south, north]

    def tables(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                              "AND name NOT LIKE 'sqlite_%'")]

    def backup(self, dest: str) -> None:
        """A consistent copy of the open store in the file ``dest`` (SQLite's online backup)."""
        target = sqlite3.connect(dest)
        try:
            self.db.backup(target)
        finally:
            target.close()

    def renumber(self, table: str, column: str) -> None:
        """After rows were copied in with their ids: nothing to do (SQLite numbers after the largest)."""

    def close(self) -> None:
        self.db.close()


def _norm(text):
    return normalize(text) if isinstance(text, str) else text


def _execute_script(db, script: str) -> None:
    """Run ``;``-separated statements inside the open transaction (``executescript`` would commit it)."""
    for statement in filter(str.strip, script.split(";\n")):
        db.execute(statement)
