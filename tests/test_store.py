"""The event store, on each backend (SQLite, PostgreSQL): schema, transactions, filters, concurrent use."""
from __future__ import annotations

import sqlite3

import pytest

from geo.exc import StoreError
from geo.store import SCHEMA_VERSION, EventFilter, Store, path_of


def article(aid="a1", key="k1", text="نص"):
    return {"article_id": aid, "key": key, "title": None, "text": text, "source": "s", "url": None,
            "origin": "f.txt", "published_start": "2020-05-01", "published_end": "2020-05-31",
            "published_precision": "month", "published_approximate": 1, "published_basis": None}


def event(aid="a1", n=0, **over):
    row = {"event_id": f"{aid}-{n:03d}", "article_id": aid, "event_type": "battles",
           "sub_event_type": "armed_clash", "date_start": "2020-05-01", "date_end": "2020-05-31",
           "date_precision": "month", "date_approximate": 1, "date_basis": "article", "date_text": None,
           "time_of_day": None, "place_id": "geonames:2210247", "place_name": "Tripoli",
           "place_name_ar": "طرابلس", "place_text": "طرابلس", "country_code": "LY", "feature": "PPLC",
           "lat": 32.88743, "lon": 13.18733, "geo_precision": 1, "match": "exact", "actor1": None,
           "actor2": None, "snippet": "اشتباكات في طرابلس", "snippet_start": 0, "place_start": 12,
           "place_end": 18, "trigger_text": "اشتباكات", "trigger_start": 0, "trigger_end": 8,
           "confidence": 0.9, "reason": "test", "parties": []}
    row.update(over)
    row["parties"] = [{"event_id": row["event_id"], "party_id": p, "party_name": p, "colour": "#000000",
                       "role": "named"} for p in row["parties"]]
    return row


def test_created_on_first_use_with_version(store):
    assert store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == \
        str(SCHEMA_VERSION)
    if store.backend.name == "sqlite":
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_folder_created(tmp_path):
    with Store(str(tmp_path / "sub" / "events.sqlite")) as s:
        assert s.count() == 0
    assert (tmp_path / "sub" / "events.sqlite").exists()


@pytest.mark.parametrize("url, path", [("/x/y.sqlite", "/x/y.sqlite"), ("sqlite:////x/y.sqlite", "/x/y.sqlite"),
                                       ("sqlite:///rel.db", "rel.db")])
def test_path_of(url, path):
    assert path_of(url) == path


def test_rejects_other_urls():
    with pytest.raises(StoreError, match="unsupported store URL 'mysql://host/db'"):
        Store("mysql://host/db")


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    Store(str(path)).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(str(path))


def test_default_path_in_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("MARSAD_DB", raising=False)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))
    with Store() as s:
        assert s.path == str(tmp_path / "data" / "marsad.sqlite")
    assert (tmp_path / "data" / "marsad.sqlite").exists()


def test_put_and_read(store):
    store.put(article(), [], [event(parties=["gna", "lna"])])
    [row] = store.events()
    assert row["place_name"] == "Tripoli" and {p["id"] for p in row["parties"]} == {"gna", "lna"}
    assert row["snippet"][row["place_start"]:row["place_end"]] == row["place_text"]


def test_put_replaces_by_key(store):
    store.put(article("a1", "k"), [], [event("a1", 0), event("a1", 1)])
    store.put(article("a2", "k", "نص آخر"), [], [event("a2", 0)])
    assert store.count("articles") == 1 and store.count("events") == 1
    assert store.article("a1") is None and store.article_by_key("k")["article_id"] == "a2"


def test_failure_mid_article_leaves_nothing_half_written(store):
    store.put(article("a1", "k1"), [], [event("a1", 0)])
    bad = [event("a2", 0), event("a2", 0)]           # the second insert violates the primary key
    with pytest.raises(store.errors):
        store.put(article("a2", "k2", "نص ثان"), [], bad)
    assert store.article("a2") is None
    assert [e["event_id"] for e in store.events()] == ["a1-000"]


