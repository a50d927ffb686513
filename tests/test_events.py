"""Event extraction: triggers + resolved places -> typed, dated events with parties."""
from __future__ import annotations

import pytest

from geo.events.dating import parse_published
from geo.events.extracting import EventExtractor


@pytest.fixture(scope="module")
def extract(parser):
    extractor = EventExtractor()

    def _extract(text, published=None):
        return extractor.extract(text, parser.parse(text), parse_published(published))
    return _extract


# sentence, place name, event type, sub type, actor1, actor2
CASES = [
    ("قال المتحدث إن مدفعية قوات الحكومة نجحت فجر الجمعة، في استهداف تجمع لقوات حفتر بمحيط منطقة "
     "الوشكة الواقعة بين مدينتي مصراتة وسرت غربي ليبيا.",
     "Al-Washka", "explosions_remote_violence", "shelling_artillery_missile", "gna", "lna"),
    ("وأعلنت قوات حكومة الوفاق الوطني الليبية أن سلاح الجو التابع للحكومة استهدف مساء الخميس آليات "
     "لقوات حفتر محملة بالوقود بالقرب من منطقة نسمة مما أدى لانفجارات كبيرة.",
     "Nesma", "explosions_remote_violence", "air_drone_strike", "gna", "lna"),
    ("من جانبها، أعلن حفتر أن مدفعية \"الجيش الوطني الليبي\" استهدفت مساء الخميس مخزن ذخيرة بعين زاره "
     "في محيط منطقة الكحيلي.", "Ain Zara", "explosions_remote_violence", "shelling_artillery_missile",
     "lna", None),
    ("تستمر المواجهات المسلحة في ضواحي العاصمة الليبية طرابلس بين قوات حكومة الوفاق الليبية وقوات "
     "خليفة حفتر.", "Tripoli", "battles", "armed_clash", "gna", "lna"),
    ("وتشن قوات حفتر هجوما على طرابلس.", "Tripoli", "battles", "attack", "lna", None),
    ("وجاءت الهجمات بعد هجوم شنته حركة حماس على الجيش الإسرائيلي في مدينة رفح.", "Rafaḩ", "battles", "attack",
     "hamas", "israel"),
    ("تظاهر آلاف المحتجين في ساحة الشهداء بطرابلس ضد الحكومة.", "Tripoli", "protests", "peaceful_protest",
     None, None),
    ("اختطف مسلحون صحفيا في مدينة بنغازي.", "Benghazi", "violence_against_civilians", "abduction", None, None),
    ("ومن المقرر أن تنطلق المفاوضات بين إيران والولايات المتحدة في سلطنة عمان.", "Oman",
     "strategic_developments", "negotiations", None, None),
]


@pytest.mark.parametrize("text, place, event_type, sub_type, actor1, actor2", CASES)
def test_event(extract, text, place, event_type, sub_type, actor1, actor2):
    events = extract(text)
    assert [e.place.name for e in events] == [place], [e.reasons for e in events]
    [e] = events
    assert (e.event_type, e.sub_event_type) == (event_type, sub_type)
    assert (e.actor1 and e.actor1.id, e.actor2 and e.actor2.id) == (actor1, actor2)
    assert 0 < e.confidence <= 1 and e.reasons


@pytest.mark.parametrize("text", [
    "لم تسجل أي اشتباكات في طرابلس أمس.",                      # negated
    "يخشى السكان خطر اندلاع الحرب في طرابلس.",                 # hypothetical
    "وصل الوفد إلى طرابلس صباح اليوم.",                         # no trigger: a plain mention
    "قال لقناة الحرة إن الوضع هادئ.",                            # a TV channel, not a place
    "وتعمل طهران مع واشنطن على اتفاق.",                          # capitals as parties: no location
    "من منتقدي مفاوضات الإدارة مع إيران، مذكرا بعدم الثقة بإيران.",  # ب + a party is not "in"
    "أوصل الانتحاري الذي فجر نفسه داخل المسجد.",                 # المسجد is a mosque, not Masjed (Iran)
    "وفي الهجوم نبيل بهوي وإسلام سراج.",
])
def test_no_event(extract, text):
    assert extract(text) == []


def test_sports_report_gives_no_events(extract):
    text = ("وفي الهجوم نبيل بهوي في مباراة الأهلي أمام الاتحاد في جدة، وسجل اللاعب هدفين في الشوط الأول، "
            "بينما تستمر المفاوضات مع المدرب في الرياض قبل انطلاق الدوري.")
    assert extract(text) == []


def test_far_place_is_not_the_location(extract):
    text = ("اندلعت اشتباكات عنيفة بين الطرفين صباح اليوم وأسفرت عن سقوط عدد من القتلى والجرحى من المدنيين "
            "والعسكريين بحسب ما أفادت به مصادر طبية ومحلية تحدثت لمراسلنا الذي زار مدينة بنغازي لاحقا.")
    assert extract(text) == []


def test_reference_places_are_not_events(extract):
    text = "قصف على منطقة الوشكة الواقعة بين مدينتي مصراتة وسرت."
    assert [e.place.name for e in extract(text)] == ["Al-Washka"]


def test_coordinated_places_each_get_an_event(extract):
    text = "قصف عنيف على مصراتة وسرت."
    assert sorted(e.place.name for e in extract(text)) == ["Misratah", "Sirte"]


def test_country_dropped_when_a_city_in_it_is_named(extract):
    text = "اشتباكات في مدينة سرت في ليبيا."
    assert [e.place.name for e in extract(text)] == ["Sirte"]


def test_venue_is_not_a_party(extract):
    [e] = extract("ومن المقرر أن تنطلق محادثات بين إيران والولايات المتحدة في سلطنة عمان.")
    assert {p.id for p in e.parties} == {"iran", "us"}


def test_reporting_organisation_is_not_the_actor(extract):
    text = ("وأشار مكتب منسق الشؤون الإنسانية التابع لبعثة الأمم المتحدة إلى أن الإحصاءات تشير إلى "
            "وقوع 17 اعتداء على مرافق صحية في طرابلس.")
    [e] = extract(text)
    assert e.actor1 is None and [p.id for p in e.parties] == ["un"]


@pytest.mark.parametrize("text, published, iso, precision, basis", [
    ("قصف على طرابلس فجر الجمعة.", "2020-05", "2020-05", "month", "article"),
    ("قصف على طرابلس فجر الجمعة.", "2020-05-16", "2020-05-15", "day", "sentence"),
    ("قصف على طرابلس أمس.", "2020-05-16", "2020-05-15", "day", "sentence"),
    ("قصف على طرابلس.", "2020-05-16", "2020-05-16", "day", "article"),
    ("قصف على طرابلس.", None, None, None, "none"),
])
def test_event_date(extract, text, published, iso, precision, basis):
    [e] = extract(text, published)
    period = e.date.period
    assert (period.iso() if period else None, period.precision if period else None, e.date.basis) == \
        (iso, precision, basis)


def test_offsets_point_at_the_words(extract):
    text = "وأعلن الجيش أن سلاح الجو استهدف آليات بالقرب من منطقة نسمة."
    [e] = extract(text)
    assert text[e.place.start:e.place.end] == "نسمة"
    assert text[e.trigger.start:e.trigger.end] == "سلاح الجو"
    s0, s1 = e.sentence
    assert s0 <= e.place.start < e.place.end <= s1
