"""Tests of geo.events.dating: publication dates, date expressions and event dates.

Publication dates in the tables are strings for :func:`parse_published`; a
trailing ``~`` marks them approximate (``"2020-05~"``).
"""
from __future__ import annotations

import datetime
import re

import pytest

from geo.events.dating import (PRECISIONS, DateExpression, EventDate, Period, event_date,
                        find_date_expressions, parse_published)

FRIDAY = "2025-04-11"          # a Friday: the Iran-talks seed article


def _pub(value: str | None) -> Period | None:
    if value is not None and value.endswith("~"):
        return parse_published(value[:-1], approximate=True)
    return parse_published(value)


def _event(sentence: str, trigger: str, published: str | None, occurrence: int = 0) -> EventDate:
    start = -1
    for _ in range(occurrence + 1):
        start = sentence.index(trigger, start + 1)
    return event_date(sentence, (0, len(sentence)), (start, start + len(trigger)), _pub(published))


# --------------------------------------------------------------------------- Period

def test_period_iso_per_precision():
    d = datetime.date
    assert Period(d(2020, 5, 14), d(2020, 5, 14), "day").iso() == "2020-05-14"
    assert Period(d(2020, 5, 11), d(2020, 5, 17), "week").iso() == "2020-05-11/2020-05-17"
    assert Period(d(2020, 5, 1), d(2020, 5, 31), "month").iso() == "2020-05"
    assert Period(d(2020, 1, 1), d(2020, 12, 31), "year").iso() == "2020"
    assert PRECISIONS == ("day", "week", "month", "year", "unknown")


@pytest.mark.parametrize("precision, start, end", [
    ("unknown", (2020, 1, 1), (2020, 1, 1)),
    ("decade", (2020, 1, 1), (2020, 1, 1)),
    ("day", (2020, 1, 2), (2020, 1, 1)),
])
def test_period_rejects_bad_values(precision, start, end):
    with pytest.raises(ValueError):
        Period(datetime.date(*start), datetime.date(*end), precision)


# --------------------------------------------------------------------------- parse_published

@pytest.mark.parametrize("value, iso, precision", [
    ("2020-05-14", "2020-05-14", "day"),
    ("2020-05", "2020-05", "month"),
    ("2020", "2020", "year"),
    ("2015-07-31T10:00:00Z", "2015-07-31", "day"),
    ("2015-07-31 10:00:00+03:00", "2015-07-31", "day"),
    ("2015-07-31T23:30:00-05:00", "2015-07-31", "day"),          # the date as written, not UTC
    ("2015-07-31T10:00:00.123456", "2015-07-31", "day"),
    ("2020/05/14", "2020-05-14", "day"),
    ("14/05/2020", "2020-05-14", "day"),
    ("14-05-2020", "2020-05-14", "day"),
    ("14.05.2020", "2020-05-14", "day"),
    ("4/8/2015", "2015-08-04", "day"),                           # day first
    ("05/2020", "2020-05", "month"),
    ("Thu, 14 May 2020 10:00:00 +0000", "2020-05-14", "day"),
    ("14 May 2020", "2020-05-14", "day"),
    ("٢٠٢٠-٠٥-١٤", "2020-05-14", "day"),
    ("١٤/٠٥/٢٠٢٠", "2020-05-14", "day"),
    ("  2020-05-14\n", "2020-05-14", "day"),
    ("14 مايو 2020", "2020-05-14", "day"),
    ("أيار 2020", "2020-05", "month"),
])
def test_parse_published(value, iso, precision):
    p = parse_published(value)
    assert (p.iso(), p.precision, p.approximate) == (iso, precision, False)


