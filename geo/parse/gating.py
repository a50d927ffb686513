"""Gating: which gazetteer matches are place mentions.

A match is dropped when it is a person's or an organisation's name (a title
or a given name before it, صحيفة or نادي before it, a name on the not-places
list). It needs *support* when it is also an ordinary word (بين، سلالة، وان),
a spelling variant of a minor place, or read through a clitic of a common
word (كبيرا); support is a cue word (مدينة، منطقة), an adjective naming its
country right after it, a place listed beside it, or its country named in
the article.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from wordfreq import zipf_frequency

from geo.parse.matching import Match, window_matches
from geo.text import Token, clitic_forms, clitic_variants, name_key, orig_offset, skeleton, wordlists
from geo.parse.resolving import COUNTRY_CODES, WHOLE_AREAS, allowed_zipf, foreign_towns, nisba_forms, prominence


@dataclass
class Candidate:
    """A match kept as a possible mention, with what gating learnt about it."""

    match: Match
    supported: str = ""            # why a mention that needs support has it
    needs_support: bool = False
    cue: str | None = None          # normalised cue word before the name
    qualifier: str | None = None    # country code of a nisba right after it
    common: float = 0.0             # Zipf frequency of the name as an ordinary word
    place_probability: float | None = None   # the recogniser's, when it had a say
    by_model: bool = False          # kept because the recogniser read a place, not by the hand gates
    local: str | None = None        # an analyst's alias: why (who added it, when)


class Gate:
    """Detection and gating over one gazetteer.

    Parameters
    ----------
    gaz : gazetteer.index.Gazetteer
    """

    def __init__(self, gaz):
        self.gaz = gaz
        #: Country adjectives (الليبية، اللبناني...) -> country code.
        self.nisba: dict[str, str] = {}
        #: المملكه / السلطنه -> {country code: place number} of the countries whose
        #: names start with that word (المملكة العربية السعودية، سلطنة عمان...).
        self.forms_of_state: dict[str, dict[str, int]] = {}
        for n in gaz.numbers_with_feature(COUNTRY_CODES):
            self._learn_country(n, gaz.place(n))
        self._skeletons: dict[str, list[str]] | None = None
        self._adjectives: dict[str, str | None] = {}
        self._adjective_forms: dict[str, str] | None = None     # every token that is an adjective
        self._summaries: dict[tuple, tuple[float, bool]] = {}
        self._verdicts: dict[tuple, tuple | None] = {}

    def spelled_otherwise(self, norm: str) -> tuple[int, str, list[str]] | None:
        """``(prefix, stem, keys)``: the gazetteer's one-word names spelled like the token
        ``norm`` but for long vowels (:func:`geo.text.skeleton`), clitics read off; None if none."""
        if self._skeletons is None:
            index: dict[str, list[str]] = {}
            for key in self.gaz.keys:
                if " " not in key and len(sk := skeleton(key)) >= 4:
                    index.setdefault(sk, []).append(key)
            self._skeletons = index
        for prefix, stem, dropped in reversed(clitic_variants(norm)):
            keys = None if dropped or len(stem) < 4 else self._skeletons.get(skeleton(stem))
            if keys:
                return prefix, stem, keys
        return None

    def _learn_country(self, number: int, country) -> None:
        for key in dict.fromkeys(name_key(name) for name in country.names):
            words = key.split(" ")
            if len(words) == 1:
                for form in nisba_forms(key):
                    self.nisba.setdefault(form, country.country_code)
            elif words[0].removeprefix("ال") in _STATE_WORDS:
                state = "ال" + words[0].removeprefix("ال")
                self.forms_of_state.setdefault(state, {}).setdefault(country.country_code, number)

    def state_references(self, candidates, tokens, countries) -> list[Candidate]:
        """"المملكة" alone, in an article that names one kingdom, means that kingdom
        (Saudi and Jordanian news call their country so); likewise "السلطنة"."""
        covered = covered_tokens(candidates)
        out = []
        for i, t in enumerate(tokens):
            if i in covered or not t.norm.endswith(_STATE_ENDINGS):
                continue
            for prefix, stem, _dropped in clitic_variants(t.norm):
                states = self.forms_of_state.get(stem)
                if not states:
                    continue
                named = [cc for cc in states if cc in countries]
                nxt = tokens[i + 1].norm if i + 1 < len(tokens) and tokens[i + 1].joined else ""
                if len(named) == 1 and not self.nisba.get(nxt):
                    m = Match(i, i, orig_offset(t, prefix), t.end, stem, (states[named[0]],), "normalized",
                              0, prefix)
                    out.append(Candidate(m, supported=f"the article naming {named[0]}", needs_support=True))
                break
        return out

    def detect(self, tokens: list[Token], text: str, reading=None, mode: str = "guard",
               threshold: float = 0.5) -> list[Candidate]:
        """Candidates left to right, longest match first, gated (see the module docstring).

        ``reading``: the place recogniser's reading of the text
        (:func:`geo.parse.recognising.read`); with it the model has its say
        (``mode``, ``threshold``: see :meth:`_judge`) and a shorter window is
        tried when the longest is rejected.
        """
        out = []
        i = 0
        while i < len(tokens):
            cand = None
            found = window_matches(tokens, i, self.gaz, text, wordlists.EPITHETS) if reading is None \
                else reading.windows[i]
            for m in found:
                cand = self._gate(m, tokens) if reading is None else self._judge(m, tokens, reading, mode, threshold)
                if cand is not None:
                    break
            if cand is None:
                # منتخب جنوب أفريقيا: a name inside an organisation's is not read again in parts.
                i = found[0].last + 1 if found and self._after_org_word(found[0], tokens) else i + 1
                continue
            out.append(self._core_of_region(cand, tokens, text))
            i = cand.match.last + 1
        return out

    def _core_of_region(self, cand: Candidate, tokens, text) -> Candidate:
        """جنوب لبنان، قطاع غزة: the mention is the name after the cue word, the place the region."""
        m = cand.match
        if m.n_words < 2 or stem_of(tokens[m.first]) not in wordlists.CUES:
            return cand
        core = window_matches(tokens, m.first + 1, self.gaz, text, wordlists.EPITHETS)
        if not core or core[0].last != m.last:
            return cand
        c = core[0]
        if not wordlists.CUES[stem_of(tokens[m.first])] and any(
                self.gaz.place(n).feature_code in COUNTRY_CODES for n in m.places[:20]):
            return cand                      # جنوب أفريقيا، جنوب السودان: the country's own name, whole
        # مدينة زنجبار names Zanzibar in GeoNames, but the city of Zinjibar just as well: the places
        # of the whole name come first, then those of the name alone.
        # Not after a direction: شمال سيناء is North Sinai, not the north of the peninsula.
        cue = stem_of(tokens[m.first])
        places = tuple(dict.fromkeys(m.places + c.places)) if wordlists.CUES[cue] else m.places
        cand.match = Match(c.first, c.last, c.start, c.end, m.key, places, c.kind, 0, c.prefix)
        cand.cue = cue
        return cand

    def _gate(self, m: Match, tokens: list[Token]) -> Candidate | None:
        """A candidate for the match, or None if it names a person or an organisation.

        The hand gates read only the match, the word before it and the two after it: their
        verdict is remembered by those (the same phrases recur in every article)."""
        before = tokens[m.first - 1].text if m.first > 0 else None
        key = (m.key, m.places, m.kind, m.prefix, m.dropped_article, m.start - tokens[m.first].start,
               tuple(t.text for t in tokens[m.first:m.last + 1]), tokens[m.first].joined, before,
               tuple((t.norm, t.joined) for t in tokens[m.last + 1:m.last + 3]))
        verdict = self._verdicts.get(key, _UNSEEN)
        if verdict is _UNSEEN:
            if len(self._verdicts) > 200_000:
                self._verdicts.clear()
            verdict = self._verdicts[key] = self._verdict(m, tokens)
        if verdict is None:
            return None
        cand = Candidate(m, cue=verdict[0])
        cand.qualifier, cand.common, cand.needs_support = verdict[1:]
        return cand

    def _verdict(self, m: Match, tokens: list[Token]) -> tuple | None:
        """The hand gates' verdict on a match: None (not a place here), or its cue word, qualifier,
        how common it is as a word and whether it needs support."""
        best, whole_area, foreign = self._places_summary(m.places)
        prev, nxt = self._neighbours(m, tokens)
        if self._not_a_place(m, tokens, prev, nxt, best, whole_area):
            return None
        cand = self._plain(m, tokens, prev, nxt)
        surface = self._surface(m, tokens)
        # How common the words are: the gazetteer's spelling and the text's own.
        common = max(self.gaz.zipf.get(m.key, 0.0), zipf_of(surface))
        return cand.cue, cand.qualifier, common, self._needs_support(m, tokens, surface, common, best, whole_area,
                                                                     foreign)

    def _places_summary(self, numbers: tuple[int, ...]) -> tuple[float, bool, bool]:
        """The best prominence of these places, whether one is a whole country or continent, and
        whether all are towns abroad (:func:`geo.parse.resolving.foreign_towns`); remembered: the
        same names recur in every article."""
        hit = self._summaries.get(numbers)
        if hit is None:
            if len(self._summaries) > 200_000:
                self._summaries.clear()
            places = [self.gaz.place(n) for n in numbers[:50]]
            hit = self._summaries[numbers] = (max(prominence(p) for p in places),
                                              any(p.feature_code in WHOLE_AREAS for p in places),
                                              foreign_towns(places))
        return hit

    def _judge(self, m: Match, tokens: list[Token], reading, mode: str, threshold: float) -> Candidate | None:
        """A candidate for the match as the place recogniser and the hand gates agree, or None.

        ``guard`` (the default): the hand gates decide, but a name the model reads as part of a
        person's or an organisation's name (:data:`VETO`) is dropped, and a name that is also a
        common word needs no other support where the model is sure it is a place (:data:`RESCUE`).
        ``decide``: the model alone decides, at ``threshold``. The not-places list vetoes in both.
        """
        if m.key in wordlists.NOT_PLACES or tokens[m.first].norm in wordlists.NOT_PLACES:
            return None
        p = round(reading.place_probability(m.first, m.last), 3)
        if mode == "decide":
            if p < threshold:
                return None
            cand = self._gate(m, tokens) or self._plain(m, tokens)
            cand.needs_support, cand.by_model = False, True
        else:
            cand = self._gate(m, tokens)
            if cand is not None and reading.other_probability(m.first) >= VETO and not self._curated(m):
                return None
            rare = p >= RESCUE_RARE and cand is not None and cand.common < RARE_ZIPF
            if cand is not None and cand.needs_support and (p >= RESCUE or rare):
                cand.needs_support, cand.by_model = False, True
        if cand is not None:
            cand.place_probability = p
        return cand

    def _curated(self, m: Match) -> bool:
        """True if the name is a country's or a continent's, or a place of our own supplement
        (فوردو، نطنز): the model's reading of a person or an organisation does not drop it."""
        for n in m.places[:50]:
            p = self.gaz.place(n)
            if p.feature_code in WHOLE_AREAS or p.place_id.startswith("supplement:"):
                return True
        return False

    def _plain(self, m: Match, tokens: list[Token], prev=None, nxt=None) -> Candidate:
        """A candidate with its cue word and qualifier, without the hand gates (``prev``, ``nxt``:
        :meth:`_neighbours`, if the caller has them)."""
        if prev is None and nxt is None:
            prev, nxt = self._neighbours(m, tokens)
        cand = Candidate(m, cue=prev if prev in wordlists.CUES else None)
        qualifier = self._qualifier(m, tokens, nxt)
        if qualifier and any(self.gaz.place(n).country_code == qualifier for n in m.places[:50]):
            cand.qualifier = qualifier
        return cand

    def _qualifier(self, m: Match, tokens: list[Token], nxt: str | None) -> str | None:
        """The country the words right after the name put it in: its adjective (طرابلس اللبنانية)
        or في/ب and its name (طرابلس في لبنان، طرابلس بلبنان); None otherwise."""
        if not nxt:
            return None
        if self.nisba.get(nxt):
            return self.nisba[nxt]
        j = m.last + 1
        if nxt == "في" and j + 1 < len(tokens) and tokens[j + 1].joined:
            return self._country_named(tokens[j + 1].norm, strip=False)
        return self._country_named(nxt, strip=True) if nxt.startswith("ب") else None

    def _country_named(self, norm: str, strip: bool) -> str | None:
        """The country code if ``norm`` (after a ب when ``strip``) is a country's name."""
        word = norm[1:] if strip else norm
        for n in self.gaz.lookup(word)[:20]:
            p = self.gaz.place(n)
            if p.feature_code in COUNTRY_CODES:
                return p.country_code
        return None

    @staticmethod
    def _neighbours(m: Match, tokens: list[Token]) -> tuple[str | None, str | None]:
        """The word before the match (clitics read off) and the word after it, if joined to it."""
        prev = stem_of(tokens[m.first - 1]) if m.first > 0 and tokens[m.first].joined else None
        if prev == "علي" and tokens[m.first - 1].text.endswith("ى"):
            prev = "على"                     # the preposition على, not the name علي (both normalise alike)
        nxt = tokens[m.last + 1].norm if m.last + 1 < len(tokens) and tokens[m.last + 1].joined else None
        return prev, nxt

    def _not_a_place(self, m, tokens, prev, nxt, best, whole_area) -> bool:
        if m.key in wordlists.NOT_PLACES or tokens[m.first].norm in wordlists.NOT_PLACES:
            return True
        if self._after_org_word(m, tokens):
            return True
        # A cue word alone is the common noun (مدينة، ميدان), unless a town cue names it (مدينة ميدان).
        if m.n_words == 1 and m.key in wordlists.CUES and wordlists.CUES.get(prev or "") != "P":
            return True
        if prev in wordlists.URBAN_CUES:                 # شارع بغداد is a street, not Baghdad
            return True
        if self._adjective_after_noun(m, tokens):
            return True
        if whole_area:
            return False
        return (prev in wordlists.NAME_PARTS or nxt in wordlists.PERSON_AFTER
                or (prev in wordlists.TITLES and best < 0.9))

    def _needs_support(self, m, tokens, surface, word, best, whole_area, foreign=False) -> bool:
        if m.key in wordlists.COMMON_WORDS or m.dropped_article:
            return True
        if m.n_words == 1 and m.prefix:
            whole_token = zipf_of(tokens[m.first].text)
            # كبيرا is a word, not ك + Beira; كبيران is not ك + Piran
            if best < 0.8 or (whole_token >= 3.0 and whole_token >= zipf_of(surface)):
                return True
        if whole_area:
            return False
        if self.nisba.get(m.key):
            return True
        if m.n_words == 1 and _takes_article(surface):
            return True                      # سلالة/السلالة: a noun, not Salalah
        if not m.prefix and self._clitic_reading_is_word(tokens[m.first].text):
            return True                      # وان is و + ان before it is Van, Turkey
        if word > allowed_zipf(best, foreign) or (best < 0.6 and word > 2.5):
            return True
        # A spelling variant of a minor place; of any but a capital if it is also a word (يوميا ≠ Umeå).
        return m.kind != "exact" and m.n_words == 1 and (
            (word >= 3.0 and best < 0.95) or (word >= 1.0 and best < 0.85))

    @staticmethod
    def _after_org_word(m: Match, tokens: list[Token]) -> bool:
        """True after صحيفة، وكالة، نادي... even across quotes (صحيفة «الشرق الأوسط»).

        Also for a name in quotes after a lone لـ (قال لـ«الشرق الأوسط»): a newspaper told something.
        """
        if m.first == 0:
            return False
        before = tokens[m.first - 1]
        if stem_of(before) in wordlists.ORG_BEFORE:
            return True
        return before.norm == "ل" and not tokens[m.first].joined      # a quote mark stands between

    def _adjective_after_noun(self, m: Match, tokens: list[Token]) -> bool:
        """True for a country name that is also its adjective (السعودية، صربية) right after a
        definite word: الحكومة السعودية, القوات السعودية are Saudi, not Saudi Arabia."""
        if m.n_words != 1 or m.prefix or not m.key.startswith("ال") or not self.nisba.get(m.key):
            return False
        if m.first == 0 or not tokens[m.first].joined:
            return False
        prev = tokens[m.first - 1].norm
        return stem_of(tokens[m.first - 1]) not in wordlists.CUES and any(
            stem.startswith("ال") and len(stem) > 3 for _p, stem, dropped in clitic_variants(prev) if not dropped)

    @staticmethod
    def _clitic_reading_is_word(word: str) -> bool:
        """True if the word minus a clitic prefix is a very common word (وهو، وان، بها)."""
        for prefix, _stem, dropped in clitic_variants(word)[1:]:
            if not dropped and zipf_of(word[prefix:]) >= 5.5:
                return True
        return False

    @staticmethod
    def _surface(m: Match, tokens: list[Token]) -> str:
        """The matched words as written, clitics removed (for word-frequency look-ups)."""
        first = tokens[m.first]
        head = first.text[m.start - first.start:]
        if m.key.startswith("ال") and head.startswith("ل") and not head.startswith("ال"):
            head = "ا" + head                # للعراق was read as ل + (ا)لعراق
        return " ".join([head] + [t.text for t in tokens[m.first + 1:m.last + 1]])

    def support(self, candidates: list[Candidate], tokens: list[Token], text: str,
                adjectives: dict | None = None) -> None:
        """Support for mentions that need it: a cue word, a qualifier, a place
        listed right beside it (مصراتة وسرت، دمشق، حلب), or its country named
        in the article (العقبة in an article about الأردن). ``adjectives``: as
        for :meth:`article_countries`.
        """
        firm = {}
        for c in candidates:
            if not c.needs_support:
                firm[c.match.first] = c
                firm[c.match.last] = c
        countries = None
        for c in candidates:
            if not c.needs_support:
                continue
            if c.qualifier or (c.cue and c.cue not in _FACILITY_WORDS):
                c.supported = "the cue word " + c.cue if c.cue else "the adjective after it"
                continue
            # After a facility word a common word is the facility's name (مستشفى الثورة), not a town.
            if c.common >= 4.5:
                continue                     # وهو after a place is still "and he"
            before, after = firm.get(c.match.first - 1), firm.get(c.match.last + 1)
            if (before is not None and _listed(text, before.match.end, c.match.start)) or (
                    after is not None and _listed(text, c.match.end, after.match.start)):
                c.supported = "a place listed beside it"
                continue
            if countries is None:
                countries = self.article_countries([f for f in candidates if not f.needs_support], tokens,
                                                   adjectives)
            for n in c.match.places[:50]:
                p = self.gaz.place(n)
                if p.country_code in countries and prominence(p) >= 0.75:
                    c.supported = f"its country ({p.country_code}) being named in the article"
                    break

    def article_countries(self, candidates, tokens, adjectives: dict | None = None) -> dict:
        """Country code -> how often the article names the country or its adjective.

        ``adjectives``: :meth:`adjective_counts` of the tokens, if the caller has them (they do
        not depend on the candidates, so one parse counts them once).
        """
        counts = {}
        for c in candidates:
            # A name that names a country names it, even if a city shares it (الكويت، تونس).
            cc = next((p.country_code for p in map(self.gaz.place, c.match.places[:50])
                       if p.feature_code in COUNTRY_CODES), None)
            if cc:
                counts[cc] = counts.get(cc, 0) + 1
        for cc, n in (self.adjective_counts(tokens) if adjectives is None else adjectives).items():
            counts[cc] = counts.get(cc, 0) + n
        return counts

    def adjective_counts(self, tokens) -> dict:
        """Country code -> how often the tokens are its adjective (السورية، الليبي)."""
        if self._adjective_forms is None:
            self._adjective_forms = {f: self._adjective_of(f) for f in clitic_forms(
                self.nisba, lambda norm: self._adjective_of(norm) is not None)}
        forms, counts = self._adjective_forms, {}
        for cc in [forms.get(t.norm) for t in tokens]:
            if cc:
                counts[cc] = counts.get(cc, 0) + 1
        return counts

    def _adjective_of(self, norm: str) -> str | None:
        """The country whose adjective some clitic reading of the token is, or None (remembered)."""
        memo = self._adjectives
        cc = memo.get(norm, 0)
        if cc == 0:
            if len(memo) > 200_000:
                memo.clear()
            cc = memo[norm] = next((self.nisba[stem] for _p, stem, _d in clitic_variants(norm)
                                    if self.nisba.get(stem)), None)
        return cc


