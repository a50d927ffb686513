"""Tests of ``python -m geo parse`` run as a subprocess (offline, shared gazetteer cache)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_41f920e4e54127c5.txt"


@pytest.fixture
def run(gazetteer, data_dir):
    """Run ``python -m geo ARGS`` with the session's gazetteer cache; returns CompletedProcess."""
    env = {k: v for k, v in os.environ.items()
           if k not in {s.env_var for s in settings.SETTINGS.values()}}
    env["MARSAD_DATA_DIR"] = str(data_dir)
    env["PYTHONIOENCODING"] = "utf-8"

    def _run(*args, stdin: bytes | None = None):
        return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, env=env,
                              input=stdin, capture_output=True, timeout=120)
    return _run


def _records(stdout: bytes):
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def test_text_file(run):
    proc = run("parse", str(SEED))
    assert proc.returncode == 0, proc.stderr.decode()
    records = _records(proc.stdout)
    assert len(records) == 1
    rec = records[0]
    assert rec["id"] == SEED.name
    assert "published" not in rec
    text = SEED.read_text(encoding="utf-8")
    assert rec["mentions"]
    for m in rec["mentions"]:
        assert m["text"] == text[m["start"]:m["end"]]
        assert m["lat"] is not None and m["lon"] is not None
    assert "supplement:washka" in {m["place_id"] for m in rec["mentions"]}


def test_text_stdin_with_published(run):
    proc = run("parse", "--published", "2020-05-01", stdin="اشتباكات في مصراتة بليبيا".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    (rec,) = _records(proc.stdout)
    assert rec["published"] == "2020-05-01"
    assert [m["text"] for m in rec["mentions"]] == ["مصراتة", "ليبيا"]


def test_jsonl_bad_middle_line(run):
    lines = [
        json.dumps({"id": "a", "text": "قصف في طرابلس عاصمة ليبيا"}, ensure_ascii=False),
        "{this is not json",
        json.dumps({"id": "c", "text": "وصل الوفد لطهران"}, ensure_ascii=False),
    ]
    proc = run("parse", "--format", "jsonl", stdin=("\n".join(lines) + "\n").encode())
    assert proc.returncode != 0
    records = _records(proc.stdout)
    assert [r["id"] for r in records] == ["a", "c"]
    inputs = {"a": json.loads(lines[0])["text"], "c": json.loads(lines[2])["text"]}
    for r in records:
        for m in r["mentions"]:
            assert m["text"] == inputs[r["id"]][m["start"]:m["end"]]
    assert "طهران" in [m["text"] for m in records[1]["mentions"]]
    err = proc.stderr.decode()
    assert "<stdin>:2:" in err
    assert "<stdin>:1:" not in err and "<stdin>:3:" not in err


def test_jsonl_missing_text_and_bad_utf8(run):
    data = b"\n".join([
        json.dumps({"id": "ok", "text": "زار الوزير سوريا"}).encode(),
        json.dumps({"id": "no-text", "body": "x"}).encode(),
        b'{"id": "bad", "text": "\xff\xfe"}',
        json.dumps({"text": "سرت"}).encode(),
        b"[1, 2]",
    ]) + b"\n"
    proc = run("parse", "--format", "jsonl", stdin=data)
    assert proc.returncode != 0
    records = _records(proc.stdout)
    assert [r["id"] for r in records] == ["ok", "<stdin>:4"]
    err = proc.stderr.decode()
    assert "<stdin>:2:" in err and "text" in err
    assert "<stdin>:3:" in err and "UTF-8" in err
    assert "<stdin>:5:" in err


def test_jsonl_file_names_the_file(run, tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"id": 1, "text": "\xd8\xb3\xd8\xb1\xd8\xaa"}\nnope\n')
    proc = run("parse", "--format", "jsonl", str(path))
    assert proc.returncode == 1
    assert [r["id"] for r in _records(proc.stdout)] == ["1"]
    assert f"{path}:2:" in proc.stderr.decode()


def test_missing_file(run, tmp_path):
    proc = run("parse", str(tmp_path / "missing.txt"))
    assert proc.returncode == 1
    assert "missing.txt" in proc.stderr.decode()


@pytest.mark.parametrize("date", ["2020-13-45", "yesterday", "2020/05/01"])
def test_bad_published_date(run, date):
    proc = run("parse", "--published", date, stdin=b"")
    assert proc.returncode == 2
    assert date in proc.stderr.decode()
    assert proc.stdout == b""


def test_jobs_give_the_same_output_as_one_process(run, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = [json.dumps({"id": f"d{n}", "text": text[n * 200:(n + 1) * 200 + 300]}, ensure_ascii=False)
             for n in range(40)]
    lines.insert(7, "not json")                                   # a bad line in the middle
    lines.append(json.dumps({"id": "d0", "text": "اشتباكات في مصراتة بليبيا"}, ensure_ascii=False))  # a repeated id
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("parse", "--format", "jsonl", str(path))
    two = run("parse", "--format", "jsonl", "--jobs", "2", str(path))
    assert one.returncode == two.returncode == 1                   # the bad line is reported by both
    assert one.stdout == two.stdout and len(_records(one.stdout)) == 41
    assert b"docs.jsonl:8" in two.stderr


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_bad_jobs(run, value):
    proc = run("parse", "--jobs", value, stdin=b"")
    assert proc.returncode == 2 and b"--jobs" in proc.stderr
