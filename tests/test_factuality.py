"""Incident or not: ACLED's exclusions (history, plans, calls, reactions, generic, country-level, wars).

Sentences written for these tests, in the style of Arabic news. Each one has a
trigger and a place; only the first table's are incidents.
"""
from __future__ import annotations

import pytest

from geo.events import EventExtractor, parse_published

PUBLISHED = "2020-05-16"        # a Saturday


@pytest.fixture(scope="module")
def extract(parser):
    extractor = EventExtractor()
    return lambda text: extractor.extract(text, parser.parse(text), parse_published(PUBLISHED))


INCIDENTS = [
    ("قصفت مدفعية قوات حفتر أمس حي أبو سليم في طرابلس.", "explosions_remote_violence"),
    ("اندلعت اشتباكات عنيفة صباح اليوم في مدينة سرت.", "battles"),
    ("وقال شهود إن مسلحين اختطفوا صحفيا في مدينة بنغازي الخميس.", "violence_against_civilians"),
    ("تظاهر مئات المحتجين في مدينة مصراتة مساء الجمعة.", "protests"),
    ("وسيطرت القوات على مدينة غريان بعد معارك استمرت ساعات.", "battles"),      # سيطرت is no future verb
    ("وانفجرت سيارة مفخخة في مدينة درنة.", "explosions_remote_violence"),       # سيارة neither
    ("وسقطت قذيفة بعد منتصف يوم أمس على مدينة حمص.", "explosions_remote_violence"),  # بعد منتصف يوم: no gap
]


@pytest.mark.parametrize("text, event_type", INCIDENTS)
def test_incidents_stay(extract, text, event_type):
    assert [e.event_type for e in extract(text)] == [event_type]


NOT_INCIDENTS = [
    ("history", "وتعرضت مدينة سرت لقصف عنيف في مارس 2011."),
    ("history", "وكانت اشتباكات قد اندلعت في مدينة مصراتة عام 2016."),
    ("plan", "ويستعد الجيش لهجوم واسع على مدينة سرت."),
    ("plan", "وهدد قائد الميليشيا بقصف مدينة مصراتة."),
    ("plan", "ومن المتوقع أن تندلع اشتباكات في مدينة سبها."),
    ("plan", "وقال المتحدث إن القوات ستبدأ هجوما على مدينة درنة."),
    ("call", "ودعت الأمم المتحدة إلى وقف إطلاق النار في مدينة طرابلس."),
    ("call", "وطالب المجلس بوقف القصف على مدينة مصراتة."),
    ("reaction", "وأدانت الجامعة العربية التفجير الذي وقع في مدينة بنغازي."),
    ("reaction", "واستنكر الوزير الهجوم على مدينة الزاوية."),
    ("reaction", "وأعربت الحكومة عن إدانتها واستنكارها للتفجير الذي استهدف مسجدا في مدينة بنغازي."),
    ("call", "وجدد المبعوث دعوته لوقف إطلاق النار في مدينة طرابلس."),
    ("ongoing", "وتشن القوات هجمات على مدينة سرت منذ أشهر."),
    ("ongoing", "وتتكرر عمليات القصف على مدينة طرابلس."),
    ("ongoing", "ولا يزال السكان يسمعون أصوات القذائف في مدينة طرابلس."),
    ("country", "وقتل عشرات المدنيين في غارات جوية على ليبيا."),
    ("country", "واندلعت اشتباكات في اليمن."),
    ("country", "واعتقلت السلطات طالبا سعوديا في أمريكا."),                  # an arrest needs a place too
    ("war", "وأدت الحرب في مدينة تعز إلى نزوح الآلاف."),
    ("war", "وتحدث الكاتب عن معركة مدينة الموصل."),
    ("diplomacy", "وأجرى وزير الخارجية مباحثات مع نظيره في مدينة القاهرة أمس."),
    ("analysis", "وقال الخبير العسكري إن الهجوم على مدينة سرت سيفشل."),
    ("analysis", "ويرى محللون أن الاشتباكات في مدينة مصراتة تعكس الانقسام."),
    ("after-publication", "وشهدت مدينة سرت اشتباكات عنيفة يوم 25 أكتوبر."),
    ("meeting", "وبحث الوزير خلال لقائه قادة الجيش المعارك في مدينة سرت."),
    ("meeting", "وناقش المؤتمر الهجمات على مدينة مصراتة."),
    ("diplomacy", "ووقعت الحكومتان اتفاقية للتعاون التجاري في مدينة الرياض."),
    ("diplomacy", "ووقعت السعودية ومصر اتفاقا للتعاون العسكري في مدينة القاهرة أمس."),   # two states, no conflict
    ("warning", "وحذر مراقبون من هجوم وشيك على مدينة سرت."),
    ("trial", "ومثل المتهمون بالتفجير الذي استهدف مسجدا في مدينة بنغازي أمام المحكمة أمس."),
    ("trial", "واعترف المتهم بتنفيذ الهجوم على مدينة درنة."),
    ("flashback", "وحينها قصفت الطائرات مدينة سرت."),
    ("time-gap", "ويأتي ذلك بعد أقل من شهر على الهجوم الذي استهدف مدينة مصراتة."),
    ("time-gap", "وكانت القوات قد قصفت مدينة سرت قبل أشهر."),
    ("old-year", "وفي عام 1956 شنت القوات هجوما واسعا على مدينة بورسعيد."),
    ("state", "وتبقى مدينة سرت تحت سيطرة القوات."),
    ("party-name", "وتنشط الجماعة السلفية للدعوة والقتال في مدينة الجزائر."),
    ("anniversary", "وفي مثل هذا اليوم قصفت الطائرات مدينة سرت."),
    ("coarse-date", "وكانت القوات قد أحكمت السيطرة على مدينة سرت الشهر الماضي."),
    ("relative", "وتحاصر القوات المسلحين الذين انسحبوا من مدينة سرت."),
    ("old-year", "وعمل التنظيم بين 1983 و1984 وزرع عبوات ناسفة في مدينة القدس."),
    ("negated", "ومستحيل أن ترى تفجيرا واحدا في مدينة طهران."),
    ("failed", "وفشلت جولة المفاوضات بين الحوثيين والحكومة اليمنية في مدينة عدن أمس."),
    ("thwarted", "ونجحت المقاومة في إفشال سيطرة المسلحين على مدينة تعز أمس."),
    ("figurative", "وتدفع روسيا ثمن انفجار ظاهرة تصادم الهويات في مدينة دونيتسك."),
    ("crash", "وسقطت طائرة استطلاع تابعة لسلاح الجو في مدينة بعلبك أمس."),
    ("call", "وطلب وزير الدفاع اعتقال مشبوهين في مدينة الخليل."),
    ("call", "وتصدر المنظمة نداء عاجلا لإطلاق سراح الناشطة من سجن في مدينة طهران."),
    ("aimed-at", "ونفذت الوزارة في مدينة الدمام ورشة عمل استهدفت مستفيدات البرنامج."),
    ("opinion", "ويرى فيه المتحدث أهمية كبرى لأنه ينقل المعارك إلى مدينة اللاذقية."),
    ("named-talks", "ولا غرابة أن ترسم مفاوضات فيينا بين إيران والولايات المتحدة مستقبل المنطقة."),
    ("country-interest", "ويقوم الكونغرس الاتفاق بين إيران والولايات المتحدة من زاوية أمن إسرائيل."),
    ("anniversary", "وأحيا السكان ذكرى الهجوم على مدينة مصراتة."),
    ("background", "واعتقل الأمن شابا على خلفية التفجيرات في مدينة بنغازي."),
    ("time-gap", "وجاءت التصريحات بعد أيام على تحرير مدينة عدن من الحوثيين."),
    ("named-deal", "ويقوم الكونغرس الاتفاق بين إيران والولايات المتحدة في مدينة واشنطن من زاوية أمنية."),
]


