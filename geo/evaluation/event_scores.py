"""Scoring extracted events against hand-coded gold events (ACLED-style), article by article.

The articles are ingested into a temporary store exactly as ``geo ingest``
would; each predicted event is then matched one-to-one to a gold event of the
same article within :data:`MATCH_KM` (with the same event type, and
separately with any type). Gold events marked ``unsure`` are neither required
nor counted against: a prediction on one is set aside. A second prediction on
a gold event already matched is a duplicate, and counts as a false positive
(the map would show the incident twice).

Gold file: one line per article, ``{"id", "events": [{"type", "lat", "lon",
"date", "certainty", ...}], "note"}``. Articles file: the same articles as
JSONL (``id, title, text, published, source, url``).
"""
from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from geopy.distance import great_circle

from geo.evaluation.evaluating import Counts
from geo.exc import InputError

MATCH_KM = 50.0
DATE_SLACK_DAYS = 1


@dataclass
class EventScores:
    """What :func:`evaluate_events` measured."""

    typed: Counts = field(default_factory=Counts)
    any_type: Counts = field(default_factory=Counts)
    per_type: dict = field(default_factory=lambda: defaultdict(Counts))
    predictions: int = 0
    duplicates: int = 0
    on_unsure: int = 0
    matched: int = 0
    right_date: int = 0
    quiet_articles: int = 0          # articles with no gold event at all
    noise: int = 0                   # predictions in those articles
    errors: list = field(default_factory=list)   # (article id, kind, details) for reading one by one

    def as_dict(self) -> dict:
        return {
            "typed": self.typed.as_dict(), "any_type": self.any_type.as_dict(),
            "per_type": {t: c.as_dict() for t, c in sorted(self.per_type.items())},
            "predictions": self.predictions,
            "duplicates": self.duplicates,
            "duplicate_share": round(self.duplicates / self.predictions, 4) if self.predictions else 0.0,
            "predictions_on_unsure_gold": self.on_unsure,
            "right_date_share": round(self.right_date / self.matched, 4) if self.matched else 0.0,
            "articles_without_gold_event": self.quiet_articles,
            "events_per_article_without_gold_event":
                round(self.noise / self.quiet_articles, 4) if self.quiet_articles else 0.0,
        }


def read_gold(path: str) -> dict[str, list[dict]]:
    """``{article id: [gold event, ...]}`` from a gold JSONL file.

    Raises
    ------
    InputError
        On a line that is not a JSON object with ``id`` and ``events``, naming the file and line.
    """
    gold = {}
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                gold[str(rec["id"])] = list(rec["events"])
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(f"not a gold record ({err})", path, number) from err
    return gold


def evaluate_events(gold_path: str, articles_path: str, parser=None) -> EventScores:
    """Ingest ``articles_path`` into a temporary store and score its events against ``gold_path``.

    Parameters
    ----------
    gold_path, articles_path : str
    parser : geo.parse.Geoparser, optional
        Default: a new one (the gazetteer from the cache).
    """
    from geo.ingest import Ingester
    from geo.store import Store

    gold = read_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(str(Path(tmp) / "events.sqlite")) as store:
            report = Ingester(store, parser=parser).ingest([articles_path])
            rows = store.db.execute(
                "SELECT a.record_id, e.event_id, e.event_type, e.lat, e.lon, e.date_start, e.date_end, "
                "e.place_text, e.snippet FROM events e JOIN articles a USING (article_id)").fetchall()
    predicted = defaultdict(list)
    for row in rows:
        predicted[row[0]].append(dict(zip(("article", "event_id", "type", "lat", "lon", "date_start",
                                           "date_end", "place_text", "snippet"), row)))
    scores = EventScores(errors=[("-", "rejected", str(e)) for e in report.rejected])
    for article, events in gold.items():
        _score_article(article, events, predicted.get(article, []), scores)
    return scores


