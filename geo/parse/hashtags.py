"""Places inside compound hashtags: a tweet's topic tags, not places it reports.

``#امطار_الكويت`` ("Kuwait rains"), ``#انفجار_بيروت``, ``#سيول_الأردن``,
``#الكويت_الان`` tag a tweet with a story; they do not say that something
happened at Kuwait in this tweet, and they repeat in thousands of tweets. A
place that is only a part of such a hashtag is therefore not returned as a
mention (it still counts among the article's countries, read before). A place
that is the whole hashtag (``#بيروت``, ``#حفر_الباطن``) is a mention, and so is
one named by a place word before it in the hashtag (``#مرفأ_بيروت``,
``#مستشفى_حفر_الباطن``, ``#منطقة_ضبعة``) or just before the hashtag
(``منطقة #الوفرة_الجديدة``): that is a place's name written as a tag.

On the IDRISI development tweets the annotators marked about one in ten of the
places inside compound hashtags; the parser had returned every one of them.
Takes the text and its mentions; gives the mentions less the topic tags.
"""
from __future__ import annotations

import re

from geo.text import clitic_forms, normalize, wordlists

#: A hashtag of two or more words joined by underscores (harakat and tatweel inside its words).
_COMPOUND = re.compile(r"#([^\W_]|[\u064B-\u065F\u0670\u0640])+(_([^\W_]|[\u064B-\u065F\u0670\u0640])+)+")
_WORD = re.compile(r"([^\W_]|[\u064B-\u065F\u0670\u0640])+")

#: Words before a place in a hashtag that make the tag a place's name: the cue words of towns,
#: districts and facilities (قرية، منطقة، مرفأ، مستشفى، جامعة، وادي...), not the direction words.
_PLACE_WORDS = frozenset(w for w, classes in wordlists.CUES.items() if classes) | wordlists.FACILITIES
_PLACE_WORD_FORMS = clitic_forms(_PLACE_WORDS, lambda norm: True)


def compound_hashtags(text: str) -> list[list[tuple[int, int]]]:
    """The compound hashtags of ``text``, each as the ``(start, end)`` of its words in order.

    Examples
    --------
    >>> [[(a, b) for a, b in tag] for tag in compound_hashtags("سيول #امطار_الكويت اليوم")]
    [[(6, 11), (12, 18)]]
    """
    return [[w.span() for w in _WORD.finditer(text, m.start(), m.end())] for m in _COMPOUND.finditer(text)]


def without_topic_tags(mentions: list, text: str) -> list:
    """``mentions`` (anything with ``start`` and ``end``) less those that are only part of a
    compound hashtag and not named by a place word before them in it."""
    if "_" not in text or "#" not in text:
        return mentions
    tags = compound_hashtags(text)
    if not tags:
        return mentions
    return [m for m in mentions if not _topic_tag(m.start, m.end, tags, text)]


def _topic_tag(start: int, end: int, tags, text: str) -> bool:
    for words in tags:
        if not words[0][0] <= start < words[-1][1]:
            continue
        first = next(i for i, (a, b) in enumerate(words) if start < b)
        last = next((i for i, (a, b) in enumerate(words) if end <= b), len(words) - 1)
        if first == 0 and last == len(words) - 1:
            return False                          # the whole hashtag is the place: #حفر_الباطن
        before = text[slice(*words[first - 1])] if first > 0 else _word_before(text, words[0][0] - 1)
        if normalize(before) in _PLACE_WORD_FORMS:
            return False                          # a place's name as a tag: #مرفأ_بيروت، منطقة #الوفرة_الجديدة
        return True
    return False


_LAST_WORD = re.compile(r"(\w+)\W*$")


def _word_before(text: str, end: int) -> str:
    """The word before ``text[end]`` (the hashtag's #), within a few characters; '' if none."""
    found = _LAST_WORD.search(text, max(0, end - 30), end)
    return found.group(1) if found else ""
