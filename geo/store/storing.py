"""The event store: articles, their place mentions and events, on one of the backends.

:class:`Store` is what the rest of the program uses; where the rows live is its
backend's: :mod:`~geo.store.sqlite` (one local file, the default, no server)
or :mod:`~geo.store.postgresql` (a server the team shares), chosen by the URL.
The SQL here is written for both. Each article is written in one transaction,
so a crash leaves no half article. Dates are ISO strings; an event's date is
the period ``[date_start, date_end]`` with a precision (day, week, month,
year), or NULL when unknown.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from geo import settings
from geo.exc import GeoError, StoreError
from geo.store import reviewing
from geo.store.rows import insert as _insert
from geo.store.accounts import Accounts, LocalNames
from geo.store.feeds import FeedState, mark_item
from geo.text import normalize

_LIKE = re.compile(r"[!%_]")
#: The schema version this program writes (both backends).
SCHEMA_VERSION = 4


def default_url() -> str:
    """The store named by the ``db`` setting, else ``<data_dir>/marsad.sqlite``."""
    return settings.get("db") or os.path.join(settings.get("data_dir"), "marsad.sqlite")


def default_path() -> str:
    """The default store as a file path (or the server URL when ``db`` names a server)."""
    from geo.store.sqlite import path_of

    url = default_url()
    return url if _is_server(url) else path_of(url)


def display_url(url: str) -> str:
    """A store URL fit to print: a server URL without its password."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url) if _is_server(url) else url


def backend_for(url: str):
    """The backend that opens ``url``: PostgreSQL for ``postgresql://`` (or ``postgres://``), else SQLite."""
    if _is_server(url):
        from geo.store.postgresql import PostgresBackend

        return PostgresBackend(url)
    from geo.store.sqlite import SQLiteBackend

    return SQLiteBackend(url)


