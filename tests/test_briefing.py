"""Headline figures of the briefing screen."""
from __future__ import annotations

import datetime as dt

import pytest

from geo.web.briefing import headline, per_day

TODAY = dt.date(2026, 11, 29)


def event(day, precision="day", parties=("gna",)):
    return {"date_start": day, "date_precision": precision,
            "parties": [{"id": p} for p in parties]}


EVENTS = [event("2026-11-29"), event("2026-11-28", parties=("gna", "lna")), event("2026-11-25", parties=()),
          event("2026-11-20"), event("2026-11-01", "month"), event(None, "unknown"), event("2026-12-01")]


@pytest.mark.parametrize("days, total, by_party", [
    (1, 2, {"gna": 2, "lna": 1}),
    (7, 3, {"gna": 2, "lna": 1, "none": 1}),
    (30, 4, {"gna": 3, "lna": 1, "none": 1}),
])
def test_headline(days, total, by_party):
    head = headline(EVENTS, days, TODAY)
    assert head.total == total
    assert dict(head.by_party) == by_party
    assert head.since == (TODAY - dt.timedelta(days=days)).isoformat()


def test_nothing_recent():
    head = headline(EVENTS[4:6], 7, TODAY)
    assert head.total == 0 and not head.by_party


def test_per_day():
    frame, coarse = per_day(EVENTS)
    assert coarse == 2                                          # the month-precision and the undated one
    assert list(frame.columns) == ["gna", "lna", "none"]
    assert len(frame) == 12                                     # 2026-11-20 .. 2026-12-01, every day
    assert frame.loc["2026-11-28"].to_dict() == {"gna": 1, "lna": 1, "none": 0}
    assert frame.loc["2026-11-21"].sum() == 0


def test_per_day_nothing_to_draw():
    assert per_day(EVENTS[4:6]) == (None, 2)
