"""Resolving a date expression against the publication date.

One resolver per kind of expression (``_RESOLVERS``, used by
:meth:`DateExpression.resolve <geo.events.dating.expressions.DateExpression.resolve>`);
each returns the period, or ``None`` with the reason, and an English note.
"""
from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from geo.events.dating.periods import _RANK, Period, _day, _month, _shift_month, _valid, _week, _year

if TYPE_CHECKING:
    from geo.events.dating.expressions import DateExpression


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _insufficient(published: Period | None, need: str, what: str) -> str | None:
    """Why ``published`` cannot anchor ``what`` (which needs ``need`` precision), or None."""
    if published is None:
        return f"{what} needs a publication date; there is none"
    if _RANK[published.precision] > _RANK[need]:
        return f"{what} needs a {need}-precision publication date; article's {published.precision} kept"
    return None


def _resolve_date(e: DateExpression, published: Period | None, future: bool):
    if e.year is not None:
        if e.day is not None:
            return _day(datetime.date(e.year, e.month, e.day)), "as written"
        if e.month is not None:
            return _month(e.year, e.month), "as written"
        return _year(e.year), "as written"
    if published is None:
        return None, "a date without a year needs a publication date; there is none"
    candidates = [p for p in (_yearless(e, y, published.approximate)
                              for y in range(published.start.year - 1, published.end.year + 2)) if p]
    pick, how = _pick(candidates, published, "future" if future and e.direction == "bare" else e.direction)
    if pick is None:
        return None, "no year fits the date and the publication date"
    return pick, f"year {pick.start.year}: {how} {published.iso()} (published)"


def _yearless(e: DateExpression, year: int, approximate: bool) -> Period | None:
    if e.day is None:
        return _month(year, e.month, approximate)
    if not _valid(year, e.month, e.day):
        return None
    return _day(datetime.date(year, e.month, e.day), approximate)


def _pick(candidates: list[Period], published: Period, direction: str) -> tuple[Period | None, str]:
    """The candidate period for a date without a year."""
    if direction == "past":
        before = [p for p in candidates if p.end < published.start]
        return (before[-1] if before else None), "latest before"
    if direction == "next":
        after = [p for p in candidates if p.start > published.end]
        return (after[0] if after else None), "first after"
    if direction == "future":
        after = [p for p in candidates if p.end >= published.start]
        return (after[0] if after else None), "first on or after"
    if direction == "this":
        same = [p for p in candidates if p.start.year == published.start.year]
        return (same[0] if same else None), "the year of"
    middle = published.start + (published.end - published.start) / 2
    return min(candidates, key=lambda p: abs(p.start + (p.end - p.start) / 2 - middle)), "nearest to"


def _days(n: int) -> str:
    return f"{abs(n)} day{'s' if abs(n) != 1 else ''}"


def _resolve_day(e: DateExpression, published: Period | None, future: bool):
    why = _insufficient(published, "day", "relative day")
    if why:
        return None, why
    d = published.start + datetime.timedelta(days=e.offset)
    if e.offset == 0:
        note = f"the publication date {published.start}"
    else:
        note = f"{_days(e.offset)} {'before' if e.offset < 0 else 'after'} {published.start} (published)"
    if e.weekday is not None and d.weekday() != e.weekday:
        # اليوم (الاثنين) in a paper dated Tuesday: the story was written the day before. The named
        # weekday is the surer fact; take the nearest such day (at most three days away).
        shift = (e.weekday - d.weekday() + 3) % 7 - 3
        named = d + datetime.timedelta(days=shift)
        note = (f"{note} is a {_DAY_NAMES[d.weekday()]}, but the text names {_DAY_NAMES[e.weekday]}: "
                f"{named}")
        d = named
    return _day(d, published.approximate), note


def _resolve_weekday(e: DateExpression, published: Period | None, future: bool):
    why = _insufficient(published, "day", "weekday")
    if why:
        return None, why
    p = published.start
    if e.direction == "past":
        delta, how = -((p.weekday() - e.weekday) % 7 or 7) - 7 * e.offset, "before"
    elif e.direction == "next":
        delta, how = ((e.weekday - p.weekday()) % 7 or 7) + 7 * e.offset, "after"
    elif future:
        delta, how = (e.weekday - p.weekday()) % 7, "on or after"
    else:
        delta, how = -((p.weekday() - e.weekday) % 7), "on or before"
    note = f"{_DAY_NAMES[e.weekday]} {how} {p} (published)"
    if e.offset:
        name = _DAY_NAMES[e.weekday]
        note = f"{name} one week {how} the {name} {how} {p} (published)"
    if e.eve:
        note = f"eve of {_DAY_NAMES[(e.weekday + 1) % 7]}: {note}"
    approximate = published.approximate
    if delta == 0 and not future and e.direction == "bare":
        # The publication day itself, in a story told in the past: it may be the same weekday a week
        # before (a weekly's «الخميس»); kept, but marked approximate.
        note = f"{note}; the publication day itself in a past-tense story: approximate"
        approximate = True
    return _day(p + datetime.timedelta(days=delta), approximate), note


def _relation(offset: int, unit: str) -> str:
    if offset == 0:
        return f"{unit} of publication"
    return f"{abs(offset)} {unit}{'s' if abs(offset) > 1 else ''} {'before' if offset < 0 else 'after'} publication"


def _resolve_week(e: DateExpression, published: Period | None, future: bool):
    why = _insufficient(published, "week", "relative week")
    if why:
        return None, why
    d = published.start + datetime.timedelta(weeks=e.offset)
    return _week(d, published.approximate), f"{_relation(e.offset, 'week')} ({published.iso()}), Monday to Sunday"


def _resolve_month(e: DateExpression, published: Period | None, future: bool):
    why = _insufficient(published, "month", "relative month")
    if why:
        return None, why
    y, m = _shift_month(published.start.year, published.start.month, e.offset)
    return _month(y, m, published.approximate), f"{_relation(e.offset, 'month')} ({published.iso()})"


def _resolve_year(e: DateExpression, published: Period | None, future: bool):
    why = _insufficient(published, "year", "relative year")
    if why:
        return None, why
    return (_year(published.start.year + e.offset, published.approximate),
            f"{_relation(e.offset, 'year')} ({published.iso()})")


_RESOLVERS = {"date": _resolve_date, "day": _resolve_day, "weekday": _resolve_weekday,
              "week": _resolve_week, "month": _resolve_month, "year": _resolve_year}
