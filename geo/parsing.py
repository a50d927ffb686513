"""The geoparsing pipeline: text in, resolved place mentions out.

tokenize (finding) -> match windows (matching) -> gate common words and
people's names (wordlists) -> gather the article's evidence -> resolve each
mention (resolving) -> optional online fallback (online).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from geo import settings, wordlists
from geo.exc import GeocoderUnavailable
from geo.finding import Token, clitic_variants, sentences, tokenize
from geo.matching import Match, fuzzy_match, window_matches
from geo.normalizing import normalize
from geo.resolving import COUNTRY_CODES, WHOLE_AREAS, Evidence, allowed_zipf, nisba_forms, prominence, rank

log = logging.getLogger(__name__)


@dataclass
class Mention:
    """A place mention resolved to a gazetteer place (see :meth:`to_dict`)."""

    start: int
    end: int
    text: str
    name: str
    name_ar: str | None
    place_id: str
    lat: float | None
    lon: float | None
    country_code: str | None
    feature: str | None
    match: str
    score: float
    matched_name: str
    geo_precision: int
    source: str
    sentence: tuple[int, int]
    reasons: list[str] = field(default_factory=list)
    runner_up: dict | None = None

    def to_dict(self) -> dict:
        """The mention as a JSON-ready dict (the ``python -m geo parse`` contract)."""
        d = dict(self.__dict__)
        d["sentence_start"], d["sentence_end"] = d.pop("sentence")
        d["reason"] = "; ".join(d.pop("reasons"))
        return d


@dataclass
class _Candidate:
    match: Match
    supported: str = ""            # why a mention that needs support has it
    needs_support: bool = False
    cue: str | None = None          # normalised cue word before the name
    qualifier: str | None = None    # country code of a nisba right after it
    common: float = 0.0             # Zipf frequency of the name as an ordinary word


class Geoparser:
    """Find and resolve place names in Arabic text.

    Parameters
    ----------
    gazetteer : gazetteer.index.Gazetteer, optional
        Default: :func:`gazetteer.index.load` (built and cached on first use).
    online : geo.online.OnlineGeocoder, optional
        Fallback for cue-supported names the gazetteer lacks; default from
        the ``online_geocoder`` setting (off unless a user turns it on).
    min_score : float, optional
        Drop mentions scoring below this (default: the ``min_score`` setting).
    """

    def __init__(self, gazetteer=None, online=None, min_score=None):
        if gazetteer is None:
            from gazetteer.index import load
            gazetteer = load()
        self.gaz = gazetteer
        self.online = online if online is not None else _online_from_settings()
        self.min_score = float(settings.get("min_score") if min_score is None else min_score)
        self.nisba = self._nisba_table()

    def _nisba_table(self) -> dict[str, str]:
        table = {}
        for key, numbers in self.gaz.keys.items():
            if " " in key:
                continue
            for n in numbers:
                p = self.gaz.place(n)
                if p.feature_code in COUNTRY_CODES and p.country_code:
                    for form in nisba_forms(key):
                        table.setdefault(form, p.country_code)
        return table

    # -- detection -----------------------------------------------------
    def parse(self, text: str) -> list[Mention]:
        """Resolved place mentions of ``text``, in text order.

        Raises
        ------
        TypeError
            If ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        tokens = tokenize(text)
        candidates = self._detect(tokens, text)
        self._support(candidates, tokens, text)
        candidates = [c for c in candidates if c.supported or not c.needs_support]
        candidates += self._fuzzy(candidates, tokens, text)
        candidates.sort(key=lambda c: c.match.start)
        mentions = self._resolve(candidates, tokens, text)
        if self.online is not None:
            mentions = sorted(mentions + self._online(candidates, tokens, text), key=lambda m: m.start)
        return mentions

    def _detect(self, tokens: list[Token], text: str) -> list[_Candidate]:
        out = []
        i = 0
        while i < len(tokens):
            cand = None
            for m in window_matches(tokens, i, self.gaz, text, wordlists.EPITHETS):
                cand = self._gate(m, tokens)
                if cand is not None:
                    break
            if cand is None:
                i += 1
                continue
            out.append(self._core_of_region(cand, tokens, text))
            i = cand.match.last + 1
        return out

    def _core_of_region(self, cand: _Candidate, tokens, text) -> _Candidate:
        """جنوب لبنان، قطاع غزة: the mention is the name after the cue word, the place the region."""
        m = cand.match
        if m.n_words < 2 or _stem_of(tokens[m.first]) not in wordlists.CUES:
            return cand
        core = window_matches(tokens, m.first + 1, self.gaz, text, wordlists.EPITHETS)
        if not core or core[0].last != m.last:
            return cand
        c = core[0]
        cand.match = Match(c.first, c.last, c.start, c.end, m.key, m.places, c.kind, 0, c.prefix)
        cand.cue = _stem_of(tokens[m.first])
        return cand

    def _gate(self, m: Match, tokens: list[Token]) -> _Candidate | None:
        """Keep a match unless it is a person's or organisation's name; flag common words."""
        if m.key in wordlists.NOT_PLACES or tokens[m.first].norm in wordlists.NOT_PLACES:
            return None
        best = max(prominence(self.gaz.place(n)) for n in m.places[:50])
        whole_area = any(self.gaz.place(n).feature_code in WHOLE_AREAS for n in m.places[:50])
        prev = _stem_of(tokens[m.first - 1]) if m.first > 0 and tokens[m.first].joined else None
        nxt = tokens[m.last + 1].norm if m.last + 1 < len(tokens) and tokens[m.last + 1].joined else None
        if not whole_area and (prev in wordlists.NAME_PARTS or nxt in wordlists.PERSON_AFTER
                               or (prev in wordlists.TITLES and best < 0.9)):
            return None
        if self._after_org_word(m, tokens) or (m.n_words == 1 and m.key in wordlists.CUES):
            return None
        cand = _Candidate(m)
        cand.cue = prev if prev in wordlists.CUES else None
        qualifier = self.nisba.get(nxt) if nxt else None
        if qualifier and any(self.gaz.place(n).country_code == qualifier for n in m.places[:50]):
            cand.qualifier = qualifier
        # How common the words are: the gazetteer's spelling and the text's own.
        surface = self._surface(m, tokens)
        word = max(self.gaz.zipf.get(m.key, 0.0), _zipf_of(surface))
        whole_token = _zipf_of(tokens[m.first].text)
        if m.prefix and m.n_words == 1 and (best < 0.8 or (whole_token >= 3.0 and whole_token >= _zipf_of(surface))):
            cand.needs_support = True        # كبيرا is a word, not ك + Beira; كبيران not ك + Piran
        if m.n_words == 1 and not whole_area and _takes_article(surface):
            cand.needs_support = True        # سلالة/السلالة: a noun, not Salalah
        if not m.prefix and not whole_area and self._clitic_reading_is_word(tokens[m.first].text):
            cand.needs_support = True        # وان is و + ان before it is Van, Turkey
        if m.key in wordlists.COMMON_WORDS or m.dropped_article or (self.nisba.get(m.key) and not whole_area):
            cand.needs_support = True
        elif not whole_area and (word > allowed_zipf(best) or (best < 0.6 and word > 2.5)):
            cand.needs_support = True
        elif m.kind != "exact" and m.n_words == 1 and word >= 1.0 and best < 0.85:
            cand.needs_support = True        # a spelling variant of a minor place
        cand.common = word
        return cand

    @staticmethod
    def _after_org_word(m: Match, tokens: list[Token]) -> bool:
        """True after صحيفة، وكالة، نادي... even across quotes (صحيفة «الشرق الأوسط»)."""
        return m.first > 0 and _stem_of(tokens[m.first - 1]) in wordlists.ORG_BEFORE

    @staticmethod
    def _clitic_reading_is_word(word: str) -> bool:
        """True if the word minus a clitic prefix is a very common word (وهو، وان، بها)."""
        for prefix, _stem, dropped in clitic_variants(word)[1:]:
            if not dropped and _zipf_of(word[prefix:]) >= 5.5:
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

    def _support(self, candidates: list[_Candidate], tokens: list[Token], text: str) -> None:
        """Support for mentions that need it: a cue word, a qualifier, a place
        listed right beside it (مصراتة وسرت، دمشق، حلب), or its country named
        in the article (العقبة in an article about الأردن).
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
            if c.cue or c.qualifier:
                c.supported = "the cue word " + c.cue if c.cue else "the adjective after it"
                continue
            if c.common >= 4.5:
                continue                     # وهو after a place is still "and he"
            before, after = firm.get(c.match.first - 1), firm.get(c.match.last + 1)
            if (before is not None and _listed(text, before.match.end, c.match.start)) or (
                    after is not None and _listed(text, c.match.end, after.match.start)):
                c.supported = "a place listed beside it"
                continue
            if countries is None:
                countries = self._article_countries([f for f in candidates if not f.needs_support], tokens)
            for n in c.match.places[:50]:
                p = self.gaz.place(n)
                if p.country_code in countries and prominence(p) >= 0.75:
                    c.supported = f"its country ({p.country_code}) being named in the article"
                    break

    def _fuzzy(self, candidates, tokens, text) -> list[_Candidate]:
        """Fuzzy matches for tokens right after a cue word that nothing matched."""
        covered = set()
        for c in candidates:
            covered.update(range(c.match.first, c.match.last + 1))
        out = []
        for i in range(1, len(tokens)):
            if i in covered or not tokens[i].joined:
                continue
            cue = _stem_of(tokens[i - 1])
            if cue not in wordlists.CUES or _zipf_of(tokens[i].text) >= 2.0 or self.nisba.get(tokens[i].norm):
                continue
            m = fuzzy_match(tokens, i, self.gaz, text)
            if m is not None and m.key not in wordlists.NOT_PLACES:
                out.append(_Candidate(m, supported="the cue word " + cue, cue=cue))
        return out

    def _online(self, candidates, tokens, text) -> list[Mention]:
        """Names after a place cue word that the gazetteer lacks, geocoded online.

        Only the name (one token, or two joined ones) leaves the machine,
        restricted to the countries the article names.
        """
        covered = {i for c in candidates for i in range(c.match.first, c.match.last + 1)}
        countries = sorted(self._article_countries(candidates, tokens))
        sents = sentences(text)
        out = []
        for i in range(1, len(tokens)):
            cue = _stem_of(tokens[i - 1])
            if i in covered or not tokens[i].joined or not wordlists.CUES.get(cue):
                continue
            if _zipf_of(tokens[i].text) >= 3.5 or tokens[i].norm in wordlists.NOT_PLACES:
                continue
            end = i + 1 if i + 1 < len(tokens) and tokens[i + 1].joined and i + 1 not in covered \
                and _zipf_of(tokens[i + 1].text) < 3.5 else i
            name = text[tokens[i].start:tokens[end].end]
            try:
                place = self.online.lookup(name, countries or None)
            except GeocoderUnavailable as err:
                log.warning("%s", err)
                self.online = None           # one message, then the gazetteer alone
                break
            if place is not None:
                out.append(self._online_mention(place, tokens[i].start, tokens[end].end, text, sents, cue))
        return out

    @staticmethod
    def _online_mention(place, start, end, text, sents, cue) -> Mention:
        sentence = next(((s, e) for s, e in sents if s <= start < e), (start, end))
        return Mention(
            start=start, end=end, text=text[start:end], name=place.name, name_ar=place.name_ar,
            place_id=place.place_id, lat=place.lat, lon=place.lon, country_code=place.country_code,
            feature=place.feature_code or place.feature_class, match="online", score=0.6,
            matched_name=text[start:end], geo_precision=place.geo_precision, source=place.source,
            sentence=sentence, reasons=[f"not in the gazetteer; after the cue word {cue}; {place.source}"],
        )

    # -- resolution ----------------------------------------------------
    def _resolve(self, candidates, tokens, text) -> list[Mention]:
        countries = self._article_countries(candidates, tokens)
        sents = sentences(text)
        first = [rank([self.gaz.place(n) for n in c.match.places], self._evidence(c, countries, []))
                 for c in candidates]
        mentions = []
        for idx, c in enumerate(candidates):
            neighbours = [(r[0][1].lat, r[0][1].lon) for j, r in enumerate(first)
                          if j != idx and r and r[0][1].feature_code not in WHOLE_AREAS
                          and r[0][1].feature_class != "H"]
            ranked = rank([self.gaz.place(n) for n in c.match.places], self._evidence(c, countries, neighbours))
            mention = self._mention(c, ranked, text, sents)
            if mention.score >= self.min_score:
                mentions.append(mention)
        return mentions

    def _evidence(self, c: _Candidate, countries, neighbours) -> Evidence:
        return Evidence(countries=countries, qualifier=c.qualifier,
                        cue_classes=wordlists.CUES.get(c.cue, "") if c.cue else "",
                        neighbours=neighbours)

    def _article_countries(self, candidates, tokens) -> dict:
        counts = {}
        for c in candidates:
            # A name that names a country names it, even if a city shares it (الكويت، تونس).
            cc = next((p.country_code for p in map(self.gaz.place, c.match.places[:50])
                       if p.feature_code in COUNTRY_CODES), None)
            if cc:
                counts[cc] = counts.get(cc, 0) + 1
        for t in tokens:
            for _p, stem, _d in clitic_variants(t.norm):
                cc = self.nisba.get(stem)
                if cc:
                    counts[cc] = counts.get(cc, 0) + 1
                    break
        return counts

    def _mention(self, c: _Candidate, ranked, text, sents) -> Mention:
        total, place, reasons = ranked[0]
        m = c.match
        detection = {"exact": 1.0, "normalized": 0.95}.get(m.kind, 0.9 - 0.1 * m.distance)
        if c.needs_support:
            detection *= 0.85
            reasons = reasons + [f"also a common word; accepted because of {c.supported}"]
        elif c.cue:
            reasons = reasons + [f"after the cue word {c.cue}"]
        if m.kind == "fuzzy":
            reasons = reasons + [f"fuzzy: {m.distance} edit(s) from {m.key}"]
        runner = None
        resolution = 1.0
        if len(ranked) > 1:
            r_total, r_place, _ = ranked[1]
            resolution = 0.5 + 0.5 * min(1.0, (total - r_total) / 0.5)   # a 0.5 lead is certain
            runner = {"place_id": r_place.place_id, "name": r_place.name,
                      "country_code": r_place.country_code, "score": round(r_total, 3)}
        sentence = next(((s, e) for s, e in sents if s <= m.start < e), (m.start, m.end))
        return Mention(
            start=m.start, end=m.end, text=text[m.start:m.end], name=place.name,
            name_ar=place.name_ar, place_id=place.place_id, lat=place.lat, lon=place.lon,
            country_code=place.country_code, feature=place.feature_code or place.feature_class,
            match=m.kind, score=round(detection * resolution, 3), matched_name=_spelling(place, m.key),
            geo_precision=place.geo_precision, source=place.source, sentence=sentence,
            reasons=reasons, runner_up=runner,
        )


def _spelling(place, key: str) -> str:
    """The gazetteer's own spelling of the name that matched ``key``."""
    from gazetteer.building import name_key

    for name in place.names:
        if name_key(name) == key or name_key(name).replace(" ", "") == key:
            return name
    return key


