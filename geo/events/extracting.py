"""Events: from resolved place mentions to incidents (what, where, when, who).

An event is a sentence with an event trigger (:mod:`geo.events.triggers`) and a
resolved place. Within each sentence:

1. **Where.** Places that are parties by metonymy (واشنطن وطهران تعتزمان...) are
   not locations unless a locative word introduces them (في، ب، قرب، منطقة...).
   A country or province is dropped when the sentence names a finer place in
   it, and places that only describe another (الواقعة بين مدينتي مصراتة وسرت)
   are references, not locations. A location is introduced by a locative
   word or follows the trigger directly (حرب غزة، قصف طرابلس): a name in any
   other position is more often a person or a word than the scene
   (بان كي مون، البنى التحتية). Each trigger takes the first such place after
   it within :data:`MAX_DISTANCE` tokens (else the nearest before it) and
   places listed after that one (و، or و with a cue word: وحي المسبح).
2. **What.** The place's heaviest trigger gives the type (ties: violent types first);
   another violent type at the same place is a second event when its trigger
   is a sure one (clashes and shelling at one town: :func:`_kinds_kept`).
3. **Who.** Parties named in the sentence (:mod:`geo.events.parties`); actor and
   target as ACLED's actor1/actor2 from a few patterns (see :func:`_roles`).
4. **When.** :func:`geo.events.dating.event_date` against the publication date;
   a sentence that names no day takes the lead's day while it continues the
   lead's story (:mod:`geo.events.story`), else the publication date.

Places in sentences without a trigger stay plain mentions, and so do places
more than :data:`MAX_DISTANCE` tokens from any trigger. Sports reports give
no events (:func:`is_sports`). A candidate that ACLED would not code (history,
a plan, a reaction...; :mod:`geo.events.factuality`) is dropped, and one
incident told in several sentences of the article is one event
(:func:`merge_within_article`).
"""
from __future__ import annotations

import bisect
import logging
from collections import Counter
from dataclasses import dataclass, field

from geo.events.dating import EventDate, Period, event_date
from geo.events.anaphora import anaphoric_places
from geo.events.factuality import not_an_incident
from geo.events.merging import merge_within_article
from geo.events.story import carried_dates
from geo.events.parties import Parties, Party
from geo.text import (Found, Token, clitic_stems, clitic_variants, normalize, sentences, tokenize, word_set,
                      wordlists)
from geo.parse import WHOLE_AREAS
from geo.events.triggers import Trigger, Triggers

log = logging.getLogger(__name__)
CONTAINERS = WHOLE_AREAS | {"ADM1", "RGN", "RGNE"}
LOCATIVES = word_set("في داخل على إلى عند قرب نحو حول أنحاء نقطة حاجز موقعي") | frozenset(wordlists.CUES)
REFERENCE_WORDS = word_set("بين الواقعة الواقع تقع يقع الواقعتين")
DIRECTIONS = word_set("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي")
AGENT_VERBS = tuple(word_set("شن نفذ تبنى تبنت"))
AFFILIATION = word_set("التابع التابعة التابعين التابعون الموالي الموالية الموالين الموالون")
TARGET_WORDS = word_set("على ضد بحق")
CUE_WORDS = frozenset(wordlists.CUES)
#: News about an incident (not the incident): a place before these is where it was reported.
REPORTS_ABOUT = word_set("تتحدث يتحدث تحدثت تتناقل تناقلت يتناقل أنباء الأنباء تقارير التقارير الأخبار")
#: Aircraft named beside a shelling or a strike make it an air or drone strike.
AIR_WORDS = word_set("طائرة طائرات الطائرات الطيران طيران جوي جوية مروحية مروحيات هليكوبتر أباتشي درون "
                     "مسيرة مسيرات المسيرة المسيرات مقاتلات")
