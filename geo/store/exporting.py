"""Exporting events: GeoJSON (RFC 7946), CSV and GeoPackage.

Rows are incidents (:func:`geo.events.group_reports`) or single reports
(:meth:`geo.store.Store.events`, with their incident's fields from
:func:`with_incidents`). Every format carries the same flat properties
(:data:`COLUMNS`); parties and sources are joined with ``|`` in CSV and
lists in GeoJSON. Links are kept only if they are http(s), and CSV
cells are neutralised against spreadsheet formulas. Offsets ``place_start``/``place_end`` and
``trigger_start``/``trigger_end`` index into ``snippet``.
"""
from __future__ import annotations

import csv
import io
import json

from geo.exc import GeoError
from geo.text import safe_url, spreadsheet_safe

FORMATS = ("geojson", "csv", "gpkg")

COLUMNS = (
    "event_id", "event_type", "sub_event_type",
    "date_start", "date_end", "date_precision", "date_approximate", "date_basis", "date_text", "time_of_day",
    "place_name", "place_name_ar", "place_text", "place_id", "country_code", "lat", "lon", "geo_precision",
    "actor1", "actor2", "parties",
    "snippet", "place_start", "place_end", "trigger_text", "trigger_start", "trigger_end",
    "confidence", "reason", "article_id", "snippet_start", "title", "article_source", "url",
    "incident_id", "report_count", "sources", "first_report", "last_report",
    "status", "reject_reason", "note", "last_editor", "edit_count", "report_key",
)


_LISTS = ("parties", "sources")


def _properties(row: dict) -> dict:
    props = {c: row.get(c) for c in COLUMNS}
    props["url"] = safe_url(props["url"])          # only http(s) links leave the store
    props["parties"] = [p["id"] for p in row.get("parties", [])]
    props["sources"] = list(row.get("sources") or [])
    props["date_approximate"] = bool(props["date_approximate"])
    return props


def _flat(props: dict) -> dict:
    """``props`` with its lists joined by ``|``, for the flat formats (CSV, GeoPackage)."""
    return {**props, **{name: "|".join(props[name]) for name in _LISTS}}


def with_incidents(reports: list[dict], incidents: list[dict]) -> list[dict]:
    """Copies of ``reports`` (store rows), each with the incident fields of the incident it belongs to."""
    of = {r["event_id"]: i for i in incidents for r in i["reports"]}
    return [{**r, **{k: of[r["event_id"]][k] for k in ("incident_id", "report_count", "sources", "first_report",
                                                      "last_report")}} if r["event_id"] in of else dict(r)
            for r in reports]


def to_geojson(rows: list[dict]) -> dict:
    """A GeoJSON FeatureCollection; events without coordinates are left out."""
    features = []
    for row in rows:
        if row.get("lat") is None or row.get("lon") is None:
            continue
        features.append({
            "type": "Feature",
            "id": row["event_id"],
            # GeoJSON (RFC 7946) wants [longitude, latitude]; the store keeps lat and lon apart.
            "geometry": {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]},
            "properties": _properties(row),
        })
    return {"type": "FeatureCollection", "features": features}


def write_geojson(rows: list[dict], fh) -> None:
    json.dump(to_geojson(rows), fh, ensure_ascii=False)
    fh.write("\n")


def write_csv(rows: list[dict], fh) -> None:
    """CSV with a header row (UTF-8; parties and sources joined with ``|``).

    Text cells that a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, tab, carriage return first) start with an apostrophe.
    """
    writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in _flat(_properties(row)).items()})


def to_csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    write_csv(rows, buf)
    return buf.getvalue()


def write_gpkg(rows: list[dict], path: str, layer: str = "events") -> None:
    """A GeoPackage layer of points (EPSG:4326) through geopandas.

    Raises
    ------
    GeoError
        If geopandas is not installed (with the install hint) or the file cannot be written.
    """
    try:
        import geopandas as gpd
        from shapely.geometry import Point
    except ImportError as err:
        raise GeoError("GeoPackage export needs geopandas: pip install geopandas") from err
    records = [_flat(_properties(r)) for r in rows if r.get("lat") is not None and r.get("lon") is not None]
    # shapely points are (x, y) = (longitude, latitude)
    geometry = [Point(r["lon"], r["lat"]) for r in records]
    frame = gpd.GeoDataFrame(records, columns=list(COLUMNS), geometry=geometry, crs="EPSG:4326")
    try:
        frame.to_file(path, layer=layer, driver="GPKG")
    except (OSError, RuntimeError, ValueError) as err:   # pyogrio errors are RuntimeErrors
        raise GeoError(f"{path}: cannot write GeoPackage ({err})") from err