_FACILITY_WORDS = wordlists.FACILITY_CUES | wordlists.FACILITIES
_UNSEEN = object()
_STATE_WORDS = {"مملكه", "سلطنه"}
_STATE_ENDINGS = tuple(_STATE_WORDS)      # a token that does not end so names no state
#: The recogniser's probability that a name is part of a person's or an organisation's name
#: above which a match the hand gates keep is dropped (``guard`` mode).
VETO = 0.5
#: The recogniser's probability that a match is a place above which a name that is also a common
#: word needs no other support (guard mode), and an unknown name is placed (both modes).
RESCUE = 0.9
#: A name rarer than this as a word (wordfreq Zipf) needs only this much: ذيبان، الزلفي are seldom
#: anything but the town.
RESCUE_RARE = 0.5
RARE_ZIPF = 3.5


def covered_tokens(candidates) -> set[int]:
    """Numbers of the tokens the candidates already cover."""
    return {i for c in candidates for i in range(c.match.first, c.match.last + 1)}


def stem_of(token: Token) -> str:
    """The token's last clitic reading (و/ف/ب/ل/ك stripped), for cue and title look-ups."""
    return _listed_stem(token.norm)


@functools.lru_cache(maxsize=200_000)
def _listed_stem(norm: str) -> str:
    if _is_listed_word(norm):
        return norm                          # ولاية is the cue, not و + ل + آية (of آية الله)
    for _p, stem, dropped in reversed(clitic_variants(norm)):
        if not dropped and _is_listed_word(stem):
            return stem
    return norm