def _stem_of(token: Token) -> str:
    """The token's last clitic reading (و/ف/ب/ل/ك stripped), for cue and title look-ups."""
    variants = clitic_variants(token.norm)
    for _p, stem, dropped in reversed(variants):
        if not dropped and (stem in wordlists.CUES or stem in wordlists.PERSON_BEFORE
                            or stem in wordlists.ORG_BEFORE):
            return stem
    return token.norm


def _takes_article(word: str) -> bool:
    """True if ``word`` is about as common with the article ال as without it.

    Common nouns take the article freely (سلالة/السلالة, البلاد/بلاد); place
    names mostly do not (غزة/الغزة, القاهرة/قاهرة).
    """
    z = _zipf_of(word)
    if z < 3.0:
        return False
    other = word[2:] if word.startswith("ال") else "ال" + word
    return _zipf_of(other) - z > -0.6


def _listed(text: str, end: int, start: int) -> bool:
    """True if a comma or the conjunction و (nothing else) separates two names."""
    return text[end:start].replace(" ", "") in ("،", ",", "و", "،و", ",و")


_ZIPF_CACHE: dict[str, float] = {}


def _zipf_of(word: str) -> float:
    z = _ZIPF_CACHE.get(word)
    if z is None:
        from wordfreq import zipf_frequency
        z = _ZIPF_CACHE[word] = zipf_frequency(word, "ar")
    return z


def _online_from_settings():
    from geo.online import from_settings

    return from_settings()