@pytest.mark.parametrize("flt, expected", [
    (EventFilter(), {"a1-000", "a1-001", "a1-002", "a1-003"}),
    (EventFilter(date_from="2020-05-10", date_to="2020-05-12"), {"a1-000", "a1-001", "a1-003"}),
    (EventFilter(date_from="2020-05-10", date_to="2020-05-12", include_undated=False), {"a1-000", "a1-001"}),
    (EventFilter(date_from="2020-06-01"), {"a1-002", "a1-003"}),
    (EventFilter(include_undated=False), {"a1-000", "a1-001", "a1-002"}),
    (EventFilter(types=["protests"]), {"a1-002"}),
    (EventFilter(parties=["lna"]), {"a1-001"}),
    (EventFilter(countries=["IR"]), {"a1-002"}),
    (EventFilter(min_confidence=0.5), {"a1-000", "a1-002", "a1-003"}),
    (EventFilter(search="نطنز"), {"a1-002"}),
    (EventFilter(search="نَطَنز"), {"a1-002"}),            # diacritics do not matter
    (EventFilter(search="إحتجاج"), {"a1-002"}),           # nor the alef's hamza
    (EventFilter(parties=["gna"], types=["battles"], include_undated=False), {"a1-000"}),
])
def test_filters(store, flt, expected):
    store.put(article(), [], [
        event(n=0, date_start="2020-05-11", date_end="2020-05-11", date_precision="day", parties=["gna"]),
        event(n=1, parties=["lna"], confidence=0.3),        # May 2020, month precision
        event(n=2, event_type="protests", country_code="IR", date_start="2025-04-01",
              date_end="2025-04-30", snippet="احتجاج قرب نطنز"),
        event(n=3, date_start=None, date_end=None, date_precision="unknown"),
    ])
    assert {e["event_id"] for e in store.events(flt)} == expected


def test_counts(store):
    store.put(article(), [], [event(n=0, parties=["gna"]), event(n=1, event_type="protests", parties=["gna"])])
    assert store.counts_by("event_type") == {"battles": 1, "protests": 1}
    assert store.counts_by("party") == {"gna": 2}
    with pytest.raises(ValueError):
        store.counts_by("snippet; DROP TABLE events")


def test_reader_sees_committed_state_while_writer_is_open(store_url):
    writer, reader = Store(store_url), Store(store_url)
    writer.put(article("a1", "k1"), [], [event("a1", 0)])
    with writer.transaction() as db:                  # an ingest in the middle of an article
        db.execute("DELETE FROM events")
        assert reader.count("events") == 1            # the reader is not blocked and sees the old state
    assert reader.count("events") == 0
    writer.close()
    reader.close()


def mention(aid, seq, place, lat=32.9, in_event=0):
    return {"article_id": aid, "seq": seq, "start": 0, "end": 3, "text": "سرت", "place_id": place,
            "name": place, "name_ar": None, "lat": lat, "lon": 13.2, "country_code": "LY", "feature": "PPL",
            "match": "exact", "score": 1.0, "matched_name": "سرت", "geo_precision": 1, "source": "t",
            "sentence_start": 0, "sentence_end": 3, "reason": "r", "runner_up": None, "in_event": in_event}


def test_generation_grows_with_every_write(store):
    assert store.generation() == 0
    store.put(article(), [], [])
    store.put(article(aid="a2", key="k2", text="نص آخر"), [], [])
    assert store.generation() == 2


def test_event_lookup(store):
    store.put(article(), [], [event(n=0, parties=["gna"]), event(n=1)])
    store.put(article("a2", "k2"), [], [event("a2", 0)])
    assert store.event("a1-000")["parties"][0]["id"] == "gna"
    assert store.event("zz-000") is None
    assert [e["event_id"] for e in store.events_of("a1")] == ["a1-000", "a1-001"]


def test_place_counts(store):
    store.put(article(), [mention("a1", 0, "p1"), mention("a1", 1, "p1"), mention("a1", 2, "p2", in_event=1),
                          mention("a1", 3, "p3", lat=None)], [])
    store.put(dict(article("a2", "k2"), published_start="2024-01-01", published_end="2024-01-01"),
              [mention("a2", 0, "p1")], [])
    assert [(r["place_id"], r["n"]) for r in store.place_counts()] == [("p1", 3)]
    assert [(r["place_id"], r["n"]) for r in store.place_counts("2023-01-01")] == [("p1", 1)]
    assert [(r["place_id"], r["n"]) for r in store.place_counts(None, "2020-12-31")] == [("p1", 2)]
    assert [(r["place_id"], r["n"]) for r in store.place_counts(countries=["LY"])] == [("p1", 3)]
    assert store.place_counts(countries=["YE"]) == []                 # the country filter applies here too
