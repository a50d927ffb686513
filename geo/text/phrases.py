"""Finding lexicon phrases (event triggers, party aliases) in tokenised text.

A phrase is one or more words, written plainly and normalised on load (see
:func:`geo.text.normalizing.normalize`). A word ending in ``*`` matches any word
that starts with it (``استهدف*`` matches استهدفت and استهدفوا). The first
word may carry clitic prefixes and the article in the text (بالقصف matches
``قصف``; وللأمم المتحدة matches ``الأمم المتحدة``); later words match as
written, or with the article (``الجوي`` matches ``جوي``). Any word may end
in the accusative alif or an attached pronoun the phrase does not list
(تفجيرا انتحاريا matches ``تفجير انتحاري``; غاراتها matches ``غارات``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Generic, TypeVar

from geo.text.tokens import Token, clitic_variants, orig_offset
from geo.text.normalizing import normalize
from geo.text.wordlists import PRONOUNS

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A phrase found in the text: original-text offsets and the entry's value."""

    start: int
    end: int
    first: int          # index of the first token
    last: int           # index of the last token
    value: T


class PhraseIndex(Generic[T]):
    """An index of phrases, each mapped to a value (a party, a trigger entry).

    Parameters
    ----------
    entries : iterable of (str, value)
        The phrase as written and what it stands for.

    Raises
    ------
    ValueError
        If a phrase is empty, or a ``*`` follows fewer than two letters.
    """

    def __init__(self, entries):
        self._exact: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        self._prefix: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for phrase, value in entries:
            words = tuple(normalize(w) for w in phrase.split())
            if not words or any(w.endswith("*") and len(w) < 3 for w in words):
                raise ValueError(f"not a phrase: {phrase!r} (a word before * needs two letters)")
            head = words[0]
            if head.endswith("*"):
                self._prefix.setdefault(head[:2], []).append((words, value))
            else:
                self._exact.setdefault(head, []).append((words, value))

    def __len__(self) -> int:
        return sum(map(len, self._exact.values())) + sum(map(len, self._prefix.values()))

    def find(self, tokens: list[Token], lo: int = 0, hi: int | None = None) -> list[Found[T]]:
        """Non-overlapping phrases in ``tokens[lo:hi]``, longest first at each token.

        Returns
        -------
        list of Found
            In text order; the first token's offset starts after any clitic.
        """
        hi = len(tokens) if hi is None else hi
        out = []
        i = lo
        while i < hi:
            best = self._longest_at(tokens, i, hi)
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.last + 1
        return out

    def _longest_at(self, tokens, i, hi):
        best = None
        for prefix_len, whole, _dropped in clitic_variants(tokens[i].norm, 1):
            for stem in _without_suffix(whole):
                best = self._longest_with(tokens, i, hi, prefix_len, stem, best)
        return best

    def _longest_with(self, tokens, i, hi, prefix_len, stem, best):
        """The longest phrase at token ``i`` read as ``stem`` (clitics and an ending removed), or ``best``."""
        for words, value in self._candidates(stem):
            if not _word_matches(words[0], stem):
                continue
            last = i + len(words) - 1
            if last >= hi or not all(_word_matches(w, tokens[i + k].norm) for k, w in enumerate(words[1:], 1)):
                continue
            if best is None or last > best.last:
                best = Found(orig_offset(tokens[i], prefix_len), tokens[last].end, i, last, value)
        return best

    def _candidates(self, stem: str):
        yield from self._exact.get(stem, ())
        yield from self._prefix.get(stem[:2], ())
        if stem.startswith("ال"):              # القصف for قصف*, when لل hid the article
            yield from self._exact.get(stem[2:], ())
            yield from self._prefix.get(stem[2:4], ())


#: Endings a noun takes that a phrase need not list (normalised): the accusative alif of تفجيرا
#: and هجوما, and attached pronouns (غاراتها، قصفه، سيطرتهم).
SUFFIXES = (*PRONOUNS, "ا")


@functools.lru_cache(maxsize=65536)
def _without_suffix(norm: str) -> tuple[str, ...]:
    """``norm`` itself, then ``norm`` less each ending of :data:`SUFFIXES` (leaving three letters)."""
    return (norm, *(norm[:-len(x)] for x in SUFFIXES if norm.endswith(x) and len(norm) - len(x) >= 3))


def _word_matches(word: str, norm: str) -> bool:
    if word.endswith("*"):
        return norm.startswith(word[:-1]) or (norm.startswith("ال") and norm[2:].startswith(word[:-1]))
    return any(form == word or (form.startswith("ال") and form[2:] == word) for form in _without_suffix(norm))
