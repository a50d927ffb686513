"""Scores and speed: the parser measured against gold data and on a benchmark corpus.

Takes a :class:`~geo.parse.Geoparser` and CoNLL/IOB files (ANERcorp) or
IDRISI-style JSONL files with gold coordinates; gives precision, recall and
F1 of place detection, accuracy within 161 km, and the commonest errors
(:mod:`~geo.evaluation.evaluating`). :mod:`~geo.evaluation.benchmarking`
gives documents per second and peak memory on a JSONL corpus. Used by
``python -m geo evaluate`` and ``bench``.
"""
from geo.evaluation import benchmarking, evaluating

__all__ = ["benchmarking", "evaluating"]
