"""The place recogniser (geo.parse.recognising): the shipped model loads, a missing or
broken model says which file and how to rebuild it, training is reproducible, and the
parser with it tells places from people, clubs and newspapers. Sentences written for
these tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.exc import ModelError
from geo.parse.recognising import MODEL_PATH, Recogniser

FIXTURE = Path(__file__).parent / "fixtures" / "tiny_ner.conll"


def test_the_shipped_model_loads_with_its_provenance():
    rec = Recogniser()
    assert rec.path == MODEL_PATH
    record = json.loads(MODEL_PATH.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["model"] == MODEL_PATH.name
    assert len(record["model_sha256"]) == 64
    assert "CC BY-SA 4.0" in record["licence"]
    assert record["command"].startswith("python -m geo train-recogniser")
    assert {s["file"] for s in record["sources"]} >= {"train.txt"}


@pytest.mark.parametrize("content", [None, b"", b"not a crfsuite model at all" * 10, b"lCRF" + bytes(200),
                                     "truncated", "padded"])
def test_a_missing_or_broken_model_names_the_file_and_how_to_rebuild_it(tmp_path, content):
    path = tmp_path / "places.crfsuite"
    if content == "truncated":            # crfsuite itself would crash the process on this one
        content = MODEL_PATH.read_bytes()[:1000]
    elif content == "padded":
        content = MODEL_PATH.read_bytes() + b"\0" * 8
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError) as err:
        Recogniser(path)
    assert str(path) in str(err.value)
    assert "python -m geo train-recogniser" in str(err.value)


def test_a_model_that_does_not_match_its_recorded_hash_is_refused(tmp_path):
    data = bytearray(MODEL_PATH.read_bytes())
    data[-1] ^= 0xFF                      # one flipped byte, the header still right
    (tmp_path / "places.crfsuite").write_bytes(bytes(data))
    (tmp_path / "places.json").write_bytes(MODEL_PATH.with_suffix(".json").read_bytes())
    with pytest.raises(ModelError, match="SHA-256"):
        Recogniser(tmp_path / "places.crfsuite")


def test_the_parser_reports_a_broken_configured_model(monkeypatch, gazetteer, tmp_path):
    from geo.parse import Geoparser

    broken = tmp_path / "broken.crfsuite"
    broken.write_text("garbage", encoding="utf-8")
    monkeypatch.setenv("MARSAD_RECOGNISER_MODEL", str(broken))
    with pytest.raises(ModelError, match="broken.crfsuite"):
        Geoparser(gazetteer, online=None)


def test_the_recogniser_can_be_turned_off(monkeypatch, gazetteer):
    from geo.parse import Geoparser

    monkeypatch.setenv("MARSAD_RECOGNISER_MODEL", "off")
    assert Geoparser(gazetteer, online=None).recogniser is None


def test_a_bad_mode_is_a_configuration_error(monkeypatch, gazetteer):
    from geo.exc import ConfigurationError
    from geo.parse import Geoparser

    monkeypatch.setenv("MARSAD_RECOGNISER_MODE", "vote")
    with pytest.raises(ConfigurationError, match="recogniser_mode"):
        Geoparser(gazetteer, online=None)


def test_training_is_reproducible_and_writes_a_model_that_loads(gazetteer, tmp_path):
    from geo.evaluation import training

    gate = training.plain_parser(gazetteer).gate
    examples = training.conll_examples(str(FIXTURE), gazetteer, gate)
    assert len(examples) == 6
    a = training.train(examples, tmp_path / "a.crfsuite")
    b = training.train(examples, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert a["sentences"] == 6 and a["bytes"] > 0
    assert "B-LOC" in Recogniser(tmp_path / "a.crfsuite")._labels


def test_gold_spans_are_carried_onto_the_parsers_tokens():
    from geo.evaluation.training import bio_labels, conll_text
    from geo.evaluation.evaluating import read_conll
    from geo.text import tokenize

    sentence = list(read_conll(str(FIXTURE)))[2]          # زار الوزير دمشق وبيروت
    text, spans = conll_text(sentence)
    assert bio_labels(tokenize(text), spans) == ["O", "O", "B-LOC", "B-LOC"]


def test_every_occurrence_of_a_marked_tweet_name_is_labelled():
    from geo.evaluation.training import _every_occurrence

    text = "سيول في الكويت #الكويت والكويتيون"
    first = text.index("الكويت")
    assert _every_occurrence(text, [(first, first + 6)]) == [(first, first + 6), (text.index("#") + 1, text.index("#") + 7)]


def test_folds_are_contiguous_and_cover_everything():
    from geo.evaluation.training import folds

    parts = folds(list(range(10)), 3)
    assert [x for p in parts for x in p] == list(range(10))
    with pytest.raises(ValueError):
        folds([1, 2], 3)


def test_the_train_command_writes_model_and_provenance(gazetteer, data_dir, tmp_path, monkeypatch, capsys):
    from geo.cli import main

    monkeypatch.setenv("MARSAD_DATA_DIR", str(data_dir))
    out = tmp_path / "model.crfsuite"
    assert main(["train-recogniser", str(FIXTURE), "--out", str(out), "--folds", "2"]) == 0
    record = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["cross_validation"]["folds"] == 2
    assert set(record["cross_validation"]["tiny_ner.conll"]) >= {"precision", "recall", "f1"}
    assert record["sources"][0]["file"] == "tiny_ner.conll" and len(record["sources"][0]["sha256"]) == 64
    Recogniser(out)


def test_only_the_words_near_what_the_gazetteer_knows_are_tagged(gazetteer):
    """The tagger sees the runs within REACH tokens of a seed (a gazetteer window that is not a
    very common word, a cue word); the words far from any are read as in no place, and a place's
    reading is the one the whole sentence gives it."""
    from geo.parse.gating import Gate
    from geo.parse import recognising
    from geo.text import tokenize

    text = ("قال المتحدث باسم الحكومة في مؤتمر صحفي عقده صباح اليوم أمام عدد كبير من الصحفيين "
            "والمراسلين إن القوات دخلت مدينة سرت بعد معارك استمرت أياما")
    tokens, gate, rec = tokenize(text), Gate(gazetteer), Recogniser()
    reading = recognising.read(rec, tokens, text, gazetteer, gate)
    sirte = next(i for i, t in enumerate(tokens) if t.text == "سرت")
    tagged = [i for i, m in enumerate(reading.marginals) if m != (0.0, 0.0, 0.0)]
    assert sirte in tagged and len(tagged) < len(tokens)
    windows = recognising.windows_of(tokens, text, gazetteer)
    gazf = recognising._gazetteer_features(tokens, windows, gazetteer, gate)
    near = {i for i in range(len(tokens)) for j in range(len(tokens))
            if gazf[j] and abs(i - j) <= recognising.REACH}
    assert set(tagged) <= near and near != set(range(len(tokens)))      # عقده صباح: too far from any
    whole = rec.place_marginals(recognising.token_features(tokens, text, gazetteer, gate))
    assert reading.place_probability(sirte, sirte) > 0.5
    assert abs(reading.marginals[sirte][0] - whole[sirte][0]) < 0.05


@pytest.mark.parametrize("runs, expected", [
    ([], []),
    ([5], [(2, 9)]),
    ([0, 20], [(0, 4), (17, 21)]),
    ([5, 10], [(2, 14)]),          # overlapping reaches are one run
    ([5, 12], [(2, 9), (9, 16)]),  # adjacent reaches: one run would do as well
])
def test_runs_reach_around_the_seeds(runs, expected):
    from geo.parse.recognising import _runs

    seeds = [i in runs for i in range(21)]
    merged = _runs(seeds, 0, 21)
    assert [i for c, d in merged for i in range(c, d)] == [i for c, d in expected for i in range(c, d)]


@pytest.mark.parametrize("text, word, seed", [
    ("دخلت القوات مدينة سرت", "سرت", True),            # a place name: the model has its say
    ("دخلت القوات مدينة سرت", "مدينة", True),          # a cue word: the name after it may be unknown
    ("قال المتحدث باسم الحكومة", "الحكومة", False),    # a word far more common than any place so named
])
def test_what_makes_the_model_tag_the_words_around_it(gazetteer, text, word, seed):
    from geo.parse.gating import Gate
    from geo.parse import recognising
    from geo.text import tokenize

    tokens = tokenize(text)
    windows = recognising.windows_of(tokens, text, gazetteer)
    gazf = recognising._gazetteer_features(tokens, windows, gazetteer, Gate(gazetteer))
    seeds = recognising._seeds(tokens, windows, gazf, text)
    assert seeds[[t.text for t in tokens].index(word)] is seed
