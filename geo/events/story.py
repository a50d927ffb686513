"""The story's date: the lead's day, carried to later sentences of the same story.

ACLED dates an incident by the text that reports it. A news lead usually
dates the story (قتل خمسة مسلحين أمس ...), and the sentences after it tell
more of that story without naming the day again. :func:`carried_dates` gives
each sentence the lead's date (:func:`geo.events.dating.lead_date`) until a
sentence turns to another story (في غضون ذلك، من جهة أخرى، إلى ذلك ...);
from there on, sentences that name no day fall back on the publication date.
"""
from __future__ import annotations

from geo.events.dating import Period, lead_date
from geo.text import normalize

#: Openings that turn to another story.
TOPIC_SHIFTS = tuple(normalize(p) for p in (
    "في غضون ذلك", "وفي غضون ذلك", "إلى ذلك", "والى ذلك", "وإلى ذلك", "من جهة أخرى", "ومن جهة أخرى",
    "من جهة ثانية", "ومن جهة ثانية", "على صعيد آخر", "وعلى صعيد آخر", "في سياق آخر", "وفي سياق آخر",
    "في سياق منفصل", "وفي سياق منفصل", "في شأن آخر", "وفي شأن آخر", "من ناحية أخرى", "ومن ناحية أخرى",
    "في تطور آخر", "وفي تطور آخر"))
#: A first line shorter than this (characters), with no final stop, is a headline: the lead is the next one too.
HEADLINE_CHARS = 80


def carried_dates(text: str, sents: list[tuple[int, int]], published: Period | None, mentions=()) -> dict:
    """``{sentence span: EventDate}`` for the sentences the lead's date carries to.

    The lead is the first sentence (and the second, after a headline line). A
    sentence that opens with a topic shift, or that opens at a place the lead
    does not name (وفي محافظة الشرقية ...: another story of a digest), and
    every sentence after it, are left out. ``mentions``: the article's place
    mentions (geo.parse.Mention).
    """
    if not sents:
        return {}
    lead_end = sents[0][1]
    first = text[sents[0][0]:sents[0][1]].strip()
    if len(first) < HEADLINE_CHARS and not first.endswith((".", "!", "؟", "?")) and len(sents) > 1:
        lead_end = sents[1][1]               # a headline line: the lead is the sentence after it
    date = lead_date(text, (sents[0][0], lead_end), published)
    if date is None:
        return {}
    lead_places = {m.place_id for m in mentions if m.start < lead_end}
    out = {}
    for span in sents:
        opening = normalize(text[span[0]:span[0] + 40].strip(" \n\t\"«»-–—،,"))
        if opening.startswith(TOPIC_SHIFTS) or _opens_elsewhere(opening, span, mentions, lead_places):
            break
        out[span] = date
    return out


def _opens_elsewhere(opening: str, span, mentions, lead_places) -> bool:
    """وفي محافظة الشرقية ...: the sentence opens at a place the lead does not name."""
    if not opening.startswith(("وفي ", "في ")):
        return False
    first = next((m for m in mentions if span[0] <= m.start < span[0] + 30), None)
    return first is not None and first.place_id not in lead_places
