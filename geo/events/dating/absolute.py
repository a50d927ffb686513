"""Parsers of absolute dates: numeric dates, day and month, month and year, years.

Each parser takes the token stream and a token index and returns a
:data:`~geo.events.dating.tokenizing._Hit` or ``None``.
"""
from __future__ import annotations

from geo.events.dating.periods import _valid
from geo.events.dating.tokenizing import _Hit, _Stream
from geo.events.dating.vocabulary import (_COUNTED, _DAY_NOUN, _FROM, _GREGORIAN, _HIJRI, _MONTH_NOUN,
                                   _MONTHS, _NEXT, _PAST, _THIS, _WEAK_MONTHS, _YEAR_CONTEXT,
                                   _YEAR_NOUNS)


def _numeric_date(s: _Stream, i: int) -> _Hit | None:
    """14/5/2020, 14-05-2020, 2020-05-14 (the separators the same, no spaces)."""
    if s.number(i) is None or (s.punct(i - 1, "/-.") and s.toks[i].adjacent and s.number(i - 2) is not None):
        return None
    if not (s.punct(i + 1, "/-.", True) and s.punct(i + 3, s.norm(i + 1), True)):
        return None
    if s.number(i + 2) is None or s.number(i + 4) is None or not s.toks[i + 2].adjacent \
            or not s.toks[i + 4].adjacent:
        return None
    if s.punct(i + 5, "/-.", True) and s.number(i + 6) is not None:
        return None
    a, b, c = s.number(i), s.number(i + 2), s.number(i + 4)
    if len(s.norm(i)) == 4:
        y, m, d = a, b, c
    elif len(s.norm(i + 4)) == 4:
        d, m, y = a, b, c
    else:
        return None
    if not 1900 <= y <= 2100 or not _valid(y, m, d):
        return None
    end = i + 5 + (s.has(i + 5, _GREGORIAN) and s.toks[i + 5].adjacent)      # 5/8/2015م
    return end, 0, dict(kind="date", year=y, month=m, day=d)


def _month_at(s: _Stream, i: int, clitics: bool = False,
              alternatives: bool = True) -> tuple[int, int, int, str] | None:
    """(end token, month, clitic length, form) of a month name at ``i``, with an alternative name
    after / or in brackets (مايو/أيار، أيار (مايو))."""
    if i + 1 < len(s) and s.toks[i].kind == s.toks[i + 1].kind == "word":
        pair = f"{s.norm(i)} {s.norm(i + 1)}"
        if pair in _MONTHS:
            j, month, plen, form = i + 2, _MONTHS[pair], 0, pair
            return (_month_alternative(s, j, month) if alternatives else j), month, plen, form
    hit = s.word(i, _MONTHS, clitics)
    if hit is None:
        return None
    plen, form = hit
    j = i + 1
    return (_month_alternative(s, j, _MONTHS[form]) if alternatives else j), _MONTHS[form], plen, form


def _month_alternative(s: _Stream, j: int, month: int) -> int:
    alt = _month_at(s, j, alternatives=False)
    if alt is not None and alt[1] == month:                  # يوليو تموز (Reuters)
        return alt[0]
    if s.punct(j, "/"):
        alt = _month_at(s, j + 1, alternatives=False)
        if alt is not None and alt[1] == month:
            return alt[0]
    if s.punct(j, "("):
        alt = _month_at(s, j + 1, alternatives=False)
        if alt is not None and alt[1] == month and s.punct(alt[0], ")"):
            return alt[0] + 1
    return j


def _year_at(s: _Stream, i: int) -> tuple[int, int] | None:
    """(end token, year) of a Gregorian year at ``i`` (1900-2100, an optional م)."""
    year = s.number(i)
    if year is None or len(s.norm(i)) != 4 or not 1900 <= year <= 2100:
        return None
    if s.has(i + 1, _HIJRI) or (s.punct(i + 1, "/-", True) and s.number(i + 2) is not None):
        return None
    if s.has(i + 1, _GREGORIAN):
        return i + 2, year
    return i + 1, year


