"""Ingest with worker processes: the same store and the same report as one process."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from geo.ingest import Ingester
from geo.store import Store

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_41f920e4e54127c5.txt"


def _articles(path: Path) -> Path:
    text = SEED.read_text(encoding="utf-8")
    lines = [json.dumps({"id": f"a{n}", "url": f"https://example.org/{n}", "published": "2020-05-16",
                         "text": text[n * 150:n * 150 + 600]}, ensure_ascii=False) for n in range(30)]
    lines.insert(5, "not json")                                                   # a bad record
    lines.append(lines[3])                                                        # the same article again
    changed = json.loads(lines[10])
    changed["text"] += " وقصفت الطائرات مدينة سرت أمس."                            # same url, changed text
    lines.append(json.dumps(changed, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tables(db: Path) -> dict:
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("events", "mentions", "event_parties")} | {
            "articles": con.execute("SELECT article_id, key, record_id, title, text, published_start "
                                    "FROM articles ORDER BY 1").fetchall()}
    finally:
        con.close()


@pytest.mark.parametrize("jobs", [2])
def test_jobs_store_what_one_process_stores(parser, tmp_path, jobs):
    src = _articles(tmp_path / "a.jsonl")
    reports = {}
    for n in (1, jobs):
        with Store(str(tmp_path / f"s{n}.sqlite")) as store:
            reports[n] = Ingester(store, parser=parser).ingest([str(src)], jobs=n)
    one, many = reports[1], reports[jobs]
    assert one.as_dict() == many.as_dict()
    assert (one.added, one.unchanged, one.replaced, len(one.rejected)) == (30, 1, 1, 1)
    assert [str(e) for e in one.rejected] == [str(e) for e in many.rejected]
    assert _tables(tmp_path / "s1.sqlite") == _tables(tmp_path / f"s{jobs}.sqlite")
    assert _tables(tmp_path / "s1.sqlite")["events"]
