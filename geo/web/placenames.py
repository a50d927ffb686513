"""Place names on the basemap: cities, towns and provinces in Arabic and English, offline.

The labels come from the gazetteer (GeoNames populated places with Arabic
names, capitals, first-level divisions): no tile server is needed to know
that the cluster is Aden. Each label has the zoom from which it shows, by
population; the browser (``Marsad.labels`` in ``data/marsad-map.js``) draws
those in view, the most important first, leaving out any that would overlap.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

#: Population -> the zoom from which a town's name shows.
ZOOMS = ((2_000_000, 4), (500_000, 5), (150_000, 6), (50_000, 7), (15_000, 8))
#: Towns smaller than the last step of ZOOMS show from this zoom if they are capitals of a province.
SEAT_ZOOM = 8


def min_zoom(place) -> int | None:
    """The zoom from which the place's name shows, or None if it never does."""
    if place.feature_code == "PPLC":
        return 4
    if place.feature_code == "ADM1":
        return 5
    if place.feature_class != "P":
        return None
    for population, zoom in ZOOMS:
        if place.population >= population:
            return zoom
    return SEAT_ZOOM if place.feature_code == "PPLA" else None


def labels(gaz) -> list[list]:
    """``[lat, lon, arabic, english, zoom, kind]`` for every labelled place, the largest first
    (Leaflet's order: latitude first). ``kind`` is ``city`` or ``province``."""
    out = []
    for number in range(len(gaz)):
        place = gaz.place(number)
        zoom = min_zoom(place)
        if zoom is None or not (place.name_ar or place.name):
            continue
        out.append((-place.population, zoom, [round(place.lat, 3), round(place.lon, 3), place.name_ar or "",
                                               place.name or "", zoom,
                                               "province" if place.feature_code == "ADM1" else "city"]))
    out.sort(key=lambda t: (t[1], t[0]))
    return [t[2] for t in out]


def payload(gaz) -> bytes:
    """The labels as the JSON file the map fetches."""
    return json.dumps({"labels": labels(gaz)}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def cached_payload() -> bytes:
    """:func:`payload` of the gazetteer, built once per gazetteer rather than once per server start
    (:func:`gazetteer.derived_cache`, named by this module's own code too: a change to the zoom
    rules gets its labels again)."""
    import gazetteer

    rules = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
    return gazetteer.derived_cache("placenames", rules, lambda: payload(gazetteer.load()))
