"""Scores and speed: the parser measured against gold data and on a benchmark corpus.

Takes a :class:`~geo.parse.Geoparser` and CoNLL/IOB files (ANERcorp) or
IDRISI-style JSONL files with gold coordinates; gives precision, recall and
F1 of place detection, accuracy within 161 km, and the commonest errors
(:mod:`~geo.evaluation.evaluating`). :mod:`~geo.evaluation.benchmarking`
gives documents per second and peak memory on a JSONL corpus, and
:mod:`~geo.evaluation.event_scores` scores the extracted events against
hand-coded (ACLED-style) gold events; :mod:`~geo.evaluation.naive` is the
naive dictionary matcher the benchmark compares with, and
:mod:`~geo.evaluation.training` trains the place recogniser on the same
corpora and cross-validates the parser with it. Used by ``python -m geo
evaluate``, ``bench`` and ``train-recogniser``.
"""
from geo.evaluation import benchmarking, evaluating, event_scores, naive, training

__all__ = ["benchmarking", "evaluating", "event_scores", "naive", "training"]
