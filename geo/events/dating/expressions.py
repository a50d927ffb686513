"""Finding date expressions in a text: :class:`DateExpression`, :func:`find_date_expressions`.

Each token that may start an expression is offered to the parsers of
:mod:`~geo.events.dating.absolute` and :mod:`~geo.events.dating.relative` in turn; the
first that matches wins and the scan goes on after the expression.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.events.dating.absolute import _absolute_date, _numeric_date
from geo.events.dating.periods import Period
from geo.events.dating.relative import (_daypart_alone, _daypart_expression, _edge_expression,
                                 _relative_day_expression, _relative_unit, _weekday_expression)
from geo.events.dating.resolving import _RESOLVERS
from geo.events.dating.tokenizing import _Hit, _readings, _Stream, _Tok
from geo.events.dating.vocabulary import (_AFTER, _DAY_NOUN, _DEMONSTRATIVES, _EDGES, _FIRST, _MONTH_NOUN,
                                   _MONTHS, _PARTS, _PARTS_ADVERB, _PARTS_DEFINITE, _TODAY, _TOMORROW,
                                   _TONIGHT, _UNITS, _WEEKDAYS, _YEAR_NOUNS, _YESTERDAY)


@dataclass(frozen=True)
class DateExpression:
    """A date expression found in a text.

    Attributes
    ----------
    start, end : int
        Offsets in the original text (clitics of the first word excluded).
    text : str
        The expression as written.
    kind : str
        ``"date"`` (absolute: ``year``, ``month``, ``day`` as written, the
        year possibly missing), ``"day"`` (``offset`` days from the
        publication date), ``"weekday"``, or ``"week"``, ``"month"``,
        ``"year"`` (``offset`` units from the publication date's).
    offset : int
        Days or units from the publication date.
    weekday : int or None
        Monday is 0.
    direction : str
        ``"bare"``, ``"past"`` (strictly before the publication date), ``"next"``
        (strictly after) or, for a month without a year, ``"this"`` (الجاري: the
        publication year).
    offset : int
        For a weekday, extra weeks (الأربعاء بعد القادم: the Wednesday after next).
    year, month, day : int or None
        The written parts of an absolute date.
    time_of_day : str or None
        ``"dawn"``, ``"morning"``, ``"noon"``, ``"afternoon"``, ``"evening"``, ``"night"``.
    eve : bool
        ``ليلة`` + weekday: ``weekday`` is already the day before the named one.
    """

    start: int
    end: int
    text: str
    kind: str
    offset: int = 0
    weekday: int | None = None
    direction: str = "bare"
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time_of_day: str | None = None
    eve: bool = False

    def resolve(self, published: Period | None, future: bool = False) -> tuple[Period | None, str]:
        """The period the expression names, given the publication date.

        Parameters
        ----------
        published : Period or None
            The article's publication date.
        future : bool
            The sentence speaks of the future: a bare weekday, or a date
            without a year, is on or after the publication date.

        Returns
        -------
        (Period or None, str)
            The period (``None`` if it cannot be computed) and an English note.
        """
        return _RESOLVERS[self.kind](self, published, future)


def find_date_expressions(text: str, start: int = 0, end: int | None = None) -> list[DateExpression]:
    """All date expressions in ``text[start:end]``, in order, not overlapping.

    Examples
    --------
    >>> [e.text for e in find_date_expressions("نجحت فجر الجمعة، في استهداف تجمع")]
    ['فجر الجمعة']
    """
    return _expressions(_Stream(text, start, len(text) if end is None else end))


def _expressions(s: _Stream) -> list[DateExpression]:
    out = []
    i = 0
    while i < len(s):
        hit = _scan(s, i)
        if hit is None:
            i += 1
            continue
        j, plen, fields = hit
        first, last = s.toks[i], s.toks[j - 1]
        begin = s.orig(first.nstart + plen)
        out.append(DateExpression(begin, last.end, s.text[begin:last.end], **fields))
        i = j
    return out


def _scan(s: _Stream, i: int) -> _Hit | None:
    """The expression starting at token ``i``, or None; the first parser that matches wins."""
    if not _may_start(s.toks[i]):
        return None
    for parser in (_numeric_date, _edge_expression, _daypart_expression, _absolute_date,
                   _relative_day_expression, _weekday_expression, _relative_unit, _daypart_alone):
        hit = parser(s, i)
        if hit is not None:
            return hit
    return None


def _may_start(tok: _Tok) -> bool:
    """A quick filter: only numbers and a few words can start an expression."""
    if tok.kind != "word":
        return tok.kind == "num"
    return any(stem in _STARTERS for _, stem in _readings(tok.norm))


_STARTERS = (frozenset(_WEEKDAYS) | frozenset(_MONTHS) | {m.split()[0] for m in _MONTHS}
             | _MONTH_NOUN | _EDGES | _YEAR_NOUNS | _DEMONSTRATIVES | frozenset(_UNITS) | frozenset(_PARTS)
             | frozenset(_PARTS_DEFINITE) | frozenset(_PARTS_ADVERB) | _AFTER | _DAY_NOUN | _TODAY
             | _YESTERDAY | _FIRST | _TOMORROW | _TONIGHT | {"ال"})
