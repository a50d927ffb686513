"""Rows written as dicts: one INSERT for the store's modules (storing, reviewing, feeds)."""
from __future__ import annotations

from geo.text import normalize


def insert(db, table: str, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys, the column names) into ``table``.

    An event row gets ``snippet_norm``, its sentence as the text search compares it
    (diacritics, alef forms and case ignored).
    """
    if not rows:
        return
    if table == "events":
        rows = [{**r, "snippet_norm": normalize(r["snippet"] or "")} for r in rows]
    columns = list(rows[0])
    quoted = ",".join(f'"{c}"' for c in columns)
    db.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({','.join('?' * len(columns))})",
                   [tuple(r[c] for c in columns) for r in rows])
