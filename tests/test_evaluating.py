"""Tests of geo.evaluation.evaluating on tiny hand-made CoNLL and IDRISI-style files."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from geo.evaluation.evaluating import Counts, evaluate_conll, evaluate_idrisi, iob_entities, read_conll, read_idrisi
from geo.exc import InputError


class FakeParser:
    """Mentions from a table: text -> list of (surface, occurrence, lat, lon, matched_name)."""

    def __init__(self, table):
        self.table = table
        self.calls = []

    def parse(self, text):
        self.calls.append(text)
        out = []
        for surface, occurrence, lat, lon, key in self.table.get(text, []):
            start = -1
            for _ in range(occurrence + 1):
                start = text.index(surface, start + 1)
            out.append(SimpleNamespace(start=start, end=start + len(surface), text=surface,
                                       lat=lat, lon=lon, matched_name=key,
                                       place_id=f"fake:{key}"))
        return out


# -- IOB ----------------------------------------------------------------------

@pytest.mark.parametrize("tags, label, expected", [
    (["B-LOC", "I-LOC", "O", "B-LOC"], "LOC", {(0, 1), (3, 3)}),
    (["B-LOC", "B-LOC"], "LOC", {(0, 0), (1, 1)}),
    (["I-LOC", "I-LOC"], "LOC", {(0, 1)}),                 # I- without B- starts an entity
    (["O", "I-LOC", "O"], "LOC", {(1, 1)}),
    (["B-PER", "I-PER", "B-LOC"], "LOC", {(2, 2)}),
    (["B-LOC", "I-PER"], "LOC", {(0, 0)}),
    (["B-LOC", "I-LOC"], "PER", set()),
    (["B-PER", "I-PER"], "PER", {(0, 1)}),
    (["O", "O"], "LOC", set()),
    ([], "LOC", set()),
    (["B-LOC", "I-LOC", "I-LOC"], "LOC", {(0, 2)}),
])
def test_iob_entities(tags, label, expected):
    assert iob_entities(tags, label) == expected


# -- CoNLL --------------------------------------------------------------------

CONLL = """-DOCSTART- O

زار O
الوزير O
سوريا B-LOC
ولبنان B-LOC
أمس O

