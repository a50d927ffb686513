"""Incidents: reports from several articles of one event are one incident; different events stay apart."""
from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geo.events import group_reports
from geo.store import exporting

ROOT = Path(__file__).resolve().parent.parent


def report(n, article, event_type="explosions_remote_violence", lat=18.22, lon=42.51, date="2015-08-06",
           end=None, actor1=None, source="outlet", precision="day", geo_precision=1):
    return {"event_id": f"{article}-{n:03d}", "article_id": article, "event_type": event_type, "lat": lat,
            "lon": lon, "date_start": date, "date_end": end or date, "date_precision": precision,
            "geo_precision": geo_precision, "actor1": actor1, "article_source": source, "confidence": 0.8,
            "snippet": f"sentence {article}", "url": None, "article_published": date, "parties": []}


@pytest.mark.parametrize("second, merged", [
    (report(0, "b", source="other"), True),                                       # same bombing, another outlet
    (report(0, "b", lat=18.30), True),                                            # 9 km away
    (report(0, "b", date="2015-08-07"), True),                                    # reported the next day
    (report(0, "b", event_type="battles"), True),                                 # the same violence, typed otherwise
    (report(0, "b", lat=18.60), False),                                           # 42 km away
    (report(0, "b", date="2015-08-09"), False),                                   # three days later
    (report(0, "b", event_type="protests"), False),                               # another kind of event
    (report(0, "b", date="2015-08-01", end="2015-08-31", precision="month"), False),   # only a month: never merged
    (report(1, "a"), False),                                                      # the same article: another place
], ids=["other-outlet", "9km", "next-day", "typed-otherwise", "42km", "3-days", "protest", "month", "same-article"])
def test_two_reports(second, merged):
    incidents = group_reports([report(0, "a"), second])
    assert len(incidents) == (1 if merged else 2)


def test_actors_that_contradict_are_two_incidents():
    assert len(group_reports([report(0, "a", actor1="houthis"), report(0, "b", actor1="coalition")])) == 2
    assert len(group_reports([report(0, "a", actor1="houthis"), report(0, "b")])) == 1


def test_the_incident_keeps_every_report_and_the_best_date_and_place():
    reports = [report(0, "a", source="aawsat", precision="week", date="2015-08-03", end="2015-08-09"),
               report(0, "b", source="alriyadh", geo_precision=3, lat=18.25),
               report(0, "c", source="aawsat", lat=18.23)]
    (incident,) = group_reports(reports)
    assert incident["report_count"] == 3 and incident["sources"] == ["aawsat", "alriyadh"]
    assert incident["event_id"] == "c-000"                     # day precision, finest place
    assert incident["incident_id"] == "a-000"
    assert [r["event_id"] for r in incident["reports"]] == ["a-000", "b-000", "c-000"]


def test_no_chain_of_reports_makes_one_incident_of_two_cities():
    """Each report is compared with the incident's first report, so 20 km steps do not chain."""
    chain = [report(0, a, lat=18.22 + 0.18 * k) for k, a in enumerate("abcd")]
    assert len(group_reports(chain)) >= 2


def test_exports_are_per_incident_and_per_report(ingester, store, tmp_path):
    lines = [{"id": str(k), "source": src, "text": "اندلعت اشتباكات عنيفة في مدينة سرت الليبية صباح اليوم.",
              "title": f"{src} {k}", "published": "2020-05-14"} for k, src in enumerate(["وكالة", "قناة", "صحيفة"])]
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    ingester.ingest([str(path)])
    assert store.count("events") == 3

    def export(*extra):
        done = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "csv", "--db", store.path,
                               *extra], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return list(csv.DictReader(io.StringIO(done.stdout)))

    (incident,) = export()
    assert incident["report_count"] == "3" and sorted(incident["sources"].split("|")) == ["صحيفة", "قناة", "وكالة"]
    reports = export("--reports")
    assert len(reports) == 3 and {r["incident_id"] for r in reports} == {incident["incident_id"]}
    feature = exporting.to_geojson([{**incident, "parties": [], "sources": ["a", "b"], "lat": 31.2, "lon": 16.6,
                                     "date_approximate": 0}])["features"][0]
    assert feature["properties"]["sources"] == ["a", "b"]


def test_reports_24_km_apart_east_west_are_found_at_any_latitude():
    for lat in (15.0, 33.0, 60.0):
        step = 24 / (111.32 * math.cos(math.radians(lat)))           # degrees of longitude for 24 km
        a, b = report(0, "a", lat=lat, lon=44.99), report(0, "b", lat=lat, lon=44.99 + step)
        assert len(group_reports([a, b])) == 1, lat


@pytest.mark.parametrize("a, b", [((32.88, 13.19), (32.09, 20.07)), ((12.78, 45.04), (15.35, 44.21)),
                                  ((0.0, 179.9), (0.0, -179.9)), ((89.9, 0.0), (89.9, 180.0)), ((1.0, 1.0), (1.0, 1.0))])
def test_distance_is_geopys(a, b):
    from geopy.distance import great_circle

    from geo.events.incidents import _km

    # rows keep latitude and longitude apart; geopy takes (latitude, longitude)
    ours = _km({"lat": a[0], "lon": a[1]}, {"lat": b[0], "lon": b[1]})
    assert abs(ours - great_circle(a, b).km) < 1e-6
