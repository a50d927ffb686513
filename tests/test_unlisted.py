"""Places the gazetteer lacks, named after a cue word, placed at the nearest known place
(geo.parse.unlisted); and the resolver's frame: a minor namesake far from everything else
the article names is dropped. Sentences written for these tests."""
from __future__ import annotations

import pytest


def _by_text(mentions):
    return {m.text: m for m in mentions}


@pytest.mark.parametrize("text, name, anchor", [
    # X named with the place it lies in
    ("تحاصر قوات المقاومة معسكر لبوزة في محافظة لحج منذ أيام", "لبوزة", "لحج"),
    ("اختطف مسلحون خمسة مقاتلين في قرية قاح قرب إدلب", "قاح", "إدلب"),
    ("سقطت قذائف على منطقة في حي الوعر بمدينة حمص", "الوعر", "حمص"),
    # the place named before it in the sentence
    ("قصفت القوات مدينة تعز وطال القصف منطقة الضبوعة", "الضبوعة", "تعز"),
])
def test_a_name_after_a_cue_word_is_placed_at_its_known_neighbour(parser, text, name, anchor):
    found = _by_text(parser.parse(text))
    m, a = found[name], found[anchor]
    assert m.match == "unlisted" and m.geo_precision == 2
    assert (m.lat, m.lon) == (a.lat, a.lon)
    assert m.country_code == a.country_code
    assert anchor in m.reasons[1] and "ACLED" in m.reasons[1]


def test_after_a_strong_cue_a_common_noun_is_a_name(parser):
    text = "قصفت الميليشيات أحياء التحرير الأسفل والضبوعة وحي المسبح ووادي القاضي بمدينة تعز"
    found = [m.text for m in parser.parse(text) if m.match == "unlisted"]
    assert found == ["التحرير الأسفل", "الضبوعة", "المسبح", "القاضي"]


def test_each_listed_place_is_its_own_event(parser):
    from geo.events import EventExtractor, parse_published

    text = "قصفت الميليشيات أمس أحياء التحرير الأسفل والضبوعة وحي المسبح ووادي القاضي بمدينة تعز"
    events = EventExtractor().extract(text, parser.parse(text), parse_published("2015-08-06"))
    assert sorted(e.place.text for e in events) == sorted(["التحرير الأسفل", "الضبوعة", "المسبح", "القاضي"])
    assert all(e.place.geo_precision == 2 for e in events)


def test_each_name_of_a_list_is_its_own_place(parser):
    text = "قصفت الميليشيات المنازل في أحياء ضبوعة والجحملية ونصنص بمدينة تعز"
    found = [m for m in parser.parse(text) if m.match == "unlisted"]
    assert [m.text for m in found] == ["ضبوعة", "الجحملية", "نصنص"]
    assert len({m.place_id for m in found}) == 3                       # three places, three events


def test_one_name_gets_one_place_in_an_article(parser):
    text = ("استعادت القوات قاعدة العند في محافظة لحج. "
            "وقال مصدر في عدن إن قاعدة العند باتت تحت السيطرة.")
    found = [m for m in parser.parse(text) if m.text == "العند"]
    assert len(found) == 2 and len({m.place_id for m in found}) == 1
    assert "لحج" in found[1].reasons[1]


@pytest.mark.parametrize("text", [
    "تقع المدينة على الساحل وهي مدينة ساحلية جميلة قرب طرابلس",       # an adjective after the cue
    "أعلن عن رجوعه إلى منطقة عمله في بنغازي",                          # a noun with its pronoun
    "وتنتشر بلدات وقرى كثيرة حول بعلبك",                               # another cue word in a list
    "قال إن المعارك في منطقة العمليات قرب سرت مستمرة",                  # an ordinary word
    "يقيم في قرية صغيرة",                                              # nothing to place it at
    "ودعا إلى إعادة إحياء المسار السياسي في صنعاء",                      # إحياء (reviving), not أحياء
])
def test_no_unlisted_place(parser, text):
    assert not [m.text for m in parser.parse(text) if m.match == "unlisted"]


def test_a_province_anchors_at_its_seat(parser):
    found = _by_text(parser.parse("اشتباكات في منطقة المخراج بمحافظة أبين"))
    m = found["المخراج"]
    assert m.match == "unlisted"
    assert (round(m.lat, 2), round(m.lon, 2)) == (13.13, 45.38)           # Zinjibar, seat of Abyan


@pytest.mark.parametrize("text, name, country", [
    # مدينة زنجبار is GeoNames' Zanzibar, but the name alone is also Zinjibar in Yemen
    ("غارات على مقر اللواء في مدينة زنجبار عاصمة محافظة أبين قرب عدن", "زنجبار", "YE"),
])
def test_the_cue_words_name_keeps_the_places_of_the_name_alone(parser, text, name, country):
    assert _by_text(parser.parse(text))[name].country_code == country


def test_a_minor_namesake_far_from_the_story_is_dropped(parser):
    # جرة is Jereh, a village in Iran; in a story about Taiz, in a country it does not name, it is not.
    text = "قصفت الميليشيات أحياء مدينة تعز وعدن ولحج ومحيط جبل جرة"
    found = _by_text(parser.parse(text))
    assert "جرة" not in found or found["جرة"].country_code == "YE"