def _score_article(article: str, gold: list[dict], predicted: list[dict], scores: EventScores) -> None:
    scores.predictions += len(predicted)
    if not gold:
        scores.quiet_articles += 1
        scores.noise += len(predicted)
    for typed in (True, False):
        counts = scores.typed if typed else scores.any_type
        pairs, spare, dupes, unsure = _match(gold, predicted, typed)
        required = [g for g in gold if g.get("certainty") != "unsure"]
        counts.tp += len(pairs)
        counts.fp += len(spare) + len(dupes)
        counts.fn += len(required) - len(pairs)
        if typed:
            scores.duplicates += len(dupes)
            scores.on_unsure += len(unsure)
            scores.matched += len(pairs)
            scores.right_date += sum(_right_date(p, g) for p, g in pairs)
            _per_type(scores, required, pairs, spare + dupes)
            scores.errors += [(article, "false positive", _brief(p)) for p in spare]
            scores.errors += [(article, "duplicate", _brief(p)) for p in dupes]
            found = {id(g) for _, g in pairs}
            scores.errors += [(article, "missed", f"{g.get('type')} at {g.get('place_text')}: "
                                                  f"{g.get('evidence', '')[:120]}") for g in required
                              if id(g) not in found]


def _match(gold: list[dict], predicted: list[dict], typed: bool):
    """Pairs (prediction, gold), spare predictions, duplicates, predictions set aside on unsure gold.

    Nearest pairs first, one-to-one. A prediction left over near a gold event
    that another took is a duplicate (set aside if all it is near are unsure).
    """
    candidates = sorted((km, i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
                        if (not typed or p["type"] == g.get("type"))
                        and (km := _km(p, g)) is not None and km <= MATCH_KM)
    assigned, taken, near = {}, set(), defaultdict(set)
    for km, i, j in candidates:
        near[i].add(j)
        if i not in assigned and j not in taken:
            assigned[i] = j
            taken.add(j)
    pairs, spare, dupes, unsure = [], [], [], []
    for i, p in enumerate(predicted):
        if i in assigned:
            g = gold[assigned[i]]
            (unsure.append(p) if g.get("certainty") == "unsure" else pairs.append((p, g)))
        elif not near[i]:
            spare.append(p)
        elif all(gold[j].get("certainty") == "unsure" for j in near[i]):
            unsure.append(p)
        else:
            dupes.append(p)
    return pairs, spare, dupes, unsure


def _km(p: dict, g: dict) -> float | None:
    if None in (p.get("lat"), p.get("lon"), g.get("lat"), g.get("lon")):
        return None
    # geopy takes (latitude, longitude) pairs
    return great_circle((p["lat"], p["lon"]), (g["lat"], g["lon"])).km


def _right_date(p: dict, g: dict) -> bool:
    """The prediction's date is the gold date within a day (a period of at most three days around it)."""
    try:
        gold = dt.date.fromisoformat(g["date"])
        start, end = dt.date.fromisoformat(p["date_start"]), dt.date.fromisoformat(p["date_end"])
    except (KeyError, TypeError, ValueError):
        return False
    slack = dt.timedelta(days=DATE_SLACK_DAYS)
    return gold - slack <= start and end <= gold + slack


def _per_type(scores: EventScores, required: list[dict], pairs: list, wrong: list[dict]) -> None:
    for g in required:
        scores.per_type[g.get("type")].fn += 1
    for p, g in pairs:
        scores.per_type[g.get("type")].fn -= 1
        scores.per_type[g.get("type")].tp += 1
    for p in wrong:
        scores.per_type[p["type"]].fp += 1


def _brief(p: dict) -> str:
    return f"{p['type']} at {p['place_text']} ({p['date_start']}): {p['snippet'][:120]}"


def top_errors(scores: EventScores, n: int) -> dict[str, list]:
    """The first ``n`` errors of each kind, for reading one by one."""
    kinds = Counter(kind for _, kind, _ in scores.errors)
    return {kind: [f"{a}: {d}" for a, k, d in scores.errors if k == kind][:n] for kind in kinds}
