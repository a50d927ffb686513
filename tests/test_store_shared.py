"""One store for a team, on each backend: writers and readers in several processes at once, copies
between backends, snapshots, and the map's box query."""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from geo.exc import StoreError
from geo.store import EventFilter, Store, backup, copy_store

WRITERS, READERS, OWN, SHARED = 4, 2, 30, 6


def _article(key: str, text: str) -> dict:
    from geo.ingest import article_id

    aid = article_id(text)
    return {"article_id": aid, "key": key, "title": None, "text": text, "source": "wire", "url": None,
            "origin": "test", "published_start": "2024-03-01", "published_end": "2024-03-01",
            "published_precision": "day", "published_approximate": 0, "published_basis": None}


def _event(aid: str, n: int, lat: float = 32.9, lon: float = 13.2) -> dict:
    eid = f"{aid}-{n:03d}"
    return {"event_id": eid, "article_id": aid, "event_type": "battles", "sub_event_type": "armed_clash",
            "date_start": "2024-03-01", "date_end": "2024-03-01", "date_precision": "day",
            "date_approximate": 0, "date_basis": "article", "date_text": None, "time_of_day": None,
            "place_id": "geonames:2210247", "place_name": "Tripoli", "place_name_ar": "طرابلس",
            "place_text": "طرابلس", "country_code": "LY", "feature": "PPLC", "lat": lat, "lon": lon,
            "geo_precision": 1, "match": "exact", "actor1": None, "actor2": None,
            "snippet": "اشتباكات في طرابلس", "snippet_start": 0, "place_start": 12, "place_end": 18,
            "trigger_text": "اشتباكات", "trigger_start": 0, "trigger_end": 8, "confidence": 0.9,
            "reason": "test", "parties": [{"event_id": eid, "party_id": "gna", "party_name": "GNA",
                                           "colour": "#000", "role": "named"}]}


def _write(url: str, writer: int, barrier) -> tuple[int, int]:
    """One writer process: its own articles and the shared ones (which every writer tries to add)."""
    barrier.wait()
    added = unchanged = 0
    with Store(url) as store:
        for n in range(OWN):
            texts = [f"writer {writer} article {n}", f"shared article {n % SHARED}"]
            for text in texts:
                art = _article(f"text:{text}", text)
                status, _ = store.put(art, [], [_event(art["article_id"], 0), _event(art["article_id"], 1)])
                added += status == "added"
                unchanged += status == "unchanged"
    return added, unchanged


def _read(url: str, barrier, stop) -> int:
    """One reader process: reads the map's events until the writers are done; generations never go back."""
    barrier.wait()
    reads, last = 0, -1
    with Store(url) as store:
        while not stop.is_set() or reads == 0:
            generation = store.generation()
            assert generation >= last, "the generation went back"
            last = generation
            events = store.events(EventFilter(parties=["gna"]))
            assert all(len(e["parties"]) == 1 for e in events)
            assert len(events) % 2 == 0, "half an article was seen"
            reads += 1
    return reads


def test_four_writers_and_two_readers_at_once(store_url):
    Store(store_url).close()                       # created once, then opened by every process
    ctx = multiprocessing.get_context("spawn")
    barrier, stop = ctx.Manager().Barrier(WRITERS + READERS), ctx.Manager().Event()
    with ctx.Pool(WRITERS + READERS) as pool:
        readers = [pool.apply_async(_read, (store_url, barrier, stop)) for _ in range(READERS)]
        writers = [pool.apply_async(_write, (store_url, w, barrier)) for w in range(WRITERS)]
        results = [w.get(timeout=300) for w in writers]
        stop.set()
        reads = [r.get(timeout=60) for r in readers]
    assert all(n > 0 for n in reads)
    assert sum(a for a, _ in results) == WRITERS * OWN + SHARED        # each shared article added once
    assert sum(a + u for a, u in results) == WRITERS * OWN * 2
    with Store(store_url) as store:
        assert store.count("articles") == WRITERS * OWN + SHARED
        assert store.count("events") == 2 * (WRITERS * OWN + SHARED)
        assert store.counts_by("party") == {"gna": 2 * (WRITERS * OWN + SHARED)}
        assert store.generation() == WRITERS * OWN + SHARED


