"""Tests of geo.text.tokens: tokens, clitic readings, sentences."""
from __future__ import annotations

import pytest

from geo.text.tokens import clitic_variants, orig_offset, sentences, tokenize


@pytest.mark.parametrize("text", [
    "في سِرْتَ، وبطرابلس",
    "#عين_زارة تحت القصف",
    "قصف على طـرابلس (ليبيا) - مصراتة؛ سرت.",
    "Tripoli, Libya ١٢٣",
    "",
])
def test_token_offsets(text):
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text
        assert t.start < t.end


def test_token_norms():
    assert [t.norm for t in tokenize("في سِرْتَ، وبطرابلس")] == ["في", "سرت", "وبطرابلس"]


def test_hashtag_underscore_splits_tokens():
    tokens = tokenize("#عين_زارة")
    assert [t.text for t in tokens] == ["عين", "زارة"]
    assert tokens[1].joined


@pytest.mark.parametrize("text, joined", [
    ("عين زارة", [False, True]),
    ("عين_زارة", [False, True]),
    ("عين-زارة", [False, True]),
    ("طرابلس، مصراتة", [False, False]),
    ("طرابلس, مصراتة", [False, False]),
    ("طرابلس. مصراتة", [False, False]),
    ("طرابلس (مصراتة)", [False, False]),
])
def test_joined(text, joined):
    assert [t.joined for t in tokenize(text)] == joined


@pytest.mark.parametrize("token, stem", [
    ("وسرت", "سرت"),
    ("بطرابلس", "طرابلس"),
    ("لطهران", "طهران"),
    ("وبطرابلس", "طرابلس"),
    ("فبطرابلس", "طرابلس"),
    ("ولبنان", "لبنان"),
    ("للعراق", "العراق"),
    ("والعراق", "العراق"),
    ("والعراق", "عراق"),
    ("بالقاهرة", "القاهره"),
    ("فالقاهرة", "القاهره"),
    ("كالعادة", "العاده"),
    ("وللعراق", "العراق"),
    ("وبالقاهرة", "القاهره"),
    ("بغداد", "بغداد"),
])
def test_clitic_variants_include_stem(token, stem):
    from geo.text.normalizing import normalize

    stems = [v[1] for v in clitic_variants(normalize(token))]
    assert stems[0] == normalize(token)          # the unstripped reading first
    assert stem in stems


@pytest.mark.parametrize("token, not_stem", [
    ("وا", "ا"),         # too short to strip: stem would be under min_len
    ("بي", "ي"),
    ("سرت", "رت"),       # س is not a clitic
])
def test_clitic_variants_limits(token, not_stem):
    assert not_stem not in [v[1] for v in clitic_variants(token)]


def test_clitic_variants_prefix_and_article():
    variants = clitic_variants("وبالقاهره")
    assert (0, "وبالقاهره", False) == variants[0]
    assert (2, "القاهره", False) in variants
    assert (4, "قاهره", True) in variants


def test_orig_offset_with_diacritics():
    text = "وَبِطَرَابُلُس"
    tok = tokenize(text)[0]
    prefix = 2                               # و ب
    start = orig_offset(tok, prefix)
    assert text[start] == "ط"


@pytest.mark.parametrize("text, expected", [
    ("قصف في طرابلس. وصل إلى مصراتة!", ["قصف في طرابلس.", "وصل إلى مصراتة!"]),
    ("هل وصل؟ نعم", ["هل وصل؟", "نعم"]),
    ("أولا؛ ثانيا", ["أولا؛", "ثانيا"]),
    ("  سطر أول\n\nسطر ثان  ", ["سطر أول", "سطر ثان"]),
    ("بلا نهاية", ["بلا نهاية"]),
    ("", []),
    ("...", ["..."]),
])
def test_sentences(text, expected):
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == expected
    for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
        assert e1 <= s2