@pytest.mark.parametrize("kind, text", NOT_INCIDENTS, ids=[f"{k}-{i}" for i, (k, _t) in enumerate(NOT_INCIDENTS)])
def test_not_incidents(extract, kind, text):
    assert extract(text) == [], [(e.event_type, e.place.name, e.reasons) for e in extract(text)]


def test_a_negotiation_venue_may_be_a_country(extract):
    """Talks are held in a country: a strategic development there is kept (the seeds' Oman talks)."""
    events = extract("وعقدت المفاوضات بين إيران والولايات المتحدة في سلطنة عمان السبت.")
    assert [(e.event_type, e.place.country_code) for e in events] == [("strategic_developments", "OM")]


@pytest.mark.parametrize("text, event_type", [
    ("وكثفت طائرات التحالف غاراتها على مدينة صعدة أمس.", "explosions_remote_violence"),
    ("وأعلن التنظيم سيطرته على مدينة تدمر أمس.", "battles"),
    ("وسيطروا على مدينة غريان صباح اليوم.", "battles"),
    ("واستعادت القوات مدينة سرت أمس.", "battles"),
    ("وخطفوا صحفيا في مدينة بنغازي أمس.", "violence_against_civilians"),
    ("ومسلحون أطلقوا النار على دورية للشرطة في مدينة العريش أمس.", "battles"),   # the phrase is contiguous
    ("وشهد مسجد في مدينة أبها أمس تفجيرًا انتحاريًا.", "explosions_remote_violence"),   # accusative alif
    ("وأدى قصفها لمدينة تعز أمس إلى دمار واسع.", "explosions_remote_violence"),        # attached pronoun
], ids=["غاراتها", "سيطرته", "سيطروا", "استعادت", "خطفوا", "أطلق-النار", "تفجيرا", "قصفها"])
def test_triggers_with_pronouns_and_new_verbs(extract, text, event_type):
    assert [e.event_type for e in extract(text)] == [event_type]


def test_one_clash_told_in_three_sentences_is_one_event(extract):
    text = ("اندلعت اشتباكات عنيفة في مدينة سرت صباح اليوم. وتواصلت الاشتباكات في مدينة سرت حتى الظهر. "
            "وقال شهود إن الاشتباكات في مدينة سرت كانت الأعنف.")
    events = extract(text)
    assert [(e.event_type, e.place.name) for e in events] == [("battles", "Sirte")]
    assert sum("also described at" in r for r in events[0].reasons) == 2


