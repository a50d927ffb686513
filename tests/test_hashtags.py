"""A place inside a compound hashtag is a topic tag, not a place the text reports; a place that
is the whole hashtag, or is named by a place word in or just before it, is a mention. Sentences
written for these tests (none from the evaluation corpora)."""
from __future__ import annotations

import pytest

from geo.parse.hashtags import compound_hashtags, without_topic_tags


def _names(parser, text):
    return [m.text for m in parser.parse(text)]


@pytest.mark.parametrize("text, tag", [
    ("غرقت الشوارع بعد ساعتين من المطر #امطار_الكويت", "الكويت"),
    ("صور من موقع الحادث #انفجار_بيروت", "بيروت"),
    ("الطرق مغلقة الآن #سيول_الأردن #الطقس", "الأردن"),
    ("تابعونا لحظة بلحظة #القاهرة_الآن", "القاهرة"),
    ("دعواتكم للمصابين #بغداد_تنزف", "بغداد"),
])
def test_a_place_inside_a_topic_hashtag_is_no_mention(parser, text, tag):
    assert tag not in _names(parser, text)


@pytest.mark.parametrize("text, place", [
    ("أمطار غزيرة الليلة #الكويت", "الكويت"),                       # the whole hashtag
    ("جريان السيول في #حفر_الباطن بعد العصر", "حفر_الباطن"),        # a name of two words, whole
    ("تضرر المستودع في #مرفأ_بيروت صباح اليوم", "بيروت"),            # a facility's name as a tag
    ("نقل الجرحى إلى #مستشفى_إربد_الحكومي", "إربد"),
    ("انقطعت الكهرباء في منطقة #المنقف_الجديدة", "المنقف"),         # a place word just before it
    ("وصلت فرق الإنقاذ إلى الكويت مساء أمس #امطار_الكويت", "الكويت"),  # the text names it too
])
def test_a_place_named_as_a_tag_is_a_mention(parser, text, place):
    assert place in _names(parser, text)


def test_the_plain_mention_stays_and_only_the_tag_goes(parser):
    text = "وصلت فرق الإنقاذ إلى الكويت مساء أمس #امطار_الكويت"
    found = [m for m in parser.parse(text) if m.text == "الكويت"]
    assert [m.start for m in found] == [text.index("الكويت")]


@pytest.mark.parametrize("text, words", [
    ("#امطار_الكويت", ["امطار", "الكويت"]),
    ("#سيول_الاردنِ اليوم", ["سيول", "الاردنِ"]),                  # a haraka inside the word
    ("#الكويت و #بيروت", []),                                       # one-word tags are not compound
    ("#حفر_الباطن_الان،", ["حفر", "الباطن", "الان"]),               # the comma is no part of it
    ("a_b #x_y_z", ["x", "y", "z"]),
])
def test_compound_hashtags_are_split_into_their_words(text, words):
    tags = compound_hashtags(text)
    assert [text[a:b] for tag in tags for a, b in tag] == words


def test_text_without_hashtags_is_left_as_it_is():
    class M:
        start, end = 0, 5
    mentions = [M()]
    assert without_topic_tags(mentions, "بيروت اليوم") is mentions
