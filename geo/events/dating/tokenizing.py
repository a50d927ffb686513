"""The token stream the expression parsers read.

:class:`_Stream` holds the tokens of a window of the text, normalised, with
their offsets in the original text; :func:`_readings` gives a word's
readings without its clitics (و ف then ب ل).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from geo.text import normalize, offset_map


_TOKEN = re.compile(r"(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<punct>[^\w\s]|_)")


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str       # "word", "num" or "punct"
    norm: str
    start: int      # offsets in the original text
    end: int
    nstart: int     # offset in the normalised window
    adjacent: bool  # nothing (not even a space) between it and the previous token


@functools.lru_cache(maxsize=8192)
def _readings(word: str, prepositions: bool = True) -> tuple[tuple[int, str], ...]:
    """The word and its readings without the clitics و ف then ب ل: (prefix length, stem).

    ``prepositions``: strip ب ل before any word; otherwise only before the
    article (بالأمس, للعام), so that لامس and بأمس are not read as أمس.
    """
    out = [(0, word)]
    k = 0
    if len(word) > 2 and word[0] in "وف":
        k = 1
        out.append((1, word[1:]))
    if len(word) > k + 2 and word[k] in "بل":
        if word[k + 1] == "ل":
            out.append((k, "ا" + word[k + 1:]))          # للعام = ل + العام
        if prepositions or word[k + 1:].startswith("ال"):
            out.append((k + 1, word[k + 1:]))
    return tuple(out)


class _Stream:
    """The tokens of ``text[start:end]`` with their normalised forms."""

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.base = start
        window = text[start:end]
        self.limit = end
        self.map = offset_map(window)
        norm = normalize(window)
        self.toks = []
        prev = None
        for m in _TOKEN.finditer(norm):
            ns, ne = m.span()
            self.toks.append(_Tok(m.lastgroup, m.group(), self.orig(ns), self._end(ne), ns, prev == ns))
            prev = ne

    def orig(self, n: int) -> int:
        """Offset in the original text of normalised character ``n``."""
        return self.base + self.map[n]

    def _end(self, ne: int) -> int:
        end = self.base + self.map[ne - 1] + 1
        while end < self.limit and (unicodedata.category(self.text[end]) == "Mn" or self.text[end] == "\u0640"):
            end += 1
        return end

    def __len__(self):
        return len(self.toks)

    def word(self, i: int, forms, clitics: bool | str = False) -> tuple[int, str] | None:
        """(prefix length, form) if token ``i`` is one of ``forms``.

        ``clitics``: False (none), True (و ف, and ب ل before the article) or
        ``"all"`` (و ف ب ل before any word: لعام, لهذا, وفي).
        """
        if not 0 <= i < len(self.toks) or self.toks[i].kind != "word":
            return None
        norm = self.toks[i].norm
        readings = _readings(norm, clitics == "all") if clitics else ((0, norm),)
        for plen, stem in readings:
            if stem in forms:
                return plen, stem
        return None

    def has(self, i: int, forms, clitics: bool | str = False) -> bool:
        """True if token ``i`` is one of ``forms``."""
        return self.word(i, forms, clitics) is not None

    def norm(self, i: int) -> str | None:
        return self.toks[i].norm if 0 <= i < len(self.toks) else None

    def number(self, i: int) -> int | None:
        if 0 <= i < len(self.toks) and self.toks[i].kind == "num":
            return int(self.toks[i].norm)
        return None

    def punct(self, i: int, chars: str, adjacent: bool = False) -> bool:
        if not 0 <= i < len(self.toks):
            return False
        t = self.toks[i]
        return t.kind == "punct" and t.norm in chars and (t.adjacent or not adjacent)


#: What a parser returns: (token after the expression, clitic length of its first word,
#: the DateExpression fields other than the span).
_Hit = tuple[int, int, dict]