def test_two_incidents_at_one_city_stay_two(extract):
    text = "اندلعت اشتباكات عنيفة في مدينة سرت صباح اليوم. وقصفت الطائرات مدينة سرت أمس."
    assert sorted(e.event_type for e in extract(text)) == ["battles", "explosions_remote_violence"]


@pytest.mark.parametrize("text, count", [
    ("قصفت الطائرات مدينة سرت أمس. وقال شهود إن القصف على مدينة سرت دمر منازل.", 1),   # the story goes on
    ("قصفت الطائرات مدينة سرت. وقصفت الطائرات مدينة سرت مجددا أمس.", 2),              # a later day: another raid
    ("قصفت الطائرات مدينة سرت أمس. وقصفت الطائرات مدينة سرت يوم الأربعاء.", 2),        # two named days apart
], ids=["continues", "later-day", "two-days"])
def test_merging_within_an_article_follows_the_dates(extract, text, count):
    assert len(extract(text)) == count


@pytest.mark.parametrize("text, places", [
    ("وقال المتحدث باسم القوات في مدينة مصراتة إن الطائرات قصفت مواقع المسلحين أمس.", []),
    ("وفي مدينة سرت قالت مصادر أمنية إن مسلحين هاجموا دورية أمس.", ["Sirte"]),
    ("وقال المتحدث في مدينة مصراتة إن الطائرات قصفت مدينة سرت أمس.", ["Sirte"]),
], ids=["spokesman-only", "scene-setting", "spokesman-and-place"])
def test_the_place_where_it_was_said_is_not_where_it_happened(extract, text, places):
    assert [e.place.name for e in extract(text)] == places


def test_a_long_digest_with_a_few_sports_words_is_not_a_sports_report(extract):
    filler = "وقال المسؤول إن الوضع الاقتصادي يتحسن في البلاد. " * 300       # 2,400 words, 6 of sport
    text = ("اندلعت اشتباكات عنيفة في مدينة سرت صباح اليوم. " + filler +
            "وفاز المنتخب في المباراة بهدف في الدوري على ملعب النادي.")
    assert [e.place.name for e in extract(text)] == ["Sirte"]


@pytest.mark.parametrize("text, event_type", [
    # talks and agreements between the sides of a conflict (adversaries in the party lexicon)
    ("وتوصلت الحكومة اليمنية والحوثيون إلى اتفاق لتبادل الأسرى في مدينة الحديدة أمس.", "strategic_developments"),
    # a condemnation that dates the incident today also reports it
    ("وأدانت الحكومة التفجير الذي استهدف اليوم مسجدا في مدينة بنغازي.", "explosions_remote_violence"),
])
def test_sides_of_a_conflict_and_dated_condemnations_stay(extract, text, event_type):
    assert [e.event_type for e in extract(text)] == [event_type]


@pytest.mark.parametrize("text, sub_types", [
    ("وقال مصدر إن الجيش قصف بطائرات هليكوبتر سيارات في مدينة سرت أمس.", ["air_drone_strike"]),
    ("وقصفت مدفعية القوات مدينة سرت أمس.", ["shelling_artillery_missile"]),
    # one city, one day: a strike from the air and a shell are two incidents
    ("وقصفت طائرات مسيرة مدينة سرت أمس. وقال المصدر إن قذيفة سقطت على منزل في مدينة سرت أمس.",
     ["air_drone_strike", "shelling_artillery_missile"]),
])
def test_air_strikes_and_shelling(extract, text, sub_types):
    assert [e.sub_event_type for e in extract(text)] == sub_types


def test_clashes_and_shelling_at_one_town_are_two_incidents(extract):
    text = "واندلعت اشتباكات عنيفة أمس في مدينة الزبداني وسط قصف مدفعي مكثف على مدينة الزبداني."
    assert sorted(e.event_type for e in extract(text)) == ["battles", "explosions_remote_violence"]


def test_a_generic_attack_beside_a_shelling_is_not_another_incident(extract):
    text = "وقال إن الجيش يواصل قصف مواقع المسلحين في مدينة سرت ردا على هجمات سابقة."
    assert [e.event_type for e in extract(text)] == ["explosions_remote_violence"]


def test_a_ground_attack_that_names_no_weapon_is_a_clash(extract):
    text = "واستهدفت المقاومة أمس تجمعا للمسلحين في مدينة تعز."
    assert [(e.event_type, e.sub_event_type) for e in extract(text)] == [("battles", "armed_clash")]


def test_the_weapon_of_an_attack_is_not_another_incident(extract):
    text = "وتمكنت القوات أمس من السيطرة على مدينة سرت إثر هجمات بقذائف الهاون."
    assert [e.event_type for e in extract(text)] == ["battles"]


def test_a_place_that_only_locates_another_is_not_a_second_scene(extract):
    text = "ونهب المسلحون أمس المحال في منطقة سناح شمال مدينة الضالع اليمنية."
    assert [e.place.text for e in extract(text)] == ["سناح"]
