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


@pytest.fixture
def small_batches(monkeypatch):
    """Workers started for a handful of articles, in batches of 8 (so batches meet the bad records)."""
    from geo.ingest import parallel

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "BATCH", 8)


@pytest.mark.parametrize("jobs", [2])
def test_jobs_store_what_one_process_stores(parser, tmp_path, jobs, small_batches):
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


def test_a_dask_cluster_stores_what_one_process_stores(parser, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from geo.ingest import distributed as on_dask

    monkeypatch.setattr(on_dask, "PER_WORKER", 4)            # several batches for two workers
    src = _articles(tmp_path / "a.jsonl")
    with Store(str(tmp_path / "one.sqlite")) as store:
        one = Ingester(store, parser=parser).ingest([str(src)], jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            Store(str(tmp_path / "dask.sqlite")) as store:
        many = Ingester(store, parser=parser).ingest([str(src)], dask=cluster.scheduler_address)
    assert one.as_dict() == many.as_dict()
    assert _tables(tmp_path / "one.sqlite") == _tables(tmp_path / "dask.sqlite")


def test_an_unreachable_dask_scheduler_is_a_clear_error(parser, tmp_path):
    pytest.importorskip("distributed")
    from geo.exc import ConfigurationError

    with Store(str(tmp_path / "x.sqlite")) as store, pytest.raises(ConfigurationError, match="Dask scheduler"):
        Ingester(store, parser=parser).ingest([str(SEED)], dask="tcp://127.0.0.1:9")
