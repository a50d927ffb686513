"""Arabic normalisation that keeps a map back to the original offsets.

Matching works on normalised forms (no diacritics or tatweel, one alef,
ta marbuta as ha, alef maqsura as ya, Persian and Urdu letters folded to
their Arabic counterparts, Arabic-Indic digits as ASCII, Latin case-folded);
every offset reported to the user points into the original text.
"""
from __future__ import annotations

import re

_DROP = (
    list(range(0x0610, 0x061B))      # Quranic marks
    + list(range(0x064B, 0x0660))    # harakat, tanwin, shadda, sukun...
    + [0x0670, 0x0640]               # superscript alef, tatweel
    + list(range(0x06D6, 0x06EE))    # Quranic annotation signs
    + [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD]  # zero-width, bidi, soft hyphen
)

_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۃ": "ه", "ۀ": "ه", "ھ": "ه", "ہ": "ه", "ە": "ه",
    "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي", "ێ": "ي", "ے": "ي",
    "ک": "ك", "ڪ": "ك", "گ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف", "ڨ": "ق", "ٹ": "ت", "ڈ": "د", "ڑ": "ر",
}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})   # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})   # Persian digits

#: ``str.translate`` table: one output character (or none) per input character.
TABLE = {cp: None for cp in _DROP}
TABLE.update({ord(k): v for k, v in _FOLD.items()})

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
                  (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def normalize(text: str) -> str:
    """Return the normalised form of ``text`` used for matching.

    Examples
    --------
    >>> normalize("مِصْرَاتَة") == normalize("مصراته")
    True
    """
    return text.translate(TABLE).casefold()


def word_set(*texts: str) -> frozenset[str]:
    """The normalised forms of the words of ``texts`` (each split on whitespace).

    Examples
    --------
    >>> word_set("إلى الى", "إذا") == frozenset({"الي", "اذا"})
    True
    """
    return frozenset(normalize(w) for text in texts for w in text.split())


_WORD = re.compile(r"[^\W_]+")


def name_key(name: str) -> str:
    """The lookup key of a name: its normalised words joined by one space.

    Examples
    --------
    >>> name_key("عين  زارة") == name_key("عين_زاره")
    True
    """
    return " ".join(_WORD.findall(normalize(name)))


def offset_map(text: str) -> list[int]:
    """Map each character of ``normalize(text)`` to its index in ``text``.

    The list has one more entry than the normalised string: the last one is
    ``len(text)``, so a normalised span ``[i, j)`` maps to ``[m[i], m[j-1] + 1)``.
    """
    mapping = []
    for i, ch in enumerate(text):
        out = ch.translate(TABLE).casefold()
        mapping.extend([i] * len(out))
    mapping.append(len(text))
    return mapping


def is_arabic(text: str) -> bool:
    """True if ``text`` contains at least one Arabic-script letter."""
    for ch in text:
        cp = ord(ch)
        for lo, hi in _ARABIC_RANGES:
            if lo <= cp <= hi:
                return True
    return False


_VOWEL_LETTERS = str.maketrans("", "", "اويىءئؤةه")


def skeleton(key: str) -> str:
    """A normalised name without its long vowels and hamza seats after the first letter.

    Foreign names are transliterated with or without long vowels
    (تايلند/تايلاند، كراكاس/كاراكاس، تركمنستان/تركمانستان); their skeletons agree.

    Examples
    --------
    >>> skeleton("تايلند") == skeleton("تايلاند")
    True
    """
    return key[:1] + key[1:].translate(_VOWEL_LETTERS)
