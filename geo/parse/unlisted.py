"""Unlisted places: a name after a place cue word that the gazetteer lacks.

معسكر لبوزة، قرية البحصة، أحياء التحرير الأسفل وضبوعة: the cue word says a
place is named, but the gazetteer does not know it. ACLED codes such a place
at the nearest place it can locate, with geo_precision 2; so does this
module. The anchor is the place named with it in the sentence (X بمحافظة Y،
X في مدينة Y: a few words after it, a locative last), else the nearest place
named before it in the sentence, else
the last one named shortly before (the story's place). A province anchors
at its seat. Names that are also ordinary words (wordfreq Zipf 3.5 or more;
5 for a definite noun after a cue that names only small places, حي المسبح)
are left alone, and so is a name with no anchor.
"""
from __future__ import annotations

import bisect
import functools
from collections import Counter

from geo.parse.gating import zipf_of
from geo.parse.resolving import COUNTRY_CODES, WHOLE_AREAS
from geo.text import (clitic_forms, clitic_stems, clitic_variants, is_arabic, name_key, normalize, orig_offset,
                      sentence_of, word_set, wordlists)

#: Cue words after which an unknown name is a place we can anchor: towns, districts, camps, bases.
#: Not the country words (دولة، بلاد), the capital, or facilities whose name is an institution's
#: (مستشفى الثورة، جامعة صنعاء).
UNLISTED_CUES = frozenset(cue for cue, classes in wordlists.CUES.items() if classes and classes != "H") - word_set(
    "دولة بلاد العاصمة عاصمة مركز قطاع شبه مدن جامعة مستشفى محطة بحر نهر بحيرة خليج مضيق")
#: Military positions named after a cue only here (نقطة جهري، موقعي جبيلي نصص): after a number نقطة is a
#: score (87 نقطة), so these count only when no number stands before them.
POSITION_CUES = word_set("نقطة حاجز موقعي")
UNLISTED_CUES = UNLISTED_CUES | POSITION_CUES
#: As common as this (wordfreq Zipf) or more, a word after a cue is an ordinary word (منطقة العمليات).
MAX_ZIPF = 3.5
#: Cue words that name a small place and nothing else (حي، قرية، جبل...): after them a definite noun
#: is a name even if it is also a common word (حي المسبح، وادي القاضي، أحياء التحرير الأسفل).
STRONG_CUES = word_set("حي أحياء قرية قريتي قرى بلدة بلدتي بلدات وادي جبل جبال مخيم مخيمات معسكر معسكرات "
                       "قاعدة مطار ميناء معبر مديرية ناحية قضاء")
STRONG_MAX_ZIPF = 5.0
_AHYA = normalize("أحياء")
#: Anchors: places that can hold a village. Not countries, seas or wide regions.
_TOO_WIDE = WHOLE_AREAS | {"SEA", "OCN", "GULF", "STRT", "LK", "STM", "RGN", "DSRT", "PEN"}
#: How far (characters) after the name a place can still be the one it lies in (X في محافظة Y).
AFTER_CHARS = 60
#: How far back (characters) the story's last place can anchor a name in a later sentence.
BEFORE_CHARS = 500


