"""Analysts' corrections in the store: an append-only edit log replayed over the machine's events.

An edit is keyed on what identifies a report, not on a row id: the article's
id (a hash of its text) and the character offsets of the event's trigger word
in it (:func:`report_key`). Applying an edit writes the new values into the
event row (so filters, the map and exports see them at once) and appends
``(report, field, old value, new value, user, time, note)`` to the log. When an
article is written again (re-ingest, re-parse with a new gazetteer or model),
:func:`replay` applies its edits to the new rows; an edit whose report the parser
no longer produces stays in the log and is listed as *orphaned*. Reports an
analyst added are rebuilt from their edit.

The log cannot be changed or deleted (SQLite triggers refuse it). Functions here
take an open ``sqlite3`` connection inside a transaction; :class:`geo.store.Store`
wraps them.
"""
from __future__ import annotations

import datetime as dt
import json

from geo.exc import EditConflict, ReviewError
from geo.store.rows import insert

#: The fields an edit may change, with the event columns each sets.
FIELDS: dict[str, tuple[str, ...]] = {
    "status": ("status", "reject_reason"),
    "type": ("event_type", "sub_event_type"),
    "date": ("date_start", "date_end", "date_precision", "date_approximate"),
    "place": ("place_id", "place_name", "place_name_ar", "country_code", "feature", "lat", "lon",
              "geo_precision", "match"),
    "actor1": ("actor1",),
    "actor2": ("actor2",),
    "note": ("note",),
    "group": ("incident_group",),
    "added": (),
}
STATUSES = ("machine", "reviewed", "rejected")

SCHEMA_3 = """
ALTER TABLE events ADD COLUMN report_key TEXT;
UPDATE events SET report_key = article_id || ':' || (snippet_start + trigger_start) || '-' || (snippet_start + trigger_end);
ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'machine';
ALTER TABLE events ADD COLUMN reject_reason TEXT;
ALTER TABLE events ADD COLUMN note TEXT;
ALTER TABLE events ADD COLUMN last_editor TEXT;
ALTER TABLE events ADD COLUMN last_edited_at TEXT;
ALTER TABLE events ADD COLUMN edit_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN origin TEXT NOT NULL DEFAULT 'machine';
ALTER TABLE events ADD COLUMN incident_group TEXT;
CREATE INDEX events_report ON events(report_key);
CREATE INDEX events_status ON events(status);
CREATE TABLE edits (
    edit_id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_key TEXT NOT NULL, article_id TEXT NOT NULL,
    field TEXT NOT NULL, old_value TEXT, new_value TEXT,
    user TEXT NOT NULL, at TEXT NOT NULL, note TEXT
);
CREATE INDEX edits_report ON edits(report_key);
CREATE INDEX edits_article ON edits(article_id);
CREATE TRIGGER edits_no_update BEFORE UPDATE ON edits BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
CREATE TRIGGER edits_no_delete BEFORE DELETE ON edits BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END;
CREATE TABLE users (
    username TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL, changed_at TEXT
);
CREATE TABLE sign_in_failures (username TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX sign_in_failures_user ON sign_in_failures(username, at);
CREATE TABLE screens (
    name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE local_names (
    name_id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                    -- alias | stop
    name TEXT NOT NULL, name_key TEXT NOT NULL,
    place_id TEXT, country_code TEXT,
    user TEXT NOT NULL, at TEXT NOT NULL, note TEXT,
    UNIQUE (kind, name_key, country_code)
)
"""


def report_key(article_id: str, start: int, end: int) -> str:
    """What identifies a report across re-parsing: the article and its trigger's offsets."""
    return f"{article_id}:{start}-{end}"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def current(db, key: str) -> dict | None:
    """The event row of a report, or None."""
    row = db.execute("SELECT * FROM events WHERE report_key=?", (key,)).fetchone()
    return dict(row) if row else None


def values_of(row: dict, field: str) -> dict:
    """What ``field`` is now in an event row."""
    return {c: row.get(c) for c in FIELDS[field]}


