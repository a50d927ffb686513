"""Ingest: files -> store, idempotence, replacement, transactions, bad input; export formats."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.store import exporting
from geo.exc import StoreError
from geo.ingest.ingesting import Ingester, article_id
from geo.store import EventFilter, Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeded(parser, tmp_path_factory):
    """The seeds ingested once: (store path, report, events)."""
    path = str(tmp_path_factory.mktemp("seeded") / "events.sqlite")
    with Store(path) as store:
        report = Ingester(store, parser=parser).ingest([str(SEEDS)])
        events = store.events()
        mentions = store.mentions()
    return path, report, events, mentions


def _one(events, place, **props):
    hits = [e for e in events if e["place_name"] == place and all(e[k] == v for k, v in props.items())]
    assert hits, f"no event at {place} with {props}: {[(e['place_name'], e['event_type']) for e in events]}"
    return hits[0]


def test_seed_articles_and_manifest_dates(seeded):
    _path, report, events, _m = seeded
    assert report.ok and report.added == 2 and report.events == len(events)
    libya = _one(events, "Al-Washka")
    assert (libya["date_start"], libya["date_end"], libya["date_precision"], libya["date_approximate"]) == \
        ("2020-05-01", "2020-05-31", "month", 1)
    assert libya["date_text"] == "فجر الجمعة" and libya["time_of_day"] == "dawn"


def test_seed_done_when(seeded):
    _path, _report, events, mentions = seeded
    washka = _one(events, "Al-Washka", event_type="explosions_remote_violence")
    assert (washka["actor1"], washka["actor2"]) == ("gna", "lna")
    assert _one(events, "Ain Zara", event_type="explosions_remote_violence")["actor1"] == "lna"
    assert _one(events, "Nesma", sub_event_type="air_drone_strike")
    hospital = [e for e in events if e["place_name"] == "Tripoli" and "مستشفى طرابلس المركزي" in e["snippet"]]
    assert hospital and hospital[0]["event_type"] == "explosions_remote_violence"
    oman = _one(events, "Oman", sub_event_type="negotiations")
    assert {"iran", "us"} <= {p["id"] for p in oman["parties"]}
    saturday = [e for e in events if e["place_name"] == "Oman" and e["date_start"] == "2025-04-12"]
    assert saturday and saturday[0]["date_precision"] == "day"
    assert not [e for e in events if "الحرة" in e["place_text"]]
    assert not [m for m in mentions if m["text"] == "الحرة"]


def test_seed_snippet_offsets(seeded):
    for e in seeded[2]:
        assert e["snippet"][e["place_start"]:e["place_end"]] == e["place_text"]
        assert e["snippet"][e["trigger_start"]:e["trigger_end"]] == e["trigger_text"]


def test_plain_mentions_are_kept(seeded):
    _path, _report, events, mentions = seeded
    in_events = {(e["snippet_start"], e["place_id"]) for e in events}
    for m in mentions:
        assert m["in_event"] == int((m["sentence_start"], m["place_id"]) in in_events), m["text"]
    plain = {m["text"] for m in mentions if not m["in_event"]}
    assert {"مصراتة", "سرت", "الكحيلي"} <= plain          # places that only locate the event's place


def test_reingest_adds_nothing(ingester, store):
    first = ingester.ingest([str(SEEDS)])
    before = store.count("events")
    second = ingester.ingest([str(SEEDS)])
    assert (second.added, second.replaced, second.unchanged) == (0, 0, 2)
    assert store.count("events") == before and store.count("articles") == 2 and first.added == 2


def test_changed_article_replaces_its_events(ingester, store, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x1", "text": "قصف على مصراتة."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    ingester.ingest([str(path)])
    [old] = store.events()
    path.write_text(json.dumps({"id": "x1", "text": "اشتباكات في سرت."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    report = ingester.ingest([str(path)])
    [new] = store.events()
    assert report.replaced == 1 and store.count("articles") == 1
    assert (old["place_name"], new["place_name"]) == ("Misratah", "Sirte")


def test_published_override_redates(ingester, store):
    ingester.ingest([str(SEEDS)])
    report = ingester.ingest([str(SEEDS)], published="2020-05-16")
    assert report.replaced == 2
    washka = _one(store.events(), "Al-Washka")
    assert (washka["date_start"], washka["date_precision"], washka["date_basis"]) == \
        ("2020-05-15", "day", "sentence")


def test_identity_ignores_spelling_marks_and_spacing():
    assert article_id("قصفٌ  على\nطرابلس") == article_id("قصف على طرابلس")
    assert article_id("قصف على طرابلس") != article_id("قصف على سرت")


def test_formats_together(ingester, store, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("اشتباكات في سرت.", encoding="utf-8")
    (tmp_path / "in" / "b.csv").write_text("id,text,published\n1,قصف على مصراتة,2020-05-02\n",
                                           encoding="utf-8-sig")
    (tmp_path / "in" / "c.json").write_text(json.dumps([{"text": "غارة على بنغازي"}], ensure_ascii=False),
                                            encoding="utf-8")
    (tmp_path / "in" / "d.txt").write_bytes("قصف على طرابلس".encode("cp1256"))
    report = ingester.ingest([str(tmp_path / "in")])
    assert report.ok and report.added == 4
    assert {e["place_name"] for e in store.events()} == {"Sirte", "Misratah", "Benghazi", "Tripoli"}


def test_bad_input_reported_rest_ingested_nothing_lost(ingester, store, tmp_path):
    ingester.ingest([str(SEEDS)])
    before = [dict(e) for e in store.events()]
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"text": "قصف على سرت"}\nnot json\n{"id": 1}\n', encoding="utf-8")
    report = ingester.ingest([str(tmp_path / n) for n in ("bin.txt", "empty.txt", "bad.jsonl")])
    messages = [str(e) for e in report.rejected]
    assert any("bin.txt" in m and "binary" in m for m in messages)
    assert any("empty.txt" in m for m in messages)
    assert any("bad.jsonl:2" in m for m in messages) and any("bad.jsonl:3" in m for m in messages)
    assert report.added == 1
    after = {e["event_id"]: e for e in store.events()}
    assert all(after[e["event_id"]] == e for e in before)


def test_failure_mid_article_leaves_no_half_article(ingester, store, monkeypatch):
    ingester.ingest([str(SEEDS)])
    before = (store.count("articles"), store.count("events"), store.count("mentions"))
    import geo.store.storing as store_mod
    real = store_mod._insert

    def failing(db, table, rows):
        if table == "events":
            raise StoreError("disk full (injected)")
        real(db, table, rows)
    monkeypatch.setattr(store_mod, "_insert", failing)
    report = ingester.ingest([str(SEEDS)], published="2021-01-01")   # forces a rewrite of both
    assert len(report.rejected) == 2 and "injected" in str(report.rejected[0])
    assert (store.count("articles"), store.count("events"), store.count("mentions")) == before


def test_crash_mid_article_rolls_back(ingester, store, monkeypatch, tmp_path):
    import geo.store.storing as store_mod
    real = store_mod._insert

    def crash(db, table, rows):
        real(db, table, rows)
        if table == "mentions":
            raise KeyboardInterrupt            # the process is stopped after half the writes
    monkeypatch.setattr(store_mod, "_insert", crash)
    with pytest.raises(KeyboardInterrupt):
        ingester.ingest([str(SEEDS)])
    assert (store.count("articles"), store.count("mentions"), store.count("events")) == (0, 0, 0)


# -- export ------------------------------------------------------------------------

def test_geojson_is_longitude_first(seeded):
    path, *_ = seeded
    with Store(path) as store:
        rows = store.events(EventFilter(countries=["LY"]))
    fc = exporting.to_geojson(rows)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == len(rows)
    tripoli = next(f for f in fc["features"] if f["properties"]["place_name"] == "Tripoli")
    lon, lat = tripoli["geometry"]["coordinates"]
    assert 13 < lon < 13.4 and 32.7 < lat < 33        # Tripoli, Libya: lon 13.19, lat 32.89


def test_csv_export(seeded):
    path, *_ = seeded
    with Store(path) as store:
        rows = store.events()
    table = list(csv.DictReader(io.StringIO(exporting.to_csv(rows))))
    assert len(table) == len(rows) and set(exporting.COLUMNS) == set(table[0])
    oman = next(r for r in table if r["place_name"] == "Oman")
    assert "iran" in oman["parties"].split("|")


def test_gpkg_export(seeded, tmp_path):
    import geopandas as gpd

    path, *_ = seeded
    with Store(path) as store:
        rows = store.events(EventFilter(types=["explosions_remote_violence"]))
    out = tmp_path / "events.gpkg"
    exporting.write_gpkg(rows, str(out))
    frame = gpd.read_file(out)
    assert len(frame) == len(rows) and frame.crs.to_epsg() == 4326
    washka = frame[frame.place_name == "Al-Washka"].geometry.iloc[0]
    assert (round(washka.x, 3), round(washka.y, 3)) == (round(next(
        r["lon"] for r in rows if r["place_name"] == "Al-Washka"), 3), round(next(
            r["lat"] for r in rows if r["place_name"] == "Al-Washka"), 3))


# -- command line ------------------------------------------------------------------

@pytest.fixture
def cli(gazetteer, data_dir, tmp_path):
    from geo import settings
    env = {k: v for k, v in os.environ.items() if k not in {s.env_var for s in settings.SETTINGS.values()}}
    env.update(MARSAD_DATA_DIR=str(data_dir), MARSAD_DB=str(tmp_path / "cli.sqlite"), PYTHONIOENCODING="utf-8")

    def _run(*args):
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env,
                              capture_output=True, timeout=300)
    return _run


def test_cli_ingest_then_export(cli, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "قصف على سرت"}\n{oops\n', encoding="utf-8")
    proc = cli("ingest", str(SEEDS), str(bad))
    assert proc.returncode == 1, proc.stderr.decode()
    assert f"{bad}:2:" in proc.stderr.decode()
    summary = json.loads(proc.stdout)
    assert summary["added"] == 3 and summary["rejected"] == 1
    proc = cli("export", "--format", "geojson", "--party", "lna", "--from", "2020-05-01", "--to", "2020-05-31")
    assert proc.returncode == 0, proc.stderr.decode()
    features = json.loads(proc.stdout)["features"]
    assert features and all("lna" in f["properties"]["parties"] for f in features)
    proc = cli("export", "--party", "nobody")
    assert proc.returncode == 2 and b"unknown party" in proc.stderr


def test_seed_if_empty(ingester, store):
    from geo.ingest.ingesting import seed_if_empty
    report = seed_if_empty(store, ingester)
    assert report.added == 2 and store.count("events") >= 6
    assert seed_if_empty(store, ingester) is None
