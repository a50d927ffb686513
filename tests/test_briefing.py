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


def _dated(day: str, eid: str = "a-000", precision: str = "day") -> dict:
    return {"event_id": eid, "date_start": day, "date_end": day, "date_precision": precision, "parties": []}


@pytest.mark.parametrize("events, name, expected", [
    ([_dated("2024-03-05")], "24h", ("2024-03-04", "2024-03-05", False)),
    ([_dated("2024-02-10")], "7d", ("2024-02-03", "2024-02-10", True)),            # an archive: as of its newest
    ([_dated("2024-02-10"), _dated("2024-03-01", "b-000")], "7d", ("2024-02-27", "2024-03-05", False)),
    ([_dated("2015-07-31"), _dated("2015-07-01", "b-000")], "30d", ("2015-07-01", "2015-07-31", True)),
    ([_dated("2024-03-04", precision="month")], "24h", ("2024-03-04", "2024-03-05", False)),   # nothing dated
    ([], "24h", ("2024-03-04", "2024-03-05", False)),
])
def test_wall_screen_window(events, name, expected):
    import datetime as dt

    from geo.web.briefing import window

    win = window(events, name, today=dt.date(2024, 3, 5))
    assert (win.date_from, win.date_to, win.archive) == expected
    assert ("newest incidents" in win.label) == win.archive


def test_in_window_newest_first():
    import datetime as dt

    from geo.web.briefing import in_window, window

    events = [_dated("2015-07-30", "a-000"), _dated("2015-07-31", "b-000"), _dated("2015-06-01", "c-000")]
    win = window(events, "7d", today=dt.date(2024, 3, 5))
    assert [e["event_id"] for e in in_window(events, win)] == ["b-000", "a-000"]


def test_timeline_chart_axis_and_brush():
    from geo.web.briefing import per_day, timeline_chart

    events = [{"event_id": "a-000", "date_start": "2015-07-20", "date_precision": "day",
               "parties": [{"id": "houthis"}]},
              {"event_id": "b-000", "date_start": "2015-07-22", "date_precision": "day", "parties": []}]
    frame, _ = per_day(events, today=dt.date(2024, 1, 1))
    spec = timeline_chart(frame, {"houthis": "#E69F00"}, {"houthis": "Houthis"}, "2015-07-01", "2015-07-31").to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == ["2015-07-01", "2015-07-31"]     # the filtered period
    assert spec["encoding"]["y"]["scale"]["domainMin"] == 0                             # never below zero
    assert spec["params"][0]["name"] == "brush"
    assert spec["encoding"]["color"]["scale"]["range"][:1] == ["#E69F00"]
    bare = timeline_chart(frame, {}, {}).to_dict()
    assert bare["encoding"]["x"]["scale"]["domain"] == ["2015-07-20", "2015-07-22"]     # else the data's
