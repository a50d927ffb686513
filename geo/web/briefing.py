"""Figures over time: the briefing's events in the last 24 hours and 7 days, and the timeline."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

FINE = ("day",)     # only events dated to the day can be placed in a 24-hour window


@dataclass
class Headline:
    """Counts of events dated within a window ending today."""

    days: int
    total: int
    by_party: Counter
    since: str


def headline(events: list[dict], days: int, today: dt.date | None = None) -> Headline:
    """Events dated to the day within the last ``days`` days (today included), by party.

    Parameters
    ----------
    events : list of dict
        As :meth:`geo.store.sqlite.Store.events` returns them.
    days : int
        1 for "last 24 hours" (yesterday and today: dates have no time), 7 for a week.
    today : datetime.date, optional
        Default: today's date on this machine.

    Events with coarser dates (month, year) are not counted: they cannot be
    placed in the window. An event naming two parties counts for each.
    """
    today = today or dt.date.today()
    since = (today - dt.timedelta(days=days)).isoformat()
    recent = [e for e in events if e.get("date_precision") in FINE and e.get("date_start")
              and since <= e["date_start"] <= today.isoformat()]
    parties = Counter(p["id"] for e in recent for p in e.get("parties", []))
    parties.update({"none": sum(1 for e in recent if not e.get("parties"))} if recent else {})
    return Headline(days, len(recent), +parties, since)


def per_day(events: list[dict]):
    """Events per day by party, for the timeline, and how many events it leaves out.

    Returns
    -------
    (pandas.DataFrame or None, int)
        One row per day (every day from the first to the last, zeros filled),
        one column per party id (``none`` for events naming no party); an
        event naming two parties counts in both. None when no event is dated
        to the day. The int counts the events with coarser dates or none.
    """
    import pandas as pd

    daily = [(e["date_start"], p["id"]) for e in events if e.get("date_precision") in FINE
             for p in (e.get("parties") or [{"id": "none"}])]
    coarse = sum(1 for e in events if e.get("date_precision") not in FINE)
    if not daily:
        return None, coarse
    frame = pd.crosstab(pd.to_datetime([d for d, _ in daily]), [p for _, p in daily])
    return frame.asfreq("D", fill_value=0), coarse