GENERIC_REMOTE = frozenset({"shelling_artillery_missile", "remote_violence"})
#: Word beginnings that name a remote weapon (a shell, a rocket, an aircraft, a bomb, a mine).
REMOTE_MEANS = tuple(normalize(w) for w in (
    "قصف", "قذيف", "قذائف", "صاروخ", "صواريخ", "مدفع", "هاون", "راجم", "طائر", "طيران", "غار", "عبو",
    "لغم", "ألغام", "انفجار", "تفجير", "مفخخ", "درون", "مسير", "مقاتلات", "ناسف", "انتحار", "قنبل"))
RESPONSIBILITY = normalize("مسؤولي")      # المسؤولية، مسؤوليته
#: Farthest a trigger and its place may be apart, in tokens (long sentences list many things; a news
#: sentence often puts the actor, the victims and the time between the verb and the place: خطفت ثمانية
#: عناصر من الفرقة 30 بينهم قائدها مساء الأربعاء قرب مدينة أعزاز). Measured on the development set:
#: 15 -> 20 tokens found 5 more incidents for 2 more false ones; 25 began to attach unrelated places.
MAX_DISTANCE = 20
#: Sports words: an article with many is a match report, where هجوم is the forward line,
#: مفاوضات are transfer talks and اتفاق a contract. Such articles give no events.
SPORTS_WORDS = word_set(
    "مباراة مباريات المباراة المباريات الدوري دوري المنتخب لاعب اللاعب لاعبين اللاعبين لاعبي المدرب "
    "الشوط شوط هدف أهداف الهدف الأهداف بطولة البطولة النادي نادي ملعب الملعب كأس التعاقد المهاجم "
    "الحارس المرمى ركلة جزاء الجولة الموسم الكرة كرة")
SPORTS_MIN_WORDS, SPORTS_MIN_DISTINCT = 5, 3
SPORTS_MAX_TOKENS_PER_WORD = 200    # and at least one sports word in this many tokens
VIOLENT = ("battles", "explosions_remote_violence", "violence_against_civilians", "riots")
#: Tie-break between triggers of equal weight: violent types first.
_TIE = {t: i for i, t in enumerate(("explosions_remote_violence", "battles", "violence_against_civilians",
                                    "riots", "protests", "strategic_developments"))}


@dataclass
class Event:
    """An incident at a place, traced to its sentence (offsets are into the article text)."""

    event_type: str
    sub_event_type: str
    place: object                   # geo.parse.geoparser.Mention
    trigger: Found[Trigger]
    sentence: tuple[int, int]
    date: EventDate
    parties: list[Party] = field(default_factory=list)
    actor1: Party | None = None
    actor2: Party | None = None
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def point(self) -> tuple:
        """(lat, lon) to draw the event at: its place's, or the seat's when only a province is known."""
        at = self.place.drawn_at
        return at["lat"], at["lon"]


class EventExtractor:
    """Turn an article's text and resolved mentions into :class:`Event` objects.

    Parameters
    ----------
    triggers : geo.events.triggers.Triggers, optional
    parties : geo.events.parties.Parties, optional
        Default: the lexicons named by the settings (built-in ones otherwise).
    """

    def __init__(self, triggers: Triggers | None = None, parties: Parties | None = None):
        from geo.events import parties as parties_mod, triggers as triggers_mod

        self.triggers = triggers or triggers_mod.load()
        self.parties = parties or parties_mod.load()

    def extract(self, text: str, mentions: list, published: Period | None, tokens=None) -> list[Event]:
        """Events of one article, in text order.

        Parameters
        ----------
        text : str
            The article text the mentions were found in.
        mentions : list of geo.parse.geoparser.Mention
        published : geo.events.dating.Period or None
            The publication date; relative dates resolve against it.
        tokens : list of geo.text.tokens.Token, optional
            ``tokenize(text)``, if the caller has it already.
        """
        tokens = tokenize(text) if tokens is None else tokens
        if is_sports(tokens):
            return []
        starts = [t.start for t in tokens]
        country = _main_country(mentions)
        mentions = sorted(mentions + anaphoric_places(text, tokens, mentions), key=lambda m: m.start)
        events = []
        spans = sentences(text)
        story = _Story(text, spans, published, mentions)
        for span in spans:
            lo, hi = bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])
            found = self.triggers.find(tokens, lo, hi)
            if not found:
                continue
            inside = [m for m in mentions if span[0] <= m.start < span[1]]
            if not inside:
                continue
            sentence = _Sentence(text, span, tokens, starts, lo, hi,
                                 self.parties.find(tokens, lo, hi, country, published), story)
            events += sentence.events(found, inside, published)
        return merge_within_article(events)


