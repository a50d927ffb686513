"""Throughput benchmark: documents per second, the share of time per stage, and peak memory.

The parser is timed against a naive dictionary matcher (:mod:`~geo.evaluation.naive`)
in the same run, pass for pass, so a noisy machine slows both alike.
"""
from __future__ import annotations

import cProfile
import pstats
import resource
import statistics
import sys
import time

from geo.ingest import read_jsonl

#: Stages of the parser by the functions that do them (``pstats`` cumulative time, summed). With
#: the recogniser off, the gate matches the windows itself, so "gating" includes "gazetteer windows".
STAGES = {
    "tokenizing": (("tokens.py", "tokenize"),),
    "gazetteer windows": (("matching.py", "window_matches"),),
    "recogniser features": (("recognising.py", "_words"), ("recognising.py", "_gazetteer_features"),
                            ("recognising.py", "_slice_features")),
    "recogniser tagging": (("recognising.py", "place_marginals"),),
    "gating": (("gating.py", "detect"), ("gating.py", "support")),
    "fuzzy and recognised names": (("geoparser.py", "_fuzzy"), ("geoparser.py", "_recognised")),
    "resolution": (("geoparser.py", "_resolve"),),
    "unlisted places": (("unlisted.py", "unlisted_mentions"), ("unlisted.py", "recognised_mentions")),
}


def run(path: str, limit: int | None = None, repeat: int = 3) -> dict:
    """Parse every document of a JSONL file ``repeat`` times; report the median pass.

    Each pass times the parser and then the naive matcher on the same
    documents. Start-up (loading the gazetteer and the model) is timed apart
    and excluded from the rates. A last, profiled pass gives each stage's share.
    """
    from gazetteer import load
    from geo.evaluation.naive import NaiveMatcher
    from geo.parse import Geoparser

    t0 = time.perf_counter()
    gaz = load()
    parser = Geoparser(gazetteer=gaz)
    startup = time.perf_counter() - t0
    naive = NaiveMatcher(gaz)
    with open(path, "rb") as fh:
        docs = [d for d in read_jsonl(path, fh) if not isinstance(d, Exception)]
    if limit:
        docs = docs[:limit]
    passes, naive_passes, mentions, naive_mentions = [], [], 0, 0
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        mentions = sum(len(parser.parse(d.text)) for d in docs)
        passes.append(time.perf_counter() - t)
        t = time.perf_counter()
        naive_mentions = sum(len(naive.parse(d.text)) for d in docs)
        naive_passes.append(time.perf_counter() - t)
    seconds, naive_seconds = statistics.median(passes), statistics.median(naive_passes)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
    return {
        "file": path, "documents": len(docs), "characters": sum(len(d.text) for d in docs),
        "mentions": mentions, "startup_seconds": round(startup, 2),
        "pass_seconds": [round(p, 2) for p in passes], "median_seconds": round(seconds, 2),
        "documents_per_second": _rate(len(docs), seconds),
        "naive_matcher": {"mentions": naive_mentions, "pass_seconds": [round(p, 2) for p in naive_passes],
                          "documents_per_second": _rate(len(docs), naive_seconds)},
        "speed_vs_naive": round(naive_seconds / seconds, 2) if seconds else None,
        "stage_shares": stage_shares(parser, docs),
        "peak_memory_mb": round(peak_mb, 1),
    }


def _rate(n: int, seconds: float):
    return round(n / seconds, 1) if seconds else None


def stage_shares(parser, docs) -> dict:
    """Share of the parsing time spent in each of :data:`STAGES` (one profiled pass)."""
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        parser.parse(d.text)
    prof.disable()
    stats = pstats.Stats(prof).stats
    total = sum(tt for (_f, _l, _n), (_cc, _nc, tt, _ct, _callers) in stats.items())
    shares = {}
    for stage, funcs in STAGES.items():
        cum = sum(ct for (f, _l, n), (_cc, _nc, _tt, ct, _callers) in stats.items()
                  if any(f.endswith(filename) and n == func for filename, func in funcs))
        shares[stage] = round(cum / total, 3) if total else 0.0
    return shares
