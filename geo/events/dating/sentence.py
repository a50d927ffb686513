"""The date of an event: the date expression of its sentence nearest its trigger.

:func:`event_date` leaves out the expressions separated from the trigger by
a complementizer and falls back on the publication date.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from geo.events.dating.expressions import DateExpression, _expressions
from geo.events.dating.periods import Period, implausible
from geo.events.dating.tokenizing import _readings, _Stream
from geo.events.dating.vocabulary import (_COMPLEMENTIZERS, _REPORTING, _FROM, _FUTURE_AFTER_MIN, _FUTURE_WORDS,
                                   _NOT_A_BARRIER_AFTER, _PRESENT_VERBS, _THAT)


@dataclass(frozen=True)
class EventDate:
    """The date of an event.

    Attributes
    ----------
    period : Period or None
        ``None``: unknown.
    basis : str
        ``"sentence"`` (from an expression in the sentence), ``"lead"`` (the
        lead's date, carried to a later sentence of the same story),
        ``"article"`` (the inherited publication date, marked approximate) or
        ``"none"`` (no date at all).
    text : str or None
        The date expression as written (kept when it could not be resolved).
    start, end : int or None
        Offsets of that expression in the full text.
    time_of_day : str or None
        ``"dawn"``, ``"morning"``, ``"noon"``, ``"afternoon"``, ``"evening"``, ``"night"``.
    note : str
        A short English explanation.
    """

    period: Period | None
    basis: str
    text: str | None
    start: int | None
    end: int | None
    time_of_day: str | None
    note: str


def event_date(text: str, sentence: tuple[int, int], trigger: tuple[int, int],
               published: Period | None) -> EventDate:
    """Date of the event whose trigger word is at ``text[trigger[0]:trigger[1]]``.

    Parameters
    ----------
    text : str
        The full article.
    sentence : (int, int)
        The sentence ``[start, end)`` holding the trigger; only it is searched.
    trigger : (int, int)
        The trigger word ``[start, end)``.
    published : Period or None
        The article's publication date.

    Returns
    -------
    EventDate

    Raises
    ------
    ValueError
        The spans are not inside the text, or the trigger is not inside the sentence.

    Examples
    --------
    >>> from geo.events.dating import parse_published
    >>> text = "والتي من المقرر أن تنطلق السبت في سلطنة عمان"
    >>> t = text.index("تنطلق")
    >>> event_date(text, (0, len(text)), (t, t + 5), parse_published("2025-04-11")).period.iso()
    '2025-04-12'
    """
    s0, s1 = _span(text, sentence, "sentence")
    t0, t1 = _span(text, trigger, "trigger")
    if not (s0 <= t0 and t1 <= s1):
        raise ValueError(f"trigger {trigger} is not inside sentence {sentence}")
    stream = _Stream(text, s0, s1)
    usable, blocked = [], None
    for e in _expressions(stream):
        if e.start < t1 and t0 < e.end:
            continue
        barrier = _barrier(stream, e, t0, t1)
        if barrier is None:
            usable.append(e)
        elif blocked is None or _distance(e, t0, t1) < _distance(blocked[0], t0, t1):
            blocked = (e, barrier)
    if not usable:
        return _inherited(published, _why_inherited(blocked))
    # A date that belongs to a verb of saying is when it was said; another date in the sentence,
    # if there is one, is when it happened (أكدت الشرطة اليوم أن الهجوم على المتحف في 18 مارس ...).
    usable = [e for e in usable if not _said_on(stream, e)] or usable
    e = min(usable, key=lambda x: (_distance(x, t0, t1), x.start > t0))
    period, note = e.resolve(published, future=_future_before(stream, e.start))
    if period is not None and (why := implausible(period)):
        period, note = None, f"{e.text!r} read as {why}: not used"
    if period is not None:
        return EventDate(period, "sentence", e.text, e.start, e.end, e.time_of_day, note)
    return EventDate(published, "article" if published else "none", e.text, e.start, e.end, e.time_of_day, note)


#: A lead's date older than this (days before publication) is not carried: that is background.
LEAD_DAYS = 14


def lead_date(text: str, lead: tuple[int, int], published: Period | None) -> EventDate | None:
    """The day the article's lead gives its story, to carry to later sentences that name none.

    The lead's first date expression (not the date something was said) that
    resolves to a day from :data:`LEAD_DAYS` days before publication to the
    publication day (أمس، فجر الجمعة، اليوم الاثنين); None if there is none.

    Examples
    --------
    >>> from geo.events.dating import parse_published
    >>> text = "قتل خمسة مسلحين أمس في هجوم. وقال مصدر إن الاشتباكات استمرت"
    >>> lead_date(text, (0, 28), parse_published("2015-08-06")).period.iso()
    '2015-08-05'
    """
    if published is None or published.precision != "day":
        return None
    s0, s1 = _span(text, lead, "lead")
    stream = _Stream(text, s0, s1)
    for e in _expressions(stream):
        if _said_on(stream, e):
            continue
        period, note = e.resolve(published, future=_future_before(stream, e.start))
        if period is None or period.precision != "day" or implausible(period):
            continue
        if published.start - timedelta(days=LEAD_DAYS) <= period.start <= published.end:
            return EventDate(period, "lead", e.text, e.start, e.end, e.time_of_day,
                             f"{note}: the lead's date, carried to a sentence of the same story that names no day")
    return None


def _said_on(s: _Stream, e: DateExpression) -> bool:
    """True if a verb of saying stands within the three words before the expression."""
    first = next((k for k, tok in enumerate(s.toks) if tok.start >= e.start), None)
    return first is not None and any(s.has(k, _REPORTING, clitics="all") for k in range(max(0, first - 3), first))


def _span(text: str, span: tuple[int, int], name: str) -> tuple[int, int]:
    start, end = span
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"{name} span {span} is not inside the text (length {len(text)})")
    return start, end


def _distance(e: DateExpression, t0: int, t1: int) -> int:
    return t0 - e.end if e.end <= t0 else e.start - t1


def _barrier(s: _Stream, e: DateExpression, t0: int, t1: int) -> str | None:
    """The complementizer between the expression and the trigger, as written, or None."""
    lo, hi = (e.end, t0) if e.end <= t0 else (t1, e.start)
    for k, tok in enumerate(s.toks):
        if lo <= tok.start and tok.end <= hi and s.has(k, _COMPLEMENTIZERS) \
                and not s.has(k - 1, _NOT_A_BARRIER_AFTER, clitics="all"):
            return s.text[tok.start:tok.end]
    return None


def _future_before(s: _Stream, upto: int) -> bool:
    """The sentence has a future marker before offset ``upto``."""
    for k, tok in enumerate(s.toks):
        if tok.end > upto:
            break
        if tok.kind == "word" and _future_marker(s, k):
            return True
    return False


def _future_marker(s: _Stream, k: int) -> bool:
    if s.has(k, _FUTURE_WORDS, clitics="all"):
        return True
    if s.has(k, _FUTURE_AFTER_MIN) and s.has(k - 1, _FROM, clitics="all"):
        return True
    if s.has(k, _PRESENT_VERBS) and s.has(k - 1, _THAT, clitics="all"):
        return True
    word = s.norm(k)
    return any(stem.startswith("س") and stem[1:] in _PRESENT_VERBS for _, stem in _readings(word))


def _why_inherited(blocked) -> str:
    if blocked is None:
        return "no date expression in the sentence"
    e, barrier = blocked
    return f"{e.text!r} is separated from the trigger by {barrier!r} (another clause)"


def _inherited(published: Period | None, why: str) -> EventDate:
    if published is None:
        return EventDate(None, "none", None, None, None, None, f"{why}; no publication date")
    # The publication date stands in for the incident's: kept to the day, but marked approximate.
    return EventDate(replace(published, approximate=True), "article", None, None, None, None,
                     f"{why}; article's publication date (approximate)")
