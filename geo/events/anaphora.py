"""Places named again by a common noun: «في المنطقة نفسها»، «بالمدينة».

News names a place once and then refers back to it: وهاجمت جبهة النصرة مقرا
للفرقة 30 في المنطقة نفسها. An ACLED coder places the incident at the place
referred to. :func:`anaphoric_places` finds such references (a definite
place noun after a locative, or followed by نفسها/ذاتها) and gives each a
copy of its antecedent's mention (the last place named before it with that
noun, مدينة X, else the last one of a kind the noun can refer to, within
:data:`REACH_CHARS`), so the extractor can
use it like any other place. The copy's ``match`` is ``"anaphora"`` and its
reasons say what it refers to.
"""
from __future__ import annotations

import bisect
from dataclasses import replace

from geo.parse import WHOLE_AREAS
from geo.text import clitic_variants, normalize, word_set

#: Place nouns that refer back, and the feature codes their antecedent may have ("" = any place).
NOUNS = {normalize(k): v for k, v in {
    "المنطقة": "", "المدينة": "PPL", "البلدة": "PPL", "القرية": "PPL", "المخيم": "PPL", "الحي": "PPL",
    "المحافظة": "ADM PPL", "المديرية": "ADM PPL"}.items()}
SAME = word_set("نفسها نفسه ذاتها ذاته")
#: Nouns that refer back without نفسها/ذاتها only to a place named with the noun itself: «في المنطقة»
#: alone is most often the (Middle East) region.
SAME_ONLY = word_set("المنطقة")
LOCATIVE = word_set("في داخل قرب")
#: How far back (characters) the antecedent may be.
REACH_CHARS = 400
_TOO_WIDE = WHOLE_AREAS | {"SEA", "OCN", "GULF", "STRT", "LK", "STM", "RGN", "DSRT", "PEN", "CONT"}


def anaphoric_places(text: str, tokens, mentions: list) -> list:
    """Copies of antecedent mentions at the offsets of the nouns that refer back to them."""
    mentions = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in mentions]
    out = []
    for i, t in enumerate(tokens):
        reading = _noun(t)
        if reading is None or _covered(mentions, starts, t):
            continue
        prefix, noun = reading
        nxt = tokens[i + 1].norm if i + 1 < len(tokens) and tokens[i + 1].joined else ""
        same = nxt in SAME
        located = "ب" in prefix or (i > 0 and tokens[i - 1].norm in LOCATIVE)
        if not same and (not located or nxt.startswith("ال")):
            continue                 # المنطقة الشرقية، أمن المنطقة: not a reference to a place named before
        start = t.start + len(t.text) - len(t.text.lstrip("وفبل")) if prefix else t.start
        # «في المنطقة» alone is most often the (Middle East) region: it refers back only to a place
        # named with that very noun (أمير منطقة عسير ... بالمنطقة).
        antecedent = _antecedent(text, mentions, starts, start, noun, named_only=not same and noun in SAME_ONLY)
        if antecedent is not None:
            out.append(replace(antecedent, start=start, end=t.end, text=t.text[start - t.start:],
                               match="anaphora", score=round(antecedent.score * 0.9, 3),
                               reasons=[f"«{t.text}» refers back to «{antecedent.text}»", *antecedent.reasons]))
    return out


def _covered(mentions, starts, token) -> bool:
    """A mention overlaps the token (المدينة المنورة is a name, not a reference)."""
    i = bisect.bisect_left(starts, token.end)
    return any(m.end > token.start for m in mentions[max(0, i - 8):i])


def _noun(token):
    for prefix_len, stem, _dropped in clitic_variants(token.norm):
        if stem in NOUNS:
            return token.norm[:prefix_len], stem
    return None


def _antecedent(text: str, mentions, starts, start: int, noun: str, named_only: bool = False):
    """The last place before ``start`` the noun can refer to; first one named with that very noun
    (مدينة القريتين في ريف حمص ... داخل المدينة: al-Qaryatayn, not Homs). ``mentions`` are sorted by
    start, and ``starts`` are their starts."""
    kinds = NOUNS[noun]
    fits = []
    for m in reversed(mentions[bisect.bisect_left(starts, start - REACH_CHARS):bisect.bisect_right(starts, start)]):
        if m.end <= start and m.feature not in _TOO_WIDE and m.lat is not None and (
                not kinds or any((m.feature or "").startswith(k) for k in kinds.split())):
            fits.append(m)
    bare = noun[2:]
    named = [m for m in fits if normalize(text[max(0, m.start - len(bare) - 3):m.start]).rstrip().endswith(bare)]
    return (named or ([] if named_only else fits) or [None])[0]
