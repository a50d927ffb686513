"""Throughput benchmark: documents per second in one process, and peak memory."""
from __future__ import annotations

import resource
import statistics
import sys
import time

from geo.ingest import read_jsonl


def run(path: str, limit: int | None = None, repeat: int = 3) -> dict:
    """Parse every document of a JSONL file ``repeat`` times; report the median pass.

    Start-up (loading the gazetteer, building the parser) is timed apart and
    excluded from the rate. Peak memory is the process's maximum resident set.
    """
    from geo.parse import Geoparser

    t0 = time.perf_counter()
    parser = Geoparser()
    startup = time.perf_counter() - t0
    with open(path, "rb") as fh:
        docs = [d for d in read_jsonl(path, fh) if not isinstance(d, Exception)]
    if limit:
        docs = docs[:limit]
    passes, mentions = [], 0
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        mentions = sum(len(parser.parse(d.text)) for d in docs)
        passes.append(time.perf_counter() - t)
    seconds = statistics.median(passes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return {
        "file": path, "documents": len(docs), "characters": sum(len(d.text) for d in docs),
        "mentions": mentions, "startup_seconds": round(startup, 2),
        "pass_seconds": [round(p, 2) for p in passes], "median_seconds": round(seconds, 2),
        "documents_per_second": round(len(docs) / seconds, 1) if seconds else None,
        "peak_memory_mb": round(peak_mb, 1),
    }
