"""Dates of events told after the lead: the lead's day carried to the same story, the publication
date (approximate) otherwise, and weekdays against the publication date. Sentences written for
these tests."""
from __future__ import annotations

import pytest

from geo.events import EventExtractor, parse_published
from geo.events.dating import event_date, lead_date

PUBLISHED = "2015-08-06"        # a Thursday


@pytest.fixture(scope="module")
def extract(parser):
    extractor = EventExtractor()
    return lambda text: extractor.extract(text, parser.parse(text), parse_published(PUBLISHED))


@pytest.mark.parametrize("text, dates, bases", [
    # the lead says أمس; the next sentence continues the story
    ("قتل خمسة مسلحين أمس في اشتباكات مع الجيش. وقصفت الطائرات مدينة سرت خلال المعارك.",
     ["2015-08-05"], ["lead"]),
    # a topic shift: the sentence after it is another story
    ("قتل خمسة مسلحين أمس في مدينة درنة. وفي غضون ذلك، قصفت الطائرات مدينة سرت.",
     ["2015-08-06"], ["article"]),
    # a sentence that opens at a place the lead does not name: another story of a digest
    ("قتل خمسة مسلحين أمس في مدينة درنة. وفي مدينة سرت قالت مصادر إن مسلحين هاجموا دورية.",
     ["2015-08-06"], ["article"]),
    # a headline line, then the lead
    ("قصف في سرت\\nقصفت الطائرات أمس مدينة سرت. وقصفت الطائرات مدينة سرت مجددا بعد الظهر.",
     ["2015-08-05"], ["sentence"]),
    # a lead date older than two weeks is background, not carried
    ("اندلعت اشتباكات في مدينة درنة يوم 3 يوليو الماضي. وقصفت الطائرات مدينة سرت.",
     ["2015-08-06"], ["article"]),
])
def test_the_leads_day_is_carried_to_its_story(extract, text, dates, bases):
    events = sorted((e for e in extract(text) if e.place.name == "Sirte"), key=lambda e: e.sentence)[:1]
    assert [e.date.period.iso() for e in events] == dates
    assert [e.date.basis for e in events] == bases


def test_the_publication_date_stands_in_as_approximate(extract):
    (event,) = extract("وقصفت الطائرات مدينة سرت.")
    assert event.date.basis == "article" and event.date.period.approximate
    assert "approximate" in event.date.note


def test_lead_date_is_none_without_a_recent_day():
    text = "قال الوزير إن الوضع مستقر."
    assert lead_date(text, (0, len(text)), parse_published(PUBLISHED)) is None


@pytest.mark.parametrize("text, day, approximate", [
    ("وقصفت الطائرات مدينة سرت الأربعاء", "2015-08-05", False),     # the Wednesday before
    ("وقصفت الطائرات مدينة سرت الخميس", "2015-08-06", True),       # the publication day itself, told in the past
    ("وقصفت الطائرات مدينة سرت اليوم الخميس", "2015-08-06", False),  # explicit: today
])
def test_a_weekday_is_checked_against_the_publication_date(text, day, approximate):
    t = text.index("قصفت")
    date = event_date(text, (0, len(text)), (t, t + 4), parse_published(PUBLISHED))
    assert date.period.iso() == day
    assert date.period.approximate is approximate
    if approximate:
        assert "publication day itself" in date.note
