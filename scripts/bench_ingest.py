"""Ingest throughput: one process, worker processes, and a local Dask cluster, into fresh stores.

    python scripts/bench_ingest.py ../shared/bench/saudinewsnet_2k.jsonl [--runs 3] [--jobs 2] [--workers 2]

Prints articles/s for each path (median of the runs) and whether every path stored the same rows
(articles, mentions, events, parties). Needs dask[distributed] for the Dask path. Run it on a quiet
machine: the figures are medians of whole ingests, gazetteer and worker start-up included.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.ingest import Ingester  # noqa: E402
from geo.store import Store  # noqa: E402


def contents(store: Store) -> str:
    """A hash of every stored row that ingest writes (not the times it wrote them)."""
    h = hashlib.sha256()
    for table, order in (("articles", "article_id"), ("mentions", "article_id, seq"), ("events", "event_id"),
                         ("event_parties", "event_id, party_id")):
        names, rows = store.backend.rows(f"SELECT * FROM {table} ORDER BY {order}", [])
        keep = [i for i, n in enumerate(names) if n not in ("ingested_at",)]
        for r in rows:
            h.update(json.dumps([r[i] for i in keep], ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:16]


def run(path: str, how: dict, db: str) -> tuple[float, int, str]:
    with Store(db) as store:
        started = time.perf_counter()
        report = Ingester(store).ingest([path], **how)
        seconds = time.perf_counter() - started
        return seconds, report.added, contents(store)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    from distributed import LocalCluster

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, tempfile.TemporaryDirectory() as tmp:
        paths = {"one process": {"jobs": 1}, f"--jobs {args.jobs}": {"jobs": args.jobs},
                 f"Dask, {args.workers} local workers": {"dask": cluster.scheduler_address}}
        results = {name: [] for name in paths}
        for n in range(args.runs):                         # interleaved: the machine's load hits all alike
            for k, (name, how) in enumerate(paths.items()):
                results[name].append(run(args.file, how, os.path.join(tmp, f"{n}-{k}.sqlite")))
                seconds, added, digest = results[name][-1]
                print(f"run {n + 1} {name}: {added} articles in {seconds:.1f} s ({added / seconds:.1f}/s) "
                      f"rows {digest}", file=sys.stderr)
        digests = {r[2] for rs in results.values() for r in rs}
        summary = {name: {"articles": rs[0][1], "median_seconds": round(statistics.median(r[0] for r in rs), 1),
                          "articles_per_second": round(statistics.median(r[1] / r[0] for r in rs), 1)}
                   for name, rs in results.items()}
        print(json.dumps({"file": args.file, "runs": args.runs, "paths": summary,
                          "identical_store_contents": len(digests) == 1}, indent=2))


if __name__ == "__main__":
    main()
