"""Tests of geo.ingest.reading.read_articles: formats, seed files, manifests, encodings, limits (offline, fast)."""
from __future__ import annotations

import io
import json
import os
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from geo.exc import InputError, InputWarning
from geo.ingest.reading import Article, has_markup, html_to_text, read_articles

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_41f920e4e54127c5.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reading"
TITLE_1 = "قوات مدعومة من الحكومة الليبية في اشتباكات جنوب طرابلس"
TITLE_2 = "القرار اتخذ في اجتماع سري وعاجل عقد الشهر الماضي (رويترز)"
LIMIT_ENV = "MARSAD_MAX_ARTICLE_CHARS"


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(LIMIT_ENV, raising=False)


def read(*paths, **kwargs):
    return list(read_articles([str(p) for p in paths], **kwargs))


def articles(items):
    return [item for item in items if isinstance(item, Article)]


def problems(items):
    """``(kind, file name, line, message)`` of each error and warning."""
    return [("error" if isinstance(i, InputError) else "warning",
             os.path.basename(i.source) if i.source else None, i.line, i.message)
            for i in items if isinstance(i, (InputError, InputWarning))]


def write(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- the seed format -----------------------------------------------------------------

def test_seed_file_gives_two_articles(tmp_path):
    seed = Path(shutil.copy(SEED, tmp_path / SEED.name))      # without the manifest beside the original
    items = read(seed)
    assert problems(items) == []
    first, second = articles(items)
    assert [first.title, second.title] == [TITLE_1, TITLE_2]
    assert first.record_id is None and second.record_id is None      # a file name is no identity
    assert first.origin == f"{seed}:1" and second.origin == f"{seed}:30"
    assert first.text.startswith(TITLE_1 + "\n\nقال عبد المالك المدني")
    assert second.text.startswith(TITLE_2 + "\n\nسلط تقرير لصحيفة")
    assert first.text.count(TITLE_1) == 1 and second.text.count(TITLE_2) == 1   # headline not repeated
    assert first.text.endswith('والتي قال\xa0إنها "لأسباب لإنسانية".')
    assert TITLE_2 not in first.text
    assert second.text.endswith("يكفي لإنتاج رؤوس نووية بسرعة نسبيا.")
    assert (first.published, first.source, first.url, first.meta) == (None, None, None, {})


def test_seed_fixture_with_manifest():
    items = read(FIXTURES / "two_articles.txt")
    first, second = articles(items)
    assert (first.title, second.title) == ("اشتباكات في مصراتة", "قصف على سرت")
    assert first.text == ("اشتباكات في مصراتة\n\nاندلعت اشتباكات عنيفة في مدينة مصراتة الليبية مساء أمس."
                          "\n\nوقال شهود إن القتال استمر ساعات.")
    # entry 1 matched by title although its index is 7; entry 2 by index
    assert (first.published, first.source, first.url) == ("2020-05", "وكالة الأنباء", "https://example.org/a1")
    assert first.meta == {"published_approximate": True, "published_basis": "month named in the text"}
    assert first.record_id is None
    assert (second.published, second.source, second.meta) == ("2021-01-03", None, {})
    assert problems(items) == [("warning", "two_articles.manifest.json", None,
                                "entry 3 matches no article")]


@pytest.mark.parametrize("text, titles", [
    ("عنوان\nعنوان\nنص\n", ["عنوان"]),
    ("\n\nعنوان\n\n\nعنوان\n\nنص\n", ["عنوان"]),
    ("أ\nأ\nأ\nنص\nب\n\nب\n", ["أ", "ب"]),                       # a title repeated thrice
    ("عنوان\nعنوان\n", ["عنوان"]),                               # no body: the title is the text
    ("ثم\r\nثم\r\nنص\r\n", ["ثم"]),                                # Windows newlines
])
def test_seed_variants(tmp_path, text, titles):
    items = read(write(tmp_path / "s.txt", text))
    assert problems(items) == []
    assert [a.title for a in articles(items)] == titles
    assert all("\r" not in a.text for a in articles(items))


def test_seed_duplicate_titles_give_two_articles(tmp_path):
    items = read(write(tmp_path / "d.txt", "خبر\nخبر\nنص أول\nخبر\nخبر\nنص ثان\n"))
    assert [(a.record_id, a.text) for a in articles(items)] == [(None, "خبر\n\nنص أول"), (None, "خبر\n\nنص ثان")]


# --- manifests -------------------------------------------------------------------------

def test_manifest_by_index_and_title_precedence(tmp_path):
    write(tmp_path / "a.txt", "أول\nأول\nنص\nثان\nثان\nنص\n")
    write(tmp_path / "a.manifest.json", json.dumps({"articles": [
        {"index": 1, "title": "ثان", "published": "2020"},     # title wins: article 2
        {"index": 1, "published": "2019", "note": "x"},          # index 1 is then article 1
    ]}))
    first, second = articles(read(tmp_path / "a.txt"))
    assert (first.published, first.meta) == ("2019", {"note": "x"})
    assert second.published == "2020"


@pytest.mark.parametrize("manifest, expected", [
    ('{"articles": [', ("manifest is not JSON (Expecting value at column 15)", 1)),
    ('{\n"articles": 3}', ('manifest is not an object with an "articles" list', None)),
    ('{"articles": [5]}', ("entry 1: not a JSON object but a number", None)),
    ('{"articles": [{"published": "2020"}]}', ('entry 1: neither "index" nor "title"', None)),
    ('{"articles": [{"index": 0}]}', ('entry 1: "index" must be a whole number from 1, not 0', None)),
    ('{"articles": [{"index": 1, "published": 2020}]}',
     ('entry 1: "published" must be a string, not a number', None)),
])
def test_malformed_manifest_is_reported_and_articles_still_read(tmp_path, manifest, expected):
    write(tmp_path / "a.txt", "أول\nأول\nنص\n")
    write(tmp_path / "a.manifest.json", manifest)
    items = read(tmp_path / "a.txt")
    assert problems(items) == [("error", "a.manifest.json", expected[1], expected[0])]
    assert items[0].source == str(tmp_path / "a.manifest.json")
    (article,) = articles(items)
    assert article.published is None


@pytest.mark.parametrize("published, source, expected", [
    (None, None, ("2020-05", "وكالة الأنباء", True)),
    ("2024-01-02", None, ("2024-01-02", "وكالة الأنباء", False)),
    (None, "المرصد", ("2020-05", "المرصد", True)),
    ("2024-01-02", "المرصد", ("2024-01-02", "المرصد", False)),
])
def test_command_line_overrides(published, source, expected):
    first = articles(read(FIXTURES / "two_articles.txt", published=published, source=source))[0]
    assert (first.published, first.source, "published_approximate" in first.meta) == expected


def test_command_line_overrides_records():
    rec = articles(read(FIXTURES / "mixed.jsonl", published="2001-02-03", source="س"))[0]
    assert (rec.published, rec.source) == ("2001-02-03", "س")


# --- plain text and HTML ----------------------------------------------------------------

@pytest.mark.parametrize("text, title", [
    ("قصف على طرابلس\nسقطت قذائف على الحي.\n", "قصف على طرابلس"),
    ("\n  قصف على طرابلس  \n\nنص\n", "قصف على طرابلس"),
    ("س" * 201 + "\nنص", None),                                   # first line too long for a title
    ("سطر واحد", "سطر واحد"),
])
def test_plain_text(tmp_path, text, title):
    (article,) = articles(read(write(tmp_path / "p.txt", text)))
    assert article.title == title
    assert article.text == text.strip()                             # the title is not duplicated
    assert (article.record_id, article.origin) == (None, str(tmp_path / "p.txt"))


@pytest.mark.parametrize("markup, expected", [
    ("<p>قصف على <b>طرابلس</b></p><p>ثم سرت</p>", "قصف على طرابلس\n\nثم سرت"),
    ("سطر<br>سطر<br/>سطر", "سطر\nسطر\nسطر"),
    ("<div>أ</div><script>alert('<p>x</p>')</script><style>p{}</style><div>ب</div>", "أ\n\nب"),
    ("<noscript>لا</noscript><template><p>لا</p></template>نعم", "نعم"),
    ("<p>&amp; &quot;مصراتة&quot; &#1575;&#x644;</p>", '& "مصراتة" ال'),
    ("<p>كثير     من\n\t المسافات</p>", "كثير من المسافات"),
    ("<ul><li>أ</li><li>ب</li></ul>", "أ\nب"),
    ("<p>5 < 7 و 8 > 3</p>", "5 < 7 و 8 > 3"),
    ("<!-- تعليق --><p>نص</p>", "نص"),
])
def test_html_to_text(markup, expected):
    assert has_markup(markup)
    assert html_to_text(markup)[1] == expected


@pytest.mark.parametrize("text", ["5 < 7", "س<ص و ص>ع", "قيمة <= 10", "x << 2", "R&D", "<بيان>"])
def test_plain_text_with_angle_brackets_unchanged(tmp_path, text):
    assert not has_markup(text)
    (article,) = articles(read(write(tmp_path / "lt.txt", text)))
    assert article.text == text


def test_text_with_a_few_tags_keeps_its_lines(tmp_path):
    text = "عنوان\nعنوان\n\nسطر <b>أول</b>\nسطر ثان\n\nفقرة <i>ثانية</i>\n"
    (article,) = articles(read(write(tmp_path / "t.txt", text)))
    assert (article.title, article.text) == ("عنوان", "عنوان\n\nسطر أول\nسطر ثان\n\nفقرة ثانية")


@pytest.mark.parametrize("title, text, expected", [
    ("قصف", "قصفت الطائرات الحي.", "قصف\n\nقصفت الطائرات الحي."),
    ("قصف", "قصف\nقصفت الطائرات الحي.", "قصف\nقصفت الطائرات الحي."),   # the title already leads the text
    (None, "نص", "نص"),
    ("  ", "نص", "نص"),
])
def test_title_and_text(tmp_path, title, text, expected):
    (article,) = articles(read(write(tmp_path / "t.jsonl", json.dumps({"title": title, "text": text}))))
    assert article.text == expected


def test_html_file():
    items = read(FIXTURES / "page.html")
    assert problems(items) == []
    (page,) = articles(items)
    assert page.title == "اشتباكات في طرابلس"
    assert page.text == ('اشتباكات في طرابلس\n\nاندلعت اشتباكات & مواجهات في طرابلس.\nقال شاهد: "القتال عنيف".'
                         "\n\nالبند الأول\nالبند الثاني")
    assert "لا تظهر" not in page.text and "color" not in page.text and "جافاسكربت" not in page.text
    assert page.record_id is None


def test_html_title_from_h1(tmp_path):
    (page,) = articles(read(write(tmp_path / "h.htm", "<h1>قصف</h1><p>نص الخبر</p>")))
    assert (page.title, page.text) == ("قصف", "قصف\n\nنص الخبر")


def test_markup_in_text_file_and_record_fields(tmp_path):
    (txt,) = articles(read(write(tmp_path / "m.txt", "<p>عنوان</p><p>نص <script>x</script>الخبر</p>")))
    assert (txt.title, txt.text) == ("عنوان", "عنوان\n\nنص الخبر")
    line = json.dumps({"title": "<b>قصف</b> &amp; دمار", "text": "<p>سطر</p><p>سطر ثان</p>"})
    (rec,) = articles(read(write(tmp_path / "m.jsonl", line)))
    assert (rec.title, rec.text) == ("قصف & دمار", "قصف & دمار\n\nسطر\n\nسطر ثان")


# --- JSONL, JSON, CSV -------------------------------------------------------------------

def test_jsonl_good_and_bad_lines():
    items = read(FIXTURES / "mixed.jsonl")
    good = articles(items)
    assert [(a.record_id, a.origin.rsplit(":", 1)[1]) for a in good] == [("17", "1"), (None, "2"), (None, "10")]
    first = good[0]
    assert (first.title, first.text) == ("قصف على طرابلس", "قصف على طرابلس\n\nسقطت قذائف على حي أبو سليم.")
    assert (first.published, first.source, first.url) == ("2020-05-01", "رويترز", "https://example.org/17")
    assert problems(items) == [
        ("error", "mixed.jsonl", 3, "not JSON (Expecting value at column 1)"),
        ("error", "mixed.jsonl", 5, "not a JSON object but an array"),
        ("error", "mixed.jsonl", 6, 'no "text"'),
        ("error", "mixed.jsonl", 7, '"text" is empty'),
        ("error", "mixed.jsonl", 8, '"published" must be a string, not a number'),
        ("error", "mixed.jsonl", 9, '"id" must be a string or a number, not an object'),
        ("warning", "mixed.jsonl", 10, "unknown fields ignored: lang"),
    ]


ONE = {"id": "x1", "title": "قصف", "text": "نص الخبر"}


@pytest.mark.parametrize("data", [[ONE], ONE, {"articles": [ONE]}])
def test_json_shapes(tmp_path, data):
    (article,) = articles(read(write(tmp_path / "a.json", json.dumps(data))))
    assert (article.record_id, article.title, article.text) == ("x1", "قصف", "قصف\n\nنص الخبر")


def test_json_bad_items(tmp_path):
    path = write(tmp_path / "b.json", json.dumps([{"text": "نص"}, 5, {"title": "x"}, {"text": "ب", "id": 3.0}]))
    items = read(path)
    assert [(a.record_id, a.origin) for a in articles(items)] == [(None, f"{path} (item 1)"), ("3.0", f"{path} (item 4)")]
    assert problems(items) == [("error", "b.json", None, "item 2: not a JSON object but a number"),
                               ("error", "b.json", None, 'item 3: no "text"')]


@pytest.mark.parametrize("content, expected", [
    ('[\n{"text": "a"},\n{"text": }\n]', ("not JSON (Expecting value at column 10)", 3)),
    ('"just a string"', ("not a JSON array or object but a string", None)),
    ('{"articles": {"text": "a"}}', ('"articles" must be an array, not an object', None)),
])
def test_json_file_errors(tmp_path, content, expected):
    assert problems(read(write(tmp_path / "e.json", content))) == [("error", "e.json", expected[1], expected[0])]


def test_csv_with_bom_unknown_column_and_bad_rows():
    items = read(FIXTURES / "articles.csv")
    good = articles(items)
    assert [(a.record_id, a.title, a.text) for a in good] == [
        ("a1", "قصف على سرت", "قصف على سرت\n\nتعرضت مدينة سرت لقصف جوي."),
        (None, None, "فقرة أولى\nفقرة ثانية"),           # a quoted field over two lines
        ("a5", None, "بعد الخطأ"),
    ]
    assert (good[0].published, good[0].source, good[0].url) == ("2021-03-04", "الجزيرة", "https://example.org/a1")
    assert problems(items) == [
        ("warning", "articles.csv", 1, "unknown columns ignored: author"),
        ("error", "articles.csv", 5, "row has 8 fields; the header has 7"),
        ("error", "articles.csv", 6, "bad CSV (',' expected after '\"')"),
    ]


@pytest.mark.parametrize("content, expected", [
    ("id,title\n1,x\n", [("error", 1, 'no "text" column (columns: id, title)')]),
    ("text\n", [("warning", None, "no rows after the header")]),
    ("text,id\n,5\nنص,\n", [("error", 2, '"text" is empty')]),
    ("title,text\nعنوان وحده,\n", []),                 # a headline without a body is kept
])
def test_csv_problems(tmp_path, content, expected):
    items = read(write(tmp_path / "c.csv", content))
    assert [(kind, line, msg) for kind, _, line, msg in problems(items)] == expected


# --- encodings, binary, empty ---------------------------------------------------------

ARABIC = "قصف على طرابلس"


@pytest.mark.parametrize("encoding", ["cp1256", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32"])
def test_text_encodings(tmp_path, encoding):
    text = f"{ARABIC}\nسقطت قذائف على حي أبو سليم في العاصمة الليبية.\n"
    data = (b"\xfe\xff" + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    (article,) = articles(read(write(tmp_path / "e.txt", data)))
    assert (article.title, article.text) == (ARABIC, text.strip())


def test_short_cp1256_file(tmp_path):
    (article,) = articles(read(write(tmp_path / "w.txt", ARABIC.encode("cp1256"))))
    assert article.text == ARABIC


@pytest.mark.parametrize("name, encoding", [("r.jsonl", "cp1256"), ("r.csv", "cp1256"),
                                            ("r.jsonl", "utf-16"), ("r.csv", "utf-16"),
                                            ("r.csv", "utf-8-sig")])
def test_line_file_encodings(tmp_path, name, encoding):
    if name.endswith(".csv"):
        content = f"title,text\n{ARABIC},نص أول\n,\"نص\nثان\"\n"
    else:
        content = (json.dumps({"title": ARABIC, "text": "نص أول"}, ensure_ascii=False) + "\n"
                   + json.dumps({"text": "نص\nثان"}, ensure_ascii=False) + "\n")
    items = read(write(tmp_path / name, content.encode(encoding)))
    assert problems(items) == []
    assert [a.text for a in articles(items)] == [f"{ARABIC}\n\nنص أول", "نص\nثان"]


def test_forced_encoding(tmp_path):
    path = write(tmp_path / "f.txt", "Ãa va à Paris".encode("latin-1"))
    assert problems(read(path)) == [("error", "f.txt", None, "cannot decode: not UTF-8 or Windows-1256")]
    (article,) = articles(read(path, encoding="latin-1"))
    assert article.text == "Ãa va à Paris"
    assert problems(read(path, encoding="no-such-codec")) == [
        ("error", None, None, "unknown encoding 'no-such-codec'")]


def test_jsonl_a_few_lines_not_utf8(tmp_path):
    good = [json.dumps({"text": f"{ARABIC} {i}"}, ensure_ascii=False).encode() for i in range(4)]
    bad = json.dumps({"text": ARABIC}, ensure_ascii=False).encode("cp1256")
    path = write(tmp_path / "u.jsonl", b"\n".join([good[0], bad, good[1], good[2], bad, good[3]]))
    items = read(path)
    assert [a.text for a in articles(items)] == [f"{ARABIC} {i}" for i in range(4)]
    assert problems(items) == [("error", "u.jsonl", 2, "not valid UTF-8 (byte 11)"),
                               ("error", "u.jsonl", 5, "not valid UTF-8 (byte 11)")]


def test_csv_row_with_a_line_not_utf8_is_skipped(tmp_path):
    path = write(tmp_path / "u.csv", b"text\n" + "نص".encode() + b"\n\"a\n\xff\"\n" + "ب".encode() + b"\n")
    items = read(path)
    assert [a.text for a in articles(items)] == ["نص", "ب"]
    assert problems(items) == [("error", "u.csv", 4, "not valid UTF-8 (byte 1)")]


def test_text_mostly_utf8_with_a_bad_byte(tmp_path):
    path = write(tmp_path / "b.txt", f"{ARABIC}\n{ARABIC}ية\n".encode() + b"ab\xffc\n" + ARABIC.encode())
    assert problems(read(path)) == [("error", "b.txt", 3, "not valid UTF-8 (byte 3)")]


@pytest.mark.parametrize("name, data, message", [
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file, not text"),
    ("ctl.txt", bytes(range(1, 9)) * 200 + b"text", "binary file, not text"),
    ("bin.jsonl", b'{"text": "a"}\n\x00\x01\x02', "binary file, not text"),
    ("bin.csv", b"text\n" + bytes(range(1, 9)) * 100, "binary file, not text"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\t\n  \r\n", "empty file"),
    ("bom-only.txt", b"\xef\xbb\xbf", "empty file"),
    ("empty.jsonl", b"\n\n  \n", "empty file"),
    ("empty.csv", b"", "empty file"),
    ("empty.json", b"  \n", "empty file"),
    ("latin.txt", "Ça coûte très cher à Genève, déjà.".encode("latin-1"),
     "cannot decode: not UTF-8 or Windows-1256"),
])
def test_unreadable_content(tmp_path, name, data, message):
    assert problems(read(write(tmp_path / name, data))) == [("error", name, None, message)]


def test_undecodable_lines_cost_only_themselves(tmp_path):
    """A line file that is not UTF-8 nor Arabic Windows-1256: each such line is reported, the rest read."""
    data = '{"text": "déjà vu à Genève"}\n{"text": "ok"}\n'.encode("latin-1")
    items = read(write(tmp_path / "latin.jsonl", data))
    assert problems(items) == [("error", "latin.jsonl", 1, "not valid UTF-8 (byte 12)")]
    assert [a.text for a in articles(items)] == ["ok"]


def test_missing_file_and_folder(tmp_path):
    items = read(tmp_path / "nope.txt", tmp_path / "nowhere")
    assert problems(items) == [("error", "nope.txt", None, "no such file or folder"),
                               ("error", "nowhere", None, "no such file or folder")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_and_folder(tmp_path):
    locked = write(tmp_path / "locked.txt", "نص")
    folder = tmp_path / "closed"
    write(folder / "x.txt", "نص")
    locked.chmod(0)
    folder.chmod(0)
    try:
        items = read(locked, folder)
    finally:
        locked.chmod(0o644)
        folder.chmod(0o755)
    assert problems(items) == [("error", "locked.txt", None, "cannot open (Permission denied)"),
                               ("error", "closed", None, "cannot read folder (Permission denied)")]


def test_read_failures_are_reported(tmp_path, monkeypatch):
    """Works as root too: open() and os.scandir() fail as they would without permission."""
    from geo.ingest.reading import articles as reading

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    write(tmp_path / "d" / "x.txt", "نص")
    monkeypatch.setattr(reading, "open", refuse, raising=False)
    monkeypatch.setattr(reading.os, "scandir", refuse)
    items = read(tmp_path / "d" / "x.txt", tmp_path / "d")
    assert problems(items) == [("error", "x.txt", None, "cannot open (Permission denied)"),
                               ("error", "d", None, "cannot read folder (Permission denied)")]


# --- size limit -------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, line", [
    ("long.txt", "س" * 120, None),
    ("long.html", "<p>" + "س" * 120 + "</p>", None),
    ("long.jsonl", '{"text": "ok"}\n' + json.dumps({"text": "س" * 120}) + "\n", 2),
    ("long.csv", "text\nok\n" + "س" * 120 + "\n", 3),
    ("seed.txt", "ع\nع\nنص\nطويل\nطويل\n" + "س" * 114 + "\n", 4),     # 4 + 2 + 114 = 120
])
def test_article_over_the_limit(tmp_path, monkeypatch, name, content, line):
    monkeypatch.setenv(LIMIT_ENV, "100")
    items = read(write(tmp_path / name, content))
    assert problems(items)[-1] == ("error", name, line, "article is 120 characters; the limit is 100 "
                                                        "(MARSAD_MAX_ARTICLE_CHARS)")
    assert len(articles(items)) == (0 if name.startswith("long.") and line is None else 1)


def test_json_item_over_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(LIMIT_ENV, "1000")
    items = read(write(tmp_path / "l.json", json.dumps([{"text": "ok"}, {"text": "x" * 1500}])))
    assert problems(items) == [("error", "l.json", None,
                                "item 2: article is 1,500 characters; the limit is 1,000 (MARSAD_MAX_ARTICLE_CHARS)")]


def test_20_mb_text_file_rejected_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(0)
        for _ in range(20):
            fh.write(b"a" * (1 << 20))
    started = time.perf_counter()
    items = read(path)
    assert time.perf_counter() - started < 1.0
    assert problems(items) == [("error", "huge.txt", None, "article is 20,971,520 characters; the limit "
                                                           "is 500,000 (MARSAD_MAX_ARTICLE_CHARS)")]


def test_20_mb_jsonl_of_normal_articles_streams(tmp_path):
    line = (json.dumps({"text": "قصف على طرابلس " * 120}, ensure_ascii=False) + "\n").encode()
    count = (20 << 20) // len(line) + 1
    path = write(tmp_path / "big.jsonl", line * count)
    tracemalloc.start()
    try:
        got = sum(1 for item in read_articles([str(path)]) if isinstance(item, Article))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert got == count
    assert peak < 1 << 20                                            # one line at a time, not the file


# --- folders and standard input -------------------------------------------------------

def test_folder_walk(tmp_path):
    write(tmp_path / "b.txt", "ب")
    write(tmp_path / "a.jsonl", '{"text": "أ"}\n')
    write(tmp_path / "c" / "d.csv", "text\nد\n")
    write(tmp_path / "c" / "a.html", "<p>هـ</p>")
    write(tmp_path / "c" / "a.manifest.json", '{"articles": []}')
    write(tmp_path / "c" / "e.md", "# x")
    write(tmp_path / ".hidden.txt", "خفي")
    write(tmp_path / ".git" / "x.txt", "خفي")
    write(tmp_path / "z" / ".secret" / "y.txt", "خفي")
    write(tmp_path / "A.TXT", "كبير")
    items = read(tmp_path)
    assert [a.text for a in articles(items)] == ["كبير", "أ", "ب", "هـ", "د"]
    assert problems(items) == [("warning", "e.md", None,
                                "skipped: not a .txt, .html, .json, .jsonl, .ndjson or .csv file")]


def test_explicit_files_of_other_kinds(tmp_path):
    notes = write(tmp_path / "notes.md", "# عنوان\nنص")
    manifest = write(tmp_path / "x.manifest.json", '{"articles": []}')
    items = read(notes, manifest)
    assert [a.text for a in articles(items)] == ["# عنوان\nنص"]
    assert problems(items)[0][:3] == ("warning", "x.manifest.json", None)


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("data, expected", [
    ("اشتباكات في مصراتة\nنص".encode(), [(None, "اشتباكات في مصراتة\nنص")]),
    (b'{"text": "a"}\n\n{"id": 2, "text": "b"}\n', [(None, "a"), ("2", "b")]),
    ('{"text": "أ"}'.encode("utf-16"), [(None, "أ")]),
    ("{ليس JSON}".encode(), [(None, "{ليس JSON}")]),
])
def test_stdin(monkeypatch, data, expected):
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    items = list(read_articles(["-"]))
    assert problems(items) == []
    assert [(a.record_id, a.text) for a in articles(items)] == expected