def _is_server(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


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
    #: Only events in this box: (west, south, east, north) in degrees.
    bbox: tuple[float, float, float, float] | None = None

    def where(self, backend=None) -> tuple[str, list]:
        """The SQL condition and its parameters (a box as ``backend`` answers it best)."""
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
            marks = ",".join("?" * len(self.edited_by))
            sql.append(f'e.report_key IN (SELECT report_key FROM edits WHERE "user" IN ({marks}))')
            args += list(self.edited_by)
        if self.parties:
            sql.append("e.event_id IN (SELECT event_id FROM event_parties WHERE party_id IN "
                       f"({','.join('?' * len(self.parties))}))")
            args += list(self.parties)
        if self.search:
            # Diacritics, alef forms, ta marbuta and case do not matter (geo.text.normalizing).
            sql.append("e.snippet_norm LIKE ? ESCAPE '!'")
            args.append("%" + _LIKE.sub(r"!\g<0>", normalize(self.search)) + "%")
        if self.bbox:
            west, south, east, north = self.bbox
            if backend is None:
                from geo.store.sqlite import SQLiteBackend as backend
            sql.append(backend.box())
            args += backend.box_args(west, south, east, north)
        return " AND ".join(sql), args


class Store:
    """An open event store.

    Parameters
    ----------
    url : str, optional
        A file path, ``sqlite:///PATH`` or ``postgresql://USER@HOST/DB``;
        default :func:`default_url`. A file and its folder are created on
        first use; a database gets its tables on first use.

    Raises
    ------
    StoreError
        If the store cannot be opened or was written by a newer schema
        (:class:`~geo.exc.StoreUnavailable` if its server cannot be reached).
    """

    def __init__(self, url: str | None = None):
        self.backend = backend_for(url or default_url())
        self._columns: str | None = None       # the events' columns as read (see _event_columns)
        #: The file path or server URL (the dashboard's cache key).
        self.path = self.backend.path
        self.db = self.backend.db
        try:
            self._migrate()
        except self.backend.errors as err:
            self.backend.close()
            raise StoreError(f"{self.backend.url}: cannot open the event store ({err})") from err
        self.accounts = Accounts(self)
        self.local_names = LocalNames(self)
        self.feeds = FeedState(self)

    @property
    def errors(self) -> tuple:
        """The backend's database errors (``sqlite3.Error``, ``psycopg.Error``)."""
        return self.backend.errors

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.backend.close()

    def reconnect(self) -> None:
        """Open the store again (after :class:`~geo.exc.StoreUnavailable`: its server went away).

        Raises
        ------
        StoreUnavailable
            If it still cannot be reached.
        """
        try:
            self.backend.close()
        except self.backend.errors:
            pass
        self.backend = backend_for(self.backend.url)
        self.db = self.backend.db

    def _migrate(self) -> None:
        if not self.backend.has_schema():
            with self.transaction():
                if not self.backend.has_schema():       # another process may have created it meanwhile
                    version = self.backend.create()
                    self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
        while (version := self._version()) != SCHEMA_VERSION:
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} is newer than this program's "
                                 f"({SCHEMA_VERSION}); upgrade the program")
            # Read again inside the transaction: two processes opening an old store migrate it once.
            with self.transaction():
                if self._version() == version:
                    self.backend.migrate(version)
                    self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version + 1),))

    def _version(self) -> int:
        return int(self.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])

    def transaction(self):
        """A context manager: one write transaction (writers take turns; all or nothing)."""
        return _Transaction(self)

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
            redate: bool = False, feed_item: dict | None = None) -> tuple[str, dict | None]:
        """Write one article with its mentions and events, in one transaction.

        Parameters
        ----------
        article, mentions, events : rows
            ``article["article_id"]`` identifies the text, ``article["key"]``
            the article (see :func:`geo.ingest.article_key`).
        redate : bool
            Write even if the same text is stored (its dates were changed).
        feed_item : dict, optional
            ``key`` and ``feed_url`` of the feed item the article came from:
            marked done in the same transaction (see :mod:`geo.store.feeds`).

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
                if feed_item:
                    mark_item(self.db, feed_item["key"], feed_item["feed_url"], "unchanged", article["article_id"])
                return "unchanged", None
            same_key = self.db.execute("SELECT article_id, key, origin FROM articles WHERE key=?",
                                       (article["key"],)).fetchone()
            # The same text written again (re-dated, re-parsed) keeps the outlets that also published it.
            copies = [dict(r) for r in self.db.execute("SELECT * FROM article_copies WHERE article_id=?",
                                                       (article["article_id"],))] if same_text else []
            self.db.execute("DELETE FROM articles WHERE article_id=? OR key=?",
                            (article["article_id"], article["key"]))
            self.bump()
            _insert(self.db, "articles", [article])
            _insert(self.db, "article_copies", copies)
            _insert(self.db, "mentions", mentions)
            for ev in events:
                parties = ev.pop("parties")
                ev["report_key"] = reviewing.report_key(ev["article_id"], ev["snippet_start"] + ev["trigger_start"],
                                                        ev["snippet_start"] + ev["trigger_end"])
                _insert(self.db, "events", [ev])
                _insert(self.db, "event_parties", parties)
            reviewing.replay(self.db, article["article_id"])     # analysts' corrections survive re-ingest
            if feed_item:
                mark_item(self.db, feed_item["key"], feed_item["feed_url"], "added", article["article_id"])
        old = same_key or same_text
        return ("replaced" if old else "added"), (dict(old) if old else None)

    def bump(self) -> None:
        """Make :meth:`generation` grow (inside a transaction): readers reload."""
        self.db.execute("INSERT INTO meta VALUES ('generation', '1') ON CONFLICT (key) "
                        "DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)")

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
        return self._select(*flt.where(self.backend), limit=flt.limit)

    def event(self, event_id: str) -> dict | None:
        """The event with this id, or None."""
        found = self._select("e.event_id = ?", [event_id])
        return found[0] if found else None

    def events_of(self, article_id: str) -> list[dict]:
        """The events of one article."""
        return self._select("e.article_id = ?", [article_id])

    def _select(self, where: str, args: list, limit: int | None = None) -> list[dict]:
        sql = (f"SELECT {self._event_columns()}, a.source AS article_source, a.url, a.title, "
               f"a.published_start AS article_published "
               f"FROM events e "
               f"JOIN articles a USING (article_id) WHERE {where} "
               f"ORDER BY e.date_start IS NULL, e.date_start DESC, e.event_id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        names, tuples = self.backend.rows(sql, args)
        rows = [dict(zip(names, r)) for r in tuples]
        ids_sql = (f"SELECT event_id FROM ({sql}) AS chosen" if limit else
                   f"SELECT e.event_id FROM events e JOIN articles a USING (article_id) WHERE {where}")
        parties = self._parties_of(ids_sql, args)
        # Wire copies come only from feeds: most stores have none, and then the filter is not run again.
        has_copies = self.db.execute("SELECT 1 FROM article_copies LIMIT 1").fetchone() is not None
        copies = self._copies_of(ids_sql, args) if has_copies else {}
        for r in rows:
            r["parties"] = parties.get(r["event_id"], [])
            r["other_sources"] = copies.get(r["article_id"], [])
        return rows

    def _event_columns(self) -> str:
        """``e.col, ...`` for every column of the events table but ``snippet_norm`` (the search's
        own copy of the sentence: reading it would cost a third of a 100,000-event read)."""
        if self._columns is None:
            names = self.backend.rows("SELECT * FROM events WHERE 1=0", [])[0]
            self._columns = ", ".join("e." + n for n in names if n != "snippet_norm")
        return self._columns

    def _parties_of(self, ids_sql: str, args: list) -> dict[str, list[dict]]:
        """Parties of the events that ``ids_sql`` selects, in one query."""
        out: dict[str, list[dict]] = {}
        for eid, pid, name, colour, role in self.backend.rows(
                f"SELECT event_id, party_id, party_name, colour, role FROM event_parties "
                f"WHERE event_id IN ({ids_sql})", args)[1]:
            out.setdefault(eid, []).append({"id": pid, "name": name, "colour": colour, "role": role})
        return out

    def _copies_of(self, ids_sql: str, args: list) -> dict[str, list[dict]]:
        """The same articles as published by other outlets (``source``, ``url``), per article id."""
        out: dict[str, list[dict]] = {}
        for aid, source, url in self.backend.rows(
                f"SELECT article_id, source, url FROM article_copies WHERE article_id IN "
                f"(SELECT article_id FROM events WHERE event_id IN ({ids_sql})) ORDER BY seen_at, url", args)[1]:
            out.setdefault(aid, []).append({"source": source, "url": url})
        return out

    def mentions(self, article_id: str | None = None, only_plain: bool = False) -> list[dict]:
        """Place mentions (of one article, or all); ``only_plain``: those in no event."""
        sql, args = "SELECT * FROM mentions WHERE 1=1", []
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
        sql, args = ("SELECT m.place_id, min(m.name) AS name, min(m.name_ar) AS name_ar, min(m.lat) AS lat, "
                     "min(m.lon) AS lon, count(*) AS n "
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
        return [dict(r) for r in self.db.execute(sql + " GROUP BY m.place_id ORDER BY n DESC, m.place_id", args)]

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
    def __init__(self, store):
        self.store = store

    def __enter__(self):
        self.store.backend.begin()
        return self.store.db

    def __exit__(self, exc_type, exc, tb):
        db = self.store.db
        if exc_type is None:
            try:
                db.execute("COMMIT")
            except self.store.errors as err:
                _rollback(db, self.store.errors)
                raise StoreError(f"cannot commit ({err})") from err
        else:
            _rollback(db, self.store.errors)
        return False


def _rollback(db, errors) -> None:
    try:
        db.execute("ROLLBACK")
    except errors:          # the connection is gone: the server has rolled it back
        pass