def apply(db, key: str, field: str, value: dict, user: str, note: str | None = None,
          expected: dict | None = None, at: str | None = None) -> int:
    """Change one field of a report and log it; return the edit's id.

    ``expected``: the values the editor saw; if the report has changed since
    (another analyst saved first), :class:`EditConflict` says who changed what.
    """
    if field not in FIELDS:
        raise ReviewError(f"no field {field!r}; the fields are {', '.join(FIELDS)}")
    at = at or now()
    if field == "added":
        return _add(db, key, value, user, note, at)
    row = current(db, key)
    if row is None:
        raise ReviewError(f"no report {key} in the store")
    unknown = set(value) - set(FIELDS[field]) - {"party_name", "colour"}
    if unknown:
        raise ReviewError(f"{field} has no {', '.join(sorted(unknown))}")
    old = values_of(row, field)
    if expected is not None and any(_differs(expected.get(c), old.get(c)) for c in expected if c in old):
        last = db.execute('SELECT "user", at, new_value FROM edits WHERE report_key=? AND field=? '
                          "ORDER BY edit_id DESC LIMIT 1", (key, field)).fetchone()
        raise EditConflict(key, field, old, dict(last) if last else None)
    edit_id = _log(db, key, row["article_id"], field, old, value, user, at, note)
    _set(db, row, field, value)
    _count(db, key)
    return edit_id


def _log(db, key: str, article_id: str, field: str, old, new, user: str, at: str, note: str | None) -> int:
    """Append one edit to the log; its id."""
    return db.execute('INSERT INTO edits (report_key, article_id, field, old_value, new_value, "user", at, note) '
                      "VALUES (?,?,?,?,?,?,?,?) RETURNING edit_id",
                      (key, article_id, field, _dump(old), _dump(new), user, at, note)).fetchone()[0]


def _differs(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) > 1e-9
    return a != b


def _set(db, row: dict, field: str, value: dict) -> None:
    cols = {c: value[c] for c in FIELDS[field] if c in value}
    if cols:
        assignments = ", ".join(f'"{c}"=?' for c in cols)
        db.execute(f"UPDATE events SET {assignments} WHERE event_id=?", (*cols.values(), row["event_id"]))
    if field in ("actor1", "actor2"):
        _set_party(db, row["event_id"], field, value)


def _set_party(db, event_id: str, role: str, value: dict) -> None:
    db.execute("DELETE FROM event_parties WHERE event_id=? AND role=?", (event_id, role))
    party = value.get(role)
    if party:
        db.execute("DELETE FROM event_parties WHERE event_id=? AND party_id=?", (event_id, party))
        insert(db, "event_parties", [{"event_id": event_id, "party_id": party, "role": role,
                                      "party_name": value.get("party_name") or party, "colour": value.get("colour")}])


def _count(db, key: str) -> None:
    n, = db.execute("SELECT count(*) FROM edits WHERE report_key=?", (key,)).fetchone()
    last = db.execute('SELECT "user", at FROM edits WHERE report_key=? ORDER BY edit_id DESC LIMIT 1', (key,)).fetchone()
    db.execute("UPDATE events SET edit_count=?, last_editor=?, last_edited_at=? WHERE report_key=?",
               (n, last[0] if last else None, last[1] if last else None, key))


def _add(db, key: str, row: dict, user: str, note: str | None, at: str) -> int:
    if db.execute("SELECT 1 FROM edits WHERE report_key=? AND field='added'", (key,)).fetchone():
        raise ReviewError(f"report {key} was added already")
    edit_id = _log(db, key, row["article_id"], "added", None, row, user, at, note)
    _insert_added(db, key, row, edit_id)
    _count(db, key)
    return edit_id