def _day_month(s: _Stream, i: int) -> _Hit | None:
    """[يوم] [الـ]14 [من] [شهر] مايو [[عام] 2020]: a day, a month, maybe a year."""
    j, plen = i, 0
    hit = s.word(j, _DAY_NOUN, clitics=True)
    if hit is not None:
        plen, j = hit[0], j + 1
    if s.norm(j) == "ال" and s.number(j + 1) is not None:
        j += 1
    day = s.number(j)
    if day is None or not 1 <= day <= 31 or len(s.norm(j)) > 2 or s.punct(j + 1, "/-.", True):
        return None
    k = j + 1 + s.has(j + 1, _FROM)
    k += s.has(k, _MONTH_NOUN)
    month = _month_at(s, k)
    if month is None:
        return None
    k, m = month[0], month[1]
    year = _year_at(s, k + s.has(k, _YEAR_NOUNS))
    if year is not None:
        k, y = year
        return (k, plen, dict(kind="date", year=y, month=m, day=day)) if _valid(y, m, day) else None
    if not _valid(None, m, day):
        return None
    k, direction = _month_direction(s, k)
    return k, plen, dict(kind="date", month=m, day=day, direction=direction)


def _month_direction(s: _Stream, k: int) -> tuple[int, str]:
    """(end token, direction) of الماضي, المقبل, الجاري after a month without a year."""
    for forms, direction in ((_PAST, "past"), (_NEXT, "next"), (_THIS, "this")):
        if s.has(k, forms):
            return k + 1, direction
    return k, "bare"


def _month_year(s: _Stream, i: int, context: bool) -> _Hit | None:
    """[شهر] مايو[/أيار] [عام] 2020, or a month alone after شهر or في/خلال/منذ/حتى/an edge word."""
    j, plen = i, 0
    hit = s.word(j, _MONTH_NOUN, clitics="all")
    if hit is not None:
        plen, j = hit[0], j + 1
    month = _month_at(s, j, clitics=hit is None)
    if month is None:
        return None
    k, m, mplen, form = month
    if hit is None:
        plen = mplen
    year = _year_at(s, k + s.has(k, _YEAR_NOUNS))
    if year is not None:
        return year[0], plen, dict(kind="date", year=year[1], month=m)
    if hit is None and (not context or form in _WEAK_MONTHS):
        return None
    k, direction = _month_direction(s, k)
    return k, plen, dict(kind="date", month=m, direction=direction)


def _year_expression(s: _Stream, i: int, context: bool) -> _Hit | None:
    """عام 2015, سنة 2015, العام 2015, or 2015 after في/منذ/خلال/حتى/an edge word."""
    hit = s.word(i, _YEAR_NOUNS, clitics="all")
    if hit is not None:
        year = _year_at(s, i + 1)
        return None if year is None else (year[0], hit[0], dict(kind="date", year=year[1]))
    year = _year_at(s, i)
    if year is None or not context or _counted(s, year[0]):
        return None
    return year[0], 0, dict(kind="date", year=year[1])


def _counted(s: _Stream, j: int) -> bool:
    """The token after a number makes it a count (2015 شخصا, 2015 %), not a year."""
    if s.punct(j, "%٪"):
        return True
    if not 0 <= j < len(s) or s.toks[j].kind != "word":
        return False
    w = s.norm(j)
    return w in _COUNTED or (len(w) >= 4 and w.endswith("ا"))


def _absolute_date(s: _Stream, i: int, context: bool | None = None) -> _Hit | None:
    """A day-month(-year), a month(-year) or a year at ``i``."""
    if context is None:
        context = s.has(i - 1, _YEAR_CONTEXT, clitics="all")
    return _day_month(s, i) or _month_year(s, i, context) or _year_expression(s, i, context)