class _Story:
    """The lead's date for the sentences of its story, worked out only if a sentence needs it."""

    def __init__(self, text, spans, published, mentions):
        self.args = (text, spans, published, mentions)
        self.dates = None

    def date(self, span) -> EventDate | None:
        if self.dates is None:
            self.dates = carried_dates(*self.args)
        return self.dates.get(span)


def is_sports(tokens: list[Token]) -> bool:
    """True for a sports report: at least 5 sports words, 3 of them different, and one word in 200.

    The share keeps a very long text (a digest of many stories) with a few
    sports words in it from counting as sport.
    """
    hits = [w for t in tokens for w in clitic_stems(t.norm) & SPORTS_WORDS]
    return (len(hits) >= SPORTS_MIN_WORDS and len(set(hits)) >= SPORTS_MIN_DISTINCT
            and len(hits) * SPORTS_MAX_TOKENS_PER_WORD >= len(tokens))


def _main_country(mentions) -> str | None:
    counts = Counter(m.country_code for m in mentions if m.country_code)
    return counts.most_common(1)[0][0] if counts else None


class _Sentence:
    """One sentence's tokens, parties and the rules that need them."""

    def __init__(self, text, span, tokens, starts, lo, hi, parties, story=None):
        self.text, self.span, self.tokens, self.starts = text, span, tokens, starts
        self.lo, self.hi = lo, hi
        self.parties = parties
        self.story = story                   # the lead's date for the sentences of its story

    def tok(self, offset: int) -> int:
        """Index of the token containing character ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    # -- where -------------------------------------------------------------
    def events(self, found, mentions, published) -> list[Event]:
        # A trigger word inside a party's name is no trigger (الجماعة السلفية للدعوة والقتال).
        found = [t for t in found if not any(_overlap(p, t) for p in self.parties)]
        self.loc = {m.start: self.locative(m) for m in mentions}
        places = self._locations(mentions)
        chosen: dict[tuple, list] = {}               # (place_id, type) -> [(trigger, mention)]
        for trig in found:
            for m in self._places_for(trig, places):
                chosen.setdefault((m.place_id, trig.value.event_type), []).append((trig, m))
        events = []
        for pairs in _kinds_kept(chosen, self._instrumental):
            event = self._event(pairs, published)
            if why := not_an_incident(event, self.tokens, self.lo, self.hi, published):
                log.debug("not an incident at %s: %s", event.place.text, why)
            else:
                events.append(event)
        return events

    def _instrumental(self, trig: Found) -> bool:
        """The trigger carries the preposition ب (بقذائف الهاون، بالصواريخ): the weapon of an attack."""
        tok = self.tokens[trig.first]
        if "ب" in normalize(self.text[tok.start:trig.start]):
            return True
        prev = self.tokens[trig.first - 1].norm if trig.first > self.lo else ""
        return prev.startswith("ب") and prev[1:].removeprefix("ال").startswith(REMOTE_MEANS)   # بقذائف الهاون

    def _locations(self, mentions) -> list:
        """Mentions that can be where something happened (see the module notes)."""
        out = []
        for m in mentions:
            if not self.loc[m.start] and (self._party_at(m) or m.feature in WHOLE_AREAS):
                continue                             # a party by metonymy (واشنطن ترفض), a country's interests
            if any(p.start < m.start or p.end > m.end for p in self.parties if _overlap(p, m)):
                continue                             # part of a party's name: ولاية سيناء (ISIS in Sinai)
            if self._reference(m, mentions):
                continue
            out.append(m)
        finer = {m.country_code for m in out if m.feature not in CONTAINERS}
        return [m for m in out if m.feature not in CONTAINERS or m.country_code not in finer]

    def locative(self, m) -> str | None:
        """The word that introduces ``m`` as a location (في، ب، منطقة...), or None."""
        i = self.tok(m.start)
        prefix = normalize(self.text[self.tokens[i].start:m.start])
        if "ب" in prefix and not self._party_at(m):     # بطرابلس, but not الثقة بإيران
            return "ب"
        for j in range(i - 1, max(self.lo, i - 3) - 1, -1):
            hit = clitic_stems(self.tokens[j].norm) & LOCATIVES
            if hit:
                return self.tokens[j].text
        return None

    def _party_at(self, m) -> Party | None:
        return next((p.value for p in self.parties if _overlap(p, m)), None)

    def _reference(self, m, mentions) -> bool:
        """True for a place that only locates another one named before it."""
        i = self.tok(m.start)
        if not any(o.start < m.start for o in mentions):
            return False
        if any(clitic_stems(self.tokens[j].norm) & REFERENCE_WORDS for j in range(max(self.lo, i - 3), i)):
            return True
        # سناح شمال مدينة الضالع: a direction right after another place locates that place.
        before = [o for o in mentions if o.end <= m.start]
        if not before or i - self.tok(before[-1].end - 1) > 4:
            return False
        return any(clitic_stems(self.tokens[j].norm) & DIRECTIONS for j in range(self.tok(before[-1].end - 1) + 1, i))

    def _places_for(self, trig, places) -> list:
        # A place right after the trigger is its scene (قصف طرابلس), but it names talks or an agreement
        # (مفاوضات فيينا، اتفاق الرياض) rather than places them: those need a locative.
        construct = trig.value.event_type != "strategic_developments"
        places = [m for m in places if self.loc[m.start] or (construct and self.tok(m.start) == trig.last + 1)]
        near = [m for m in places if abs(self.tok(m.start) - trig.first) <= MAX_DISTANCE]
        after = [m for m in near if m.start >= trig.end]
        if after:
            first = after[0]
        else:
            # A place before «قال ... إن» is where it was said (the spokesman, the dateline), not where it
            # happened: قال المتحدث في عدن إن القوات سيطرت على ...
            before = [m for m in near if m.end <= trig.start and not self._said_between(m, trig)]
            if not before:
                return []
            first = before[-1]
        group = [first]
        for m in places[places.index(first) + 1:]:     # مصراتة وسرت، أحياء الضبوعة وحي المسبح: a list
            if not self._listed_after(group[-1], m):
                break
            group.append(m)
        return group

    def _listed_after(self, prev, m) -> bool:
        """``m`` continues a list after ``prev``: joined by و, alone or with its cue word (وحي المسبح،
        ومحيط جبل جرة)."""
        i = self.tok(m.start)
        gap = self.tokens[self.tok(prev.end - 1) + 1:i]
        if not gap:
            return self.tokens[i].norm.startswith("و")
        return (len(gap) <= 2 and gap[0].norm.startswith("و")
                and all(clitic_stems(t.norm) & CUE_WORDS for t in gap))

    def _said_between(self, m, trig) -> bool:
        """A complementizer (إن، أن، بأن...) stands between place ``m`` and the trigger, or news
        *about* it (تتحدث عن، أنباء عن، تتناقل): the place is where it was said or reported.

        A complementizer does not count after a place that opens the sentence with a locative
        (وفي محافظة الشرقية قالت مصادر إن ...): it sets the scene of the whole report.
        """
        between = range(self.tok(m.end - 1) + 1, trig.first)
        if any(clitic_stems(self.tokens[j].norm) & REPORTS_ABOUT for j in between):
            return True                # في كابل تتناقل وسائل إعلام أنباء عن اشتباكات: where it is reported
        if self.loc[m.start] and self.tok(m.start) - self.lo <= 3:
            return False
        return any(self.tokens[j].norm in wordlists.COMPLEMENTIZERS for j in between)

    # -- what, who, when -----------------------------------------------------
    def _event(self, pairs, published) -> Event:
        trig, place = max(pairs, key=lambda p: (p[0].value.weight, -_TIE[p[0].value.event_type]))
        entry: Trigger = trig.value
        trigs = sorted({id(t): t for t, _m in pairs}.values(), key=lambda t: t.start)
        parties = [p for p in self.parties if not self._venue(p, place)]
        actor1, actor2, why = (self._roles(trig, trigs, parties, place) if entry.event_type in VIOLENT
                               else (None, None, []))
        loc = self.loc[place.start]
        date = event_date(self.text, self.span, (trig.start, trig.end), published)
        if date.basis == "article" and self.story is not None and (lead := self.story.date(self.span)) is not None:
            date = lead
        confidence = place.score * entry.weight * (1.0 if loc else 0.9)
        if place.feature in CONTAINERS:
            confidence *= 0.8
        event_type, sub = self._kind(entry, trig)
        reasons = [f"trigger «{self.text[trig.start:trig.end]}» ({sub.replace('_', ' ')})",
                   f"place «{place.text}»" + (f" introduced by «{loc}»" if loc else " right after the trigger"),
                   *why, f"date: {date.note}"]
        if (at := place.drawn_at) is place.seat:
            reasons.insert(2, f"only the province is named: drawn at its seat {at['name_ar'] or at['name']} "
                              "(ACLED's convention)")
        return Event(event_type, sub, place, trig, self.span, date,
                     _unique(p.value for p in parties), actor1, actor2, round(min(confidence, 1.0), 3),
                     reasons)

    def _kind(self, entry: Trigger, trig: Found) -> tuple[str, str]:
        """Event type and sub-type: the trigger's, or an air/drone strike when aircraft are named
        beside a shelling or a strike (قصف الجيش بطائرات هليكوبتر، استهدفت طائرات مسيرة), or an
        armed clash when «استهدف» names no weapon at all (استهدفت المقاومة تجمعا للمسلحين)."""
        if entry.sub_event_type not in GENERIC_REMOTE:
            return entry.event_type, entry.sub_event_type
        near = range(max(self.lo, trig.first - 3), min(self.hi, trig.last + 5))
        if any(clitic_stems(self.tokens[j].norm) & AIR_WORDS for j in near):
            return entry.event_type, "air_drone_strike"
        if entry.sub_event_type == "remote_violence" and entry.phrase.startswith(normalize("استهدف")) and \
                not any(self.tokens[j].norm.lstrip("وفبل").removeprefix("ال").startswith(REMOTE_MEANS)
                        for j in range(self.lo, self.hi)):
            return "battles", "armed_clash"
        return entry.event_type, entry.sub_event_type

    def _venue(self, party: Found, place) -> bool:
        """The event's own place named as a party (في سلطنة عمان): the venue, not a party."""
        if not _overlap(party, place):
            return False
        loc = self.loc[place.start]
        return loc is not None and normalize(loc) not in TARGET_WORDS

    def _roles(self, trig: Found, trigs: list[Found], parties: list[Found], place):
        """ACLED-style actor1/actor2 from the sentence's wording.

        actor: the agent of شن/نفذ just after a trigger (هجوم شنته حماس), the
        owner of the weapon (مدفعية قوات الحكومة، سلاح الجو التابع للحكومة), the
        party held responsible, or the nearest party before the trigger (not
        a reporting organisation on the far side of أن). actor2: the two sides
        after بين, or the party a trigger is aimed at (تجمع لقوات حفتر، على إسرائيل).
        """
        between = self._between(trig, parties)
        if between:
            return between[0], between[1], ["actors: the two sides after «بين»"]
        actor, how = self._actor(trig, trigs, parties)
        target = next((p.value for p in parties if p.value is not actor
                       and any(self._aimed_at(t, p, place) for t in trigs)), None)
        why = [f"actor: {how}"] if actor else []
        if target:
            why.append("target: the party a trigger is aimed at")
        return actor, target, why

    def _between(self, trig, parties):
        after = [p for p in parties if p.start >= trig.end]
        for p, q in zip(after, after[1:]):
            i = self.tok(p.start)
            joined = any(self.tokens[j].norm.startswith("و") for j in range(p.last + 1, q.first + 1))
            if i > self.lo and "بين" in clitic_stems(self.tokens[i - 1].norm) and joined \
                    and q.first - p.last <= 3 and p.value is not q.value:
                return p.value, q.value
        return None

    def _actor(self, trig, trigs, parties):
        for p in parties:
            i = self.tok(p.start)
            agent = any(0 < j - t.last <= 3 and self.tokens[j].norm.startswith(AGENT_VERBS)
                        for t in trigs for j in range(max(self.lo, i - 2), i))
            if agent:
                return p.value, f"«{self.text[p.start:p.end]}» carried it out"
            after = [self.tokens[j].norm for j in range(p.last + 1, min(self.hi, p.last + 3))]
            if any(RESPONSIBILITY in w for w in after):
                return p.value, f"«{self.text[p.start:p.end]}» is held responsible"
        for p in parties:
            i = self.tok(p.start)
            for t in trigs:
                owner = i == t.last + 1 and not self._marked_target(i)
                affiliated = t.last < i <= t.last + 3 and clitic_stems(self.tokens[i - 1].norm) & AFFILIATION
                if owner or affiliated:
                    return p.value, f"«{self.text[p.start:p.end]}» owns the weapon or unit"
        before = [p for p in parties if p.end <= trig.start and not self._reporter(p, trig)]
        if before:
            p = before[-1]
            return p.value, f"«{self.text[p.start:p.end]}» is named before the trigger"
        return None, ""

    def _reporter(self, p: Found, trig: Found) -> bool:
        """An organisation that reports the incident (… أن ...) rather than acting in it."""
        if p.value.kind != "organisation":
            return False
        return any(self.tokens[j].norm in wordlists.COMPLEMENTIZERS for j in range(p.last + 1, trig.first))

    def _marked_target(self, i: int) -> bool:
        tok = self.tokens[i]
        cut = max(k for k, _stem, dropped in clitic_variants(tok.norm, 1) if not dropped)
        return "ل" in tok.norm[:cut] or (i > self.lo and self.tokens[i - 1].norm in TARGET_WORDS)

    def _aimed_at(self, trig, p, place) -> bool:
        """True if the party is what the trigger hits: ل/على/ضد + party soon after it, or the place hit."""
        if p.start < trig.end:
            return False
        i = self.tok(p.start)
        if _overlap(p, place):
            return self._marked_target(i)              # هجوم ... على إسرائيل
        gap = self.text[trig.end:p.start]
        near = i - trig.last <= 6 and "،" not in gap and "," not in gap
        affiliated = i > self.lo and clitic_stems(self.tokens[i - 1].norm) & AFFILIATION
        return near and self._marked_target(i) and not affiliated