def test_box_query(store):
    for n, (lat, lon) in enumerate([(32.9, 13.2), (31.2, 16.6), (35.7, 51.4)]):
        art = _article(f"text:{n}", f"article {n}")
        store.put(art, [], [_event(art["article_id"], 0, lat, lon)])
    libya = store.events(EventFilter(bbox=(9.0, 19.0, 25.0, 34.0)))       # west, south, east, north
    assert sorted(e["lat"] for e in libya) == [31.2, 32.9]
    assert store.events(EventFilter(bbox=(0.0, 0.0, 1.0, 1.0))) == []
    if store.backend.name == "postgresql":            # the box is answered from the GiST index
        store.db.execute("SET enable_seqscan = off")
        plan = " ".join(r[0] for r in store.db.execute(
            "EXPLAIN SELECT event_id FROM events e WHERE e.geom && ST_MakeEnvelope(9, 19, 25, 34, 4326)"))
        assert "events_geom" in plan


def _fill(store: Store) -> None:
    from geo.review import access

    for n in range(5):
        art = _article(f"text:{n}", f"article {n}")
        store.put(art, [], [_event(art["article_id"], 0), _event(art["article_id"], 1)])
    access.add_user(store, "ana", "admin", "a long enough password 1")
    key = store.events()[0]["report_key"]
    store.edit(key, "status", {"status": "reviewed"}, "ana")
    store.edit(key, "note", {"note": "=cmd|' /C calc'!A0 checked"}, "ana")
    store.feeds.polled("https://example.org/rss", "Example", ok=True, etag='"e"', seen=2, added=2)


def _contents(store: Store) -> dict:
    out = {}
    for table in ("articles", "events", "event_parties", "edits", "users", "feeds"):
        names, rows = store.backend.rows(f"SELECT * FROM {table}", [])
        out[table] = sorted(tuple(sorted((n, r[i]) for i, n in enumerate(names))) for r in rows)
    return out


def test_copy_between_backends_keeps_every_row(store_url, tmp_path):
    with Store(store_url) as source:
        _fill(source)
        before = _contents(source)
        generation = source.generation()
    file_copy = str(tmp_path / "copy.sqlite")
    counts = copy_store(store_url, file_copy)
    assert counts["articles"] == 5 and counts["events"] == 10 and counts["edits"] == 2
    with Store(file_copy) as copied:
        assert _contents(copied) == before and copied.generation() == generation
        # The edit log stays append-only and numbered after the copied edits.
        key = copied.events()[0]["report_key"]
        assert copied.edit(key, "note", {"note": "again"}, "ana") == 3
    with pytest.raises(StoreError, match="not empty"):
        copy_store(store_url, file_copy)


def test_copy_sqlite_to_postgresql_and_back(tmp_path, postgres_url):
    first = str(tmp_path / "first.sqlite")
    with Store(first) as s:
        _fill(s)
        before = _contents(s)
    copy_store(first, postgres_url)
    back = str(tmp_path / "back.sqlite")
    copy_store(postgres_url, back)
    with Store(back) as s:
        assert _contents(s) == before


def test_backup_is_a_consistent_snapshot(tmp_path):
    path = str(tmp_path / "live.sqlite")
    with Store(path) as writer, Store(path) as reader:
        _fill(writer)
        with writer.transaction() as db:              # another process in the middle of a transaction
            db.execute("DELETE FROM events")
            backup(reader, str(tmp_path / "snap.sqlite"))
    snap = sqlite3.connect(tmp_path / "snap.sqlite")
    assert snap.execute("SELECT count(*) FROM events").fetchone()[0] == 10
    assert snap.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_of_a_server_store_says_how(postgres_url, tmp_path):
    with Store(postgres_url) as store, pytest.raises(StoreError, match="pg_dump"):
        backup(store, str(tmp_path / "x.sqlite"))