def test_an_event_known_only_to_its_province_is_drawn_at_the_seat(parser):
    from geo.events import EventExtractor, parse_published

    text = "قتل خمسة أشخاص في اشتباكات بمحافظة شمال سيناء أمس."
    (event,) = EventExtractor().extract(text, parser.parse(text), parse_published("2015-08-06"))
    assert event.place.feature == "ADM1" and event.place.geo_precision == 3
    assert tuple(round(x, 2) for x in event.point) == (31.13, 33.80)          # Arish, seat of North Sinai
    assert any("seat" in r and "ACLED" in r for r in event.reasons)


@pytest.mark.parametrize("text, absent", [
    # «المدينة» alone is "the city", not Medina
    ("وتسلل المقاتلون إلى داخل المدينة ونفذوا هجمات قرب حمص", "المدينة"),
    # a fuzzy namesake in a country the article does not name, while it names others
    ("انفجرت عبوة بقافلة عسكرية في منطقة اراكوي على الحدود بين تركيا والعراق", "اراكوي"),
])
def test_namesakes_that_are_not_the_place(parser, text, absent):
    assert all(m.match == "unlisted" for m in parser.parse(text) if m.text == absent)


def test_a_place_inside_a_partys_name_is_not_where_it_happened(parser):
    from geo.events import EventExtractor, parse_published

    text = "واندلعت اشتباكات بين الجيش ومقاتلي جماعة ولاية سيناء أمس."
    events = EventExtractor().extract(text, parser.parse(text), parse_published("2015-08-06"))
    assert events == []


def test_a_fuzzy_match_only_in_a_country_the_article_is_about(parser):
    # قرية البحصة is one edit from برصة (Bursa): in a report on Syria that names Turkey once, it is not Bursa.
    text = ("اشتباكات عنيفة في محيط قرية البحصة قرب جسر الشغور في سوريا، وقالت مصادر سورية إن القوات "
            "السورية تقدمت في ريف إدلب، فيما أغلقت تركيا حدودها")
    found = [m for m in parser.parse(text) if m.text == "البحصة"]
    assert all(m.country_code == "SY" for m in found)


@pytest.mark.parametrize("text, found", [
    ("واستهدف المسلحون نقطة جهري الخاصة بالحوثيين في محافظة البيضاء اليمنية", ["جهري"]),
    ("وحرر المقاتلون موقعي سواداء والاجردي في محافظة البيضاء اليمنية", ["سواداء", "الاجردي"]),
    ("وأغلق المؤشر عند 87 نقطة متقدما في الرياض", []),                   # a score, not a position
    ("بحسب ما جاء في موقع aitnews في دبي", []),                          # a website in Latin letters
])
def test_military_positions(parser, text, found):
    assert [m.text for m in parser.parse(text) if m.match == "unlisted"] == found


@pytest.mark.parametrize("text, facility, anchor", [
    ("انفجرت سيارة أمام معهد الأورام القومي في القاهرة", "معهد الأورام القومي", "القاهرة"),
    ("قصفت الميليشيات مستشفى الثورة في مدينة تعز", "مستشفى الثورة", "تعز"),
    ("أكد المسؤولون أن سد الوالة في مادبا مستقر", "سد الوالة", "مادبا"),
    ("دفن الضحايا في مقبرة صبحان بعد أن غمرت السيول الكويت العاصمة", "مقبرة صبحان", None),
    ("نقل الجرحى إلى المستشفى الميداني في مدينة حلب", "المستشفى الميداني", "حلب"),
    ("نقل المصابون لمستشفى الروم في بيروت", "مستشفى الروم", "بيروت"),
])
def test_a_facility_is_placed_at_the_town_it_is_named_with(parser, text, facility, anchor):
    found = _by_text(parser.parse(text))
    if anchor is None:                       # no known place in the sentence that can hold it
        assert facility not in found
        return
    m, a = found[facility], found[anchor]
    assert m.match == "unlisted" and m.geo_precision == 2 and (m.lat, m.lon) == (a.lat, a.lon)
    assert facility.split()[0].lstrip("ل") in m.reasons[0]


@pytest.mark.parametrize("text, absent", [
    ("أعلنت جامعة القاهرة نتائج الامتحانات", "جامعة القاهرة"),       # an institution: the city is the place
    ("ارتفعت أسهم السوق المالية في الرياض", "السوق المالية"),         # the market, not a place
    ("وصلت المساعدات عن طريق البحر إلى طرابلس", "طريق البحر"),
    ("زار الوزير المستشفى في بنغازي", "المستشفى في"),                 # no name: a function word
    ("تسعى الحكومة في الرياض لسد العجز في الميزانية", "سد العجز"),     # filling a gap, not a dam
    ("أغلق المحتجون في صنعاء الشوارع وقاموا بسد الطريق", "سد الطريق"),  # blocking a road
    ("طالب أهالي جدة بمبنى للثروة الحيوانية", "مبنى للثروة"),          # ل + a word is no name
    ("قال مدير المستشفى الدكتور سالم إن الجرحى في عدن", "المستشفى الدكتور"),   # a title: a person
    ("وصل الجرحى إلى المستشفى الساعة الثالثة في تعز", "المستشفى الساعة"),      # a time
])
def test_no_facility(parser, text, absent):
    assert not any(m.text.startswith(absent) for m in parser.parse(text) if m.match == "unlisted")


def test_a_common_word_after_a_facility_word_is_its_name_not_a_town(parser):
    """الثورة is also a town in Syria; مستشفى الثورة in Taiz is a hospital there."""
    found = parser.parse("قصفت الميليشيات مستشفى الثورة في مدينة تعز")
    assert {m.country_code for m in found} == {"YE"}