def unlisted_mentions(tokens, text: str, mentions: list, sents, countries, make) -> list:
    """Mentions of unknown names after place cue words, anchored to a known place.

    Parameters
    ----------
    tokens : list of geo.text.Token
    text : str
    mentions : list of Mention
        The resolved mentions; their tokens are not looked at again.
    sents : list of (start, end)
        Sentence spans of ``text``.
    countries : dict
        Country code -> how often the article names it: a place from an
        earlier sentence anchors only if it is in the article's main country
        (named or placed in most often).
    make : callable
        ``make(start, end, anchor, how, cue, sentence)`` builds one mention.
    """
    starts = [t.start for t in tokens]
    covered = set()
    for m in mentions:
        covered.update(range(bisect.bisect_right(starts, m.start) - 1, bisect.bisect_left(starts, m.end)))
    anchors = [m for m in mentions if m.feature not in _TOO_WIDE and m.lat is not None]
    # The article's main country: the one it names or places in most (a Yemeni report may never say اليمن).
    countries = Counter(countries) + Counter(m.country_code for m in anchors if m.country_code)
    spans, out = [], []
    for i in [j for j in range(1, len(tokens)) if tokens[j - 1].norm in _UNLISTED_FORMS]:
        cue = _cue_of(tokens[i - 1].norm)
        if cue == _AHYA and "إ" in tokens[i - 1].text:
            continue                 # إحياء (reviving), not أحياء (districts): one spelling once normalised
        if cue in POSITION_CUES and i >= 2 and any(ch.isdigit() for ch in tokens[i - 2].text):
            continue                 # 87 نقطة: a score
        strong = cue in STRONG_CUES
        if i in covered or not tokens[i].joined or not _name_like(tokens[i], strong):
            continue
        last = i + 1 if i + 1 < len(tokens) and i + 1 not in covered and tokens[i + 1].joined \
            and not tokens[i + 1].norm.startswith("و") and _name_like(tokens[i + 1], strong) else i
        names = [(tokens[i].start, tokens[last].end)]
        j = last + 1
        while j < len(tokens) and tokens[j].joined and tokens[j].norm.startswith("و"):   # وضبوعة والروضة
            if j not in covered:
                if not _name_like(tokens[j], strong, skip=1):
                    break
                names.append((orig_offset(tokens[j], 1), tokens[j].end))
            j += 1
        spans += [(start, end, cue) for start, end in names]
    for group in _lists(text, sorted(spans)):
        # A list of names shares the place named after its last one (أحياء الضبوعة وحي المسبح بمدينة تعز).
        start, end, _cue = group[-1]
        shared = _anchor(text, start, end, sentence_of(sents, start, end), anchors, countries)
        for start, end, cue in group:
            sentence = sentence_of(sents, start, end)
            found = shared if shared and shared[1] == "named with it" else \
                _anchor(text, start, end, sentence, anchors, countries)
            if found:
                out.append((name_key(text[start:end]), start, end, found, cue, sentence))
    # One name, one place: where it is first named with its place, or else where it is first met.
    best = {}
    for key, _s, _e, found, _c, _sent in out:
        if key not in best or _RANK[found[1]] < _RANK[best[key][1]]:
            best[key] = found
    return [make(start, end, *best[key], cue, sentence) for key, start, end, _f, cue, sentence in out]


def recognised_mentions(spans, tokens, text: str, mentions: list, sents, countries, make) -> list:
    """Mentions of names the place recogniser reads as places but the gazetteer lacks.

    ``spans`` are ``(first, last, probability)`` token runs; each is anchored
    as a name after a cue word is (same parameters as :func:`unlisted_mentions`;
    ``make`` gets the recogniser's probability as its ``cue``). A run that
    overlaps a mention, is not name-like or has no anchor is left alone.
    """
    taken = [(m.start, m.end) for m in mentions]
    # Anchors are places the gazetteer knows, not other unknown names.
    anchors = [m for m in mentions if m.feature not in _TOO_WIDE and m.lat is not None and m.match != "unlisted"]
    countries = Counter(countries) + Counter(m.country_code for m in anchors if m.country_code)
    out = []
    for first, last, p in spans:
        start, end = tokens[first].start, tokens[last].end
        if any(s < end and start < e for s, e in taken):
            continue
        if not all(_name_like(t, strong=False) for t in tokens[first:last + 1]):
            continue
        sentence = sentence_of(sents, start, end)
        found = _anchor(text, start, end, sentence, anchors, countries)
        if found is None:
            # No finer place: the country named in its sentence (قوانغتشو ... الصين), at precision 3.
            named = [m for m in mentions if m.feature in COUNTRY_CODES and sentence[0] <= m.start < sentence[1]]
            found = (named[0], "the country named in its sentence") if len(
                {m.country_code for m in named}) == 1 else None
        if found:
            out.append(make(start, end, *found, p, sentence))
    return out


