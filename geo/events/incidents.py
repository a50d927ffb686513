"""Incidents: the reports of one event by several articles, shown once.

Each extracted event is a *report*: one sentence of one article. Outlets
report the same incident many times (one suicide bombing became 21 events
from 9 articles). :func:`group_reports` folds reports into incidents: reports
from different articles of the same kind of event (violence, demonstrations,
strategic developments), within :data:`MAX_KM` and a day of each other, whose
actors do not contradict, are one incident. Reports within one article were
already merged by the extractor, and several places named in one sentence stay
several incidents.

The incident takes the best date and place among its reports (the finest
date precision, then the finest place, then the highest confidence), and
keeps every report with its source, date and sentence. It is computed when
events are read, so it always follows the stored reports (re-ingest,
replacement, deletion).
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from geo.parse import great_circle_km


#: Reports this close (km, days) can be one incident.
MAX_KM = 25.0
MAX_DAYS = 1
#: Reports dated more loosely than this (a month, a year) are never merged.
MAX_PERIOD_DAYS = 7
FAMILIES = {"battles": "violence", "explosions_remote_violence": "violence",
            "violence_against_civilians": "violence", "protests": "demonstrations", "riots": "demonstrations",
            "strategic_developments": "strategic"}
_CELL = 0.25                    # degrees of latitude: about 28 km, so one cell up and down covers MAX_KM
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def group_reports(events: list[dict]) -> list[dict]:
    """Incidents from event rows (as :meth:`geo.store.Store.events` returns them), newest first.

    Each incident is the row of its best report, with ``incident_id`` (the
    smallest of its reports' ids: stable while they are), ``report_count``, ``sources`` (the distinct
    outlets), ``first_report`` and ``last_report`` (publication dates of the
    articles) and ``reports`` (each report's ``event_id``, ``article_id``,
    ``source``, ``url``, ``date_start`` and ``snippet``).

    Examples
    --------
    >>> a = {"event_id": "a-000", "article_id": "a", "event_type": "battles", "lat": 32.0, "lon": 15.0,
    ...      "date_start": "2020-05-14", "date_end": "2020-05-14", "date_precision": "day"}
    >>> b = dict(a, event_id="b-000", article_id="b", lat=32.1)
    >>> [i["report_count"] for i in group_reports([a, b])]
    [2]
    """
    groups: list[list[dict]] = []
    grid: dict[tuple, list[list]] = defaultdict(list)      # cell -> [[group, anchor's last day], ...]
    articles: list[set] = []                                # the articles of each group
    # Analysts' merges and splits (an incident_group) decide for their reports.
    fixed: dict[str, list[dict]] = {}
    for e in events:
        if e.get("incident_group"):
            fixed.setdefault(e["incident_group"], []).append(e)
    groups.extend(fixed.values())
    articles.extend({r.get("article_id") for r in g} for g in groups)
    days: dict[int, tuple[int, int]] = {}                  # id(report) -> (first, last) day ordinals
    for e in sorted(events, key=_order):
        if e.get("incident_group"):
            continue
        mergeable = _mergeable(e)
        if mergeable:
            days[id(e)] = (dt.date.fromisoformat(e["date_start"][:10]).toordinal(),
                           dt.date.fromisoformat(e["date_end"][:10]).toordinal())
        g = _find(e, groups, articles, grid, days) if mergeable else None
        if g is not None:
            groups[g].append(e)
            articles[g].add(e.get("article_id"))
            continue
        groups.append([e])
        articles.append({e.get("article_id")})
        if mergeable:
            grid[_cell(e)].append([len(groups) - 1, days[id(e)][1]])
    incidents = sorted((_incident(g) for g in groups), key=lambda i: i["incident_id"])
    dated = sorted((i for i in incidents if i.get("date_start")), key=lambda i: i["date_start"], reverse=True)
    return dated + [i for i in incidents if not i.get("date_start")]


def _order(e: dict):
    return (e.get("date_start") or "9999", _PRECISION_RANK.get(e.get("date_precision"), 9), e["event_id"])


def _mergeable(e: dict) -> bool:
    if e.get("lat") is None or e.get("lon") is None or not e.get("date_start") or not e.get("date_end"):
        return False
    span = dt.date.fromisoformat(e["date_end"]) - dt.date.fromisoformat(e["date_start"])
    return span.days <= MAX_PERIOD_DAYS and e.get("event_type") in FAMILIES


def _cell(e: dict) -> tuple:
    return FAMILIES[e["event_type"]], math.floor(e["lat"] / _CELL), math.floor(e["lon"] / _CELL)


def _find(e: dict, groups: list[list[dict]], articles: list[set], grid, days) -> int | None:
    """The group whose first report ``e`` matches best (nearest), or None.

    Reports come in order of their first day, so a group whose first report ended more than
    MAX_DAYS before this one starts can match no later report either: it leaves the grid.
    """
    family, y, x = _cell(e)
    first, last = days[id(e)]
    # A degree of longitude shrinks with the cosine of the latitude: look as many cells east and west
    # as MAX_KM needs there.
    reach = math.ceil(MAX_KM / (111.32 * _CELL * max(math.cos(math.radians(e["lat"])), 0.05)))
    best = None
    for dy in (-1, 0, 1):
        for dx in range(-reach, reach + 1):
            cell = grid.get((family, y + dy, x + dx))
            if not cell:
                continue
            cell[:] = [entry for entry in cell if first <= entry[1] + MAX_DAYS]
            for g, _end in cell:
                anchor = groups[g][0]
                if e.get("article_id") in articles[g] or not _same_incident(anchor, e, days):
                    continue
                km = _km(anchor, e)
                if km <= MAX_KM and (best is None or km < best[0]):
                    best = (km, g)
    return best[1] if best else None


def _same_incident(a: dict, b: dict, days) -> bool:
    """Dates within a day of each other, and no contradicting actors (the distance is the caller's)."""
    a_first, a_last = days[id(a)]
    b_first, b_last = days[id(b)]
    if b_first > a_last + MAX_DAYS or a_first > b_last + MAX_DAYS:
        return False
    return not (a.get("actor1") and b.get("actor1") and a["actor1"] != b["actor1"])


def _km(a: dict, b: dict) -> float:
    """Great-circle distance between two rows' (latitude, longitude), in km."""
    return great_circle_km(a["lat"], a["lon"], b["lat"], b["lon"])


def _best(reports: list[dict]) -> dict:
    return min(reports, key=lambda r: (_PRECISION_RANK.get(r.get("date_precision"), 9),
                                       r.get("geo_precision") or 9, -(r.get("confidence") or 0), r["event_id"]))


def _incident(reports: list[dict]) -> dict:
    best = _best(reports)
    published = sorted(r.get("article_published") for r in reports if r.get("article_published"))
    # The outlets of the reports, and of the same articles published again elsewhere (wire copies).
    sources = sorted({r.get("article_source") or "unknown source" for r in reports} |
                     {c.get("source") or "unknown source" for r in reports for c in r.get("other_sources") or ()})
    edited = max(reports, key=lambda r: r.get("last_edited_at") or "")
    statuses = {r.get("status") or "machine" for r in reports}
    status = "reviewed" if "reviewed" in statuses else "machine" if "machine" in statuses else "rejected"
    return {**best, "incident_id": min(r["event_id"] for r in reports), "report_count": len(reports),
            "status": status, "edit_count": sum(r.get("edit_count") or 0 for r in reports),
            "last_editor": edited.get("last_editor"), "last_edited_at": edited.get("last_edited_at"),
            "sources": sources, "first_report": published[0] if published else None,
            "last_report": published[-1] if published else None,
            "reports": [{"event_id": r["event_id"], "article_id": r.get("article_id"), "report_key": r.get("report_key"),
                         "status": r.get("status") or "machine",
                         "source": r.get("article_source"), "url": r.get("url"),
                         "date_start": r.get("date_start"), "snippet": r.get("snippet")}
                        for r in sorted(reports, key=lambda r: (r.get("article_published") or "", r["event_id"]))]}
