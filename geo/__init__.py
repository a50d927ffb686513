"""Arabic-first geoparsing: find place names in text and resolve them.

>>> from geo import Geoparser                      # doctest: +SKIP
>>> [m.name for m in Geoparser().parse("اشتباكات جنوب طرابلس الليبية")]  # doctest: +SKIP
['Tripoli']
"""
from geo.exc import GeoError
from geo.parse import Geoparser, Mention

__all__ = ["Geoparser", "Mention", "GeoError"]
