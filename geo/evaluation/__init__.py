"""Scores and speed: the parser measured against gold data and on a benchmark corpus.

Takes a :class:`~geo.parse.Geoparser` and CoNLL/IOB files (ANERcorp) or
IDRISI-style JSONL files with gold coordinates; gives precision, recall and
F1 of place detection, accuracy within 161 km, and the commonest errors
(:mod:`~geo.evaluation.evaluating`). :mod:`~geo.evaluation.benchmarking`
gives documents per second and peak memory on a JSONL corpus, and
:mod:`~geo.evaluation.event_scores` scores the extracted events against
hand-coded (ACLED-style) gold events. Used by ``python -m geo evaluate`` and ``bench``.
"""
from geo.evaluation import benchmarking, evaluating, event_scores

__all__ = ["benchmarking", "evaluating", "event_scores"]
