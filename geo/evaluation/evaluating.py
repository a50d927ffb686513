"""Scoring the geoparser against annotated data in standard formats.

* CoNLL/IOB files (``token TAG`` per line, blank line between sentences, as
  ANERcorp): entity-level precision, recall and F1 with exact token
  boundaries, for one entity type (LOC).
* IDRISI-style JSONL (``text`` and ``location_mentions`` with character
  offsets and gold ``osm_json`` lat/lon): detection precision, recall and F1
  (exact spans, and overlapping spans), and the share of all gold mentions
  found and placed within 161 km (100 miles) of the gold point.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from geopy.distance import great_circle

from geo.exc import InputError

ACCURACY_KM = 161.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def read_conll(path: str):
    """Sentences of a CoNLL file as lists of (token, tag).

    The tag is after the last space of a line; lines starting ``-DOCSTART-``
    are skipped.

    Raises
    ------
    InputError
        On a non-blank line with no tag, naming the file and line.
    """
    sentence = []
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            line = line.rstrip("\n\r")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            if line.startswith("-DOCSTART-"):
                continue
            token, sep, tag = line.rpartition(" ")
            if not sep or not token:
                raise InputError("expected 'token TAG'", path, number)
            sentence.append((token, tag))
    if sentence:
        yield sentence


def iob_entities(tags, label: str) -> set[tuple[int, int]]:
    """(first, last) token spans of ``label`` entities in an IOB tag sequence."""
    spans, start = set(), None
    for i, tag in enumerate(list(tags) + ["O"]):
        inside = tag == f"I-{label}" and start is not None
        if start is not None and not inside:
            spans.add((start, i - 1))
            start = None
        if tag == f"B-{label}" or (tag == f"I-{label}" and start is None):
            start = i
    return spans


@dataclass
class ConllResult:
    counts: Counts = field(default_factory=Counts)
    false_positives: dict = field(default_factory=dict)
    false_negatives: dict = field(default_factory=dict)


def evaluate_conll(parser, path: str, label: str = "LOC", sentences=None) -> ConllResult:
    """Entity-level scores of ``parser`` on a CoNLL file (exact token boundaries).

    Each sentence's tokens are joined by single spaces and parsed; a mention
    covers the tokens its characters overlap. ``sentences``: sentences read
    from the file already (a fold of it), scored instead of the whole file.
    """
    result = ConllResult()
    for sentence in read_conll(path) if sentences is None else sentences:
        tokens = [t for t, _ in sentence]
        starts, pos = [], 0
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        text = " ".join(tokens)
        gold = iob_entities([tag for _, tag in sentence], label)
        pred = set()
        for m in parser.parse(text):
            first = max(i for i, s in enumerate(starts) if s <= m.start)
            last = max(i for i, s in enumerate(starts) if s < m.end)
            pred.add((first, last))
        _tally(result, gold, pred, tokens)
    return result


def _tally(result: ConllResult, gold, pred, tokens):
    result.counts.tp += len(gold & pred)
    for kind, spans in (("false_positives", pred - gold), ("false_negatives", gold - pred)):
        table = getattr(result, kind)
        for a, b in spans:
            surface = " ".join(tokens[a:b + 1])
            table[surface] = table.get(surface, 0) + 1
    result.counts.fp += len(pred - gold)
    result.counts.fn += len(gold - pred)


def read_idrisi(path: str):
    """Records of an IDRISI-style JSONL file: (text, gold mentions).

    Each gold mention is (start, end, lat, lon); lat/lon are None when the
    record has no ``osm_json`` point.

    Raises
    ------
    InputError
        On a line that is not a JSON object with a ``text``.
    """
    with open(path, encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                text = rec["text"]
            except (json.JSONDecodeError, KeyError, TypeError) as err:
                raise InputError(f"not an IDRISI record ({err})", path, number) from err
            gold = []
            for lm in rec.get("location_mentions") or []:
                osm = lm.get("osm_json") or {}
                lat = float(osm["lat"]) if osm.get("lat") not in (None, "") else None
                lon = float(osm["lon"]) if osm.get("lon") not in (None, "") else None
                gold.append((int(lm["start_offset"]), int(lm["end_offset"]), lat, lon))
            yield text, gold


@dataclass
class IdrisiResult:
    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    gold: int = 0
    within: int = 0
    false_positives: dict = field(default_factory=dict)
    missed: dict = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        """Share of all gold mentions found and placed within 161 km of the gold point."""
        return self.within / self.gold if self.gold else 0.0


def evaluate_idrisi(parser, paths, first_occurrence: bool = False) -> IdrisiResult:
    """Detection and resolution scores of ``parser`` on IDRISI-style JSONL files.

    Parameters
    ----------
    first_occurrence : bool
        Keep only the first mention of each place in a record before scoring.
        IDRISI's annotators marked each distinct name of a tweet once, at its
        first occurrence (hashtags included), so repeats would otherwise
        count as false positives.
    """
    res = IdrisiResult()
    for path in paths:
        for text, gold in read_idrisi(path):
            mentions = parser.parse(text)
            if first_occurrence:
                mentions = first_occurrences(mentions)
            score_record(res, text, gold, mentions)
    return res


def first_occurrences(mentions):
    """The first mention of each place (IDRISI marks each name of a tweet once)."""
    seen, out = set(), []
    for m in mentions:
        if m.place_id not in seen:
            seen.add(m.place_id)
            out.append(m)
    return out


def score_record(res: IdrisiResult, text, gold, mentions):
    """Add one record's detection and accuracy counts to ``res``."""
    res.gold += len(gold)
    gold_spans = {(s, e) for s, e, _, _ in gold}
    pred_spans = {(m.start, m.end) for m in mentions}
    res.exact.tp += len(gold_spans & pred_spans)
    res.exact.fp += len(pred_spans - gold_spans)
    res.exact.fn += len(gold_spans - pred_spans)
    used = set()
    for s, e, lat, lon in gold:
        hit = next((m for m in mentions if m.start < e and s < m.end and id(m) not in used), None)
        if hit is None:
            res.overlap.fn += 1
            res.missed[text[s:e]] = res.missed.get(text[s:e], 0) + 1
            continue
        used.add(id(hit))
        res.overlap.tp += 1
        if lat is not None and hit.lat is not None:
            if great_circle((lat, lon), (hit.lat, hit.lon)).km <= ACCURACY_KM:
                res.within += 1
    for m in mentions:
        if id(m) not in used:
            res.overlap.fp += 1
            res.false_positives[m.text] = res.false_positives.get(m.text, 0) + 1