def facility_mentions(tokens, text: str, mentions: list, sents, countries, make) -> list:
    """Mentions of facilities the gazetteer lacks (معهد الأورام، مستشفى الروم، سد الوالة): the
    facility word and the one or two words that name it, placed like an unlisted name at the
    known place it is named with, else before it (same parameters as :func:`unlisted_mentions`).

    The name's first word must be definite or name-like (مستشفى الثورة، مقبرة صبحان); a second
    word is taken if definite (معهد الأورام القومي). A facility whose name holds a known place
    (مستشفى طرابلس المركزي) is that place's already, and a facility with no anchor is left alone.
    """
    taken = [(m.start, m.end) for m in mentions]
    anchors = [m for m in mentions if m.feature not in _TOO_WIDE and m.lat is not None and m.match != "unlisted"]
    countries = Counter(countries) + Counter(m.country_code for m in anchors if m.country_code)
    out = []
    for i in [j for j in range(len(tokens) - 1) if tokens[j].norm in _FACILITY_FORMS]:
        prefix = _facility_prefix(tokens[i].norm)
        first = tokens[i + 1]
        # المستشفى الميداني: after a definite facility word only an adjective, never a name
        word = tokens[i].norm[prefix:]
        if not first.joined or not _facility_word(first, definite_or_name=not word.startswith("ال")):
            continue
        if word in _ALSO_VERBAL and not _name_like(first):
            continue                     # سد العجز، سد الطريق: filling a gap, blocking a road
        last = i + 1
        if last + 1 < len(tokens) and tokens[last + 1].joined and _facility_word(tokens[last + 1]):
            last += 1
        start, end = orig_offset(tokens[i], prefix), tokens[last].end
        if any(s < end and start < e for s, e in taken):
            continue
        sentence = sentence_of(sents, start, end)
        found = _anchor(text, start, end, sentence, anchors, countries)
        if found:
            out.append(make(start, end, *found, text[start:tokens[i].end], sentence))
            taken.append((start, end))
    return out


@functools.lru_cache(maxsize=65536)
def _facility_prefix(norm: str) -> int | None:
    """How many clitic letters stand before a facility word (لمعهد -> 1, والمستشفى -> 1), or None."""
    for prefix, stem, _dropped in clitic_variants(norm):
        if stem in wordlists.FACILITIES or (stem.startswith("ال") and stem[2:] in wordlists.DEFINITE_FACILITIES):
            return prefix
    return None


def _facility_word(token, definite_or_name: bool = False) -> bool:
    """A word that can name a facility: definite (الأورام، المركزي), or, for the first word, a
    name (صبحان); not a number, a cue word, a function or time word, nor a word with a clitic
    before it (للثروة، ومطالباته، بإصابة: a preposition or و and a word, not a name)."""
    norm = token.norm
    if len(norm) < 3 or any(ch.isdigit() for ch in token.text) or norm in _FUNCTION_WORDS:
        return False
    if norm in wordlists.CUES or norm in wordlists.FACILITIES or norm in wordlists.TITLES or _clitic_and_word(token):
        return False                     # مدير المستشفى الدكتور ...: a title begins a person's name
    if norm.startswith("ال") and len(norm) > 3:
        return True
    return definite_or_name and _name_like(token)


def _clitic_and_word(token) -> bool:
    """True if the token reads as و/ف/ب/ل/ك and a common word, the word as written (للثروة:
    ل + الثروة; the normalised الثروه is unknown to word frequencies)."""
    for prefix, _stem, dropped in clitic_variants(token.norm)[1:]:
        rest = token.text[orig_offset(token, prefix) - token.start:]
        rest = "ا" + rest if token.norm[prefix - 1:prefix + 1] == "لل" else rest
        # ومطالباته، وغادرها: the word may carry a pronoun too
        bare = [rest] + [rest[:-len(p)] for p in wordlists.PRONOUNS if rest.endswith(p) and len(rest) > len(p) + 2]
        if not dropped and max(zipf_of(w) for w in bare) >= 3.0:
            return True
    return False


#: Facility words that are as often verbal nouns (سد the dam, سد العجز filling the gap; نفق the
#: tunnel or the verb): only a name, not a common word, may follow them.
_ALSO_VERBAL = word_set("سد نفق")

#: Words that are never a facility's name: relatives, prepositions, times (المستشفى الساعة الثالثة),
#: and titles the title list leaves out (مدير المستشفى الأستاذ ...).
_FUNCTION_WORDS = word_set("التي الذي الذين الى الي على علي عن من في مع بعد قبل امام خلف الان اليوم "
                           "الساعة الليلة الصباح المساء الماضي الحالي المقبل امس غدا "
                           "الأستاذ البروفسور البروفيسور المهندس الطبيب")


@functools.lru_cache(maxsize=65536)
def _cue_of(norm: str) -> str | None:
    """The cue word a token is, clitics read off (وبمنطقة -> منطقه، وموقعي -> موقعي), or None."""
    for _prefix, stem, dropped in reversed(clitic_variants(norm)):
        if not dropped and stem in UNLISTED_CUES:
            return stem
    return None


