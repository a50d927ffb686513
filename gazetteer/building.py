"""Build the gazetteer index from its sources.

The index is a plain dictionary (pickled by :mod:`gazetteer.index`):

``places``
    list of tuples in :class:`~gazetteer.records.Place` field order.
``keys``
    normalised name -> tuple of place numbers.
``zipf``
    normalised name -> how common the name is as an ordinary Arabic word
    (wordfreq's Zipf scale, 0 = unknown, 6+ = very common).
``blocks``
    (first letter, length) -> names, so fuzzy matching compares a token with
    a few hundred names instead of the whole gazetteer.
"""
from __future__ import annotations

import logging
import os
from collections import defaultdict
from dataclasses import astuple

from geo import settings
from geo.text import is_arabic, name_key
from gazetteer import sources

log = logging.getLogger(__name__)

def collect_places(geonames_dump=None, alternate_names=None, on_error=None):
    """All places from every source, in a fixed order.

    Parameters
    ----------
    geonames_dump : str, optional
        A GeoNames dump file (``allCountries.txt``, ``LY.txt``...).
    alternate_names : str, optional
        ``alternateNamesV2.txt``; default: beside the dump, if present.
    on_error : callable, optional
        Called with each bad row of the dump (which is then skipped).
    """
    cities, points = sources.cities500()
    places = sources.supplement() + sources.countries(points) + sources.continents() + cities
    places += sources.subdivisions(places)
    if geonames_dump:
        places += list(_dump_places(geonames_dump, alternate_names, on_error))
    return places


def _dump_places(path, alternate_names, on_error):
    from gazetteer.geonames_dump import read_geonames_dump

    if not alternate_names:
        beside = os.path.join(os.path.dirname(path), "alternateNamesV2.txt")
        alternate_names = beside if os.path.exists(beside) else None
    for place in read_geonames_dump(path, alternate_names, on_error=on_error,
                                    keep=lambda p: any(is_arabic(n) for n in p.names)):
        # Only Arabic-script names are matched: keep the index small with the full dump.
        place.names = tuple(n for n in place.names if is_arabic(n))
        yield place


def build(places) -> dict:
    """Build the index dictionary from a list of places (see module docstring)."""
    from wordfreq import zipf_frequency

    ids = {p.place_id for p in places}
    for place in places:
        if place.seat and place.seat not in ids:
            log.warning("gazetteer: the seat %s of %s is not in the gazetteer; ignored", place.seat,
                        place.place_id)
            place.seat = ""
    keys = defaultdict(list)
    zipf = {}
    for number, place in enumerate(places):
        for name in place.names:
            if not is_arabic(name):
                continue
            key = name_key(name)
            if len(key) < 2:
                continue
            forms = [key]
            if key.count(" ") == 1 and len(key) >= 7:
                forms.append(key.replace(" ", ""))   # حفرالباطن, written as one word in hashtags
            for form in forms:
                if number not in keys[form]:
                    keys[form].append(number)
            if key not in zipf:
                zipf[key] = zipf_frequency(name, "ar")
    blocks = defaultdict(list)
    for key in keys:
        if len(key) >= 4:
            blocks[(key[0], len(key))].append(key)
    return {
        "places": [astuple(p) for p in places],
        "keys": {k: tuple(v) for k, v in keys.items()},
        "zipf": zipf,
        "blocks": dict(blocks),
        "max_words": max(k.count(" ") + 1 for k in keys),
    }


def build_from_settings(on_error=None) -> dict:
    """Collect every configured source and build the index."""
    dump = settings.get("geonames_dump") or None
    alt = settings.get("geonames_alternate_names") or None
    return build(collect_places(dump, alt, on_error))
