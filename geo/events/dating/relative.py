"""Parsers of relative expressions: edges, relative units and days, weekdays, day parts.

Each parser takes the token stream and a token index and returns a
:data:`~geo.events.dating.tokenizing._Hit` or ``None``. A weekday or a day part may
be followed by a day and month (:func:`~geo.events.dating.absolute._day_month`).
"""
from __future__ import annotations

from geo.events.dating.absolute import _day_month, _month_year, _year_expression
from geo.events.dating.tokenizing import _Hit, _Stream
from geo.events.dating.vocabulary import (_AFTER, _BEFORE, _DAY_NOUN, _DEMONSTRATIVES, _EDGES, _EVE, _FIRST,
                                   _FROM, _GENERAL, _GENERAL_AFTER, _LAST_NIGHT, _MATCHING, _NEXT, _NIGHTS,
                                   _NOON, _NOT_AFTER_EVENING, _NOT_AFTER_TODAY, _NOT_AFTER_WEEKDAY,
                                   _NOT_BEFORE_TODAY, _NOT_BEFORE_TWO, _NOT_BEFORE_WEEKDAY, _PAIR_JOINERS,
                                   _PART_CONTEXT, _PARTS, _PARTS_ADVERB, _PARTS_DEFINITE, _PAST,
                                   _QUOTES_CLOSE, _QUOTES_OPEN, _SAME, _THE_FIRST, _THIS, _TODAY,
                                   _TOMORROW, _TOMORROW_NOUN, _TONIGHT, _UNITS, _WEEKDAYS, _YESTERDAY)
from geo.text import normalize


# -- edges: مطلع/نهاية + unit, month or year

def _edge_expression(s: _Stream, i: int) -> _Hit | None:
    """An edge word (مطلع, نهاية ...) before a relative unit, a month or a year."""
    hit = s.word(i, _EDGES, clitics="all")
    if hit is None:
        return None
    inner = _relative_unit(s, i + 1, bare=True) or _month_year(s, i + 1, True) or _year_expression(s, i + 1, True)
    if inner is None:
        return None
    return inner[0], hit[0], inner[2]


# -- relative units

def _relative_unit(s: _Stream, i: int, bare: bool = False) -> _Hit | None:
    """الشهر الماضي, هذا العام, الأسبوع المقبل, العام قبل الماضي; a bare unit after an edge word."""
    demo = s.word(i, _DEMONSTRATIVES, clitics="all")
    if demo is not None:
        unit = s.word(i + 1, _UNITS)
        return None if unit is None else (i + 2, demo[0], dict(kind=_UNITS[unit[1]], offset=0))
    unit = s.word(i, _UNITS, clitics=True)
    if unit is None or (unit == (0, _GENERAL) and s.has(i - 1, _GENERAL_AFTER)):
        return None                      # المدير العام الحالي: "general", not "year"
    kind = _UNITS[unit[1]]
    if s.has(i + 1, _BEFORE) and s.has(i + 2, _PAST):
        return i + 3, unit[0], dict(kind=kind, offset=-2)
    for forms, offset in ((_PAST, -1), (_NEXT, 1), (_THIS, 0)):
        if s.has(i + 1, forms):
            return i + 2, unit[0], dict(kind=kind, offset=offset)
    nxt = s.norm(i + 1) or ""
    if not bare or nxt.startswith("ال") or nxt in _SAME:        # العام الدراسي, العام نفسه
        return None
    return i + 1, unit[0], dict(kind=kind, offset=0)


# -- relative days

def _today_ok(s: _Stream, i: int) -> bool:
    """اليوم at ``i`` means today (not اليوم الوطني, ذلك اليوم, «اليوم»)."""
    nxt = s.norm(i + 1)
    if nxt and s.toks[i + 1].kind == "word" and nxt.startswith("ال") and nxt not in _WEEKDAYS:
        return False
    if s.has(i + 1, _NOT_AFTER_TODAY) or s.has(i - 1, _NOT_BEFORE_TODAY, clitics="all"):
        return False
    t = s.toks[i]
    before = s.text[t.start - 1] if t.start > 0 else ""
    after = s.text[t.end] if t.end < len(s.text) else ""
    return not (before and before in _QUOTES_OPEN and after and after in _QUOTES_CLOSE)


