"""Tests of geo.parse.geoparser.Geoparser on the real gazetteer (no online fallback)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.parse.geoparser import Geoparser, Mention

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_41f920e4e54127c5.txt"


def _check_mention(text: str, m: Mention) -> None:
    assert text[m.start:m.end] == m.text
    assert m.lat is not None and m.lon is not None
    assert -90 <= m.lat <= 90 and -180 <= m.lon <= 180
    assert 0.0 <= m.score <= 1.0
    assert m.match in {"exact", "normalized", "fuzzy", "unlisted"}
    assert m.reasons and all(r for r in m.reasons)
    assert m.to_dict()["reason"]
    assert m.runner_up is None or m.runner_up.get("place_id")
    s, e = m.sentence
    assert s <= m.start and m.end <= e


def _only(parser, text: str, surface: str) -> Mention:
    mentions = parser.parse(text)
    for m in mentions:
        _check_mention(text, m)
    hits = [m for m in mentions if m.text == surface]
    assert hits, f"{surface!r} not found in {[m.text for m in mentions]}"
    return hits[0]


def _attrs(m: Mention, expected: dict) -> None:
    for key, value in expected.items():
        if key == "place_id_prefix":
            assert m.place_id.startswith(value), m.place_id
        else:
            assert getattr(m, key) == value, (key, getattr(m, key), m.place_id)


# -- detection: clitics, spelling variants, multi-word names ----------------

@pytest.mark.parametrize("text, surface, expected", [
    # clitics: the mention is the name without و/ب/ل
    ("وصلت القوات إلى ليبيا وسرت", "سرت", {"place_id": "geonames:2210554", "country_code": "LY"}),
    ("اشتباكات في ليبيا بطرابلس", "طرابلس", {"place_id": "geonames:2210247", "country_code": "LY"}),
    ("وصل الوفد لطهران أمس", "طهران", {"place_id": "geonames:112931", "country_code": "IR"}),
    ("زار الوزير سوريا ولبنان", "لبنان", {"place_id": "country:LB", "country_code": "LB"}),
    ("زار الوزير سوريا ولبنان", "سوريا", {"place_id": "country:SY"}),
    # spelling variants
    ("اشتباكات في مصراتة بليبيا", "مصراتة", {"place_id": "geonames:2214846", "name": "Misratah"}),
    ("اشتباكات في مصراته بليبيا", "مصراته", {"place_id": "geonames:2214846", "name": "Misratah"}),
    ("قصف في عين زارة جنوب طرابلس في ليبيا", "عين زارة", {"place_id": "supplement:ain_zara"}),
    ("قصف في عين زاره جنوب طرابلس في ليبيا", "عين زاره", {"place_id": "supplement:ain_zara"}),
    ("#عين_زارة تحت القصف", "عين_زارة", {"place_id": "supplement:ain_zara"}),
    ("استهدفت الضربات فوردو في إيران", "فوردو", {"place_id": "supplement:fordow_facility",
                                               "country_code": "IR"}),
    ("منشأة فردو النووية في إيران", "فردو", {"place_id": "supplement:fordow_facility"}),
    ("اشتباكات في منطقة الوشكه", "الوشكه", {"place_id": "supplement:washka"}),
    # multi-word names
    ("عقدت المحادثات في سلطنة عمان", "سلطنة عمان", {"country_code": "OM", "feature": "PCLI"}),
    ("وصل الوزير إلى الولايات المتحدة", "الولايات المتحدة", {"place_id": "country:US"}),
    ("الأوضاع في الشرق الأوسط متوترة", "الشرق الأوسط", {"place_id": "supplement:middle_east"}),
])
def test_detection(parser, text, surface, expected):
    _attrs(_only(parser, text, surface), expected)


def test_multiword_name_is_one_mention(parser):
    text = "وصل الوزير إلى الولايات المتحدة"
    assert [m.text for m in parser.parse(text)] == ["الولايات المتحدة"]


def test_multiword_name_not_joined_across_comma(parser):
    assert all(m.text != "الولايات، المتحدة" for m in parser.parse("الولايات، المتحدة"))


# -- ambiguity ---------------------------------------------------------------

@pytest.mark.parametrize("text, surface, expected", [
    ("اشتباكات في طرابلس عاصمة ليبيا", "طرابلس", {"country_code": "LY", "place_id": "geonames:2210247"}),
    ("تعرض مستشفى طرابلس المركزي للقصف في ليبيا", "طرابلس", {"country_code": "LY"}),
    ("طرابلس اللبنانية مدينة ساحلية", "طرابلس", {"country_code": "LB", "place_id": "geonames:266826"}),
    ("زار طرابلس في لبنان", "طرابلس", {"country_code": "LB", "place_id": "geonames:266826"}),
    ("اشتباكات في طرابلس بلبنان", "طرابلس", {"country_code": "LB"}),
    ("اشتباكات في طرابلس الليبية", "طرابلس", {"country_code": "LY"}),
    ("وصل الوفد إلى واشنطن", "واشنطن", {"country_code": "US", "feature": "PPLC", "name": "Washington"}),
    ("زار الوزير عمان في الأردن", "عمان", {"country_code": "JO", "place_id": "geonames:250441"}),
    ("زار الملك عمان عاصمة الأردن", "عمان", {"country_code": "JO"}),
    ("عقدت المحادثات في سلطنة عمان", "سلطنة عمان", {"country_code": "OM"}),
    ("زار عمان", "عمان", {"country_code": "OM"}),
])
def test_ambiguous_names(parser, text, surface, expected):
    _attrs(_only(parser, text, surface), expected)


def test_place_right_after_title_as_subject(parser):
    # Verb-subject-object: the minister visited Tripoli; a capital after a title is a place.
    m = _only(parser, "زار الوزير طرابلس في ليبيا", "طرابلس")
    assert m.country_code == "LY"


@pytest.mark.parametrize("text, surface", [
    ("وتشن قوات حفتر هجوما على طرابلس منذ أكثر من سنة", "طرابلس"),   # على is not the name علي
    ("سيطرت القوات على ترهونة", "ترهونة"),
])
def test_place_after_preposition_ala(parser, text, surface):
    assert surface in {m.text for m in parser.parse(text)}


@pytest.mark.parametrize("town", ["ترهونة", "غريان"])
def test_minor_place_after_title_is_a_name(parser, town):
    # A small town's name right after a title (العقيد ترهونة) is taken for a person's name,
    # while the same name after a verb is the town.
    assert town in [m.text for m in parser.parse(f"وصلت القوات إلى {town} في ليبيا")]
    assert town not in [m.text for m in parser.parse(f"قال العقيد {town} في ليبيا")]


def test_washington_is_dc(parser):
    m = _only(parser, "وصل الوفد إلى واشنطن", "واشنطن")
    assert abs(m.lat - 38.895) < 0.5 and abs(m.lon + 77.036) < 0.5


@pytest.mark.parametrize("adjective, cc", [
    ("اللبنانيه", "LB"),
    ("لبناني", "LB"),
    ("السوري", "SY"),
    ("الايراني", "IR"),
    ("الاردنيه", "JO"),
    ("المصري", "EG"),
    ("الليبيه", "LY"),
    ("ليبي", "LY"),
    ("الليبيون", "LY"),
    ("الروسيه", "RU"),
    ("الامريكي", "US"),
])
def test_nisba_table(parser, adjective, cc):
    assert parser.gate.nisba.get(adjective) == cc


def test_libyan_qualifier(parser):
    m = _only(parser, "اشتباكات في طرابلس الليبية", "طرابلس")
    assert m.country_code == "LY"
    assert "qualified by the adjective of LY" in m.to_dict()["reason"]


# -- common words, people and organisations ---------------------------------

@pytest.mark.parametrize("text, word", [
    ("يقع بين البلدين", "بين"),
    ("يقع بين البلدين في ليبيا", "بين"),
    ("وصل إلى المدينة", "إلى"),
    ("وصل الوفد إلى ليبيا", "إلى"),
    ("كان الجو حارا", "كان"),
    ("كان الجو حارا في طرابلس", "كان"),
    ("يوم الجمعة", "الجمعة"),
    ("يوم الجمعة في ليبيا", "الجمعة"),
    ("مساء الخميس", "الخميس"),
    ("استهدف مساء الخميس آليات في ليبيا", "الخميس"),
    ("القانون الجديد", "الجديد"),
    ("يبلغ عدد السكان مليون نسمة", "نسمة"),
    ("قصف في ليبيا حيث يقيم مليون نسمة", "نسمة"),
    ("قال لقناة الحرة", "الحرة"),
    ("قال في تصريح لقناة الحرة إن طرابلس تحت القصف", "الحرة"),
    ("قوات حفتر تتقدم", "حفتر"),
    ("قال حفتر في بنغازي", "حفتر"),
    ("لمواجهة خطر فيروس كورونا المستجد في ليبيا", "كورونا"),
    ("انتشار وباء كورونا في مصر", "كورونا"),
    ("قال خامنئي إن", "خامنئي"),
    ("أبلغوا خامنئي في طهران", "خامنئي"),
    # "the country", not the village Al Bilad in Yemen
    ("وقال إن الأوضاع في البلاد تتحسن بعد المعارك في اليمن", "البلاد"),
    # a newspaper told something, in quotes after a lone لـ
    ("وقالت مصادر لـ«الشرق الأوسط» إن القصف استهدف عدن", "الشرق"),
    ('وقال المتحدث لـ"الأهرام" إن الوفد وصل إلى القاهرة', "الأهرام"),
    # a square, a street: the word is no town (Medan) and the name after it is the square's or street's
    ("تظاهر مئات المواطنين في ميدان الشهداء وسط العاصمة الليبية طرابلس", "ميدان"),
    ("تظاهر مئات المواطنين في ميدان الشهداء وسط العاصمة الليبية طرابلس", "الشهداء"),
    ("انفجرت سيارة مفخخة في شارع بغداد وسط دمشق", "بغداد"),
    ("اعتصم المحتجون في ساحة الشهداء ببيروت", "الشهداء"),
])
def test_not_places(parser, text, word):
    mentions = parser.parse(text)
    for m in mentions:
        _check_mention(text, m)
    assert word not in {m.text for m in mentions}
    assert word not in {m.text for m in parser.parse(text) if m.start <= text.index(word) < m.end}


@pytest.mark.parametrize("text, surface, place", [
    ("وصل الوفد إلى مدينة ميدان الإندونيسية", "ميدان", "Medan"),      # a town cue names the town
    ("غارات على منطقة معسكر الكرين قرب الطبقة", None, "Mascara"),   # معسكر is the camp, not Mascara
])
def test_a_cue_word_alone_is_a_place_only_after_a_town_cue(parser, text, surface, place):
    names = {(m.text, m.name) for m in parser.parse(text)}
    if surface:
        assert (surface, place) in names
    else:
        assert place not in {n for _, n in names}


def test_common_word_supported_by_cue(parser):
    m = _only(parser, "قصف بالقرب من منطقة نسمة", "نسمة")
    assert m.place_id == "supplement:nesma"
    assert "منطقه" in m.to_dict()["reason"]


def test_facility_name_contains_city(parser):
    m = _only(parser, "تعرض مستشفى طرابلس المركزي للقصف في ليبيا", "طرابلس")
    assert m.place_id == "geonames:2210247"
    assert m.country_code == "LY"


# -- fuzzy matching -----------------------------------------------------------

@pytest.mark.parametrize("cue_text, bare_text, misspelling, place_id", [
    ("اشتباكات في مدينة مصراتا", "اشتباكات في مصراتا", "مصراتا", "geonames:2214846"),
    ("اشتباكات في مدينة مصراطة", "اشتباكات في مصراطة", "مصراطة", "geonames:2214846"),
    ("قصف في مدينة طبرك", "قصف في طبرك", "طبرك", "geonames:81302"),
    ("قصف في مدينة غريات", "قصف في غريات", "غريات", "geonames:2217362"),
    ("قصف في مدينة ترهونا", "قصف في ترهونا", "ترهونا", "supplement:tarhuna"),
])
def test_fuzzy_only_after_cue(parser, gazetteer, cue_text, bare_text, misspelling, place_id):
    """Fuzzy matching needs a cue word, or the place recogniser reading a place there."""
    from geo.parse import Geoparser

    m = _only(parser, cue_text, misspelling)
    assert m.match == "fuzzy"
    assert m.place_id == place_id
    assert "fuzzy: 1 edit(s)" in m.to_dict()["reason"]
    rules_alone = Geoparser(gazetteer, online=None, recogniser=False)
    assert misspelling not in {x.text for x in rules_alone.parse(bare_text)}
    for x in parser.parse(bare_text):
        if x.text == misspelling:
            assert x.place_id == place_id and "recogniser" in x.to_dict()["reason"]


def test_normalised_spelling_is_not_fuzzy(parser):
    m = _only(parser, "اشتباكات في منطقة الوشكه", "الوشكه")
    assert m.match in {"exact", "normalized"}


# -- the seed document ------------------------------------------------------

@pytest.fixture(scope="module")
def seed_mentions(parser):
    text = SEED.read_text(encoding="utf-8")
    return text, parser.parse(text)


def test_seed_mentions_are_consistent(seed_mentions):
    text, mentions = seed_mentions
    assert mentions
    for m in mentions:
        _check_mention(text, m)
    starts = [m.start for m in mentions]
    assert starts == sorted(starts)


@pytest.mark.parametrize("expected", [
    {"place_id": "geonames:2210247", "country_code": "LY"},        # Tripoli
    {"place_id": "geonames:2214846"},                             # Misrata
    {"place_id": "geonames:2210554"},                             # Sirte
    {"place_id": "supplement:washka"},
    {"place_id": "supplement:nesma"},
    {"place_id": "supplement:ain_zara"},
    {"place_id": "supplement:kahili"},
    {"place_id": "country:LY"},
    {"country_code": "OM", "feature": "PCLI"},                    # سلطنة عمان
    {"place_id": "geonames:112931"},                              # Tehran (also from لطهران)
    {"name": "Washington", "country_code": "US"},
    {"place_id": "supplement:natanz_facility"},
    {"place_id": "supplement:fordow_facility"},
    {"place_id": "country:IR"},
    {"place_id": "country:IL"},
    {"place_id": "geonames:281133"},                              # Gaza
    {"place_id": "country:US"},
])
def test_seed_places(seed_mentions, expected):
    _text, mentions = seed_mentions
    assert any(all(getattr(m, k) == v for k, v in expected.items()) for m in mentions), expected


def test_seed_tehran_with_clitic(seed_mentions):
    text, mentions = seed_mentions
    i = text.index("لطهران")
    hits = [m for m in mentions if m.start == i + 1]
    assert hits and hits[0].text == "طهران"


@pytest.mark.parametrize("word", ["الحرة", "الجمعة", "الخميس", "حفتر", "خامنئي", "بين", "رويترز",
                                  "الوطني", "كورونا"])
def test_seed_no_false_mentions(seed_mentions, word):
    _text, mentions = seed_mentions
    assert word not in {m.text for m in mentions}


def test_seed_tripoli_never_lebanese(seed_mentions):
    _text, mentions = seed_mentions
    tripolis = [m for m in mentions if m.text == "طرابلس"]
    assert len(tripolis) >= 5
    assert {m.country_code for m in tripolis} == {"LY"}


# -- input checking -----------------------------------------------------------

@pytest.mark.parametrize("bad", [None, b"\xd8\xb7", 42, ["طرابلس"]])
def test_non_str_input(parser, bad):
    with pytest.raises(TypeError):
        parser.parse(bad)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "123", "Hello world"])
def test_no_mentions(parser, text):
    assert parser.parse(text) == []


def test_to_dict_contract(parser):
    text = "اشتباكات في ليبيا بطرابلس"
    for m in parser.parse(text):
        d = m.to_dict()
        assert {"start", "end", "text", "name", "place_id", "lat", "lon", "country_code", "match",
                "score", "reason", "sentence_start", "sentence_end", "runner_up"} <= set(d)
        assert "sentence" not in d and "reasons" not in d


class _FakeGeocoder:
    """Stands in for geopy's Nominatim: records the queries, answers one place."""

    def __init__(self, fail=False):
        self.calls = []
        self.fail = fail

    def geocode(self, query, **options):
        from geopy.exc import GeocoderUnavailable as GeopyUnavailable
        from geopy.location import Location

        self.calls.append((query, options))
        if self.fail:
            raise GeopyUnavailable("connection refused")
        return Location("Sulaibikhat, Kuwait", (29.32, 47.83), {"address": {"country_code": "kw"}})


