"""Moving a store between backends, and consistent snapshots.

:func:`copy_store` copies every row of one store into another, empty one,
whatever their backends (a laptop's SQLite file to the team's PostgreSQL, or
back), in one transaction on the destination: the copy is all or nothing.
:func:`backup` writes a consistent snapshot of a SQLite store while it is in
use (SQLite's online backup); a PostgreSQL store is backed up with ``pg_dump``.
"""
from __future__ import annotations

from geo.exc import StoreError
from geo.store.storing import Store

#: Tables in the order their references need; ``meta`` keeps each store's own schema version.
TABLES = ("articles", "mentions", "events", "event_parties", "edits", "users", "sign_in_failures", "screens",
          "local_names", "feeds", "feed_items", "article_copies", "drop_files")
#: Tables whose ids are numbered by the store: the next id follows the copied ones.
NUMBERED = {"edits": "edit_id", "local_names": "name_id"}
BATCH = 2000


def copy_store(source_url: str, target_url: str, progress=None) -> dict[str, int]:
    """Copy every row of the store at ``source_url`` into the empty store at ``target_url``.

    Parameters
    ----------
    source_url, target_url : str
        File paths, ``sqlite:///PATH`` or ``postgresql://...`` URLs.
    progress : callable, optional
        Called with ``(table, rows copied so far)``.

    Returns
    -------
    dict
        Rows copied per table.

    Raises
    ------
    StoreError
        If the target already has articles (nothing is merged), or a write fails
        (then nothing is copied).
    """
    counts = {}
    with Store(source_url) as source, Store(target_url) as target:
        if target.count("articles") or target.edit_log(limit=1):
            raise StoreError(f"{target.path}: the target store is not empty; copy into a new one")
        with target.transaction():
            for table in TABLES:
                counts[table] = _copy_table(source, target, table, progress)
            generation = max(source.generation(), 1)
            target.db.execute("INSERT INTO meta VALUES ('generation', ?) ON CONFLICT (key) "
                              "DO UPDATE SET value = excluded.value", (str(generation),))
        for table, column in NUMBERED.items():
            target.backend.renumber(table, column)
    return counts


def _copy_table(source: Store, target: Store, table: str, progress) -> int:
    wanted = set(_columns(target, table))
    columns = [c for c in _columns(source, table) if c in wanted]
    quoted = ",".join(f'"{c}"' for c in columns)
    cursor = source.db.execute(f"SELECT {quoted} FROM {table}")
    insert = f"INSERT INTO {table} ({quoted}) VALUES ({','.join('?' * len(columns))})"
    done = 0
    while rows := cursor.fetchmany(BATCH):          # streamed: a large store is not read into memory
        target.db.executemany(insert, [tuple(r) for r in rows])
        done += len(rows)
        if progress:
            progress(table, done)
    return done


def _columns(store: Store, table: str) -> list[str]:
    return store.backend.rows(f"SELECT * FROM {table} WHERE 1=0", [])[0]   # without server-computed columns


def backup(store: Store, dest: str) -> None:
    """Write a consistent snapshot of ``store`` to the file ``dest`` while it is in use.

    Raises
    ------
    StoreError
        For a PostgreSQL store (use ``pg_dump``; see docs/operations.md).
    """
    store.backend.backup(dest)
