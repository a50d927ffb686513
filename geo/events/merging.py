"""One incident told in several sentences of an article is one event.

:func:`merge_within_article` takes an article's candidate events (from
:mod:`geo.events.extracting`) in text order and gives one per incident: the
same type at the same place on compatible dates, by the same means.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.events.dating import EventDate
    from geo.events.extracting import Event


def merge_within_article(events: list[Event]) -> list[Event]:
    """One event per incident of an article: the same type at the same place, on compatible dates.

    An article that describes one clash over three sentences gives one event,
    at its first sentence (usually the lead), with the highest confidence of
    them; its reasons name the other sentences. An air strike and a shelling
    (different means) stay two. One place is one place id, or
    two names drawn at one point (a province at its seat, and the seat). Dates
    are compatible when they are within a day, or when the later sentence
    names no day (it continues the story); after a first sentence dated only
    by the publication, a later one naming another day tells another incident.
    """
    kept: list[Event] = []
    for e in events:
        first = next((k for k in kept if _same_place(k, e) and k.event_type == e.event_type
                      and _same_means(k, e) and _same_day(k.date, e.date)), None)
        if first is None:
            kept.append(e)
            continue
        first.confidence = max(first.confidence, e.confidence)
        first.reasons.append(f"also described at characters {e.sentence[0]}-{e.sentence[1]}")
    return kept


def _same_means(a: Event, b: Event) -> bool:
    """An air strike and a shell at one place are two incidents (one from the air, one from the
    ground); other sub-types of one type, or a bare قصف (by air or by guns), are one incident told
    in other words."""
    means = {_means(a), _means(b)}
    return not (len(means) == 2 and means <= {"air_drone_strike", "shelling_artillery_missile"})


def _means(e: Event) -> str:
    if e.sub_event_type == "shelling_artillery_missile" and e.trigger.value.phrase.startswith("قصف"):
        return "remote_violence"          # قصف alone does not say whether from the air or the ground
    return e.sub_event_type


def _same_place(a: Event, b: Event) -> bool:
    """One place, or two names drawn at one point (منطقة عسير at its seat, and أبها); not two
    places the gazetteer lacks, drawn at the known place they are near (حي المسبح، وادي القاضي)."""
    if a.place.place_id == b.place.place_id:
        return True
    unlisted = "unlisted" in (a.place.match, b.place.match)
    return not unlisted and None not in a.point and a.point == b.point


def _same_day(first: EventDate, later: EventDate) -> bool:
    """``later`` (a later sentence) can be the same incident as ``first`` by its date."""
    if "sentence" not in (first.basis, later.basis) or first.period is None or later.period is None:
        return True
    if later.basis != "sentence":
        return True                    # a later sentence naming no day continues the story
    if first.basis != "sentence":
        # The first sentence had only the publication date: a later one naming another day tells
        # another incident; naming that very day, it tells the same one.
        return first.period.start == later.period.start and first.period.end == later.period.end
    return (abs((first.period.start - later.period.start).days) <= 1
            and abs((first.period.end - later.period.end).days) <= 1)
