"""Figures over time: the briefing's events in the last 24 hours and 7 days, and the timeline."""
from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from dataclasses import dataclass

from geo.events import EARLIEST

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


#: The wall screen's time windows (``?window=``): days each covers, and how it is said.
WINDOWS = {"24h": (1, "24 hours"), "7d": (7, "7 days"), "30d": (30, "30 days")}


@dataclass
class Window:
    """The period a wall screen shows: its counters, its map and its list share it.

    ``archive`` is True when nothing was dated within the window ending today, so it ends at the
    newest incident instead ("as of" that day).
    """

    name: str
    date_from: str
    date_to: str
    archive: bool

    @property
    def label(self) -> str:
        days, said = WINDOWS[self.name]
        if self.archive:
            return f"the {said} to {self.date_to} (the newest incidents; nothing in the last {said})"
        return f"the last {said}"


def window(events: list[dict], name: str = "24h", today: dt.date | None = None) -> Window:
    """The window ``name`` (a key of :data:`WINDOWS`) ending today, or at the newest incident dated
    to the day when none falls in it (an archive still shows something, labelled as such)."""
    days = WINDOWS[name][0]
    today = today or dt.date.today()
    end = today
    if not headline(events, days, today).total:
        dated = [e["date_start"] for e in events if e.get("date_precision") in FINE and e.get("date_start")
                 and EARLIEST.isoformat() <= e["date_start"] <= today.isoformat()]
        if dated:
            end = dt.date.fromisoformat(max(dated))
    start = end - dt.timedelta(days=days)
    return Window(name, start.isoformat(), end.isoformat(), end != today)


def in_window(events: list[dict], win: Window) -> list[dict]:
    """The incidents dated to the day within the window, newest first."""
    return sorted((e for e in events if e.get("date_precision") in FINE and e.get("date_start")
                   and win.date_from <= e["date_start"] <= win.date_to),
                  key=lambda e: (e["date_start"], e.get("time_of_day") or "", e["event_id"]), reverse=True)


#: The timeline draws at most this many bars: a wider span is drawn by week, month or year.
MAX_BUCKETS = 800
_BUCKETS = (("D", "day", 1), ("W-MON", "week", 7), ("MS", "month", 31), ("YS", "year", 366))


def per_day(events: list[dict], today: dt.date | None = None, max_buckets: int = MAX_BUCKETS):
    """Events per day (or per week, month or year) by party, for the timeline, and how many it leaves out.

    Parameters
    ----------
    events : list of dict
        As :meth:`geo.store.Store.events` returns them.
    today : datetime.date, optional
        Dates more than a day after it are left out (default: this machine's date).
    max_buckets : int
        The most bars drawn: a span longer than that many days is counted by
        week, month or year (see :func:`bucket_label`), so no stored date can
        make the page build an unbounded table.

    Returns
    -------
    (pandas.DataFrame or None, int)
        One row per bucket from the first to the last (zeros filled), one
        column per party id (``none`` for events naming no party); an event
        naming two parties counts in both. None when no event is dated to the
        day. The int counts the events left out: coarser dates, none, or a
        date before 1900 or in the future (which only a store written by an
        older version can hold).
    """
    import pandas as pd

    today = today or dt.date.today()
    low, high = EARLIEST.isoformat(), (today + dt.timedelta(days=1)).isoformat()
    dated = [e for e in events if e.get("date_precision") in FINE and e.get("date_start")
             and low <= e["date_start"] <= high]
    daily = [(e["date_start"], p["id"]) for e in dated for p in (e.get("parties") or [{"id": "none"}])]
    left_out = len(events) - len(dated)
    if not daily:
        return None, left_out
    first, last = min(d for d, _ in daily), max(d for d, _ in daily)
    span = (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1
    freq = next((f for f, _, days in _BUCKETS if span <= max_buckets * days), "YS")
    frame = pd.crosstab(pd.to_datetime([d for d, _ in daily]), [p for _, p in daily])
    if freq == "D":
        return frame.asfreq("D", fill_value=0), left_out
    return frame.resample(freq, label="left", closed="left").sum(), left_out


def bucket_label(frame) -> str:
    """What one bar of :func:`per_day`'s table counts: ``day``, ``week``, ``month`` or ``year``."""
    freq = getattr(frame.index, "freqstr", None) or "D"
    return next((name for f, name, _ in _BUCKETS if freq[0] == f[0]), "day")


def newest_html(incidents: list[dict], type_names: dict[str, str], party_names: dict[str, str], n: int = 8) -> str:
    """The wall screen's list of the newest incidents (date, place, type, parties, sources), as HTML.

    Every value comes from articles, so every one is escaped.
    """
    rows = []
    for e in incidents[:n]:
        when = e.get("date_start") or ""
        if e.get("time_of_day"):
            when += f" {e['time_of_day']}"
        parties = " · ".join(party_names.get(p["id"], p.get("name") or p["id"]) for p in e.get("parties", []))
        sources = len(e.get("sources") or []) or 1
        rows.append(
            "<li><div class='marsad-new-head'><span>{}</span><span>{}</span></div>"
            "<div class='marsad-new-place' dir='auto'>{}</div><div class='marsad-new-more'><span dir='auto'>{}</span>"
            "<span dir='ltr'>{}</span></div></li>".format(
                html.escape(when), html.escape(type_names.get(e.get("event_type"), e.get("event_type") or "")),
                html.escape(e.get("place_name_ar") or e.get("place_name") or ""),
                html.escape(parties) + (" · " if parties else ""),
                html.escape(f"{sources} source{'s' if sources > 1 else ''}")))
    if not rows:
        return "<div class='marsad-newest'><p>No incident dated to the day in this period.</p></div>"
    return "<div class='marsad-newest'><h3>Newest incidents</h3><ol>" + "".join(rows) + "</ol></div>"


def timeline_chart(frame, colours: dict[str, str], names: dict[str, str], date_from: str | None = None,
                   date_to: str | None = None):
    """The timeline as an Altair chart: stacked bars per bucket and party, over the filtered period
    (else the data's), counts from zero, and a brush (``brush``) the page turns into a date filter.

    ``frame`` is :func:`per_day`'s table; ``colours`` and ``names`` map party ids to the map's colours
    and to labels.
    """
    import altair as alt

    unit = bucket_label(frame)
    long = frame.rename_axis("date").reset_index().melt("date", var_name="party", value_name="incidents")
    long = long[long["incidents"] > 0]
    long["name"] = long["party"].map(lambda p: names.get(p, "no party" if p == "none" else p))
    start = date_from or frame.index.min().date().isoformat()
    end = date_to or frame.index.max().date().isoformat()
    parties = list(frame.columns)
    brush = alt.selection_interval(encodings=["x"], name="brush")
    return alt.Chart(long).mark_bar().encode(
        x=alt.X("date:T", title=unit, scale=alt.Scale(domain=[start, end])),
        y=alt.Y("sum(incidents):Q", title=f"incidents per {unit}", scale=alt.Scale(domainMin=0), stack="zero"),
        color=alt.Color("name:N", title="party named",
                        scale=alt.Scale(domain=[names.get(p, "no party" if p == "none" else p) for p in parties],
                                        range=[colours.get(p, "#8a8f98") for p in parties])),
        tooltip=["date:T", "name:N", "incidents:Q"],
    ).add_params(brush).properties(height=260)
