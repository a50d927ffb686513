"""The event store: articles, their place mentions and events, in SQLite.

No server: one file (the ``db`` setting, else ``marsad.sqlite`` in the
``data_dir`` folder), created on first use with a versioned schema. The
journal is in WAL mode, so the dashboard can read while an ingest writes;
each article is written in one transaction, so a crash leaves no half
article. Dates are ISO strings; an event's date is the period
``[date_start, date_end]`` with a precision (day, week, month, year), or NULL
when unknown.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from geo import settings
from geo.exc import GeoError, StoreError
from geo.store import reviewing
from geo.store.rows import insert as _insert
from geo.store.accounts import Accounts, LocalNames
from geo.text import normalize

SCHEMA_VERSION = 3

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
}


def default_path() -> str:
    """The store file named by the ``db`` setting, else ``<data_dir>/marsad.sqlite``."""
    return path_of(settings.get("db") or os.path.join(settings.get("data_dir"), "marsad.sqlite"))


def path_of(url: str) -> str:
    """A file path from a path or a ``sqlite:///PATH`` URL (``sqlite:////abs`` is absolute)."""
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):]
    if "://" in url:
        raise StoreError(f"unsupported store URL {url!r}: give a file path or sqlite:///PATH")
    return url


@dataclass
class EventFilter:
    """Which events to read; ``None`` or empty means no restriction.

    Dates are ISO strings; an event matches when its period overlaps
    ``[date_from, date_to]``. Undated events match only with ``include_undated``.
    """

    date_from: str | None = None
    date_to: str | None = None
    include_undated: bool = True
    parties: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    min_confidence: float = 0.0
    search: str | None = None
    limit: int | None = None
    #: Review statuses to show (machine, reviewed, rejected); empty: all but the rejected.
    statuses: list[str] = field(default_factory=list)
    #: Only reports that one of these users edited.
    edited_by: list[str] = field(default_factory=list)

    def where(self) -> tuple[str, list]:
        """The SQL condition and its parameters."""
        sql, args = ["e.confidence >= ?"], [self.min_confidence]
        if self.date_from or self.date_to:
            dated = []
            if self.date_from:
                dated.append("e.date_end >= ?")
                args.append(self.date_from)
            if self.date_to:
                dated.append("e.date_start <= ?")
                args.append(self.date_to)
            cond = " AND ".join(dated)
            sql.append(f"(({cond}) OR e.date_start IS NULL)" if self.include_undated else f"({cond})")
        elif not self.include_undated:
            sql.append("e.date_start IS NOT NULL")
        for column, values in (("e.event_type", self.types), ("e.country_code", self.countries)):
            if values:
                sql.append(f"{column} IN ({','.join('?' * len(values))})")
                args += list(values)
        statuses = list(self.statuses) or ["machine", "reviewed"]
        sql.append(f"e.status IN ({','.join('?' * len(statuses))})")
        args += statuses
        if self.edited_by:
            sql.append(f"e.report_key IN (SELECT report_key FROM edits WHERE user IN ({','.join('?' * len(self.edited_by))}))")
            args += list(self.edited_by)
        if self.parties:
            sql.append("e.event_id IN (SELECT event_id FROM event_parties WHERE party_id IN "
                       f"({','.join('?' * len(self.parties))}))")
            args += list(self.parties)
        if self.search:
            # Diacritics, alef forms, ta marbuta and case do not matter (geo.text.normalizing).
            sql.append("instr(marsad_norm(e.snippet), ?) > 0")
            args.append(normalize(self.search))
        return " AND ".join(sql), args


