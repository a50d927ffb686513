"""Resolving: which gazetteer place a mention names, and how sure we are.

Each candidate place gets a total made of its prominence (feature class,
capital status, population) and the article's evidence: countries the
article names or qualifies with (ليبيا, الليبية), explicit qualifiers right
after the name (طرابلس اللبنانية), the type the cue word asks for (مدينة,
مطار...), and distance to the article's other places. The best total wins;
the runner-up is reported so an analyst can see why.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

from geo.parse.distances import great_circle_km


COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX"})
WHOLE_AREAS = COUNTRY_CODES | {"CONT"}


def prominence(place) -> float:
    """How likely a bare mention of this name means this place, from 0.35 to 1.4.

    Countries 1.4 and continents 1.3 (a bare country name means the country,
    not a town named after it), capitals 0.95, curated regions 0.95 and
    other curated places 0.85, first-level divisions 0.8; populated places by
    population (0.35 for none, 0.75 at 10,000, 1.0 from about 3 million).
    """
    code = place.feature_code
    if code in COUNTRY_CODES:
        return 1.4
    if code == "CONT":
        return 1.3
    if code == "PPLC":
        return 0.95
    if place.place_id.startswith("supplement:"):
        return 0.95 if place.geo_precision == 3 else 0.85
    if code.startswith("ADM1"):
        return 0.8
    return min(1.0, 0.35 + 0.1 * math.log10(place.population + 1))


#: Where Arabic is spoken natively (the Arab League, and Israel and Palestine's Arabic place names):
#: the Arabic names of places there are their own, elsewhere transliterations.
ARABIC_SPEAKING = frozenset("AE BH DJ DZ EG IL IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())


def allowed_zipf(prom: float, foreign: bool = False) -> float:
    """How common (wordfreq Zipf) a name may be as a word and still count without support.

    ``foreign``: every place of the name is a town abroad (outside :data:`ARABIC_SPEAKING`).
    Its Arabic spelling is a transliteration, and one that is also an Arabic word is a
    coincidence (جان is a word, and Dschang in Cameroon; إنا, Ina in Japan; شفت, Shaft in
    Iran): unless the town is a big city (prominence 0.86, about 125,000 people: Geneva, Cambridge),
    it may be ten times rarer as a word than a town of the Arab world (مأرب، رام الله), whose name
    is its own.

    Examples
    --------
    >>> allowed_zipf(0.8), allowed_zipf(0.8, foreign=True), allowed_zipf(0.9, foreign=True)
    (4.7, 3.7, 5.1)
    """
    if foreign and prom < 0.86:
        return round(0.5 + 4.0 * prom, 6)
    return round(1.5 + 4.0 * prom, 6)


def foreign_towns(places) -> bool:
    """True if every one of ``places`` is a populated place with a country outside
    :data:`ARABIC_SPEAKING` (see :func:`allowed_zipf`)."""
    return all(p.feature_class == "P" and p.country_code and p.country_code not in ARABIC_SPEAKING
               for p in places)


@dataclass
class Evidence:
    """What the article says that helps resolve one mention."""

    countries: dict = field(default_factory=dict)     # cc -> weight in the article
    qualifier: str | None = None                       # cc of a nisba right after the name
    cue_classes: str = ""                              # feature classes the cue word favours
    neighbours: list = field(default_factory=list)     # (lat, lon) of the article's other places


def outshines(star, place) -> bool:
    """True if ``star`` is the famous bearer of ``place``'s name: a capital or a city of 100,000
    people or more, in another country, and at least :data:`FAME_RATIO` times as populous
    (Vienna, Austria over Vienna, West Virginia; Geneva over Geneva, Illinois). A bare mention
    means the famous one, whatever other countries the article names."""
    if star.country_code == place.country_code or not star.feature_code.startswith("PPL"):
        return False
    if star.feature_code != "PPLC" and star.population < 100_000:
        return False
    return star.population >= FAME_RATIO * max(place.population, 1)


#: How many times as populous a famous namesake must be. Tripoli, Libya (1.3 M) outshines Tripoli,
#: Lebanon (0.23 M): the Lebanese city needs more than Lebanon named somewhere in the article, a
#: qualifier (طرابلس اللبنانية، طرابلس في لبنان) or places near it (بيروت، عكار).
FAME_RATIO = 5


def score_place(place, ev: Evidence, rival=None) -> tuple[float, list[str]]:
    """Total score of one candidate place, with the reasons that made it.

    ``rival``: the famous bearer of the name in another country (:func:`outshines`);
    the article naming this place's country does not outweigh it.
    """
    total = prominence(place)
    reasons = [f"prominence {total:.2f} ({place.feature_code or place.feature_class}"
               + (f", pop {place.population:,}" if place.population else "") + ")"]
    cc = place.country_code
    if ev.qualifier and cc == ev.qualifier:
        total += 1.0
        reasons.append(f"qualified by the adjective of {cc}")
    elif ev.qualifier and cc and place.feature_code not in WHOLE_AREAS:
        total -= 0.5
    if cc and cc in ev.countries and place.feature_code not in WHOLE_AREAS:
        if rival is None:
            total += 0.5
            reasons.append(f"the article names {cc}")
        else:
            reasons.append(f"the article names {cc}, but {rival.name} ({rival.country_code}) is the famous one")
    if ev.cue_classes and place.feature_class in ev.cue_classes:
        total += 0.15
        reasons.append("type fits the cue word")
    if ev.neighbours and place.feature_code not in WHOLE_AREAS:
        near = _nearest_km((place.lat, place.lon), tuple(ev.neighbours))
        if near < 200:
            total += 0.25
            reasons.append(f"{near:.0f} km from another place in the article")
        elif near < 600:
            total += 0.1
            reasons.append(f"{near:.0f} km from another place in the article")
    return total, reasons


@functools.lru_cache(maxsize=4096)
def _nearest_km(point: tuple[float, float], neighbours: tuple) -> float:
    """Distance from ``point`` (lat, lon) to the nearest of ``neighbours``; a name repeated in an
    article asks again for the same candidates and the same neighbours."""
    return min(great_circle_km(*n, *point) for n in neighbours)



#: A minor place (or a fuzzy match) this far from all the article's sure places is a namesake: جرة in
#: a report on Taiz is not Jereh in Iran; ميكراس is not Maclas in France (see :func:`out_of_frame`).
FRAME_KM = 1500.0


def minor(place) -> bool:
    """A populated place under about 30,000 people (not a capital, country or curated place)."""
    if place.feature_code in WHOLE_AREAS or place.feature_code == "PPLC" or place.place_id.startswith("supplement:"):
        return False
    return prominence(place) < 0.8


def core_of(points: list) -> tuple:
    """The points of an article's frame without its outliers: those within :data:`FRAME_KM` of the
    median point (a stray وهران in a report on Yemen is not where the story is); all of them if
    that leaves none."""
    if len(points) < 3:
        return tuple(points)
    mid = (sorted(p[0] for p in points)[len(points) // 2], sorted(p[1] for p in points)[len(points) // 2])
    core = tuple(p for p in points if _nearest_km(p, (mid,)) <= FRAME_KM)
    return core or tuple(points)


def out_of_frame(place, cand, countries, frame) -> bool:
    """True if ``place`` is a namesake outside the article's frame (see :data:`FRAME_KM`).

    The frame is the points of the article's sure places: its major places
    matched exactly (else all its places matched exactly), without outliers
    (:func:`core_of`). Out of it: a minor place, or one the name matched
    only fuzzily or after normalising, more than :data:`FRAME_KM` from all of
    them, unless an adjective right after the name or (for an exact match)
    the article itself is about its country: named at least half as often as
    the country it names most. A fuzzy match is out in any case unless its
    country is the one the article names most (or it names none).
    """
    if cand.qualifier:
        return False
    named = countries.get(place.country_code, 0)
    about = bool(named) and named * 2 >= max(countries.values())
    if cand.match.kind == "fuzzy" and countries and named < max(countries.values()):
        return True                  # a fuzzy match only onto a place in the country the article is about
    if not frame:
        return False
    if not minor(place) and (cand.match.kind == "exact" or place.feature_code in WHOLE_AREAS):
        return False
    if cand.match.kind == "exact" and about:
        return False
    return _nearest_km((place.lat, place.lon), tuple(frame)) > FRAME_KM


def rank(places, ev: Evidence):
    """Candidates sorted best first, as (total, place, reasons)."""
    scored = []
    seen = set()
    stars = sorted((p for p in places if p.feature_code.startswith("PPL") and p.population >= 100_000
                    or p.feature_code == "PPLC"), key=lambda p: -p.population)
    for place in places:
        # One record per country: the supplement's سلطنة عمان and GeoNames' Oman are one place.
        key = ("country", place.country_code) if place.feature_code in COUNTRY_CODES else place.place_id
        if key in seen:
            continue
        seen.add(key)
        rival = next((p for p in stars if outshines(p, place)), None)
        total, reasons = score_place(place, ev, rival)
        scored.append((total, place, reasons))
    scored.sort(key=lambda s: (-s[0], -s[1].population, s[1].place_id))
    return scored


def nisba_forms(country_key: str) -> list[str]:
    """Normalised adjective forms of a one-word country name.

    ليبيا -> ليبي، ليبيه، الليبي، الليبيه، ليبيون...; لبنان -> لبناني...;
    السعوديه -> سعودي...; امريكا -> امريكي...

    Examples
    --------
    >>> sorted(nisba_forms("ليبيا"))[:4]
    ['الليبي', 'الليبيه', 'الليبيون', 'الليبيين']
    """
    base = country_key[2:] if country_key.startswith("ال") else country_key
    if base.endswith("يا") or base.endswith("يه"):
        masculine = base[:-1]            # ليبيا -> ليبي، سعوديه -> سعودي
    elif base.endswith("ا"):
        masculine = base[:-1] + "ي"      # امريكا -> امريكي
    else:
        masculine = base + "ي"           # لبنان -> لبناني
    forms = {masculine + suffix for suffix in ("", "ه", "ون", "ين")}
    return sorted(f for f in forms | {"ال" + f for f in forms} if len(f) >= 4)