def _insert_added(db, key: str, row: dict, edit_id: int) -> None:
    """An analyst's report as an event row (its article must be stored)."""
    if not db.execute("SELECT 1 FROM articles WHERE article_id=?", (row["article_id"],)).fetchone():
        return
    ev = {c: row.get(c) for c in _ADDED_COLUMNS}
    ev.update(event_id=f"{row['article_id']}-a{edit_id}", report_key=key, origin="analyst", status="reviewed")
    insert(db, "events", [ev])
    for role in ("actor1", "actor2"):
        if ev.get(role):
            _set_party(db, ev["event_id"], role, {role: ev[role], "party_name": row.get(role + "_name"),
                                                  "colour": row.get(role + "_colour")})


_ADDED_COLUMNS = ("article_id", "event_type", "sub_event_type", "date_start", "date_end", "date_precision",
                  "date_approximate", "date_basis", "date_text", "place_id", "place_name", "place_name_ar",
                  "place_text", "country_code", "feature", "lat", "lon", "geo_precision", "match", "actor1", "actor2",
                  "snippet", "snippet_start", "place_start", "place_end", "trigger_text", "trigger_start",
                  "trigger_end", "confidence", "reason", "note")


def replay(db, article_id: str) -> None:
    """Apply the logged edits of an article to its newly written events, oldest first."""
    edits = db.execute("SELECT * FROM edits WHERE article_id=? ORDER BY edit_id", (article_id,)).fetchall()
    touched = set()
    for e in edits:
        key, value = e["report_key"], json.loads(e["new_value"]) if e["new_value"] else {}
        if e["field"] == "added":
            if current(db, key) is None:
                _insert_added(db, key, value, e["edit_id"])
        else:
            row = current(db, key)
            if row is None:
                continue                    # orphaned: kept in the log, listed by orphaned()
            _set(db, row, e["field"], value)
        touched.add(key)
    for key in touched:
        _count(db, key)


def log(db, key: str | None = None, article_id: str | None = None, limit: int | None = None) -> list[dict]:
    """Edits, newest first, each with ``orphaned`` (its report is no longer produced)."""
    sql, args = ("SELECT d.*, NOT EXISTS (SELECT 1 FROM events e WHERE e.report_key = d.report_key) AS orphaned "
                 "FROM edits d WHERE 1=1"), []
    if key:
        sql += " AND d.report_key=?"
        args.append(key)
    if article_id:
        sql += " AND d.article_id=?"
        args.append(article_id)
    sql += " ORDER BY d.edit_id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for r in db.execute(sql, args):
        d = dict(r)
        d["old_value"] = json.loads(d["old_value"]) if d["old_value"] else None
        d["new_value"] = json.loads(d["new_value"]) if d["new_value"] else None
        d["orphaned"] = bool(d["orphaned"])
        out.append(d)
    return out


def import_edit(db, e: dict) -> bool:
    """Add an exported edit to the log unless it is there already; apply it where its report is.
    True if it was added."""
    for k in ("report_key", "article_id", "field", "user", "at"):
        if not isinstance(e.get(k), str) or not e[k]:
            raise ReviewError(f"an edit needs {k}")
    if e["field"] not in FIELDS:
        raise ReviewError(f"no field {e['field']!r}")
    new = _dump(e.get("new_value"))
    if db.execute('SELECT 1 FROM edits WHERE report_key=? AND field=? AND "user"=? AND at=? '
                  "AND new_value IS NOT DISTINCT FROM ?",
                  (e["report_key"], e["field"], e["user"], e["at"], new)).fetchone():
        return False
    edit_id = _log(db, e["report_key"], e["article_id"], e["field"], e.get("old_value"), e.get("new_value"),
                   e["user"], e["at"], e.get("note"))
    value = e.get("new_value") or {}
    if e["field"] == "added":
        if current(db, e["report_key"]) is None:
            _insert_added(db, e["report_key"], value, edit_id)
    elif (row := current(db, e["report_key"])) is not None:
        _set(db, row, e["field"], value)
    _count(db, e["report_key"])
    return True


def _dump(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
