"""Articles uploaded or pasted in the dashboard."""
from __future__ import annotations

import pytest

from geo.ingesting import Ingester
from geo.store import Store
from geo.uploading import ingest_uploads, safe_name

SIRTE = "اشتباكات عنيفة في مدينة سرت صباح اليوم"


@pytest.mark.parametrize("name, used, expected", [
    ("news.txt", set(), "news.txt"),
    ("../../etc/passwd", set(), "passwd"),
    ("C:\\Users\\me\\أخبار.jsonl", set(), "أخبار.jsonl"),
    ("a b;c.csv", set(), "a_b_c.csv"),
    ("news.txt", {"news.txt"}, "news_2.txt"),
    ("...", set(), "upload.txt"),
])
def test_safe_name(name, used, expected):
    assert safe_name(name, set(used)) == expected


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
    assert seen == [(1, 4, "wire.jsonl"), (2, 4, "binary.txt"), (3, 4, "page.html"), (4, 4, "pasted text")]
    assert report.added == 2 and report.unchanged == 1        # the HTML page repeats the JSONL article
    messages = [str(p) for p in report.rejected]
    assert any(m.startswith("wire.jsonl:2") for m in messages), messages
    assert any(m.startswith("binary.txt") for m in messages), messages
    assert not any("marsad-upload-" in m for m in messages)   # the temporary copy is never named
    assert sources == {"desk"}
