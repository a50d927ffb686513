"""The reliability probe's cases: no silent loss, no record that stops an ingest, safe exports.

Each numbered case of the probe is reproduced here and must now behave:
1. identity (file names never collide), 2. impossible dates, 3. nasty
records, 4. CSV formulas, 6. links and decoding edge cases. The server
defaults (5) are in test_streamlit_config.py; kill -9 and concurrent ingests
in test_robustness.py.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.events import parse_published
from geo.events.dating import event_date
from geo.ingest import ingest_uploads, read_articles, read_bytes
from geo.store import SCHEMA_VERSION, Store, exporting
from geo.store.sqlite import _SCHEMA
from geo.web import briefing

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SIRTE = "اشتباكات عنيفة في مدينة سرت صباح اليوم"
MISRATA = "قصف مدفعي على مدينة مصراتة فجر الجمعة"
BENGHAZI = "تظاهرة في مدينة بنغازي"


def jsonl(*records) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write(path: Path, content, encoding="utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def messages(report) -> list[str]:
    return [str(e) for e in report.rejected + report.warnings]


# --- 1. identity: nothing stored is replaced by accident -----------------------------

@pytest.mark.parametrize("first, second", [
    (("day1/feed.jsonl", jsonl({"text": SIRTE}, {"text": MISRATA}, {"text": BENGHAZI})),
     ("day2/feed.jsonl", jsonl({"text": SIRTE + " مجددا"}, {"text": MISRATA + " مجددا"},
                               {"text": BENGHAZI + " مجددا"}))),
    (("a/report.txt", SIRTE), ("b/report.txt", MISRATA)),
    (("x/feed.csv", "text\n" + SIRTE + "\n"), ("y/feed.csv", "text\n" + MISRATA + "\n")),
    (("p/items.json", json.dumps([{"text": SIRTE}])), ("q/items.json", json.dumps([{"text": MISRATA}]))),
], ids=["jsonl-days", "txt", "csv", "json"])
def test_files_with_the_same_name_keep_all_their_articles(ingester, store, tmp_path, first, second):
    for name, content in (first, second):
        write(tmp_path / name, content)
    one = ingester.ingest([str(tmp_path / first[0])])
    two = ingester.ingest([str(tmp_path / second[0])])
    assert (two.replaced, two.added) == (0, one.added)
    assert store.count("articles") == 2 * one.added


def test_two_uploads_with_the_same_name_keep_both(ingester, store):
    report = ingest_uploads(ingester, [("../../etc/evil.txt", SIRTE.encode()),
                                       ("..\\..\\win\\evil.txt", MISRATA.encode())])
    assert (report.added, report.replaced, store.count("articles")) == (2, 0, 2)


def test_an_upload_cannot_replace_a_seed_article_by_naming_its_old_key(ingester, store):
    seeds = ingester.ingest([str(SEEDS)])
    events = store.count("events")
    # Before, a seed article's key was "<file>#<title>"; an upload with that id replaced it.
    title = next(iter(read_articles([str(SEEDS)]))).title
    upload = json.dumps({"id": f"000_41f920e4e54127c5.txt#{title}", "text": BENGHAZI}).encode()
    report = ingest_uploads(ingester, [("x.jsonl", upload)])
    assert (report.added, report.replaced) == (1, 0)
    assert store.count("articles") == seeds.added + 1 and store.count("events") >= events


@pytest.mark.parametrize("old, new, replaced", [
    ({"url": "https://a.example/1", "text": SIRTE}, {"url": "https://a.example/1", "text": MISRATA}, True),
    ({"id": "7", "source": "وكالة", "text": SIRTE}, {"id": "7", "source": "وكالة", "text": MISRATA}, True),
    ({"id": "7", "source": "وكالة", "text": SIRTE}, {"id": "7", "source": "قناة", "text": MISRATA}, False),
    ({"id": "7", "text": SIRTE}, {"url": "https://a.example/7", "text": MISRATA}, False),
], ids=["same-url", "same-source-and-id", "same-id-other-source", "id-then-url"])
def test_replacing_is_explicit_and_reported(ingester, store, tmp_path, old, new, replaced):
    ingester.ingest([str(write(tmp_path / "old.jsonl", jsonl(old)))])
    report = ingester.ingest([str(write(tmp_path / "new.jsonl", jsonl(new)))])
    assert (report.replaced, report.added) == ((1, 0) if replaced else (0, 1))
    assert store.count("articles") == (1 if replaced else 2)
    said = [m for m in messages(report) if "replaces the article stored from" in m]
    assert len(said) == (1 if replaced else 0)
    if replaced:
        assert "new.jsonl:1" in said[0] and "old.jsonl:1" in said[0]


def test_a_version_1_store_migrates_without_losing_articles(tmp_path):
    path = tmp_path / "v1.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA + "; INSERT INTO meta VALUES ('schema_version', '1');")
    rows = [("a1", "feed.jsonl:1", None), ("a2", "feed.jsonl:2", "https://x.example/2"),
            ("a3", "report.txt", "https://x.example/2"), ("a4", "https://x.example/4", "https://x.example/4")]
    db.executemany("INSERT INTO articles (article_id, key, text, url, published_precision) "
                   "VALUES (?, ?, 'نص', ?, 'unknown')", rows)
    db.commit()
    db.close()
    with Store(str(path)) as store:
        keys = dict(store.db.execute("SELECT article_id, key FROM articles"))
        version = store.db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION
    assert keys == {"a1": "text:a1", "a2": "url:https://x.example/2", "a3": "text:a3",
                    "a4": "url:https://x.example/4"}


# --- 2. impossible dates --------------------------------------------------------------

TOMORROW_PLUS = (dt.date.today() + dt.timedelta(days=3)).isoformat()


@pytest.mark.parametrize("value, why", [
    ("0001-01-01", "before 1900"),
    ("1899-12-31", "before 1900"),
    ("1850", "before 1900"),
    (TOMORROW_PLUS, "in the future"),
    ("9999-12", "in the future"),
])
def test_implausible_publication_dates_are_refused(value, why):
    with pytest.raises(ValueError, match=why):
        parse_published(value)


def test_a_year_one_record_is_kept_undated_with_a_message(ingester, store, tmp_path):
    path = write(tmp_path / "old.jsonl", jsonl({"text": SIRTE, "published": "0001-01-01"}, {"text": MISRATA}))
    report = ingester.ingest([str(path)])
    assert report.added == 2
    assert any("old.jsonl:1" in m and "0001-01-01" in m and "before 1900" in m for m in messages(report))
    assert store.db.execute("SELECT count(*) FROM articles WHERE published_start IS NULL").fetchone()[0] == 2


def test_the_command_line_refuses_an_implausible_date(tmp_path):
    done = subprocess.run([sys.executable, "-m", "geo", "ingest", "--published", "0001-01-01",
                           "--db", str(tmp_path / "s.sqlite"), str(SEEDS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "before 1900" in done.stderr


@pytest.mark.parametrize("sentence", ["قصف على سرت في عام 1850", "قصف على سرت في عام 2999"])
def test_an_implausible_date_in_the_text_is_not_the_event_date(sentence):
    t = sentence.index("قصف")
    date = event_date(sentence, (0, len(sentence)), (t, t + 3), parse_published("2020-05-14"))
    assert date.period.iso() == "2020-05-14" and date.basis == "article"


def test_the_timeline_is_bounded_whatever_the_store_holds(ingester, store):
    ingester.ingest([str(SEEDS)])
    # A store written before this check can hold a year-1 date: put one in, as it would be.
    store.db.execute("UPDATE events SET date_start='0001-01-01', date_end='0001-01-01', "
                     "date_precision='day' WHERE event_id = (SELECT min(event_id) FROM events)")
    events = store.events()
    started = time.perf_counter()
    frame, left_out = briefing.per_day(events)
    assert time.perf_counter() - started < 2.0
    assert left_out >= 1 and (frame is None or len(frame) <= briefing.MAX_BUCKETS)


@pytest.mark.parametrize("days, unit", [(10, "day"), (2000, "week"), (20000, "month"), (40000, "year")])
def test_a_long_span_is_drawn_in_wider_bars(days, unit):
    today = dt.date(2026, 1, 1)
    events = [{"date_precision": "day", "date_start": (today - dt.timedelta(days=d)).isoformat(),
               "parties": []} for d in (0, days)]
    frame, _ = briefing.per_day(events, today=today)
    assert briefing.bucket_label(frame) == unit and len(frame) <= briefing.MAX_BUCKETS
    assert int(frame.to_numpy().sum()) == 2


# --- 3. nasty records are reported and the rest is stored -----------------------------

NASTY = [
    ('{"text": ' + "[" * 5000 + "]" * 5000 + "}", "nested more than"),
    ('{"text": "\\ud800 سرت"}', "lone surrogate"),
    ('{"id": ' + "9" * 5000 + ', "text": "نص"}', "more than 4,300 digits"),
    ('{"id": NaN, "text": "نص"}', "NaN"),
    ('{"id": Infinity, "text": "نص"}', "Infinity"),
    ('{"id": "' + "x" * 300 + '", "text": "نص"}', '"id" is 300 characters'),
    ('{"title": "' + "ع" * 2000 + '", "text": "نص"}', '"title" is 2,000 characters'),
    ('{"text": "\u200b\u200c\u2060 \ufeff"}', '"text" is empty'),
    ('{"text": "نص مقطوع', "the line ends at column"),
]


@pytest.mark.parametrize("line, reason", NASTY, ids=lambda v: v[:20] if isinstance(v, str) else None)
def test_a_nasty_record_costs_only_its_line(ingester, store, tmp_path, line, reason):
    path = write(tmp_path / "n.jsonl", json.dumps({"text": SIRTE}) + "\n" + line + "\n" +
                 json.dumps({"text": MISRATA}) + "\n")
    report = ingester.ingest([str(path)])
    assert report.added == 2 and store.count("articles") == 2
    (error,) = report.rejected
    assert (error.source, error.line) == (str(path), 2) and reason in str(error)


def test_nasty_records_in_an_upload_batch_cost_only_themselves(ingester, store):
    files = [("a.jsonl", "\n".join([json.dumps({"text": SIRTE})] + [line for line, _ in NASTY]).encode()),
             ("b.json", ("[" * 3000).encode()),
             ("c.txt", MISRATA.encode())]
    report = ingest_uploads(ingester, files)
    assert report.added == 2 and store.count("articles") == 2
    assert len(report.rejected) == len(NASTY) + 1
    assert all(str(e).startswith(("a.jsonl:", "b.json:")) for e in report.rejected)


def test_geo_parse_reports_a_nested_line_and_goes_on(tmp_path):
    path = write(tmp_path / "d.jsonl", '{"id": "1", "text": "' + SIRTE + '"}\n{"text": ' + "[" * 3000 +
                 "}\n" + '{"id": "3", "text": "' + MISRATA + '"}\n')
    done = subprocess.run([sys.executable, "-m", "geo", "parse", "--format", "jsonl", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == ["1", "3"]
    assert f"{path}:2" in done.stderr and "nested more than" in done.stderr
    assert "Traceback" not in done.stderr


# --- 4. CSV formulas and 6. links -------------------------------------------------------

def _row(**fields):
    base = {"event_id": "e1", "event_type": "battles", "lat": 32.1, "lon": -3.5, "snippet": "نص",
            "parties": [], "date_approximate": 0, "url": None}
    return {**base, **fields}


@pytest.mark.parametrize("column, value", [
    ("title", '=HYPERLINK("http://evil.example","x")'),
    ("article_source", "+cmd|' /C calc'!A0"),
    ("snippet", "-2+3"),
    ("reason", "@SUM(A1:A9)"),
    ("place_text", "\t=1"),
    ("date_text", "\r=1"),
])
def test_csv_cells_are_neutralised(column, value):
    text = exporting.to_csv([_row(**{column: value})])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row[column] == "'" + value
    assert row["lon"] == "-3.5"                                     # numbers stay numbers


@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a", True), ("http://example.org/a", True),
    ("javascript:alert(1)", False), ("data:text/html,<script>x</script>", False),
    ("JaVaScRiPt:alert(1)", False), ("file:///etc/passwd", False), ("//evil.example/x", False),
])
def test_exported_links_keep_only_http(url, kept):
    rows = [_row(url=url)]
    props = exporting.to_geojson(rows)["features"][0]["properties"]
    cell = next(csv.DictReader(io.StringIO(exporting.to_csv(rows))))["url"]
    assert (props["url"] == url) is kept and (cell == url) is kept
    if not kept:
        assert props["url"] is None and cell == ""


def test_the_command_line_export_is_neutralised(ingester, store, tmp_path):
    ingester.ingest([str(write(tmp_path / "f.jsonl", jsonl(
        {"text": SIRTE, "title": "=HYPERLINK(\"http://evil.example\")", "source": "+cmd",
         "url": "javascript:alert(1)"})))])
    done = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "csv", "--db", store.path],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and all(r["title"].startswith("'=") and r["article_source"] == "'+cmd" and r["url"] == ""
                        for r in rows)


# --- 6. decoding edge cases -------------------------------------------------------------

def _read(name: str, data: bytes):
    items = list(read_bytes(name, data))
    return [a for a in items if hasattr(a, "text")], [str(p) for p in items if not hasattr(p, "text")]


@pytest.mark.parametrize("name, data, texts, problems", [
    ("one.csv", "id,text\n1,اشتباكات في سرت\n".encode("cp1256"), ["اشتباكات في سرت"], []),
    ("nul.csv", b"id,text\n1,\xd8\xb3\xd8\xb1\xd8\xaa\n2,bad\x00row\n3,ok\n", ["سرت", "ok"],
     ["nul.csv:3: a NUL byte in the line: not text"]),
    ("nul.jsonl", b'{"text": "a"}\n{"text": "b\x00"}\n{"text": "c"}\n', ["a", "c"],
     ["nul.jsonl:2: a NUL byte in the line: not text"]),
    ("nul.txt", "اشتباكات\x00 في سرت".encode(), ["اشتباكات في سرت"], ["nul.txt: 1 NUL byte(s) removed"]),
    ("le.txt", "اشتباكات في سرت اليوم".encode("utf-16-le"), ["اشتباكات في سرت اليوم"], []),
    ("be.txt", "Clashes in Sirte today".encode("utf-16-be"), ["Clashes in Sirte today"], []),
    ("le.jsonl", '{"text": "قصف على سرت"}\n'.encode("utf-16-le"), ["قصف على سرت"], []),
    ("blank.txt", " \n\t \n".encode(), [], ["blank.txt: empty file"]),
    ("zw.txt", "\u200b\u200c\u200d\u2060\ufeff\u200f".encode(), [], ["zw.txt: empty file"]),
    ("zw.json", json.dumps({"text": "\u200b \u200c"}).encode(), [], ['zw.json: item 1: "text" is empty']),
    ("nan.csv", b"id,text\nnan,a\n", ["a"], []),                   # a CSV id "nan" is just a string
], ids=lambda v: v if isinstance(v, str) and "." in v and len(v) < 12 else None)
def test_decoding_edge_cases(name, data, texts, problems):
    good, said = _read(name, data)
    assert [a.text for a in good] == texts
    assert said == problems


def test_binary_files_are_still_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    for name in ("x.txt", "x.csv", "x.jsonl", "x.json"):
        good, said = _read(name, png)
        assert good == [] and said == [f"{name}: binary file, not text"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_devices_and_fifos_are_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found = []
    reader = threading.Thread(target=lambda: found.extend(read_articles([str(fifo), "/dev/zero"])), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO or /dev/zero did not return"
    assert [str(p) for p in found] == [f"{fifo}: not a regular file (a device, FIFO or socket): not read",
                                       "/dev/zero: not a regular file (a device, FIFO or socket): not read"]


def test_utf16_sniffing_leaves_utf8_alone():
    for text in ("اشتباكات في سرت", "Clashes in Sirte", "a" * 3):
        good, _ = _read("x.txt", text.encode("utf-8"))
        assert [a.text for a in good] == [text]
    assert codecs.lookup("utf-16-le")
