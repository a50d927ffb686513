"""The geoparsing pipeline: text in, resolved place mentions out.

tokenize (geo.text) -> match windows and gate them (matching, gating) ->
fuzzy matches after cue words (matching) -> gather the article's evidence and
resolve each mention (resolving) -> optional online fallback (online).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from geo import settings
from geo.exc import ConfigurationError, GeocoderUnavailable
from geo.parse.hashtags import without_topic_tags
from geo.parse.gating import CUE_FORMS, RESCUE, Candidate, Gate, covered_tokens, stem_of, zipf_of
from geo.parse.matching import Match, fuzzy_match
from geo.text import name_key, orig_offset, sentence_of, sentences, tokenize, wordlists
from geo.parse.resolving import WHOLE_AREAS, Evidence, core_of, minor, out_of_frame, prominence, rank
from geo.parse.local import LocalNames
from geo.parse.recognising import read
from geo.parse.unlisted import facility_mentions, recognised_mentions, unlisted_mentions

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
    seat: dict | None = None        # a province's seat: place_id, name, name_ar, lat, lon

    @property
    def drawn_at(self) -> dict:
        """Where an incident here is drawn: the seat when only a province is known (ACLED's
        convention, precision 3), else the place itself; ``lat``, ``lon``, ``name``, ``name_ar``."""
        if self.seat and self.geo_precision == 3:
            return self.seat
        return {"lat": self.lat, "lon": self.lon, "name": self.name, "name_ar": self.name_ar}

    def to_dict(self) -> dict:
        """The mention as a JSON-ready dict (the ``python -m geo parse`` contract)."""
        d = dict(self.__dict__)
        d["sentence_start"], d["sentence_end"] = d.pop("sentence")
        d["reason"] = "; ".join(d.pop("reasons"))
        return d


class Geoparser:
    """Find and resolve place names in Arabic text.

    Parameters
    ----------
    gazetteer : gazetteer.index.Gazetteer, optional
        Default: :func:`gazetteer.index.load` (built and cached on first use).
    online : geo.parse.online.OnlineGeocoder or False, optional
        Fallback for cue-supported names the gazetteer lacks; default from
        the ``online_geocoder`` setting (off unless a user turns it on);
        ``False`` for none whatever the setting.
    min_score : float, optional
        Drop mentions scoring below this (default: the ``min_score`` setting).
    recogniser : geo.parse.recognising.Recogniser or False, optional
        The place recogniser that decides which gazetteer matches are places
        here; default from the ``recogniser_model`` setting (the shipped
        model), ``False`` for the hand rules alone.

    Raises
    ------
    ModelError
        If the configured model file is missing or unreadable.
    """

    def __init__(self, gazetteer=None, online=None, min_score=None, recogniser=None):
        if gazetteer is None:
            from gazetteer import load
            gazetteer = load()
        self.gaz = gazetteer
        self.online = (online or None) if online is not None else _online_from_settings()
        self.min_score = float(settings.get("min_score") if min_score is None else min_score)
        self.gate = Gate(gazetteer)
        self.recogniser = _recogniser_from_settings() if recogniser is None else recogniser or None
        self.mode = str(settings.get("recogniser_mode")).strip().lower()
        if self.mode not in ("guard", "decide"):
            raise ConfigurationError(f"recogniser_mode must be guard or decide, not {self.mode!r}")
        self.threshold = float(settings.get("recogniser_threshold"))
        self.local = None

    # -- detection -----------------------------------------------------
    def parse(self, text: str, tokens=None) -> list[Mention]:
        """Resolved place mentions of ``text``, in text order.

        ``tokens``: ``geo.text.tokens.tokenize(text)`` if the caller has it already.

        Raises
        ------
        TypeError
            If ``text`` is not a string.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        tokens = tokenize(text) if tokens is None else tokens
        sents = sentences(text)
        reading = read(self.recogniser, tokens, text, self.gaz, self.gate, sents) if self.recogniser else None
        candidates = self.gate.detect(tokens, text, reading, self.mode, self.threshold)
        adjectives = self.gate.adjective_counts(tokens)        # counted once for the three uses below
        self.gate.support(candidates, tokens, text, adjectives)
        candidates = [c for c in candidates if c.supported or not c.needs_support]
        candidates += self._fuzzy(candidates, tokens, text)
        if reading is not None:
            candidates += self._recognised(candidates, reading, tokens, text, adjectives)
        countries = self.gate.article_countries(candidates, tokens, adjectives)
        if self.local:
            candidates = self._local(candidates, tokens, text, countries)
        candidates += self.gate.state_references(candidates, tokens, countries)
        candidates.sort(key=lambda c: c.match.start)
        mentions = self._resolve(candidates, countries, text, sents)
        if self.online is not None:
            found = self._online(candidates, tokens, text, sorted(countries), sents)
            mentions = sorted(mentions + found, key=lambda m: m.start)
        found = unlisted_mentions(tokens, text, mentions, sents, countries,
                                  lambda *a: self._unlisted_mention(text, *a))
        found += facility_mentions(tokens, text, mentions + found, sents, countries,
                                   lambda *a: self._unlisted_mention(text, *a))
        if reading is not None:
            covered = covered_tokens(candidates)
            # Only names the model is sure of: a place the gazetteer lacks has nothing else for it.
            spans = [(a, b, reading.place_probability(a, b)) for a, b in reading.spans(RESCUE)
                     if not covered.intersection(range(a, b + 1))]
            found += recognised_mentions(spans, tokens, text, mentions + found, sents, countries,
                                         lambda *a: self._unlisted_mention(text, *a))
        mentions = sorted(mentions + found, key=lambda m: m.start) if found else mentions
        if self.local and self.local.stops:
            mentions = [m for m in mentions if not self.local.is_stop(m.text)]
        return without_topic_tags(mentions, text)         # #امطار_الكويت tags a story, names no scene

    def set_local_names(self, entries) -> None:
        """Use the analysts' aliases and stops (:class:`geo.parse.local.LocalName`) from now on."""
        self.local = LocalNames(entries, self.gaz)

    def _local(self, candidates, tokens, text, countries) -> list[Candidate]:
        """The analysts' stops dropped, their aliases put in place of what the gazetteer read there
        (an alias is used where the article names its country, or no country)."""
        out = [c for c in candidates if not self.local.is_stop(text[c.match.start:c.match.end])]
        for m, entry in self.local.matches(tokens):
            if countries and entry.country_code and entry.country_code not in countries:
                continue
            out = [c for c in out if c.match.last < m.first or c.match.first > m.last]
            out.append(Candidate(m, supported=entry.reason, local=entry.reason))
        return out

    def _fuzzy(self, candidates, tokens, text) -> list[Candidate]:
        """Fuzzy matches for tokens right after a cue word that nothing matched."""
        covered = covered_tokens(candidates)
        out = []
        for i in [j for j in range(1, len(tokens)) if tokens[j - 1].norm in CUE_FORMS]:
            if i in covered or not tokens[i].joined:
                continue
            cue = stem_of(tokens[i - 1])
            if zipf_of(tokens[i].text) >= 2.0 or self.gate.nisba.get(tokens[i].norm):
                continue
            m = fuzzy_match(tokens, i, self.gaz, text)
            if m is not None and m.key not in wordlists.NOT_PLACES:
                out.append(Candidate(m, supported="the cue word " + cue, cue=cue))
        return out

    def _recognised(self, candidates, reading, tokens, text, adjectives=None) -> list[Candidate]:
        """Fuzzy matches for names the recogniser reads as places that nothing matched
        (تايلند، تركمنستان): onto a prominent place or one in a country the article names."""
        covered = covered_tokens(candidates)
        countries = None
        out = []
        for first, last in reading.spans(self.threshold):
            if covered.intersection(range(first, last + 1)):
                continue
            surface = text[tokens[first].start:tokens[last].end]
            if zipf_of(surface) >= 3.0 or tokens[first].norm in wordlists.NOT_PLACES:
                continue
            m = fuzzy_match(tokens, first, self.gaz, text, last)
            if m is not None and m.distance > 1:
                m = None                     # شينجيانغ is not Xining: one edit at most without a cue word
            if m is None and first == last:
                m = self._by_skeleton(tokens, first)
            if m is None or m.key in wordlists.NOT_PLACES:
                continue
            if countries is None:
                countries = self.gate.article_countries(candidates, tokens, adjectives)
            places = tuple(n for n in m.places
                           if prominence(p := self.gaz.place(n)) >= 0.9 or p.country_code in countries)
            if places:
                m.places = places
                p = reading.place_probability(first, last)
                out.append(Candidate(m, supported=f"the recogniser ({p:.2f})", place_probability=round(p, 3),
                                     by_model=True))
        return out

    def _by_skeleton(self, tokens, i):
        """A match of token ``i`` onto a name spelled with other long vowels, or None."""
        token = tokens[i]
        hit = self.gate.spelled_otherwise(token.norm)
        if hit is None:
            return None
        prefix, stem, keys = hit
        places = tuple(n for k in keys for n in self.gaz.lookup(k))
        key = min(keys, key=lambda k: abs(len(k) - len(stem)))
        return Match(i, i, orig_offset(token, prefix), token.end, key, places, "fuzzy",
                     abs(len(key) - len(stem)) or 1, prefix)

    def _online(self, candidates, tokens, text, countries, sents) -> list[Mention]:
        """Names after a place cue word that the gazetteer lacks, geocoded online.

        Only the name (one token, or two joined ones) leaves the machine,
        restricted to the countries the article names.
        """
        covered = covered_tokens(candidates)
        out = []
        for i in range(1, len(tokens)):
            cue = stem_of(tokens[i - 1])
            if i in covered or not tokens[i].joined or not wordlists.CUES.get(cue):
                continue
            if zipf_of(tokens[i].text) >= 3.5 or tokens[i].norm in wordlists.NOT_PLACES:
                continue
            end = i + 1 if i + 1 < len(tokens) and tokens[i + 1].joined and i + 1 not in covered \
                and zipf_of(tokens[i + 1].text) < 3.5 else i
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
        sentence = sentence_of(sents, start, end)
        return Mention(
            start=start, end=end, text=text[start:end], name=place.name, name_ar=place.name_ar,
            place_id=place.place_id, lat=place.lat, lon=place.lon, country_code=place.country_code,
            feature=place.feature_code or place.feature_class, match="online", score=0.6,
            matched_name=text[start:end], geo_precision=place.geo_precision, source=place.source,
            sentence=sentence, reasons=[f"not in the gazetteer; after the cue word {cue}; {place.source}"],
        )

    @staticmethod
    def _unlisted_mention(text, start, end, anchor, how, cue, sentence) -> Mention:
        """A name the gazetteer lacks, after ``cue``, placed at ``anchor`` (see :mod:`geo.parse.unlisted`)."""
        at = anchor.drawn_at
        name = text[start:end]
        why = f"read as a place by the recogniser ({cue:.2f})" if isinstance(cue, float) \
            else f"after the cue word {cue}"
        return Mention(
            start=start, end=end, text=name, name=f"{name} (near {at['name']})", name_ar=name,
            place_id=f"unlisted:{anchor.place_id}:{name_key(name)}", lat=at["lat"], lon=at["lon"],
            country_code=anchor.country_code, feature="PPL", match="unlisted", score=0.6,
            matched_name=name, geo_precision=max(2, anchor.geo_precision),
            source="not in the gazetteer: placed at the nearest known place",
            sentence=sentence,
            reasons=[f"{why}; not in the gazetteer",
                     f"placed at {at['name_ar'] or at['name']} («{anchor.text}», {how}): the nearest known "
                     "place, as ACLED codes a place it cannot locate (geo_precision 2)"],
        )

    # -- resolution ----------------------------------------------------
    def _resolve(self, candidates, countries, text, sents) -> list[Mention]:
        places = [[self.gaz.place(n) for n in c.match.places] for c in candidates]
        ranks: dict[tuple, list] = {}       # a name repeated in an article is ranked once per evidence

        def ranked(idx, neighbours):
            c = candidates[idx]
            key = (c.match.places, c.qualifier, c.cue, neighbours)
            if key not in ranks:
                ranks[key] = rank(places[idx], self._evidence(c, countries, neighbours))
            return ranks[key]

        first = [ranked(idx, ()) for idx in range(len(candidates))]
        # The article's places (first choice per mention), by name: not countries or seas.
        by_key: dict[str, set] = {}
        frame: set = set()         # where the article's sure places are: major ones, matched exactly
        exact: set = set()         # (else all its places matched exactly)
        for j, r in enumerate(first):
            if r and r[0][1].feature_code not in WHOLE_AREAS and r[0][1].feature_class != "H":
                point = (r[0][1].lat, r[0][1].lon)
                by_key.setdefault(candidates[j].match.key, set()).add(point)
                if candidates[j].match.kind == "exact":
                    exact.add(point)
                    if not minor(r[0][1]):
                        frame.add(point)
        frame = core_of(sorted(frame or exact))
        others: dict[str, tuple] = {}
        mentions = []
        for idx, c in enumerate(candidates):
            # The other places: not this name again. Each point once, so a long article with
            # thousands of mentions costs mentions x distinct places, not mentions squared.
            key = c.match.key
            if key not in others:
                others[key] = tuple(sorted(set().union(*(v for k, v in by_key.items() if k != key))))
            best = ranked(idx, others[key])
            if not c.local and out_of_frame(best[0][1], c, countries, frame):
                log.debug("%s: %s is far from everything else the article names; dropped",
                          c.match.key, best[0][1].place_id)
                continue
            mention = self._mention(c, best, text, sents)
            if mention.score >= self.min_score:
                mentions.append(mention)
        return mentions

    def _evidence(self, c: Candidate, countries, neighbours) -> Evidence:
        return Evidence(countries=countries, qualifier=c.qualifier,
                        cue_classes=wordlists.CUES.get(c.cue, "") if c.cue else "",
                        neighbours=neighbours)

    def _mention(self, c: Candidate, ranked, text, sents) -> Mention:
        total, place, reasons = ranked[0]
        reasons = list(reasons)             # the ranking may be another mention's too
        m = c.match
        detection = {"exact": 1.0, "normalized": 0.95}.get(m.kind, 0.9 - 0.1 * m.distance)
        if c.place_probability is not None:
            if c.by_model:
                detection *= 0.7 + 0.3 * c.place_probability
            reasons = reasons + [f"read as a place here by the recogniser ({c.place_probability:.2f})"]
        if c.local:
            reasons = reasons + [c.local]
        elif c.needs_support:
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
        sentence = sentence_of(sents, m.start, m.end)
        seat = self.gaz.find_id(place.seat) if place.seat else None
        return Mention(
            start=m.start, end=m.end, text=text[m.start:m.end], name=place.name,
            name_ar=place.name_ar, place_id=place.place_id, lat=place.lat, lon=place.lon,
            country_code=place.country_code, feature=place.feature_code or place.feature_class,
            match=m.kind, score=round(detection * resolution, 3), matched_name=_spelling(place, m.key),
            geo_precision=place.geo_precision, source=place.source, sentence=sentence,
            reasons=reasons, runner_up=runner,
            seat=seat and {"place_id": seat.place_id, "name": seat.name, "name_ar": seat.name_ar,
                           "lat": seat.lat, "lon": seat.lon},
        )


def _spelling(place, key: str) -> str:
    """The gazetteer's own spelling of the name that matched ``key``."""
    for name in place.names:
        k = name_key(name)
        if k == key or k.replace(" ", "") == key:
            return name
    return key


def _recogniser_from_settings():
    """The place recogniser the ``recogniser_model`` setting names, or None if it is ``off``."""
    from geo.parse.recognising import Recogniser

    path = str(settings.get("recogniser_model")).strip()
    if path.lower() == "off":
        return None
    return Recogniser(path or None)


def _online_from_settings():
    from geo.parse.online import from_settings

    return from_settings()