def _relative_day(s: _Stream, i: int, anchored: bool):
    """(end token, clitic length, day offset, time of day) of a relative day at ``i``.

    ``anchored``: after a day part or يوم, where غد and الغد also mean tomorrow.
    """
    first = s.word(i, _FIRST, clitics=not anchored)
    if first is not None:
        k = i + 1 + s.has(i + 1, _FROM)
        return (k + 1, first[0], -2, None) if s.has(k, _YESTERDAY) else None
    hit = s.word(i, _YESTERDAY, clitics=not anchored)
    if hit is not None:
        return (i + 2, hit[0], -2, None) if s.has(i + 1, _THE_FIRST) else (i + 1, hit[0], -1, None)
    after = s.word(i, _AFTER, clitics=not anchored)
    if after is not None:
        return (i + 2, after[0], 2, None) if s.has(i + 1, _TOMORROW_NOUN) else None
    hit = s.word(i, _TOMORROW_NOUN if anchored else _TOMORROW, clitics=not anchored)
    if hit is not None:
        return i + 1, hit[0], 1, None
    hit = s.word(i, _TODAY, clitics=not anchored)
    if hit is not None:
        return (i + 1, hit[0], 0, None) if _today_ok(s, i) else None
    hit = s.word(i, _TONIGHT, clitics=True) if not anchored else None
    if hit is not None and s.has(i + 1, _LAST_NIGHT):
        return i + 2, hit[0], -1, "night"
    if hit is not None and s.has(i + 1, _BEFORE) and s.has(i + 2, _LAST_NIGHT):
        return i + 3, hit[0], -2, "night"                         # الليلة قبل الماضية
    if hit is not None and _today_ok(s, i):
        return i + 1, hit[0], 0, "night"
    return None


def _relative_day_expression(s: _Stream, i: int, anchored: bool = False) -> _Hit | None:
    """[يوم] أمس / اليوم / غدا ... and an absorbed weekday (أمس الخميس)."""
    plen = None
    hit = s.word(i, _DAY_NOUN, clitics=not anchored)
    if hit is not None:
        plen, i, anchored = hit[0], i + 1, True
    day = _relative_day(s, i, anchored)
    if day is None:
        return None
    j, dplen, offset, tod = day
    weekday = None
    if (hit := s.word(j, _WEEKDAYS)) is not None:
        j, weekday = j + 1, _WEEKDAYS[hit[1]]                      # أمس الخميس
    elif s.punct(j, "(") and (hit := s.word(j + 1, _WEEKDAYS)) is not None and s.punct(j + 2, ")"):
        j, weekday = j + 3, _WEEKDAYS[hit[1]]                      # اليوم (الخميس)
    return j, dplen if plen is None else plen, dict(kind="day", offset=offset, time_of_day=tod,
                                                    weekday=weekday)


# -- weekdays

def _weekday_at(s: _Stream, i: int, clitics: bool) -> tuple[int, int] | None:
    """(clitic length, weekday) of a weekday name at ``i`` that is not part of a name or number."""
    hit = s.word(i, _WEEKDAYS, clitics)
    if hit is None:
        return None
    if s.has(i - 1, _NOT_BEFORE_WEEKDAY, clitics="all") or s.has(i + 1, _NOT_AFTER_WEEKDAY):
        return None
    if _WEEKDAYS[hit[1]] == 0 and s.has(i - 1, _NOT_BEFORE_TWO, clitics="all"):
        return None
    return hit[0], _WEEKDAYS[hit[1]]


def _weekday_expression(s: _Stream, i: int, anchored: bool = False, night: str | None = None) -> _Hit | None:
    """[يوم] الجمعة [الماضية|المقبلة] [، الموافق 14 مايو].

    ``night``: the ليل/ليلة before it. A pair of days (الخميس إلى الجمعة) is then
    the first day; ليلة before a single day is the eve, the day before.
    """
    plen = None
    hit = s.word(i, _DAY_NOUN, clitics=not anchored)
    if hit is not None:
        plen, i, anchored = hit[0], i + 1, True
    found = _weekday_at(s, i, clitics=not anchored)
    if found is None:
        return None
    wplen, weekday = found
    plen = wplen if plen is None else plen
    j = i + 1
    eve = False
    if night is not None:
        paired = _night_pair(s, j, weekday)
        eve = paired == j and night == _EVE
        j = paired
    j, direction, weeks = _weekday_direction(s, j)
    date = _dated_weekday(s, j)
    if date is not None:
        return date[0], plen, date[2]
    fields = dict(kind="weekday", weekday=weekday, direction=direction, offset=weeks)
    if eve:
        fields.update(weekday=(weekday - 1) % 7, eve=True)
    return j, plen, fields


