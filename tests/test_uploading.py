"""Articles uploaded or pasted in the dashboard."""
from __future__ import annotations

import pytest

from geo.ingest.ingesting import Ingester
from geo.store import Store
from geo.ingest.uploading import ingest_uploads, upload_name

SIRTE = "اشتباكات عنيفة في مدينة سرت صباح اليوم"


@pytest.mark.parametrize("name, expected", [
    ("news.txt", "news.txt"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\أخبار.jsonl", "أخبار.jsonl"),
    ("", "upload.txt"),
])
def test_upload_name(name, expected):
    assert upload_name(name) == expected


def test_two_pastes_are_two_articles(parser, tmp_path):
    with Store(str(tmp_path / "s.sqlite")) as store:
        ingester = Ingester(store, parser=parser)
        ingest_uploads(ingester, [], SIRTE)
        ingest_uploads(ingester, [], "تظاهرة في مدينة مصراتة")
        assert store.count("articles") == 2


def test_uploads_and_paste_in_one_report(parser, tmp_path):
    files = [("wire.jsonl", ('{"id": "w1", "text": "%s"}\n{"id": "w2", "text": ""}\n' % SIRTE).encode()),
             ("binary.txt", b"\x00\x01\x02" * 100),
             ("page.html", f"<html><body><p>{SIRTE}</p><script>x()</script></body></html>".encode())]
    seen = []
    with Store(str(tmp_path / "s.sqlite")) as store:
        report = ingest_uploads(Ingester(store, parser=parser), files, "تظاهرة في مدينة مصراتة",
                                published="2024-03-05", source="desk",
                                progress=lambda done, total, name: seen.append((done, total, name)))
        sources = {e["article_source"] for e in store.events()}
    assert seen[:3] == [(1, 4, "wire.jsonl"), (2, 4, "binary.txt"), (3, 4, "page.html")]
    assert seen[3][:2] == (4, 4) and seen[3][2].startswith("pasted-")
    assert report.added == 2 and report.unchanged == 1        # the HTML page repeats the JSONL article
    messages = [str(p) for p in report.rejected]
    assert any(m.startswith("wire.jsonl:2") for m in messages), messages
    assert any(m.startswith("binary.txt") for m in messages), messages
    assert not any("/tmp" in m for m in messages)              # no temporary copy to name
    assert sources == {"desk"}