def _is_listed_word(word: str) -> bool:
    return word in wordlists.CUES or word in wordlists.PERSON_BEFORE or word in wordlists.ORG_BEFORE


#: Every normalised token that is a cue word, clitics read off (مدينه، وبمنطقه): a token is looked
#: up here rather than read (see :func:`geo.text.clitic_forms`).
CUE_FORMS = clitic_forms(wordlists.CUES, lambda norm: _listed_stem(norm) in wordlists.CUES)


def _takes_article(word: str) -> bool:
    """True if ``word`` is about as common with the article ال as without it.

    Common nouns take the article freely (سلالة/السلالة, البلاد/بلاد); place
    names mostly do not (غزة/الغزة, القاهرة/قاهرة).
    """
    z = zipf_of(word)
    if z < 3.0:
        return False
    other = word[2:] if word.startswith("ال") else "ال" + word
    return zipf_of(other) - z > -0.6


def _listed(text: str, end: int, start: int) -> bool:
    """True if a comma or the conjunction و (nothing else) separates two names."""
    return text[end:start].replace(" ", "") in ("،", ",", "و", "،و", ",و")


@functools.lru_cache(maxsize=200_000)
def zipf_of(word: str) -> float:
    """How common ``word`` is in Arabic (wordfreq's Zipf scale: 0 unknown, 7 the commonest)."""
    return zipf_frequency(word, "ar")
