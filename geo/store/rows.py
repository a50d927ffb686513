"""Rows written as dicts: one INSERT for the store's modules (sqlite, reviewing)."""
from __future__ import annotations


def insert(db, table: str, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys, the column names) into ``table``."""
    if not rows:
        return
    columns = list(rows[0])
    quoted = ",".join(f'"{c}"' for c in columns)
    db.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({','.join('?' * len(columns))})",
                   [tuple(r[c] for c in columns) for r in rows])