وصل O
إلى O
الولايات B-LOC
المتحدة I-LOC
اليوم O
"""

S1 = "زار الوزير سوريا ولبنان أمس"
S2 = "وصل إلى الولايات المتحدة اليوم"


@pytest.fixture
def conll_file(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    return str(path)


def test_read_conll(conll_file):
    sentences = list(read_conll(conll_file))
    assert len(sentences) == 2
    assert sentences[0][3] == ("ولبنان", "B-LOC")
    assert [t for t, _ in sentences[1]] == S2.split()


def test_read_conll_bad_line(tmp_path):
    path = tmp_path / "bad.conll"
    path.write_text("طرابلس B-LOC\nnotag\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.conll:2:"):
        list(read_conll(str(path)))


def test_evaluate_conll(conll_file):
    parser = FakeParser({
        S1: [("سوريا", 0, 0, 0, "سوريا"), ("لبنان", 0, 0, 0, "لبنان"), ("أمس", 0, 0, 0, "امس")],
        S2: [("الولايات", 0, 0, 0, "الولايات")],
    })
    res = evaluate_conll(parser, conll_file)
    assert parser.calls == [S1, S2]        # tokens joined by single spaces
    assert (res.counts.tp, res.counts.fp, res.counts.fn) == (2, 2, 1)
    assert res.false_positives == {"أمس": 1, "الولايات": 1}
    assert res.false_negatives == {"الولايات المتحدة": 1}
    assert res.counts.precision == pytest.approx(0.5)
    assert res.counts.recall == pytest.approx(2 / 3)


def test_evaluate_conll_perfect(conll_file):
    parser = FakeParser({
        S1: [("سوريا", 0, 0, 0, "سوريا"), ("ولبنان", 0, 0, 0, "لبنان")],
        S2: [("الولايات المتحدة", 0, 0, 0, "الولايات المتحده")],
    })
    res = evaluate_conll(parser, conll_file)
    assert (res.counts.tp, res.counts.fp, res.counts.fn) == (3, 0, 0)
    assert res.counts.f1 == 1.0


@pytest.mark.parametrize("tp, fp, fn, p, r, f1", [
    (0, 0, 0, 0.0, 0.0, 0.0),
    (1, 1, 0, 0.5, 1.0, 2 / 3),
    (3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
])
def test_counts(tp, fp, fn, p, r, f1):
    c = Counts(tp, fp, fn)
    assert (c.precision, c.recall) == (pytest.approx(p), pytest.approx(r))
    assert c.f1 == pytest.approx(f1)
    assert c.as_dict()["tp"] == tp


# -- IDRISI-style -----------------------------------------------------------------

R1 = "قصف في طرابلس ومصراتة اليوم"
R2 = "وصل إلى بيروت ثم بيروت مرة أخرى"
TRIPOLI = (32.887, 13.187)
MISRATA = (32.377, 15.092)
BEIRUT = (33.894, 35.502)


def _gold(text, surface, point):
    start = text.index(surface)
    lm = {"start_offset": start, "end_offset": start + len(surface), "text": surface}
    if point is not None:
        lm["osm_json"] = {"lat": str(point[0]), "lon": str(point[1])}
    return lm


@pytest.fixture
def idrisi_file(tmp_path):
    records = [
        {"text": R1, "location_mentions": [_gold(R1, "طرابلس", TRIPOLI), _gold(R1, "مصراتة", MISRATA)]},
        {"text": R2, "location_mentions": [_gold(R2, "بيروت", BEIRUT), _gold(R2, "مرة", None)]},
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n",
                    encoding="utf-8")
    return str(path)


@pytest.fixture
def idrisi_parser():
    return FakeParser({
        # Tripoli right (a few km off); Misrata found as ومصراتة (overlap only) but placed in Lebanon
        R1: [("طرابلس", 0, 32.9, 13.2, "طرابلس"), ("ومصراتة", 0, 34.43, 35.84, "مصراته")],
        # Beirut found twice: the repeat is a false positive unless first_occurrence
        R2: [("بيروت", 0, *BEIRUT, "بيروت"), ("بيروت", 1, *BEIRUT, "بيروت")],
    })


def test_read_idrisi(idrisi_file):
    records = list(read_idrisi(idrisi_file))
    assert len(records) == 2
    text, gold = records[1]
    assert text == R2
    assert gold[0] == (R2.index("بيروت"), R2.index("بيروت") + 5, BEIRUT[0], BEIRUT[1])
    assert gold[1][2:] == (None, None)


def test_read_idrisi_bad_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "سرت"}\n{"no_text": 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2:"):
        list(read_idrisi(str(path)))


def test_evaluate_idrisi_all_occurrences(idrisi_file, idrisi_parser):
    res = evaluate_idrisi(idrisi_parser, [idrisi_file])
    assert res.gold == 4
    assert (res.exact.tp, res.exact.fp, res.exact.fn) == (2, 2, 2)
    assert (res.overlap.tp, res.overlap.fp, res.overlap.fn) == (3, 1, 1)
    assert res.within == 2                      # Tripoli and Beirut; Misrata is ~1900 km off
    assert res.accuracy == pytest.approx(0.5)
    assert res.false_positives == {"بيروت": 1}
    assert res.missed == {"مرة": 1}


def test_evaluate_idrisi_first_occurrence(idrisi_file, idrisi_parser):
    res = evaluate_idrisi(idrisi_parser, [idrisi_file], first_occurrence=True)
    assert res.gold == 4
    assert (res.exact.tp, res.exact.fp, res.exact.fn) == (2, 1, 2)
    assert (res.overlap.tp, res.overlap.fp, res.overlap.fn) == (3, 0, 1)
    assert res.within == 2
    assert res.false_positives == {}


def test_accuracy_threshold_161km(tmp_path):
    text = "قصف في طرابلس"
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"text": text, "location_mentions": [_gold(text, "طرابلس", (0.0, 0.0))]},
                               ensure_ascii=False), encoding="utf-8")
    # 1 degree of latitude is about 111 km (inside), 2 degrees about 222 km (outside)
    near = FakeParser({text: [("طرابلس", 0, 1.0, 0.0, "طرابلس")]})
    far = FakeParser({text: [("طرابلس", 0, 2.0, 0.0, "طرابلس")]})
    assert evaluate_idrisi(near, [str(path)]).accuracy == 1.0
    assert evaluate_idrisi(far, [str(path)]).accuracy == 0.0


def test_empty_idrisi(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    res = evaluate_idrisi(FakeParser({}), [str(path)])
    assert res.gold == 0 and res.accuracy == 0.0