def test_online_fallback_geocodes_cue_supported_unknown_names(gazetteer, tmp_path):
    from geo.parse.online import OnlineGeocoder

    fake = _FakeGeocoder()
    online = OnlineGeocoder(fake, cache_path=str(tmp_path / "c.sqlite"), min_delay_seconds=0)
    text = "أمطار غزيرة في منطقة الصليبيخات في الكويت"
    mentions = Geoparser(gazetteer, online=online).parse(text)
    found = {m.text: m for m in mentions}
    assert found["الصليبيخات"].match == "online"
    assert found["الصليبيخات"].lat == pytest.approx(29.32)
    assert found["الكويت"].match == "exact"
    assert [q for q, _ in fake.calls] == ["الصليبيخات"]          # only the name leaves the machine
    assert fake.calls[0][1].get("country_codes") == ["kw"]     # restricted to the article's country


def test_online_fallback_unreachable_keeps_gazetteer_results(gazetteer, tmp_path, caplog):
    from geo.parse.online import OnlineGeocoder

    online = OnlineGeocoder(_FakeGeocoder(fail=True), cache_path=str(tmp_path / "c.sqlite"),
                            min_delay_seconds=0, error_wait_seconds=0)
    parser = Geoparser(gazetteer, online=online)
    mentions = parser.parse("أمطار غزيرة في منطقة الصليبيخات في الكويت")
    # Offline, the unknown name is placed at the place named with it (see test_unlisted.py).
    assert [(m.text, m.match) for m in mentions] == [("الصليبيخات", "unlisted"), ("الكويت", "exact")]
    assert "unreachable" in caplog.text
    assert parser.online is None                               # one message, then offline


@pytest.mark.parametrize("text, expected", [
    ("أعلنت الحكومة السعودية أن المملكة ستستضيف القمة", "SA"),
    ("هطلت أمطار في مناطق مختلفة من المملكة. #سيول_الأردن", "JO"),
    ("وصل الوفد إلى مسقط وقالت السلطنة إنها سترعى المحادثات في سلطنة عمان", "OM"),
])
def test_the_kingdom_means_the_kingdom_the_article_names(parser, text, expected):
    m = _only(parser, text, "المملكة" if "المملكة" in text else "السلطنة")
    assert m.country_code == expected and m.feature == "PCLI"


def test_the_kingdom_alone_is_not_placed(parser):
    # No kingdom named in the article: المملكة stays a common noun.
    assert "المملكة" not in [m.text for m in parser.parse("قال مسؤول إن المملكة ستستضيف القمة")]
