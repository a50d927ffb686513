"""Make a large event store for load timing, by copying a real one.

    python scripts/synth_store.py SOURCE_DB OUT_DB --events N [--days 90] [--seed 1]

The events written are COPIES of the real events in SOURCE_DB, repeated
round-robin until there are N of them. They exist only to time how the
dashboard copes with many events (see ``scripts/time_map.py``); they are not
data, and no statement about the world may be drawn from them.

Each copy round K copies, once, every source article that one of the round's
events comes from (with its place mentions): the copy gets a new 20-hex
``article_id`` (a hash of the original id and K) and the key ``<key>-copyK``.
Each copied event keeps its original ``-NNN`` suffix on the new article id, so
its id still reads ``<hex>-<digits>``; its party rows are copied with it.
Every copied article gets one random day within the last ``--days`` days
(ending today), which becomes its publication date and the date of its events
(day precision, ``date_end == date_start``); event coordinates are jittered by
up to +-0.05 degrees. ``random.Random(seed)`` makes the output repeatable for a
given day. OUT_DB is deleted first if it exists; the meta ``generation`` is 1.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.store import Store  # noqa: E402

JITTER = 0.05


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def _rows(db: sqlite3.Connection, table: str, columns: list[str], order: str) -> list[tuple]:
    quoted = ",".join(f'"{c}"' for c in columns)
    return db.execute(f"SELECT {quoted} FROM {table} ORDER BY {order}").fetchall()


def _insert_sql(table: str, columns: list[str]) -> str:
    quoted = ",".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({','.join('?' * len(columns))})"


def new_article_id(article_id: str, copy: int) -> str:
    return hashlib.sha1(f"{article_id}-copy{copy}".encode()).hexdigest()[:20]


def synthesize(source: str, out: str, n_events: int, days: int = 90, seed: int = 1) -> dict[str, int]:
    """Write ``out`` with ``n_events`` copied events; return the row counts written."""
    if n_events < 1 or days < 1:
        raise SystemExit("--events and --days must be at least 1")
    if not os.path.exists(source):
        raise SystemExit(f"{source}: no such file")
    if os.path.abspath(source) == os.path.abspath(out):
        raise SystemExit("SOURCE_DB and OUT_DB must differ")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(out + suffix):
            os.remove(out + suffix)
    Store(out).close()                       # the schema, at the current version

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    # The column lists come from the new store, so a column the source lacks fails loudly here.
    dst = sqlite3.connect(out, isolation_level=None)
    cols = {t: _columns(dst, t) for t in ("articles", "mentions", "events", "event_parties")}
    articles = {r[0]: r for r in _rows(src, "articles", cols["articles"], "article_id")}
    mentions: dict[str, list[tuple]] = {}
    for r in _rows(src, "mentions", cols["mentions"], "article_id, seq"):
        mentions.setdefault(r[0], []).append(r)
    events = _rows(src, "events", cols["events"], "event_id")
    parties: dict[str, list[tuple]] = {}
    for r in _rows(src, "event_parties", cols["event_parties"], "event_id, party_id"):
        parties.setdefault(r[0], []).append(r)
    src.close()
    if not events:
        raise SystemExit(f"{source}: no events to copy")

    ac, mc, ec = (({c: i for i, c in enumerate(cols[t])}) for t in ("articles", "mentions", "events"))
    rng = random.Random(seed)
    today = dt.date.today()
    out_articles, out_mentions, out_events, out_parties = [], [], [], []
    copied: dict[str, tuple[str, str]] = {}   # source article id -> (new id, day), this round
    for i in range(n_events):
        k, j = divmod(i, len(events))
        if j == 0:
            copied = {}
        ev = list(events[j])
        aid = ev[ec["article_id"]]
        if aid not in copied:
            new_id = new_article_id(aid, k)
            day = (today - dt.timedelta(days=rng.randrange(days))).isoformat()
            copied[aid] = (new_id, day)
            art = list(articles[aid])
            art[ac["article_id"]] = new_id
            art[ac["key"]] = f"{art[ac['key']]}-copy{k}"
            art[ac["published_start"]] = art[ac["published_end"]] = day
            art[ac["published_precision"]] = "day"
            art[ac["published_approximate"]] = 0
            out_articles.append(art)
            for m in mentions.get(aid, []):
                m = list(m)
                m[mc["article_id"]] = new_id
                out_mentions.append(m)
        new_id, day = copied[aid]
        old_eid = ev[ec["event_id"]]
        eid = f"{new_id}-{old_eid.rsplit('-', 1)[1]}"
        ev[ec["event_id"]], ev[ec["article_id"]] = eid, new_id
        if "report_key" in ec:               # the report's key names its article: the copy's own
            ev[ec["report_key"]] = f"{new_id}:{ev[ec['report_key']].rsplit(':', 1)[1]}"
            # A copy is machine output: no analyst has seen it (the edit log is not copied).
            ev[ec["status"]], ev[ec["edit_count"]], ev[ec["last_editor"]] = "machine", 0, None
        ev[ec["date_start"]] = ev[ec["date_end"]] = day
        ev[ec["date_precision"]] = "day"
        for c in ("lat", "lon"):
            if ev[ec[c]] is not None:
                ev[ec[c]] = round(ev[ec[c]] + rng.uniform(-JITTER, JITTER), 6)
        out_events.append(ev)
        for p in parties.get(old_eid, []):
            out_parties.append((eid,) + tuple(p[1:]))

    dst.execute("PRAGMA synchronous=OFF")
    dst.execute("BEGIN IMMEDIATE")
    try:
        for table, rows in (("articles", out_articles), ("mentions", out_mentions),
                            ("events", out_events), ("event_parties", out_parties)):
            dst.executemany(_insert_sql(table, cols[table]), rows)
        dst.execute("INSERT INTO meta VALUES ('generation', '1') "
                    "ON CONFLICT (key) DO UPDATE SET value = '1'")
        dst.execute("COMMIT")
    except BaseException:
        dst.execute("ROLLBACK")
        raise
    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dst.close()
    return {"articles": len(out_articles), "mentions": len(out_mentions),
            "events": len(out_events), "event_parties": len(out_parties),
            "rounds": (n_events + len(events) - 1) // len(events), "source_events": len(events)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", metavar="SOURCE_DB")
    ap.add_argument("out", metavar="OUT_DB")
    ap.add_argument("--events", type=int, required=True, help="how many events to write")
    ap.add_argument("--days", type=int, default=90, help="spread the dates over the last DAYS days")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts = synthesize(args.source, args.out, args.events, args.days, args.seed)
    size = os.path.getsize(args.out)
    print(f"{args.out}: {counts['events']:,} events (copies of {counts['source_events']:,} real events, "
          f"{counts['rounds']:,} rounds), {counts['event_parties']:,} party rows, "
          f"{counts['articles']:,} articles, {counts['mentions']:,} mentions; "
          f"{size / 1e6:,.1f} MB in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