#: The tokens that are a facility word or an unlisted place's cue word, clitics and all (looked up).
_FACILITY_FORMS = clitic_forms(wordlists.FACILITIES, lambda norm: _facility_prefix(norm) is not None)
_UNLISTED_FORMS = clitic_forms(UNLISTED_CUES, lambda norm: _cue_of(norm) is not None)


def _lists(text: str, spans: list) -> list[list]:
    """Consecutive names joined by و, with or without a cue word (الضبوعة وحي المسبح ووادي القاضي)."""
    groups: list[list] = []
    for span in spans:
        if groups and _joined(text[groups[-1][-1][1]:span[0]]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def _joined(gap: str) -> bool:
    words = gap.split()
    return bool(words) and len(words) <= 3 and words[0].startswith("و") and all(
        w == "و" or clitic_stems(normalize(w)) & _CUES for w in words)


def _name_like(token, strong: bool = False, skip: int = 0) -> bool:
    """Not an ordinary word (read with or without its clitics: بالسقوط، وقرى), a cue word, a number
    or a name we know is no place. After a strong cue, a definite noun may be a common word."""
    word, norm = token.text[skip:], token.norm[skip:]
    # After a strong cue a definite noun, and any item of the list that follows it, may be a common word.
    limit = STRONG_MAX_ZIPF if strong and (norm.startswith("ال") or skip) else MAX_ZIPF
    if len(norm) < 3 or any(ch.isdigit() for ch in word) or not all(is_arabic(ch) for ch in word if ch.isalpha()):
        return False                 # a number, or a name in Latin letters (موقع aitnews)
    for _prefix, stem, dropped in clitic_variants(norm):
        if stem in wordlists.CUES or stem in wordlists.NOT_PLACES or stem in wordlists.COMMON_WORDS:
            return False
        if not dropped and stem != norm and zipf_of(stem) >= MAX_ZIPF:
            return False             # بالسقوط: ب + a common word
    if not norm.startswith("ال") and norm.endswith("يه"):
        return False                 # مدينة ساحلية، قرية نائية: an adjective, not a name
    if norm.endswith("ا") and zipf_of(norm[:-1]) >= MAX_ZIPF:
        return False                 # خاسرا، متقدما: an adjective in the accusative
    for suffix in wordlists.PRONOUNS:
        if norm.endswith(suffix) and zipf_of(norm[:-len(suffix)]) >= MAX_ZIPF:
            return False             # رجوعه، سيطرتها: a noun with its pronoun
    return zipf_of(word) < limit



def _within(between: str) -> bool:
    """The words between a name and a place say the name lies in it: a few words, no comma (but
    «، التابعة ل»), and a locative last (قاعدة العند العسكرية في لحج، حي الوعر بمدينة حمص، مشبعة
    بالبيضاء، قرية زاركلي، التابعة لقضاء راوندوز)."""
    plain = between.replace("،", " ").replace(",", " ").split()
    words = [w for w in plain if normalize(w) not in _CONTAINING]
    if any(p in between for p in ".؛;:()«»\"") or len(words) > 4:
        return False
    if ("،" in between or "," in between) and len(words) == len(plain):
        return False                 # a comma, not followed by التابعة or الواقعة
    if not words:
        return True
    last = normalize(words[-1])
    return last in ("ب", "لل") or bool(clitic_stems(last) & (_LOCATIVE | _CUES))


_LOCATIVE = word_set("في قرب شمال جنوب شرق غرب شمالي جنوبي شرقي غربي داخل")
_CUES = frozenset(wordlists.CUES)
_CONTAINING = word_set("التابعة التابع الواقعة الواقع تقع يقع")


_RANK = {"named with it": 0, "named before it in the sentence": 1, "the place the story was at just before": 2,
         "the country named in its sentence": 3}


def _anchor(text: str, start: int, end: int, sentence, anchors, countries):
    """The known place an unknown one is placed at, and how it was chosen; None if there is none."""
    s0, s1 = sentence
    after = [m for m in anchors if end <= m.start < min(s1, end + AFTER_CHARS) and _within(text[end:m.start])]
    if after:
        return after[0], "named with it"
    before = [m for m in anchors if s0 <= m.start and m.end <= start]
    if before:
        return before[-1], "named before it in the sentence"
    main = max(countries.values(), default=0)
    earlier = [m for m in anchors if start - BEFORE_CHARS <= m.start and m.end <= start
               and main and countries.get(m.country_code) == main]
    if earlier:
        return earlier[-1], "the place the story was at just before"
    return None
