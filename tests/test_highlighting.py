"""geo.web.highlighting: escaped, well-nested HTML for an article and its mentions."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from geo.web.highlighting import CSS, article_html, gazetteer_url, markdown_escape, mention_rows, usable_mentions

TEXT = "قصفت القوات مدينة سرت.\nوفي طرابلس <script>alert(1)</script> هدوء."
SIRTE = TEXT.index("سرت")
TRIPOLI = TEXT.index("طرابلس")
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


def mention(seq, start, surface, **extra):
    """A mentions-table row for ``surface`` at ``start``."""
    row = {"seq": seq, "start": start, "end": start + len(surface), "text": surface,
           "place_id": None, "name": None, "name_ar": None, "lat": None, "lon": None,
           "country_code": None, "feature": None, "match": None, "score": None,
           "source": "geonames", "reason": "", "runner_up": None, "in_event": 0}
    row.update(extra)
    return row


SIRTE_ROW = mention(1, SIRTE, "سرت", place_id="geonames:2210554", name="Sirte", name_ar="سرت",
                    country_code="LY", feature="PPLA", match="exact", score=0.97,
                    reason="exact Arabic name", in_event=1)
TRIPOLI_ROW = mention(2, TRIPOLI, "طرابلس", place_id="geonames:2210247", name="Tripoli",
                      name_ar="طرابلس", country_code="LY", feature="PPLC", match="exact",
                      score=0.912, reason="capital",
                      runner_up={"place_id": "geonames:266826", "name": "Tripoli",
                                 "country_code": "LB", "score": 0.886})


class Tree(HTMLParser):
    """Record elements with their attributes and text; assert every end tag closes the top."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elements, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        parents = [e["attrs"].get("class") or e["tag"] for e in self.stack]
        element = {"tag": tag, "attrs": dict(attrs), "text": "", "parents": parents}
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> with nothing open"
        assert self.stack[-1]["tag"] == tag, f"</{tag}> closes <{self.stack[-1]['tag']}>"
        self.stack.pop()

    def handle_data(self, data):
        if any(e["tag"] == "sup" for e in self.stack):  # link markers are not article text
            return
        self.text.append(data)
        for element in self.stack:
            element["text"] += data


def parse(out):
    tree = Tree()
    tree.feed(out)
    tree.close()
    assert not tree.stack, "unclosed elements"
    return tree


def marks(out, cls="marsad-mention"):
    return [e for e in parse(out).elements if e["tag"] == "mark" and cls in e["attrs"].get("class", "")]


def test_mentions_highlighted_at_their_offsets():
    out = article_html(TEXT, [SIRTE_ROW, TRIPOLI_ROW])
    assert out.startswith('<div dir="rtl" lang="ar" class="marsad-article">') and out.endswith("</div>")
    assert [(m["text"], m["attrs"]["data-seq"]) for m in marks(out)] == [("سرت", "1"), ("طرابلس", "2")]
    assert "".join(parse(out).text) == TEXT.replace("\n", "")
    assert "<br>" in out and "\n" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_in_event_class_and_gazetteer_link():
    out = article_html(TEXT, [SIRTE_ROW, TRIPOLI_ROW])
    sirte, tripoli = marks(out)
    assert "marsad-in-event" in sirte["attrs"]["class"]
    assert "marsad-in-event" not in tripoli["attrs"]["class"]
    links = [e["attrs"] for e in parse(out).elements if e["tag"] == "a"]
    assert [a["href"] for a in links] == ["https://www.geonames.org/2210554", "https://www.geonames.org/2210247"]
    assert all(a["target"] == "_blank" and a["rel"] == "noopener noreferrer" for a in links)
    assert all("marsad-ref" in e["parents"] for e in parse(out).elements if e["tag"] == "a")


@pytest.mark.parametrize("row, expected", [
    (TRIPOLI_ROW, ["Tripoli (طرابلس)", "LY", "geonames:2210247", "match: exact, score 0.91",
                   "runner-up: Tripoli, LB (geonames:266826, 0.886)", "why: capital"]),
    (SIRTE_ROW, ["Sirte (سرت)", "geonames:2210554", "score 0.97", "runner-up: none"]),
    (mention(3, SIRTE, "سرت"), ["unresolved", "no id", "match: n/a, score n/a", "runner-up: none"]),
])
def test_title_summarises_the_resolution(row, expected):
    title = marks(article_html(TEXT, [row]))[0]["attrs"]["title"]
    for part in expected:
        assert part in title


