"""Properties that hold whatever comes in, and whatever happens to the process.

* Hypothesis feeds arbitrary bytes, arbitrary JSON and arbitrary CSV cells to
  every reader, through the same path as an upload: no exception escapes,
  every good record is stored, and nothing stored before changes.
* An ingest killed with SIGKILL at random points leaves an intact store (no
  orphan row, no half article), and a re-run completes it to the same result.
* Two processes ingesting the same file at once, with a reader, lose nothing,
  store nothing twice and report each article added once.
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.ingest import Ingester, article_id, ingest_uploads, read_jsonl, read_text
from geo.store import Store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EXAMPLES = int(os.environ.get("MARSAD_HYPOTHESIS_EXAMPLES", "120"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])

ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي"))
GOOD_TEXT = st.lists(st.text(ARABIC, min_size=2, max_size=8), min_size=3, max_size=12).map(" ".join)
# Any character, lone surrogates and control characters included (json.dumps writes "\\ud800").
ANY_TEXT = st.text(st.characters(categories=("Cs", "Cc", "Cf", "Lo", "Ll", "Nd", "Po", "Zs")), max_size=30)
# CSV cells: any character but control characters (a file that is one tenth control characters is
# binary, and rejected whole with that message; NUL bytes in a line are tested in test_hardening).
CELL_TEXT = st.text(st.characters(categories=("Cs", "Cf", "Lo", "Ll", "Lu", "Nd", "Po", "Ps", "Sm", "Zs")),
                    max_size=40)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["text", "id", "title", "url", "source", "published"]) | ANY_TEXT,
                      inner, max_size=4),
    max_leaves=20)


@pytest.fixture(scope="module")
def seeded(parser, tmp_path_factory):
    """A store holding the seeds, and a snapshot of every row they wrote."""
    path = str(tmp_path_factory.mktemp("robust") / "store.sqlite")
    with Store(path) as store:
        Ingester(store, parser=parser).ingest([str(SEEDS)])
        before = _snapshot(store)
    store = Store(path)
    yield store, Ingester(store, parser=parser), before
    store.close()


def _snapshot(store: Store) -> dict:
    seed_ids = [r[0] for r in store.db.execute("SELECT article_id FROM articles WHERE origin LIKE ?",
                                                (f"%{SEEDS.name}%",))]
    marks = ",".join("?" * len(seed_ids))
    return {table: store.db.execute(f"SELECT * FROM {table} WHERE article_id IN ({marks}) ORDER BY 1, 2",
                                    seed_ids).fetchall()
            for table in ("articles", "mentions", "events")}


def _ingest(ingester: Ingester, files) -> None:
    """Ingest uploads; anything escaping fails the test (that is the property)."""
    report = ingest_uploads(ingester, files)
    assert report.added + report.replaced + report.unchanged + len(report.rejected) >= 0


def _stored(store: Store, texts) -> list[str]:
    """The texts of ``texts`` that are not in the store (should be none)."""
    return [t for t in texts if store.article(article_id(t)) is None]


@PROPERTY
@given(data=st.binary(max_size=3000), ext=st.sampled_from(["txt", "jsonl", "json", "csv", "html"]),
       good=GOOD_TEXT)
def test_arbitrary_bytes(seeded, data, ext, good):
    store, ingester, before = seeded
    _ingest(ingester, [(f"junk.{ext}", data), ("good.txt", good.encode("utf-8"))])
    assert _stored(store, [good]) == []
    assert _snapshot(store) == before


@PROPERTY
@given(data=st.binary(max_size=2000), good=GOOD_TEXT)
def test_arbitrary_bytes_as_a_manifest_and_to_geo_parse(seeded, tmp_path, data, good):
    """The sidecar manifest reader and the readers of ``geo parse`` take any bytes too."""
    store, ingester, before = seeded
    folder = tmp_path / "m"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text(good, encoding="utf-8")
    (folder / "a.manifest.json").write_bytes(data)
    ingester.ingest([str(folder)])
    assert _stored(store, [good]) == []
    assert _snapshot(store) == before
    for item in list(read_jsonl("d.jsonl", io.BytesIO(data))) + list(read_text("d.txt", data)):
        assert hasattr(item, "text") or str(item).startswith("d.")


@PROPERTY
@given(records=st.lists(st.tuples(st.booleans(), GOOD_TEXT, JSON_VALUES), max_size=8))
def test_arbitrary_json_lines_and_files(seeded, records):
    store, ingester, before = seeded
    # Each item is a good record or arbitrary JSON (nesting, wrong types, lone surrogates...).
    items = [{"text": text} if good else junk for good, text, junk in records]
    lines = "\n".join(json.dumps(r) for r in items).encode("utf-8")
    whole = json.dumps(items).encode("utf-8")
    _ingest(ingester, [("r.jsonl", lines), ("r.json", whole)])
    assert _stored(store, [text for good, text, _ in records if good]) == []
    assert _snapshot(store) == before


@PROPERTY
@given(rows=st.lists(st.tuples(CELL_TEXT, st.one_of(GOOD_TEXT, CELL_TEXT)), max_size=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]))
def test_arbitrary_csv_cells(seeded, rows, encoding):
    store, ingester, before = seeded
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["source", "text"])
    writer.writerows(rows)
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8", "surrogatepass")
    _ingest(ingester, [("r.csv", data)])
    # A good row: a text from GOOD_TEXT, and a source cell that is valid Unicode (a lone surrogate
    # is written as bytes no codec reads, and costs its row).
    good = [text for source, text in rows if text.strip() and set(text) <= set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ")
            and len(text.split()) >= 3 and not any("\ud800" <= c <= "\udfff" for c in source)]
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        assert _stored(store, good) == []
    assert _snapshot(store) == before


# --- kill -9 and concurrency --------------------------------------------------------

CITIES = ["سرت", "مصراتة", "بنغازي", "طرابلس", "درنة", "الزاوية", "غريان", "سبها", "عدن", "تعز", "صنعاء", "مأرب"]


def _corpus(path: Path, n: int) -> Path:
    """``n`` short news articles, each different, most with an event and a place."""
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            city, other = CITIES[i % len(CITIES)], CITIES[(i * 7 + 3) % len(CITIES)]
            text = (f"اشتباكات عنيفة في مدينة {city} صباح اليوم أسفرت عن سقوط {i + 2} قتلى. "
                    f"وقال شهود إن القصف طال أحياء قرب {other} في التقرير رقم {i}.")
            fh.write(json.dumps({"id": f"r{i}", "source": "وكالة", "text": text,
                                 "published": "2020-05-14"}, ensure_ascii=False) + "\n")
    return path


def _run_ingest(corpus: Path, db: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "geo", "ingest", str(corpus), "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _state(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM mentions WHERE article_id NOT IN (SELECT article_id FROM articles))"
            " + (SELECT count(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles))"
            " + (SELECT count(*) FROM event_parties WHERE event_id NOT IN (SELECT event_id FROM events))"
        ).fetchone()[0]
        assert orphans == 0
        per_article = dict(con.execute("SELECT a.article_id, (SELECT count(*) FROM events e WHERE "
                                       "e.article_id = a.article_id) FROM articles a"))
        events = sorted(con.execute("SELECT event_id, event_type, place_id, date_start FROM events"))
        return {"articles": per_article, "events": events,
                "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0]}
    finally:
        con.close()


@pytest.fixture(scope="module")
def ingest_env(gazetteer, data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MARSAD_")}
    return {**env, "MARSAD_DATA_DIR": str(data_dir)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory, ingest_env):
    folder = tmp_path_factory.mktemp("kill")
    corpus = _corpus(folder / "corpus.jsonl", 300)
    proc = _run_ingest(corpus, folder / "ref.sqlite", ingest_env)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return corpus, _state(folder / "ref.sqlite")


KILLS = int(os.environ.get("MARSAD_KILL_POINTS", "5"))


@pytest.mark.parametrize("trial", range(KILLS))
def test_kill_9_leaves_an_intact_store_that_a_rerun_completes(reference, ingest_env, tmp_path, trial):
    corpus, expected = reference
    total = len(expected["articles"])
    stop_at = random.Random(trial).randint(1, total - 1)           # articles stored when the kill comes
    db = tmp_path / "killed.sqlite"
    proc = _run_ingest(corpus, db, ingest_env)
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                stored = 0
            if stored >= stop_at:
                break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    killed = _state(db)
    assert killed["articles"] and len(killed["articles"]) < total, "the kill did not land during the ingest"
    # No half article: each stored article has all its events, as in the uninterrupted run.
    assert all(expected["articles"][aid] == n for aid, n in killed["articles"].items())
    rerun = _run_ingest(corpus, db, ingest_env)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    summary = json.loads(out)
    assert summary["added"] == total - len(killed["articles"]) and summary["unchanged"] == len(killed["articles"])
    assert _state(db) == expected


def test_two_concurrent_ingests_and_a_reader(reference, ingest_env, tmp_path):
    corpus, expected = reference
    db = tmp_path / "shared.sqlite"
    Store(str(db)).close()                                           # created before both start
    procs = [_run_ingest(corpus, db, ingest_env) for _ in range(2)]
    reads = 0
    while any(p.poll() is None for p in procs):
        with Store(str(db)) as reader:
            reader.events()
            reads += 1
        time.sleep(0.02)
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0 and "locked" not in err, err
        results.append(json.loads(out))
    total = len(expected["articles"])
    assert sum(r["added"] for r in results) == total                 # each article added once
    assert all(r["added"] + r["unchanged"] == total and r["replaced"] == 0 for r in results)
    assert _state(db) == expected and reads > 0