#: A second type of incident at a place of the sentence needs a trigger this sure, or a change of
#: territory (clashes and shelling at one town are two incidents, and so are suicide attacks and the
#: town's capture; a generic «هجوم» beside a shelling is not another one, nor the weapon of the first,
#: بقذائف الهاون).
SECOND_TYPE_WEIGHT = 0.9


def _sure(pairs, instrumental) -> bool:
    return any((t.value.weight >= SECOND_TYPE_WEIGHT or t.value.sub_event_type == "territory_change")
               and not instrumental(t) for t, _m in pairs)


def _kinds_kept(chosen: dict, instrumental) -> list[list]:
    """Per place, the pairs of its heaviest trigger's type (a weapon of another, ``instrumental``
    بقذائف، counts last), and of each other violent type with a sure trigger that is no weapon."""
    by_place: dict[str, list] = {}
    for (place_id, _type), pairs in chosen.items():
        by_place.setdefault(place_id, []).append(pairs)
    out = []
    for groups in by_place.values():
        groups.sort(key=lambda g: (all(instrumental(t) for t, _m in g), -max(t.value.weight for t, _m in g),
                                   min(_TIE[t.value.event_type] for t, _m in g)))
        out.append(groups[0])
        out += [g for g in groups[1:] if g[0][0].value.event_type in VIOLENT and _sure(g, instrumental)]
    return out


def _overlap(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def _unique(parties) -> list[Party]:
    seen = {}
    for p in parties:
        seen.setdefault(p.id, p)
    return list(seen.values())