def test_non_geonames_id_in_title_without_link():
    row = mention(1, SIRTE, "سرت", place_id="supplement:washka", name="Washka")
    out = article_html(TEXT, [row])
    assert "supplement:washka" in marks(out)[0]["attrs"]["title"]
    assert "<a " not in out and "<sup" not in out


def test_xss_in_text_and_metadata_is_escaped():
    evil = '"><script>alert(2)</script>'
    text = "في سرت <script>alert(1)</script> و <img src=x onerror=alert(1)> 'a' & \"b\""
    row = mention(1, text.index("سرت"), "سرت", name=evil, name_ar=evil, reason=evil,
                  place_id='geonames:1"><script>', country_code=evil, match=evil,
                  runner_up={"place_id": evil, "name": evil, "country_code": evil, "score": 0.5})
    events = [{"event_id": "e1", "snippet_start": 0, "snippet": text, "place_start": 3,
               "place_end": 6, "trigger_start": 0, "trigger_end": 2, "event_type": evil}]
    out = article_html(text, [row], events, selected_event="e1")
    assert "<script" not in out and "<img" not in out
    assert "onerror=" not in out.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&amp;" in out and "&quot;b&quot;" in out and "&#x27;a&#x27;" in out
    tree = parse(out)
    assert {e["tag"] for e in tree.elements} <= {"div", "mark", "span", "br", "sup", "a"}
    assert marks(out)[0]["attrs"]["title"].count(evil) >= 3
    assert not [e for e in tree.elements if e["tag"] == "a"], "a malformed geonames id gets no link"


def test_overlapping_sentence_mention_trigger_nest_well():
    text = "في طرابلس الغرب قصف عنيف. ثم هدوء في سرت."
    second = text.index("ثم")
    rows = [mention(1, 3, "طرابلس الغرب", place_id="geonames:2210247", in_event=1),
            mention(2, text.index("سرت"), "سرت", place_id="geonames:2210554")]
    events = [
        # sentence starts inside the first mention; trigger straddles the mention's end
        {"event_id": "e1", "snippet_start": 6, "snippet": text[6:second], "place_start": 0,
         "place_end": 9, "trigger_start": 4, "trigger_end": 14, "event_type": "attack"},
        {"event_id": "e2", "snippet_start": second, "snippet": text[second:], "place_start": 11,
         "place_end": 14, "trigger_start": 11, "trigger_end": 15, "event_type": "calm"},
    ]
    out = article_html(text, rows, events, selected_event="e1")
    tree = parse(out)
    assert "".join(tree.text) == text
    selected = [e for e in tree.elements if e["attrs"].get("id") == "marsad-selected"]
    assert len(selected) == 1 and selected[0]["text"] == text[6:second]
    triggers = [e for e in tree.elements if e["attrs"].get("class") == "marsad-trigger"]
    assert "".join(t["text"] for t in triggers) == text[10:20] + text[second + 11:second + 15]
    first = [m for m in marks(out) if m["attrs"]["data-seq"] == "1"]
    assert "".join(m["text"] for m in first) == "طرابلس الغرب" and len(first) == 2
    assert all("marsad-in-event" in m["attrs"]["class"] for m in first)
    order = ["marsad-article", "marsad-selected", "marsad-mention", "marsad-trigger"]
    for element in tree.elements:  # nesting order: article > sentence > mention > trigger
        chain = [c.split()[0] for c in element["parents"] + [element["attrs"].get("class", "")]
                 if c.split() and c.split()[0] in order]
        assert chain == sorted(chain, key=order.index) and len(set(chain)) == len(chain)
    assert any(t["parents"][-1].startswith("marsad-mention") for t in triggers)
    assert out.count("<sup") == 2


def test_adjacent_mentions_stay_separate():
    text = "سرتطرابلس"
    out = article_html(text, [mention(1, 0, "سرت"), mention(2, 3, "طرابلس")])
    assert [(m["text"], m["attrs"]["data-seq"]) for m in marks(out)] == [("سرت", "1"), ("طرابلس", "2")]


@pytest.mark.parametrize("bad", [
    {"start": -1, "end": 3},
    {"start": 5, "end": 500},
    {"start": 4, "end": 4},
    {"start": 9, "end": 3},
    {"start": "0", "end": 3},
    {"start": None, "end": None},
    {"start": 0, "end": 3},  # surface text differs from text[0:3]
    {"text": None},
])
def test_inconsistent_offsets_are_skipped(bad):
    rows = [dict(mention(9, SIRTE, "سرت"), **bad), TRIPOLI_ROW]
    out = article_html(TEXT, rows)
    assert [m["text"] for m in marks(out)] == ["طرابلس"]
    kept, skipped = usable_mentions(TEXT, rows)
    assert [m["seq"] for m in kept] == [2] and skipped == 1