def test_parse_published_month_and_year_bounds():
    month = parse_published("2020-02")
    assert (month.start, month.end) == (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    year = parse_published("2020")
    assert (year.start, year.end) == (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_published_empty(value):
    assert parse_published(value) is None


def test_parse_published_approximate_and_date_objects():
    assert parse_published("2020-05", approximate=True).approximate
    assert parse_published(datetime.date(2020, 5, 14)).iso() == "2020-05-14"
    assert parse_published(datetime.datetime(2020, 5, 14, 23, 0)).iso() == "2020-05-14"


@pytest.mark.parametrize("value", [
    "2020-02-30", "2020-13", "2020-00-10", "31/02/2020", "yesterday", "14 Foo 2020",
    "2020-05-14T25:00", "Thu, 31 Feb 2020 10:00:00 +0000", "Thu, 14 May 2020 99:99", "20-05", "2020-05-14 x",
])
def test_parse_published_errors_name_the_value(value):
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        parse_published(value)


def test_parse_published_rejects_other_types():
    with pytest.raises(ValueError, match="2020"):
        parse_published(2020)


# --------------------------------------------------------------------------- event_date: the table

# sentence, trigger, publication, expected iso, expected precision, expected basis
CASES = [
    # the seed documents
    ("نجحت فجر الجمعة، في استهداف تجمع", "استهداف", "2020-05~", "2020-05", "month", "article"),
    ("ورفضت حكومة الوفاق الوطني الليبية نهاية الشهر الماضي \"الهدنة\" التي دعا إليها المشير",
     "الهدنة", "2020-05~", "2020-04", "month", "sentence"),
    ("إن الاعتداءات مستمرة، إذ تعرض مستشفى طرابلس المركزي للقصف في الصباح جراء هجوم",
     "للقصف", "2020-05~", "2020-05", "month", "article"),
    ("تشير إلى وقوع نحو 17 اعتداء على مرافق صحية في ليبيا منذ بداية هذا العام",
     "اعتداء", "2020-05~", "2020", "year", "sentence"),
    ("وتشن قوات حفتر هجوما على طرابلس منذ أكثر من سنة", "هجوما", "2020-05~", "2020-05", "month", "article"),
    ("من إجراء مفاوضات مباشرة مع الولايات المتحدة، والتي من المقرر أن تنطلق السبت في سلطنة عمان",
     "مفاوضات", FRIDAY, "2025-04-12", "day", "sentence"),
    ("والتي من المقرر أن تنطلق السبت في سلطنة عمان", "تنطلق", FRIDAY, "2025-04-12", "day", "sentence"),
    ("وكان ترامب أصدر إعلانا مفاجئا، الاثنين، قال فيه إن واشنطن وطهران تعتزمان بدء محادثات في سلطنة عمان",
     "إعلانا", FRIDAY, "2025-04-07", "day", "sentence"),
    ("وكان ترامب أصدر إعلانا مفاجئا، الاثنين، قال فيه إن واشنطن وطهران تعتزمان بدء محادثات في سلطنة عمان",
     "محادثات", FRIDAY, "2025-04-11", "day", "article"),
    ("وقال هؤلاء المسؤولون إن القرار اتخذ في اجتماع سري وعاجل عقد الشهر الماضي للرد على دعوة",
     "عقد", FRIDAY, "2025-03", "month", "sentence"),
    ("وجاءت الهجمات الإسرائيلية بعد اندلاع حرب غزة عقب هجوم شنته حركة حماس، المصنفة إرهابية من قبل "
     "واشنطن، على إسرائيل في أكتوبر 2023", "هجوم", FRIDAY, "2023-10", "month", "sentence"),
    ("ومنذ انسحاب ترامب من خطة العمل الشاملة المشتركة، أو الاتفاق النووي المبرم في 2015، والتي دعمها سلفه",
     "الاتفاق", FRIDAY, "2015", "year", "sentence"),
    # weekdays: bare, past, next, future markers
    ("وقع الانفجار الجمعة في وسط المدينة", "الانفجار", FRIDAY, "2025-04-11", "day", "sentence"),
    ("وقع الانفجار الجمعة الماضية في وسط المدينة", "الانفجار", FRIDAY, "2025-04-04", "day", "sentence"),
    ("وقع الانفجار يوم الأربعاء المنصرم", "الانفجار", FRIDAY, "2025-04-09", "day", "sentence"),
    ("وقع الانفجار والخميس الماضي", "الانفجار", FRIDAY, "2025-04-10", "day", "sentence"),
    ("تعقد القمة الجمعة المقبلة في الرياض", "القمة", FRIDAY, "2025-04-18", "day", "sentence"),
    ("تعقد القمة يوم الأحد القادم في الرياض", "القمة", FRIDAY, "2025-04-13", "day", "sentence"),
    ("سيعقد الاجتماع الأحد في الرياض", "الاجتماع", FRIDAY, "2025-04-13", "day", "sentence"),
    ("من المتوقع أن تبدأ المفاوضات الثلاثاء", "المفاوضات", FRIDAY, "2025-04-15", "day", "sentence"),
    ("المفاوضات المرتقبة الأحد في مسقط", "المفاوضات", FRIDAY, "2025-04-13", "day", "sentence"),
    ("تعتزم الحكومة إطلاق حملة الأحد", "حملة", FRIDAY, "2025-04-13", "day", "sentence"),
    ("سوف يصل الوفد الخميس", "الوفد", FRIDAY, "2025-04-17", "day", "sentence"),
    ("يقام المهرجان الأربعاء بعد القادم", "المهرجان", FRIDAY, "2025-04-23", "day", "sentence"),
    # nights and day parts
    ("وقع الهجوم ليلة الجمعة على الحي", "الهجوم", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الهجوم ليلة الخميس إلى الجمعة", "الهجوم", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الهجوم ليلة الخميس-الجمعة", "الهجوم", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الهجوم ليل الخميس الجمعة", "الهجوم", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الهجوم ليلة الاثنين الماضي", "الهجوم", FRIDAY, "2025-04-06", "day", "sentence"),
    ("استهدف سلاح الجو مساء الخميس آليات لقوات حفتر", "استهدف", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الانفجار بعد ظهر الأربعاء", "الانفجار", FRIDAY, "2025-04-09", "day", "sentence"),
    ("وقع الانفجار فجر اليوم", "الانفجار", FRIDAY, "2025-04-11", "day", "sentence"),
    ("ومساء أمس قصفت الطائرات المدينة", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الانفجار في الصباح", "الانفجار", FRIDAY, "2025-04-11", "day", "sentence"),
    ("وقع الانفجار صباحا قرب الميناء", "الانفجار", FRIDAY, "2025-04-11", "day", "sentence"),
    # relative days
    ("وأمس قصفت الطائرات المدينة", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قصفت الطائرات المدينة بالأمس", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قصفت الطائرات المدينة البارحة", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قصفت الطائرات المدينة أول أمس", "قصفت", FRIDAY, "2025-04-09", "day", "sentence"),
    ("قصفت الطائرات المدينة أول من أمس", "قصفت", FRIDAY, "2025-04-09", "day", "sentence"),
    ("قصفت الطائرات المدينة أمس الأول", "قصفت", FRIDAY, "2025-04-09", "day", "sentence"),
    ("قال الوزير اليوم الجمعة إن القوات انسحبت", "قال", FRIDAY, "2025-04-11", "day", "sentence"),
    # a date right after a verb of saying is when it was said: the event's own date wins
    ("أكدت الشرطة اليوم أن الهجوم على المتحف وقع في 18 مارس", "الهجوم", FRIDAY, "2025-03-18", "day", "sentence"),
    ("أكدت الشرطة اليوم أن الهجوم على المتحف وقع", "الهجوم", FRIDAY, "2025-04-11", "day", "article"),
    # the named weekday wins over the publication date (a paper dated the day after the story)
    ("قصفت الطائرات المدينة اليوم (الخميس)", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قصفت الطائرات المدينة اليوم الخميس", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قصفت الطائرات المدينة أمس (الأربعاء)", "قصفت", FRIDAY, "2025-04-09", "day", "sentence"),
    ("قصفت الطائرات المدينة أمس الخميس", "قصفت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("تعقد القمة غدا في الرياض", "القمة", FRIDAY, "2025-04-12", "day", "sentence"),
    ("تعقد القمة يوم غد في الرياض", "القمة", FRIDAY, "2025-04-12", "day", "sentence"),
    ("تعقد القمة بعد غد في الرياض", "القمة", FRIDAY, "2025-04-13", "day", "sentence"),
    ("تعقد القمة الليلة في الرياض", "القمة", FRIDAY, "2025-04-11", "day", "sentence"),
    ("وقع الانفجار الليلة الماضية", "الانفجار", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وقع الانفجار ليلة أمس", "الانفجار", FRIDAY, "2025-04-10", "day", "sentence"),
    # relative weeks, months, years
    ("اندلع حريق الأسبوع الماضي", "حريق", FRIDAY, "2025-03-31/2025-04-06", "week", "sentence"),
    ("تعقد القمة الأسبوع المقبل", "القمة", FRIDAY, "2025-04-14/2025-04-20", "week", "sentence"),
    ("تعقد القمة هذا الأسبوع", "القمة", FRIDAY, "2025-04-07/2025-04-13", "week", "sentence"),
    ("تعقد القمة خلال الأسبوع الجاري", "القمة", FRIDAY, "2025-04-07/2025-04-13", "week", "sentence"),
    ("تعقد القمة الشهر المقبل", "القمة", FRIDAY, "2025-05", "month", "sentence"),
    ("عقدت القمة مطلع الشهر", "القمة", FRIDAY, "2025-04", "month", "sentence"),
    ("تعقد القمة هذا الشهر", "القمة", FRIDAY, "2025-04", "month", "sentence"),
    ("ارتفع الإنتاج بنهاية الشهر الجاري", "الإنتاج", FRIDAY, "2025-04", "month", "sentence"),
    ("ارتفع الإنتاج العام الماضي", "الإنتاج", FRIDAY, "2024", "year", "sentence"),
    ("ارتفع الإنتاج في السنة الماضية", "الإنتاج", "2020-05", "2019", "year", "sentence"),
    ("ارتفع الإنتاج خلال العام الجاري", "الإنتاج", "2020", "2020", "year", "sentence"),
    ("ارتفع الإنتاج هذا العام", "الإنتاج", "2020-05-14", "2020", "year", "sentence"),
    ("ارتفع الإنتاج للعام المقبل", "الإنتاج", "2020-05-14", "2021", "year", "sentence"),
    # precision of the publication date too coarse
    ("اندلع حريق أمس في المصنع", "حريق", "2020-05", "2020-05", "month", "article"),
    ("اندلع حريق الأسبوع الماضي", "حريق", "2020-05", "2020-05", "month", "article"),
    ("اندلع حريق الشهر الماضي", "حريق", "2020", "2020", "year", "article"),
    ("اندلع حريق العام الماضي", "حريق", "2020", "2019", "year", "sentence"),
    ("اندلع حريق أمس في المصنع", None, None, None, None, "none"),
    # absolute dates
    ("عقدت القمة في 14 مايو 2020", "القمة", FRIDAY, "2020-05-14", "day", "sentence"),
    ("عقدت القمة في 14 أيار 2019", "القمة", None, "2019-05-14", "day", "sentence"),
    ("عقدت القمة في 3 تشرين الأول 2019", "القمة", None, "2019-10-03", "day", "sentence"),
    ("عقدت القمة في 30 حزيران/يونيو 2013", "القمة", None, "2013-06-30", "day", "sentence"),
    ("عقدت القمة في 21 يوليو (تموز) 2014", "القمة", None, "2014-07-21", "day", "sentence"),
    ("عقدت القمة في 14 مايو", "القمة", "2020-05-20", "2020-05-14", "day", "sentence"),
    ("عقدت القمة في 28 ديسمبر", "القمة", "2020-01-05", "2019-12-28", "day", "sentence"),
    ("تعقد القمة في 12 أغسطس الجاري", "القمة", "2015-08-04", "2015-08-12", "day", "sentence"),
    ("عقدت القمة في مايو 2020", "القمة", None, "2020-05", "month", "sentence"),
    ("عقدت القمة في كانون الثاني 2019", "القمة", None, "2019-01", "month", "sentence"),
    ("عقدت القمة في أبريل2016م", "القمة", None, "2016-04", "month", "sentence"),
    ("عقدت القمة في مارس الماضي", "القمة", FRIDAY, "2025-03", "month", "sentence"),
    ("تعقد القمة في أغسطس المقبل", "القمة", FRIDAY, "2025-08", "month", "sentence"),
    ("عقدت القمة في شهر ديسمبر", "القمة", FRIDAY, "2024-12", "month", "sentence"),   # nearest
    ("ستعقد القمة في شهر ديسمبر", "القمة", FRIDAY, "2025-12", "month", "sentence"),   # future
    ("عقدت القمة عام 2015", "القمة", None, "2015", "year", "sentence"),
    ("عقدت القمة سنة 2015", "القمة", None, "2015", "year", "sentence"),
    ("عقدت القمة في العام 2014م", "القمة", None, "2014", "year", "sentence"),
    ("عقدت القمة في ٢٠١٥", "القمة", None, "2015", "year", "sentence"),
    ("عقدت القمة في 14/5/2020", "القمة", None, "2020-05-14", "day", "sentence"),
    ("عقدت القمة في 2020-05-14", "القمة", None, "2020-05-14", "day", "sentence"),
    ("عقدت القمة الجمعة 14 مايو 2021", "القمة", FRIDAY, "2021-05-14", "day", "sentence"),
    # look-alikes and non-dates
    ("قتل في 2015 شخصا في الحرب", "قتل", FRIDAY, "2025-04-11", "day", "article"),
    ("بلغ عدد الزوار 2015 زائرا", "الزوار", FRIDAY, "2025-04-11", "day", "article"),
    ("عقدت الندوة في جمادى الآخرة 1437هـ", "الندوة", FRIDAY, "2025-04-11", "day", "article"),
    ("عقدت الندوة عام 1437 هـ", "الندوة", FRIDAY, "2025-04-11", "day", "article"),
    ("قال أبو جمعة إن الهجوم فشل", "الهجوم", FRIDAY, "2025-04-11", "day", "article"),
    ("وقع الهجوم في سوق الجمعة", "الهجوم", FRIDAY, "2025-04-11", "day", "article"),
    ("اجتمعت الجمعية العامة للأمم المتحدة", "اجتمعت", FRIDAY, "2025-04-11", "day", "article"),
    ("اجتمعت الجمعة العامة للنادي", "اجتمعت", FRIDAY, "2025-04-11", "day", "article"),
    ("اعتقل السبتي في المدينة", "اعتقل", FRIDAY, "2025-04-11", "day", "article"),
    ("نشرت الصحف اليومية الخبر", "نشرت", FRIDAY, "2025-04-11", "day", "article"),
    ("يتدرب الفريق يوميا", "يتدرب", FRIDAY, "2025-04-11", "day", "article"),
    ("وقع الهجوم خلال الأيام الماضية", "الهجوم", FRIDAY, "2025-04-11", "day", "article"),
    ("أقيمت أمسية شعرية في النادي", "أقيمت", FRIDAY, "2025-04-11", "day", "article"),
    ("لامس السعر أدنى مستوياته", "لامس", FRIDAY, "2025-04-11", "day", "article"),
    ("احتفلت المملكة باليوم الوطني", "احتفلت", FRIDAY, "2025-04-11", "day", "article"),
    ("فجر انتحاري نفسه في المسجد", "فجر", FRIDAY, "2025-04-11", "day", "article"),
    ("استقبل الشيخ صباح الأحمد الوزير", "استقبل", FRIDAY, "2025-04-11", "day", "article"),
    ("التقى المدير العام الحالي بالموظفين", "التقى", FRIDAY, "2025-04-11", "day", "article"),
    ("قتل الأحد عشر جنديا", "قتل", FRIDAY, "2025-04-11", "day", "article"),
    ("وزع المبلغ بين الاثنين", "وزع", FRIDAY, "2025-04-11", "day", "article"),
    # complementizers: reported speech belongs to another event
    ("قال الوزير الخميس إن القوات انسحبت", "انسحبت", FRIDAY, "2025-04-11", "day", "article"),
    ("قال الوزير الخميس إن القوات انسحبت", "قال", FRIDAY, "2025-04-10", "day", "sentence"),
    ("قال الوزير الخميس إن القوات انسحبت أمس", "انسحبت", FRIDAY, "2025-04-10", "day", "sentence"),
    ("وأعلن الجيش أمس بأنه صد الهجوم", "الهجوم", FRIDAY, "2025-04-11", "day", "article"),
    ("وقع الهجوم السبت، وقال الجيش إنه صد هجوما آخر الأحد", "هجوما", FRIDAY, "2025-04-06", "day", "sentence"),
]


@pytest.mark.parametrize("sentence, trigger, published, iso, precision, basis", CASES)
def test_event_date(sentence, trigger, published, iso, precision, basis):
    if trigger is None:
        trigger = sentence.split()[1]
    e = _event(sentence, trigger, published)
    assert e.basis == basis, e.note
    if iso is None:
        assert e.period is None
    else:
        assert (e.period.iso(), e.period.precision) == (iso, precision), e.note
    assert e.note


def test_seed_dawn_friday_keeps_expression_and_time_of_day():
    e = _event("نجحت فجر الجمعة، في استهداف تجمع", "استهداف", "2020-05~")
    assert e.basis == "article" and e.period.approximate
    assert (e.text, e.time_of_day) == ("فجر الجمعة", "dawn")
    assert "weekday needs a day-precision publication date" in e.note and "month" in e.note


def test_seed_end_of_last_month_is_approximate_with_the_publication():
    e = _event("ورفضت حكومة الوفاق الوطني الليبية نهاية الشهر الماضي الهدنة", "الهدنة", "2020-05~")
    assert e.period.approximate and e.text == "نهاية الشهر الماضي"
    assert not _event("اندلع حريق الشهر الماضي", "حريق", "2020-05").period.approximate


def test_complementizer_note_and_no_offsets():
    e = _event("وكان ترامب أصدر إعلانا مفاجئا، الاثنين، قال فيه إن واشنطن وطهران تعتزمان بدء محادثات",
               "محادثات", FRIDAY)
    assert (e.text, e.start, e.end) == (None, None, None)
    assert "الاثنين" in e.note and "إن" in e.note


@pytest.mark.parametrize("sentence, trigger, time_of_day", [
    ("وقع الهجوم فجر الجمعة", "الهجوم", "dawn"),
    ("وقع الهجوم صباح اليوم", "الهجوم", "morning"),
    ("وقع الهجوم ظهر أمس", "الهجوم", "noon"),
    ("وقع الهجوم بعد الظهر", "الهجوم", "afternoon"),
    ("وقع الهجوم عصر الخميس", "الهجوم", "afternoon"),
    ("وقع الهجوم مساءً", "الهجوم", "evening"),
    ("وقع الهجوم ليل الأربعاء", "الهجوم", "night"),
    ("وقع الهجوم الليلة", "الهجوم", "night"),
    ("وقع الهجوم أمس", "الهجوم", None),
])
def test_time_of_day(sentence, trigger, time_of_day):
    assert _event(sentence, trigger, FRIDAY).time_of_day == time_of_day


def test_eve_rule_note_and_offsets_in_the_full_text():
    text = "مقدمة. وقع الهجوم ليلة الجمعة على الحي."
    s0 = text.index("وقع")
    t0 = text.index("الهجوم")
    e = event_date(text, (s0, len(text)), (t0, t0 + 6), _pub(FRIDAY))
    assert text[e.start:e.end] == e.text == "ليلة الجمعة"
    assert e.period.iso() == "2025-04-10" and e.time_of_day == "night"
    assert "eve of Friday" in e.note


def test_only_the_sentence_is_searched():
    text = "وقع الهجوم أمس. ثم انسحبت القوات."
    t0 = text.index("انسحبت")
    e = event_date(text, (text.index("ثم"), len(text)), (t0, t0 + 6), _pub(FRIDAY))
    assert e.basis == "article"


def test_nearest_expression_wins():
    e = _event("أعلن الجيش أمس أنه سيطر على المدينة، وقصف المطار الأحد الماضي", "المطار", FRIDAY)
    assert e.text == "الأحد الماضي"


def test_no_expression_and_no_publication():
    e = _event("وقع الهجوم على الحي", "الهجوم", None)
    assert (e.period, e.basis, e.text, e.start, e.end, e.time_of_day) == (None, "none", None, None, None, None)


@pytest.mark.parametrize("sentence, trigger", [((0, 10), (5, 20)), ((0, 50), (0, 3)), ((-1, 5), (0, 3))])
def test_event_date_rejects_bad_spans(sentence, trigger):
    with pytest.raises(ValueError):
        event_date("وقع الهجوم على الحي", sentence, trigger, None)


# --------------------------------------------------------------------------- find_date_expressions

def test_expressions_offsets_and_clitics():
    text = "وأمس، وبعد ظهر الخميس، وللعام الماضي، ووقعت الحادثة في ١٤ مايو ٢٠٢٠م."
    found = find_date_expressions(text)
    assert [e.text for e in found] == ["أمس", "بعد ظهر الخميس", "للعام الماضي", "١٤ مايو ٢٠٢٠م"]
    for e in found:
        assert text[e.start:e.end] == e.text
        assert isinstance(e, DateExpression)


def test_expressions_in_a_window():
    text = "وقع الهجوم أمس ثم الجمعة"
    found = find_date_expressions(text, text.index("ثم"))
    assert [e.text for e in found] == ["الجمعة"]
    assert find_date_expressions(text, 0, text.index("ثم")) [0].text == "أمس"


def test_diacritics_are_inside_the_span():
    text = "وقع الهجوم غداً، الجمعةِ"
    assert [e.text for e in find_date_expressions(text)] == ["غداً", "الجمعةِ"]


def test_numeric_chains_are_not_dates():
    assert find_date_expressions("الرقم 1/2/2020/5 والهاتف 14-05-2020-7") == []
    assert find_date_expressions("قُسِّم الموسم 2014-2015") == []


def test_resolve_without_publication():
    e = find_date_expressions("في 14 مايو")[0]
    assert e.resolve(None) == (None, "a date without a year needs a publication date; there is none")
