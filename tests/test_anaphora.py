"""Places named again by a common noun (geo.events.anaphora). Sentences written for these tests."""
from __future__ import annotations

import pytest

from geo.events import EventExtractor, parse_published
from geo.events.anaphora import anaphoric_places
from geo.text import tokenize


@pytest.fixture(scope="module")
def extract(parser):
    extractor = EventExtractor()
    return lambda text: extractor.extract(text, parser.parse(text), parse_published("2015-08-06"))


@pytest.mark.parametrize("text, noun, antecedent", [
    ("خطف مسلحون ثمانية مقاتلين قرب مدينة أعزاز. وهاجموا الجمعة مقرا في المنطقة نفسها.", "المنطقة", "أعزاز"),
    ("سيطر التنظيم على مدينة القريتين في ريف حمص، ونفذ عناصره هجمات انتحارية داخل المدينة.", "المدينة",
     "القريتين"),                                     # the place named with that very noun, not the last one
    ("زار الأمير موقع الانفجار في مدينة أبها، وتفقد الجرحى بالمدينة.", "بالمدينة", "أبها"),
    ("وقف أمير منطقة عسير على موقع التفجير الذي استهدف مسجد الطوارئ بالمنطقة.", "بالمنطقة", "عسير"),
])
def test_a_noun_refers_back_to_a_place(parser, text, noun, antecedent):
    mentions = parser.parse(text)
    (ref,) = [m for m in anaphoric_places(text, tokenize(text), mentions) if noun.endswith(m.text)]
    (ante,) = [m for m in mentions if m.text == antecedent]
    assert ref.match == "anaphora" and ref.place_id == ante.place_id and (ref.lat, ref.lon) == (ante.lat, ante.lon)
    assert antecedent in ref.reasons[0]
    assert text[ref.start:ref.end] == ref.text


@pytest.mark.parametrize("text", [
    "وبحث الوزير أمن المنطقة مع نظيره في القاهرة.",              # the region, not a place named before
    "وتقع المنطقة الشرقية على الخليج قرب الدمام.",                 # a name of its own
    "وقال إن الهجمات في المنطقة تراجعت.",                           # no place named before it
    "وزار الوزير مدينة طهران، وقال إن إيران تعبث في المنطقة.",       # the region, not Tehran
])
def test_no_reference(parser, text):
    assert anaphoric_places(text, tokenize(text), parser.parse(text)) == []


def test_an_incident_at_the_same_place_is_placed_there(parser, extract):
    text = "خطف مسلحون ثمانية مقاتلين قرب مدينة أعزاز أمس. ووقعت اشتباكات الجمعة في المنطقة نفسها."
    (azaz,) = [m for m in parser.parse(text) if m.text == "أعزاز"]
    (battle,) = [e for e in extract(text) if e.event_type == "battles"]
    assert battle.place.place_id == azaz.place_id and battle.place.text == "المنطقة"
    assert battle.date.period.iso() == "2015-07-31"               # الجمعة before a Thursday publication
