"""Distances on the sphere, for the hot paths of resolving places and grouping incidents.

geopy's ``great_circle`` builds and checks two ``Point`` objects per call, which
costs about twenty times the formula; resolving a place and grouping reports
into incidents measure hundreds of thousands of pairs. :func:`great_circle_km`
is geopy's formula with geopy's radius, so the distances are the same.
"""
from __future__ import annotations

import math

from geopy.distance import EARTH_RADIUS


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Kilometres between (lat1, lon1) and (lat2, lon2), as ``geopy.distance.great_circle`` gives them.

    Examples
    --------
    >>> round(great_circle_km(32.89, 13.19, 31.21, 16.59))   # Tripoli to Sirte
    371
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    delta = math.radians(lon2) - math.radians(lon1)
    sin1, cos1, sin2, cos2 = math.sin(phi1), math.cos(phi1), math.sin(phi2), math.cos(phi2)
    cos_d, sin_d = math.cos(delta), math.sin(delta)
    d = math.atan2(math.sqrt((cos2 * sin_d) ** 2 + (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2),
                   sin1 * sin2 + cos1 * cos2 * cos_d)
    return EARTH_RADIUS * d
