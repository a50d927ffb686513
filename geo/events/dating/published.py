"""Publication dates from an article's metadata: :func:`parse_published`.

Numeric and ISO forms, RFC 2822 and a written Arabic date (read with
:func:`~geo.events.dating.expressions.find_date_expressions`); see :mod:`geo.events.dating`.
"""
from __future__ import annotations

import datetime
import email.utils
import re
from dataclasses import replace

from geo.events.dating.expressions import find_date_expressions
from geo.events.dating.periods import Period, _day, _month, _year, implausible
from geo.text import TABLE


_DIGITS = {cp: v for cp, v in TABLE.items() if v is not None and v.isdigit()}
_TIME = (r"(?:(?:T|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
         r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?")
_NUMERIC_PUBLISHED = (
    (re.compile(rf"(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_TIME}"), "day"),
    (re.compile(rf"(?P<d>\d{{1,2}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_TIME}"), "day"),
    (re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})"), "month"),
    (re.compile(r"(?P<m>\d{1,2})[-/.](?P<y>\d{4})"), "month"),
    (re.compile(r"(?P<y>\d{4})"), "year"),
)
_EN_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_RFC2822 = re.compile(r"(?:[A-Za-z]{3,9},?\s+)?(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})(?P<rest>.*)")
_EXPECTED = ("expected YYYY-MM-DD, YYYY-MM, YYYY, an ISO datetime, DD/MM/YYYY, "
             "DD-MM-YYYY or an RFC 2822 date")


def parse_published(value: str | None, approximate: bool = False) -> Period | None:
    """Publication date from an article's metadata.

    Parameters
    ----------
    value : str or None
        The date as found in the metadata (see the module docstring for the
        accepted forms). A ``datetime.date`` is also accepted.
    approximate : bool
        Mark the returned period as approximate.

    Returns
    -------
    Period or None
        Day, month or year precision; ``None`` for ``None`` or a blank string.

    Raises
    ------
    ValueError
        The value cannot be read, names an impossible date, or a date before
        1900 or more than a day after today (:func:`implausible`); the
        message quotes the value.

    Examples
    --------
    >>> parse_published("14/05/2020").iso()
    '2020-05-14'
    >>> parse_published("2020-05").precision
    'month'
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return _plausible(_day(value.date(), approximate), value)
    if isinstance(value, datetime.date):
        return _plausible(_day(value, approximate), value)
    if not isinstance(value, str):
        raise ValueError(f"cannot read publication date {value!r}: not a string")
    text = value.translate(_DIGITS).strip()
    if not text:
        return None
    period = _numeric_published(text, value) or _rfc2822_published(text, value) or _written_published(text)
    if period is None:
        raise ValueError(f"cannot read publication date {value!r}: {_EXPECTED}")
    return _plausible(replace(period, approximate=approximate), value)


def _plausible(period: Period, value) -> Period:
    if why := implausible(period):
        raise ValueError(f"publication date {str(value)!r} refused: {why}")
    return period


def _numeric_published(text: str, value: str) -> Period | None:
    for pattern, precision in _NUMERIC_PUBLISHED:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        try:
            if m.groupdict().get("H"):
                datetime.time(int(m["H"]), int(m["M"]), int(m["S"] or 0))
            y = int(m["y"])
            if precision == "year":
                return _year(datetime.date(y, 1, 1).year)
            if precision == "month":
                datetime.date(y, int(m["m"]), 1)
                return _month(y, int(m["m"]))
            return _day(datetime.date(y, int(m["m"]), int(m["d"])))
        except ValueError as err:
            raise ValueError(f"publication date {value!r} is not a valid date: {err}") from err
    return None


def _rfc2822_published(text: str, value: str) -> Period | None:
    m = _RFC2822.fullmatch(text)
    if m is None or m["mon"][:3].lower() not in _EN_MONTHS:
        return None
    try:
        if m["rest"].strip():
            parts = email.utils.parsedate_tz(text)
            if parts is None:
                raise ValueError(f"cannot read the time of publication date {value!r}: {_EXPECTED}")
            datetime.time(*parts[3:6])
        return _day(datetime.date(int(m["y"]), _EN_MONTHS[m["mon"][:3].lower()], int(m["d"])))
    except ValueError as err:
        raise ValueError(f"publication date {value!r} is not a valid date: {err}") from err


def _written_published(text: str) -> Period | None:
    found = find_date_expressions(text)
    if len(found) != 1:
        return None
    e = found[0]
    if e.kind != "date" or e.year is None or (e.start, e.end) != (0, len(text)):
        return None
    return e.resolve(None)[0]
