"""Tokens, sentences and the clitic readings of a token, with offsets into the original text.

A candidate is a window of up to ``max_words`` tokens whose first token may
carry clitic prefixes (و ف ب ل ك and their combinations with ال). Offsets
always refer to the original text.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from geo.text.normalizing import TABLE, offset_map

_TOKEN = re.compile(r"(?:[^\W_]|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640])+")
_JOINABLE_GAP = re.compile(r"[\s_\-]*")   # spaces, hashtag underscores, hyphens
_SENTENCE_END = re.compile(r"[.!?؟\n]+|[؛;]")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    norm: str
    joined: bool   # only spaces/underscores/hyphens separate it from the previous token


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens with their normalised forms.

    Examples
    --------
    >>> [t.norm for t in tokenize("في سِرْتَ، وبطرابلس")]
    ['في', 'سرت', 'وبطرابلس']
    """
    tokens = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        tok = m.group()
        gap_ok = _JOINABLE_GAP.fullmatch(text, prev_end, s) is not None
        tokens.append(Token(s, e, tok, tok.translate(TABLE).casefold(), gap_ok and bool(tokens)))
        prev_end = e
    return tokens


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence (or clause) spans ``[start, end)`` of ``text``, whitespace trimmed."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        _add_span(text, start, m.end(), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def sentence_of(sents: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The span of ``sents`` (as :func:`sentences` gives them) holding offset ``start``; ``(start, end)``
    if none does (the offset falls between two sentences)."""
    i = bisect.bisect_right(sents, (start, float("inf"))) - 1
    if i >= 0 and sents[i][0] <= start < sents[i][1]:
        return sents[i]
    return start, end


def _add_span(text, start, end, spans):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


_CONJ = "وف"
_PREP = "بلك"


@functools.lru_cache(maxsize=500_000)
def clitic_variants(norm: str, min_len: int = 2) -> tuple[tuple[int, str, bool], ...]:
    """Readings of a normalised token with its clitic prefixes removed.

    Returns
    -------
    tuple of (prefix_length, stem, article_dropped)
        ``prefix_length`` counts normalised characters removed from the front;
        the unstripped reading comes first. Remembered: the same words recur in every text.

    Examples
    --------
    >>> [v[1] for v in clitic_variants("وبطرابلس")]
    ['وبطرابلس', 'بطرابلس', 'طرابلس']
    >>> [v[1] for v in clitic_variants("للعراق")][:2]
    ['للعراق', 'العراق']
    """
    out = [(0, norm, False)]
    k = 0
    if len(norm) > k + min_len and norm[k] in _CONJ:
        k += 1
        out.append((k, norm[k:], False))
    if len(norm) > k + min_len and norm[k] in _PREP:
        if norm[k] == "ل" and norm[k + 1] == "ل":
            # لل = ل + ال with the alef dropped: للعراق -> العراق
            out.append((k + 1, "ا" + norm[k + 1:], False))
        k += 1
        out.append((k, norm[k:], False))
    stem = out[-1][1]
    if stem.startswith("ال") and len(stem) > 2 + min_len:
        out.append((out[-1][0] + 2, stem[2:], True))
    return tuple(out)


def clitic_forms(words, test) -> frozenset[str]:
    """Every normalised token some clitic reading of which is one of ``words`` (with or without
    ال) and for which ``test(token)`` holds: و/ف, ب/ل/ك and لل before them. A stage that wants the
    tokens of a text for which ``test`` holds looks each up in this set instead of calling it.

    Examples
    --------
    >>> sorted(clitic_forms({"مدينه"}, lambda norm: True))[:4]
    ['المدينه', 'بالمدينه', 'بمدينه', 'فالمدينه']
    """
    forms = set()
    for word in words:
        bases = {word, "ال" + word} | ({word[2:]} if word.startswith("ال") else set())
        for base in bases:
            for conj in ("", *_CONJ):
                forms.update(conj + prep + base for prep in ("", *_PREP))
                if base.startswith("ال"):
                    forms.add(conj + "ل" + base[1:])          # للعاصمة: ل + ال with its alef dropped
    return frozenset(f for f in forms if test(f))


@functools.lru_cache(maxsize=200_000)
def clitic_stems(norm: str) -> frozenset[str]:
    """A normalised token and its readings without clitics (ولم -> لم, بالوقف -> الوقف, وقف)."""
    return frozenset(stem for _k, stem, _dropped in clitic_variants(norm, 1))


def orig_offset(token: Token, norm_index: int) -> int:
    """Index in the original text of normalised character ``norm_index`` of ``token``."""
    if len(token.norm) == len(token.text):
        return token.start + norm_index
    return token.start + offset_map(token.text)[norm_index]
