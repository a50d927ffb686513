"""Periods: inclusive ranges of days with a precision, and calendar helpers.

A :class:`Period` has the precision ``day``, ``week`` (Monday to Sunday),
``month`` or ``year``; an unknown date is ``None``. The helpers build the
period of a day, week, month or year, shift a month and check a date.
"""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass


#: Precisions of a date; "unknown" is represented by ``None`` instead of a Period.
PRECISIONS = ("day", "week", "month", "year", "unknown")
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
#: No news is dated before this day; an earlier date is a mistake (year 1, a default value).
EARLIEST = datetime.date(1900, 1, 1)


def implausible(period: "Period", today: datetime.date | None = None) -> str | None:
    """Why ``period`` cannot be the date of a news article or of an incident it reports, or None.

    A date is refused when it ends before :data:`EARLIEST` or starts more
    than a day after ``today`` (default: this machine's date), the margin
    allowing for time zones.

    Examples
    --------
    >>> implausible(Period(datetime.date(1, 1, 1), datetime.date(1, 1, 1), "day"))
    '0001-01-01 is before 1900'
    """
    latest = (today or datetime.date.today()) + datetime.timedelta(days=1)
    if period.end < EARLIEST:
        return f"{period.iso()} is before {EARLIEST.year}"
    if period.start > latest:
        return f"{period.iso()} is in the future (after {latest.isoformat()})"
    return None


@dataclass(frozen=True)
class Period:
    """An inclusive range of days with a precision.

    Parameters
    ----------
    start, end : datetime.date
        First and last day (inclusive).
    precision : str
        ``"day"``, ``"week"``, ``"month"`` or ``"year"``.
    approximate : bool
        The date was inferred from an approximate source.
    """

    start: datetime.date
    end: datetime.date
    precision: str
    approximate: bool = False

    def __post_init__(self):
        if self.precision not in _RANK:
            raise ValueError(f"precision must be one of day, week, month, year, not {self.precision!r}")
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    def iso(self) -> str:
        """ISO 8601 form at the period's precision.

        Examples
        --------
        >>> Period(datetime.date(2020, 5, 1), datetime.date(2020, 5, 31), "month").iso()
        '2020-05'
        >>> Period(datetime.date(2020, 5, 11), datetime.date(2020, 5, 17), "week").iso()
        '2020-05-11/2020-05-17'
        """
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "week":
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"


def _day(d: datetime.date, approximate: bool = False) -> Period:
    return Period(d, d, "day", approximate)


def _week(d: datetime.date, approximate: bool = False) -> Period:
    monday = d - datetime.timedelta(days=d.weekday())
    return Period(monday, monday + datetime.timedelta(days=6), "week", approximate)


def _month(year: int, month: int, approximate: bool = False) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(datetime.date(year, month, 1), datetime.date(year, month, last), "month", approximate)


def _year(year: int, approximate: bool = False) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year", approximate)


def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _valid(y: int | None, m: int, d: int | None) -> bool:
    try:
        datetime.date(y if y is not None else 2000, m, d or 1)
    except ValueError:
        return False
    return True
