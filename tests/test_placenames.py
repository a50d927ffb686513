"""Place names on the basemap, from the gazetteer."""
from __future__ import annotations

import json

import pytest

from geo.web import placenames


@pytest.mark.parametrize("code, klass, population, zoom", [
    ("PPLC", "P", 0, 4),
    ("PPL", "P", 3_000_000, 4),
    ("PPL", "P", 600_000, 5),
    ("PPLA", "P", 200_000, 6),
    ("PPL", "P", 60_000, 7),
    ("PPL", "P", 20_000, 8),
    ("PPLA", "P", 3_000, 8),
    ("PPL", "P", 3_000, None),
    ("ADM1", "A", 0, 5),
    ("PCLI", "A", 9_000_000, None),        # countries are the basemap's own labels
    ("SEA", "H", 0, None),
])
def test_zoom_by_kind_and_population(code, klass, population, zoom):
    class P:
        feature_code, feature_class = code, klass
    P.population = population
    assert placenames.min_zoom(P) == zoom


def test_labels_from_the_gazetteer(gazetteer):
    rows = json.loads(placenames.payload(gazetteer).decode("utf-8"))["labels"]
    by_name = {r[3]: r for r in rows}
    aden, sanaa = by_name["Aden"], by_name["Sanaa"]
    assert aden[2] == "عدن" and aden[:2] == [12.78, 45.039] and aden[4] <= 6     # Leaflet order: lat, lon
    assert sanaa[4] == 4 and rows.index(sanaa) < rows.index(aden)               # capitals first
    assert any(r[5] == "province" for r in rows)
    assert all(isinstance(r[4], int) for r in rows) and len(rows) > 5000


def test_labels_are_built_once_per_gazetteer(gazetteer, data_dir, monkeypatch):
    """Kept beside the gazetteer's cache: a server start reads them instead of building them."""
    monkeypatch.setenv("MARSAD_DATA_DIR", str(data_dir))
    for old in data_dir.glob("placenames-*.json"):
        old.unlink()
    first = placenames.cached_payload()
    assert first == placenames.payload(gazetteer)
    kept = list(data_dir.glob("placenames-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == first

    def built_again(gaz):
        raise AssertionError("the labels were built again")

    monkeypatch.setattr(placenames, "payload", built_again)
    assert placenames.cached_payload() == first
