"""Matching token windows against the gazetteer: exact, normalised, fuzzy.

``exact`` means the text (clitics removed) is spelled as a gazetteer name;
``normalized`` that it equals one after normalisation (diacritics, alef
forms, ta marbuta...) or once the article ال is dropped; ``fuzzy`` that it is
within a small edit distance of one (rapidfuzz, blocked by first letter and
length so a token is compared with a few hundred names, not all of them).
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from geo.text import Token, clitic_variants, orig_offset


@dataclass(slots=True)
class Match:
    """A window of tokens that names one or more gazetteer places."""

    first: int           # token index of the first token
    last: int            # token index of the last token (inclusive)
    start: int           # character offsets into the original text
    end: int
    key: str             # the gazetteer key it matched
    places: tuple[int, ...]
    kind: str            # exact | normalized | fuzzy
    distance: int = 0    # edits, for fuzzy matches
    prefix: int = 0      # clitic characters stripped from the first token
    dropped_article: bool = False   # matched once the article ال was dropped

    @property
    def n_words(self) -> int:
        return self.last - self.first + 1


def max_edits(length: int) -> int:
    """Edits a fuzzy match may need: 1 for names up to 7 letters, 2 beyond."""
    return 1 if length <= 7 else 2


def window_matches(tokens: list[Token], i: int, gaz, text: str, skip_last=frozenset(),
                   shorter: bool = False) -> list[Match]:
    """Exact and normalised matches of windows starting at token ``i``, longest first.

    Windows of two or more words ending in a word of ``skip_last`` (epithets
    such as المكرمة) are not tried, so the name is matched without it. Only
    the longest matching windows are returned unless ``shorter``.
    """
    starts, variants, heads = starts_of(gaz).get(tokens[i].norm) or _may_start(gaz, tokens[i].norm)
    if not starts:
        return []
    n_max = _longest_prefix(tokens, i, gaz, heads) if starts == 2 else 1
    base = tokens[i].start
    # What the window's text gives is the same wherever it stands: remembered by that text.
    memo = _windows_memo(gaz)
    key = (text[base:tokens[i + n_max - 1].end], skip_last, shorter)
    shapes = memo.get(key)
    if shapes is None:
        shapes = memo[key] = _shapes(tokens, i, n_max, gaz, text, variants, skip_last, shorter)
    return [Match(i, i + n - 1, base + start, base + end, name, places, kind, 0, prefix, dropped)
            for n, start, end, name, places, kind, prefix, dropped in shapes]


def _shapes(tokens, i: int, n_max: int, gaz, text: str, variants, skip_last, shorter) -> tuple:
    """The matches of :func:`window_matches`, with offsets from the first token's start."""
    found = []
    base = tokens[i].start
    for n in range(n_max, 0, -1):
        if n > 1 and tokens[i + n - 1].norm in skip_last:
            continue
        rest = " ".join(t.norm for t in tokens[i + 1:i + n])
        for prefix, stem, dropped in variants:
            if rest and stem not in gaz.first_words:
                continue
            key = stem + " " + rest if rest else stem
            places = gaz.lookup(key)
            if not places:
                continue
            start = orig_offset(tokens[i], prefix)
            end = tokens[i + n - 1].end
            kind = "normalized" if dropped else _exact_or_normalized(text[start:end], places, gaz)
            found.append((n, start - base, end - base, key, places, kind, prefix, dropped))
        if found and not shorter:
            break   # the longest window that matches wins over its sub-windows
    return tuple(found)


def _windows_memo(gaz) -> dict:
    """The gazetteer's memo of :func:`_shapes`, by the window's text (emptied past 300,000)."""
    try:
        memo = gaz._windows_memo
    except AttributeError:
        memo = gaz._windows_memo = {}
    if len(memo) > 300_000:
        memo.clear()
    return memo


def starts_of(gaz) -> dict:
    """The gazetteer's memo of :func:`_may_start`, by normalised token (kept on the gazetteer
    itself: a weak-keyed look-up per token costs more)."""
    try:
        return gaz._starts_memo
    except AttributeError:
        gaz._starts_memo = {}
        return gaz._starts_memo


def may_start(gaz, norm: str) -> bool:
    """True if some clitic reading of the normalised token is a gazetteer name or begins one."""
    hit = starts_of(gaz).get(norm) or _may_start(gaz, norm)
    return hit[0] > 0


def _may_start(gaz, norm: str) -> tuple[int, tuple, tuple]:
    """2 if some clitic reading of the token is a multi-word name's first word, 1 if one is a
    name, else 0; the readings; and those of them that begin a multi-word name (remembered per
    gazetteer: most tokens of a text are neither)."""
    memo = starts_of(gaz)
    if len(memo) > 500_000:
        memo.clear()
    variants = clitic_variants(norm)
    heads = tuple(v[1] for v in variants if v[1] in gaz.first_words)
    starts = 2 if heads else int(any(gaz.lookup(v[1]) for v in variants))
    hit = memo[norm] = (starts, variants if starts else (), heads)
    return hit


def _longest_prefix(tokens: list[Token], i: int, gaz, heads) -> int:
    """How many words from token ``i`` may name a place: the window grows while its tokens are
    joined and its words so far begin a multi-word name (``heads``: the first token's clitic
    readings that begin one)."""
    n = 1
    while heads and n < gaz.max_words and i + n < len(tokens) and tokens[i + n].joined:
        n += 1
        heads = [h + " " + tokens[i + n - 1].norm for h in heads]
        heads = [h for h in heads if h in gaz.prefixes] if n < gaz.max_words else []
    return n


def _exact_or_normalized(surface: str, places, gaz) -> str:
    surface = " ".join(surface.replace("_", " ").split())
    for number in places[:20]:
        if surface in gaz.place(number).names:
            return "exact"
    return "normalized"


def fuzzy_match(tokens: list[Token], i: int, gaz, text: str, last: int | None = None) -> Match | None:
    """The closest gazetteer name to token ``i`` (to tokens ``i``..``last``), any clitic reading, or None.

    Only names of the same first letter and nearly the same length are
    compared, and only names of at least four letters are matched fuzzily.
    """
    best = None
    last = i if last is None else last
    rest = "".join(" " + t.norm for t in tokens[i + 1:last + 1])
    for prefix, stem, _dropped in clitic_variants(tokens[i].norm):
        if len(stem) < 4:
            continue
        stem += rest
        limit = max_edits(len(stem))
        choices = []
        for length in range(len(stem) - limit, len(stem) + limit + 1):
            choices.extend(gaz.blocks.get((stem[0], length), ()))
        if not choices:
            continue
        hit = process.extractOne(stem, choices, scorer=Levenshtein.distance, score_cutoff=limit)
        if hit is None:
            continue
        key, dist, _ = hit
        if best is None or dist < best.distance:
            start = orig_offset(tokens[i], prefix)
            best = Match(i, last, start, tokens[last].end, key, gaz.lookup(key), "fuzzy", int(dist), prefix)
    return best