class Store:
    """An open event store.

    Parameters
    ----------
    url : str, optional
        A file path or ``sqlite:///PATH``; default :func:`default_path`.
        The folder and file are created on first use.

    Raises
    ------
    StoreError
        If the file cannot be opened or was written by a newer schema.
    """

    def __init__(self, url: str | None = None):
        self.path = path_of(url) if url else default_path()
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                      check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.create_function("marsad_norm", 1, _norm, deterministic=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot open the event store ({err})") from err
        self.accounts = Accounts(self)
        self.local_names = LocalNames(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        have = self.db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
        if not have:
            self.db.execute("BEGIN IMMEDIATE")
            if not self.db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone():
                _execute_script(self.db, _SCHEMA)
                self.db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
            self.db.execute("COMMIT")
        while (version := self._version()) != SCHEMA_VERSION:
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} is newer than this program's "
                                 f"({SCHEMA_VERSION}); upgrade the program")
            # Read again inside the transaction: two processes opening an old store migrate it once.
            with self.transaction():
                if self._version() == version:
                    _execute_script(self.db, MIGRATIONS[version])
                    self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version + 1),))

    def _version(self) -> int:
        return int(self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])

    def transaction(self):
        """A context manager: one write transaction (BEGIN IMMEDIATE ... COMMIT/ROLLBACK)."""
        return _Transaction(self.db)

    # -- articles --------------------------------------------------------
    def article(self, article_id: str) -> dict | None:
        """The stored article with this id, or None."""
        row = self.db.execute("SELECT * FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return dict(row) if row else None

    def article_by_key(self, key: str) -> dict | None:
        """The stored article with this external key, or None."""
        row = self.db.execute("SELECT * FROM articles WHERE key=?", (key,)).fetchone()
        return dict(row) if row else None

    def put(self, article: dict, mentions: list[dict], events: list[dict], *,
            redate: bool = False) -> tuple[str, dict | None]:
        """Write one article with its mentions and events, in one transaction.

        Parameters
        ----------
        article, mentions, events : rows
            ``article["article_id"]`` identifies the text, ``article["key"]``
            the article (see :func:`geo.ingest.article_key`).
        redate : bool
            Write even if the same text is stored (its dates were changed).

        Returns
        -------
        status : str
            ``added``; ``replaced`` (a stored article with the same key, or
            the same text when ``redate``, was deleted first with its mentions
            and events); or ``unchanged`` (the same text is stored already,
            for example by another process meanwhile: nothing was written).
        old : dict or None
            ``article_id``, ``key`` and ``origin`` of the article replaced.
        """
        with self.transaction():
            same_text = self.db.execute("SELECT article_id, key, origin FROM articles WHERE article_id=?",
                                        (article["article_id"],)).fetchone()
            if same_text and not redate:
                return "unchanged", None
            same_key = self.db.execute("SELECT article_id, key, origin FROM articles WHERE key=?",
                                       (article["key"],)).fetchone()
            self.db.execute("DELETE FROM articles WHERE article_id=? OR key=?",
                            (article["article_id"], article["key"]))
            self.bump()
            _insert(self.db, "articles", [article])
            _insert(self.db, "mentions", mentions)
            for ev in events:
                parties = ev.pop("parties")
                ev["report_key"] = reviewing.report_key(ev["article_id"], ev["snippet_start"] + ev["trigger_start"],
                                                        ev["snippet_start"] + ev["trigger_end"])
                _insert(self.db, "events", [ev])
                _insert(self.db, "event_parties", parties)
            reviewing.replay(self.db, article["article_id"])     # analysts' corrections survive re-ingest
        old = same_key or same_text
        return ("replaced" if old else "added"), (dict(old) if old else None)

    def bump(self) -> None:
        """Make :meth:`generation` grow (inside a transaction): readers reload."""
        self.db.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) "
                        "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # -- review --------------------------------------------------------------
    def edit(self, key: str, field: str, value: dict, user: str, note: str | None = None,
             expected: dict | None = None) -> int:
        """Change a field of the report ``key`` and log it (:func:`geo.store.reviewing.apply`)."""
        with self.transaction():
            edit_id = reviewing.apply(self.db, key, field, value, user, note, expected)
            self.bump()
        return edit_id

    def edit_all(self, changes: list[tuple[str, str, dict, dict | None]], user: str, note: str | None = None) -> list[int]:
        """Several ``(key, field, value, expected)`` changes in one transaction: all or none."""
        with self.transaction():
            ids = [reviewing.apply(self.db, key, field, value, user, note, expected)
                   for key, field, value, expected in changes]
            self.bump()
        return ids

    def edit_log(self, key: str | None = None, article_id: str | None = None, limit: int | None = None) -> list[dict]:
        """The edit log, newest first (of one report or article)."""
        return reviewing.log(self.db, key, article_id, limit)

    def import_edits(self, edits: list[dict]) -> tuple[int, int]:
        """Add exported edits not in the log yet, and apply them; (added, already there)."""
        added = 0
        with self.transaction():
            for n, e in enumerate(edits, 1):
                try:
                    added += reviewing.import_edit(self.db, e)
                except GeoError as err:
                    raise type(err)(f"edit {n}: {err}") from err
            self.bump()
        return added, len(edits) - added

    def event_by_key(self, key: str) -> dict | None:
        """The event of the report ``key`` (whatever its status), or None."""
        found = self._select("e.report_key = ?", [key])
        return found[0] if found else None

    def date_range(self) -> tuple[str | None, str | None]:
        """The earliest start and the latest end of the stored events' dates (ISO), or Nones."""
        first, last = self.db.execute("SELECT min(date_start), max(date_end) FROM events "
                                      "WHERE date_start >= '1900'").fetchone()
        return first, last

    def count(self, table: str = "events") -> int:
        if table not in ("articles", "mentions", "events"):
            raise ValueError(f"no table {table!r}")
        return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    # -- reading -----------------------------------------------------------
    def generation(self) -> int:
        """A number that grows with every article written: readers' cache key."""
        row = self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    def events(self, flt: EventFilter | None = None) -> list[dict]:
        """Events matching ``flt`` (newest first), each with ``parties``: a list of dicts."""
        flt = flt or EventFilter()
        return self._select(*flt.where(), limit=flt.limit)

    def event(self, event_id: str) -> dict | None:
        """The event with this id, or None."""
        found = self._select("e.event_id = ?", [event_id])
        return found[0] if found else None

    def events_of(self, article_id: str) -> list[dict]:
        """The events of one article."""
        return self._select("e.article_id = ?", [article_id])

    def _select(self, where: str, args: list, limit: int | None = None) -> list[dict]:
        sql = (f"SELECT e.*, a.source AS article_source, a.url, a.title, a.published_start AS article_published "
               f"FROM events e "
               f"JOIN articles a USING (article_id) WHERE {where} "
               f"ORDER BY e.date_start IS NULL, e.date_start DESC, e.event_id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        cur = self.db.cursor()
        cur.row_factory = None              # plain tuples: a third faster than sqlite3.Row for 100k rows
        cur.execute(sql, args)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur]
        parties = self._parties_of(f"SELECT event_id FROM ({sql})" if limit else
                                   f"SELECT e.event_id FROM events e JOIN articles a USING (article_id) "
                                   f"WHERE {where}", args)
        for r in rows:
            r["parties"] = parties.get(r["event_id"], [])
        return rows

    def _parties_of(self, ids_sql: str, args: list) -> dict[str, list[dict]]:
        """Parties of the events that ``ids_sql`` selects, in one query."""
        out: dict[str, list[dict]] = {}
        cur = self.db.cursor()
        cur.row_factory = None
        for eid, pid, name, colour, role in cur.execute(
                f"SELECT event_id, party_id, party_name, colour, role FROM event_parties "
                f"WHERE event_id IN ({ids_sql})", args):
            out.setdefault(eid, []).append({"id": pid, "name": name, "colour": colour, "role": role})
        return out

    def mentions(self, article_id: str | None = None, only_plain: bool = False) -> list[dict]:
        """Place mentions (of one article, or all); ``only_plain``: those in no event."""
        sql, args = "SELECT * FROM mentions WHERE 1", []
        if article_id:
            sql += " AND article_id=?"
            args.append(article_id)
        if only_plain:
            sql += " AND in_event=0"
        rows = [dict(r) for r in self.db.execute(sql + " ORDER BY article_id, seq", args)]
        for r in rows:
            r["runner_up"] = json.loads(r["runner_up"]) if r["runner_up"] else None
        return rows

    def place_counts(self, date_from: str | None = None, date_to: str | None = None,
                     countries: list[str] | None = None) -> list[dict]:
        """Places named outside any event, with how often, in articles published in the period
        (and in these countries, if given).

        Articles with no publication date are counted whatever the period.
        """
        sql, args = ("SELECT m.place_id, m.name, m.name_ar, m.lat, m.lon, count(*) AS n "
                     "FROM mentions m JOIN articles a USING (article_id) "
                     "WHERE m.in_event=0 AND m.lat IS NOT NULL"), []
        if date_from:
            sql += " AND (a.published_end >= ? OR a.published_start IS NULL)"
            args.append(date_from)
        if date_to:
            sql += " AND (a.published_start <= ? OR a.published_start IS NULL)"
            args.append(date_to)
        if countries:
            sql += f" AND m.country_code IN ({','.join('?' * len(countries))})"
            args += list(countries)
        return [dict(r) for r in self.db.execute(sql + " GROUP BY m.place_id ORDER BY n DESC", args)]

    def counts_by(self, column: str) -> dict[str, int]:
        """Event counts per ``event_type``, ``country_code`` or ``party``."""
        if column == "party":
            sql = "SELECT party_id, count(*) FROM event_parties GROUP BY party_id"
        elif column in ("event_type", "sub_event_type", "country_code", "date_precision"):
            sql = f"SELECT {column}, count(*) FROM events GROUP BY {column}"
        else:
            raise ValueError(f"cannot count by {column!r}")
        return {k: n for k, n in self.db.execute(sql + " ORDER BY 2 DESC")}


class _Transaction:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error as err:
                self.db.execute("ROLLBACK")
                raise StoreError(f"cannot commit ({err})") from err
        else:
            self.db.execute("ROLLBACK")
        return False


def _norm(text):
    return normalize(text) if isinstance(text, str) else text


def _execute_script(db, script: str) -> None:
    """Run ``;``-separated statements inside the open transaction (``executescript`` would commit it)."""
    for statement in filter(str.strip, script.split(";\n")):
        db.execute(statement)
