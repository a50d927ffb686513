"""geo.evaluation.event_scores: one-to-one matching within 50 km, unsure gold, duplicates, noise, dates."""
from __future__ import annotations

import json

import pytest

from geo.evaluation.event_scores import EventScores, _score_article, evaluate_events, read_gold
from geo.exc import InputError

SIRTE = (31.21, 16.59)
MISRATA = (32.38, 15.09)


def gold(kind, where, date="2020-05-14", certainty="clear"):
    return {"type": kind, "lat": where[0], "lon": where[1], "date": date, "certainty": certainty,
            "place_text": "x", "evidence": "y"}


def pred(kind, where, start="2020-05-14", end=None):
    return {"type": kind, "lat": where[0], "lon": where[1], "date_start": start, "date_end": end or start,
            "place_text": "x", "snippet": "y", "event_id": "e"}


NEAR_SIRTE = (31.40, 16.70)          # about 23 km away


@pytest.mark.parametrize("golds, preds, typed, any_type, dupes", [
    ([gold("battles", SIRTE)], [pred("battles", NEAR_SIRTE)], (1, 0, 0), (1, 0, 0), 0),
    ([gold("battles", SIRTE)], [pred("battles", MISRATA)], (0, 1, 1), (0, 1, 1), 0),          # 180 km off
    ([gold("battles", SIRTE)], [pred("protests", SIRTE)], (0, 1, 1), (1, 0, 0), 0),           # wrong type
    ([gold("battles", SIRTE)], [pred("battles", SIRTE)] * 2, (1, 1, 0), (1, 1, 0), 1),        # shown twice
    ([gold("battles", SIRTE, certainty="unsure")], [pred("battles", SIRTE)], (0, 0, 0), (0, 0, 0), 0),
    ([gold("battles", SIRTE), gold("battles", MISRATA)], [pred("battles", SIRTE), pred("battles", MISRATA)],
     (2, 0, 0), (2, 0, 0), 0),
    ([], [pred("battles", SIRTE)], (0, 1, 0), (0, 1, 0), 0),
], ids=["near", "far", "wrong-type", "duplicate", "unsure", "two-places", "noise"])
def test_matching(golds, preds, typed, any_type, dupes):
    scores = EventScores()
    _score_article("a", golds, preds, scores)
    assert (scores.typed.tp, scores.typed.fp, scores.typed.fn) == typed
    assert (scores.any_type.tp, scores.any_type.fp, scores.any_type.fn) == any_type
    assert scores.duplicates == dupes


@pytest.mark.parametrize("start, end, right", [
    ("2020-05-14", None, True), ("2020-05-13", None, True), ("2020-05-12", None, False),
    ("2020-05-01", "2020-05-31", False),                           # a month is not the day
])
def test_right_date(start, end, right):
    scores = EventScores()
    _score_article("a", [gold("battles", SIRTE)], [pred("battles", SIRTE, start, end)], scores)
    assert (scores.matched, scores.right_date) == (1, int(right))


def test_noise_counts_events_in_articles_without_gold():
    scores = EventScores()
    _score_article("a", [], [pred("battles", SIRTE)] * 3, scores)
    _score_article("b", [], [], scores)
    assert scores.as_dict()["events_per_article_without_gold_event"] == 1.5


def test_a_bad_gold_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "1", "events": []}\n{"events": []}\n', encoding="utf-8")
    with pytest.raises(InputError, match="g.jsonl:2"):
        read_gold(str(path))


def test_end_to_end_on_two_articles(parser, tmp_path):
    text = "اشتباكات عنيفة في مدينة سرت الليبية صباح اليوم بين قوات حكومة الوفاق وقوات حفتر."
    articles = tmp_path / "a.jsonl"
    articles.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "n1", "text": text, "published": "2020-05-14"},
        {"id": "n2", "text": "ارتفعت أسعار النفط اليوم.", "published": "2020-05-14"}]) + "\n", encoding="utf-8")
    golds = tmp_path / "g.jsonl"
    golds.write_text(json.dumps({"id": "n1", "events": [gold("battles", SIRTE)]}) + "\n" +
                     json.dumps({"id": "n2", "events": []}) + "\n", encoding="utf-8")
    result = evaluate_events(str(golds), str(articles), parser).as_dict()
    assert result["typed"]["tp"] == 1 and result["typed"]["fn"] == 0
    assert result["articles_without_gold_event"] == 1 and result["right_date_share"] == 1.0