def _weekday_direction(s: _Stream, j: int) -> tuple[int, str, int]:
    """(end token, direction, extra weeks) of الماضي, المقبل, قبل الماضي, بعد القادم at ``j``."""
    if s.has(j, _PAST):
        return j + 1, "past", 0
    if s.has(j, _NEXT):
        return j + 1, "next", 0
    if s.has(j, _BEFORE) and s.has(j + 1, _PAST):
        return j + 2, "past", 1
    if s.has(j, _AFTER) and s.has(j + 1, _NEXT):
        return j + 2, "next", 1
    return j, "bare", 0


def _night_pair(s: _Stream, j: int, weekday: int) -> int:
    """After ليل/ليلة + weekday: the end of a following day (الخميس إلى الجمعة) if it is the next one."""
    k = j + s.has(j, _PAIR_JOINERS) + s.punct(j, "-/")
    joined = s.word(k, _WEEKDAYS, clitics=True)
    if joined is not None and _WEEKDAYS[joined[1]] == (weekday + 1) % 7:
        return k + 1
    return j


def _dated_weekday(s: _Stream, j: int) -> _Hit | None:
    """A day-month after a weekday (الجمعة، الموافق 14 مايو 2020)."""
    k = j + s.punct(j, "،,-")
    k += s.has(k, _MATCHING)
    return _day_month(s, k) if k < len(s) else None


# -- day parts

def _daypart_expression(s: _Stream, i: int) -> _Hit | None:
    """فجر/صباح/مساء/ليلة ... before a weekday, a relative day or a day and month."""
    plen, j = 0, i
    after = s.word(i, _AFTER, clitics="all")
    if after is not None and s.has(i + 1, _NOON):
        plen, j = after[0], i + 1
    hit = s.word(j, _PARTS, clitics=after is None)
    if hit is None:
        return None
    plen = plen if after is not None else hit[0]
    tod = "afternoon" if after is not None else _PARTS[hit[1]]
    night = hit[1] if hit[1] in _NIGHTS else None
    anchor = (_weekday_expression(s, j + 1, anchored=True, night=night)
              or _relative_day_expression(s, j + 1, anchored=True) or _day_month(s, j + 1))
    if anchor is None:
        return _evening_alone(s, j, plen, hit[1])
    return anchor[0], plen, dict(anchor[2], time_of_day=tod)


def _evening_alone(s: _Stream, i: int, plen: int, form: str) -> _Hit | None:
    """مساءً alone is this evening; not مساء الخير, مساء ذلك اليوم."""
    if form != normalize("مساء") or s.has(i + 1, _NOT_AFTER_EVENING) or s.has(i + 1, _NOT_BEFORE_TODAY):
        return None
    nxt = s.norm(i + 1)
    if nxt and s.toks[i + 1].kind == "word" and (nxt.startswith("ال") or nxt in _DAY_NOUN):
        return None
    return i + 1, plen, dict(kind="day", offset=0, time_of_day="evening")


def _daypart_alone(s: _Stream, i: int) -> _Hit | None:
    """صباحا, ليلا ...; في الصباح, بعد الظهر, هذا المساء."""
    hit = s.word(i, _PARTS_ADVERB, clitics=True)
    if hit is not None and hit[1] != normalize("مساء"):
        return i + 1, hit[0], dict(kind="day", offset=0, time_of_day=_PARTS_ADVERB[hit[1]])
    hit = s.word(i, _PARTS_DEFINITE, clitics=True)
    if hit is None or not s.has(i - 1, _PART_CONTEXT, clitics="all"):
        return None
    tod = _PARTS_DEFINITE[hit[1]]
    if tod == "noon" and s.has(i - 1, _AFTER, clitics="all"):
        tod = "afternoon"
    anchor = _weekday_expression(s, i + 1, anchored=True) or _relative_day_expression(s, i + 1, anchored=True)
    if anchor is not None:                                    # صلاة العصر اليوم
        return anchor[0], hit[0], dict(anchor[2], time_of_day=tod)
    return i + 1, hit[0], dict(kind="day", offset=0, time_of_day=tod)