def test_overlapping_mentions_keep_earlier_and_longer():
    text = "في طرابلس الغرب"
    rows = [mention(1, 3, "طرابلس"), mention(2, 3, "طرابلس الغرب"), mention(3, 10, "الغرب")]
    kept, skipped = usable_mentions(text, rows)
    assert [m["seq"] for m in kept] == [2] and skipped == 2
    assert [m["text"] for m in marks(article_html(text, rows))] == ["طرابلس الغرب"]


@pytest.mark.parametrize("text, mentions, events", [
    ("", [], None),
    ("نص", None, None),
    ("نص", [None, "x", {}], [None, {}, {"snippet_start": 99, "snippet": "x"}]),
    ("نص", [], [{"event_id": 1, "snippet_start": 0, "snippet": "نص", "trigger_start": 1, "trigger_end": 9}]),
])
def test_garbage_input_never_raises(text, mentions, events):
    out = article_html(text, mentions, events, selected_event="1")
    parse(out)
    assert out.startswith('<div dir="rtl"')


@pytest.mark.parametrize("place_id, url", [
    ("geonames:2210247", "https://www.geonames.org/2210247"),
    ("supplement:washka", None),
    ("country:LY", None),
    ("geonames:", None),
    ("geonames:12/../x", None),
    (None, None),
])
def test_gazetteer_url(place_id, url):
    assert gazetteer_url(place_id) == url


def test_mention_rows():
    rows = mention_rows([TRIPOLI_ROW, SIRTE_ROW, mention(3, 0, "x", score=0.0)])
    assert rows[0] == {"#": 2, "text": "طرابلس", "place": "Tripoli", "name_ar": "طرابلس",
                       "country": "LY", "gazetteer id": "geonames:2210247", "match": "exact",
                       "score": 0.912, "runner-up": "Tripoli, LB (0.886)", "in event": False,
                       "why": "capital"}
    assert rows[1]["runner-up"] == "" and rows[1]["in event"] is True and rows[1]["score"] == 0.97
    assert rows[2]["score"] == 0.0 and rows[2]["place"] is None


@pytest.mark.parametrize("runner_up, expected", [
    ({"place_id": "geonames:266826", "name": "Tripoli", "country_code": "LB", "score": 0.886},
     "Tripoli, LB (0.886)"),
    ({"place_id": "geonames:266826", "name": "Tripoli", "country_code": None, "score": 0.5}, "Tripoli (0.500)"),
    ({"place_id": "geonames:266826", "score": None}, "geonames:266826"),
    (None, ""),
])
def test_mention_rows_runner_up(runner_up, expected):
    assert mention_rows([mention(1, 0, "x", runner_up=runner_up)])[0]["runner-up"] == expected


def test_css_styles_every_class():
    assert CSS.startswith("<style>") and CSS.rstrip().endswith("</style>")
    for needle in (".marsad-article", "rtl", "line-height: 1.9", "1.05rem", '"Noto Naskh Arabic"',
                   "mark.marsad-mention", "#ffe58f", "#111", ".marsad-in-event", "#ffb86b",
                   ".marsad-trigger", "underline", "bold", ".marsad-selected", "sup"):
        assert needle in CSS


def test_geo_does_not_import_streamlit():
    import geo.web.highlighting as module

    assert "streamlit" not in open(module.__file__, encoding="utf-8").read()


@pytest.mark.parametrize("raw, escaped", [
    ("![x](http://h/x.png)", "\\!\\[x\\]\\(http\\:\u2060//h/x\\.png\\)"),
    # GFM would link these by themselves: an invisible word joiner stops it
    ("www.evil.example", "www\u2060\\.evil\\.example"),
    ("WWW.Evil.example", "WWW\u2060\\.Evil\\.example"),
    ("user@evil.example", "user\u2060@evil\\.example"),
    ("mailto:a@b.co", "mailto\\:a\u2060@b\\.co"),
    ("file.jsonl:2: bad", "file\\.jsonl\\:2\\: bad"),                     # no joiner where no link could be
    ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert\\(1\\)\\>"),
    ("طرابلس", "طرابلس"),
    (None, ""),
])
def test_markdown_escape(raw, escaped):
    assert markdown_escape(raw) == escaped
