"""geo.parse.distances: the hot-path great-circle distance gives geopy's figures."""
from __future__ import annotations

import pytest
from geopy.distance import great_circle

from geo.parse import great_circle_km


@pytest.mark.parametrize("a, b", [
    ((32.89, 13.19), (31.21, 16.59)),        # Tripoli - Sirte
    ((33.72, 51.73), (34.88, 50.99)),        # Natanz - Fordow
    ((0.0, 179.5), (0.0, -179.5)),           # across the antimeridian
    ((89.9, 0.0), (-89.9, 0.0)),             # pole to pole
    ((12.78, 45.02), (12.78, 45.02)),        # the same point
])
def test_the_same_distance_as_geopy(a, b):
    assert great_circle_km(*a, *b) == pytest.approx(great_circle(a, b).km, abs=1e-9)
