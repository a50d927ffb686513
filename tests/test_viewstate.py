"""The dashboard view to and from the URL query string."""
from __future__ import annotations

import pytest

from geo.store import EventFilter
from geo.web.viewstate import PARAMS, View, from_query, to_query

PARTIES, TYPES = {"gna", "lna", "iran"}, {"battles", "protests"}


def parse(query):
    return from_query(query, PARTIES, TYPES)


@pytest.mark.parametrize("query, attr, expected", [
    ({"from": "2024-03-05"}, "date_from", "2024-03-05"),
    ({"to": "2024-03-31"}, "date_to", "2024-03-31"),
    ({"undated": "0"}, "include_undated", False),
    ({"undated": "1"}, "include_undated", True),
    ({}, "include_undated", True),
    ({"party": "gna,lna"}, "parties", ["gna", "lna"]),
    ({"party": "gna,gna"}, "parties", ["gna"]),
    ({"party": ["lna", "iran"]}, "parties", ["iran"]),        # a repeated parameter: the last counts
    ({"type": "battles"}, "types", ["battles"]),
    ({"country": "ly, ir"}, "countries", ["LY", "IR"]),
    ({"min_conf": "0.35"}, "min_confidence", 0.35),
    ({"min_conf": "1"}, "min_confidence", 1.0),
    ({"q": "  طرابلس "}, "search", "طرابلس"),
    ({"q": ""}, "search", None),
    ({"box": "9,19,25,34"}, "bbox", (9.0, 19.0, 25.0, 34.0)),        # west, south, east, north
])
def test_filter_from_query(query, attr, expected):
    view, problems = parse(query)
    assert getattr(view.filter, attr) == expected
    assert problems == []


@pytest.mark.parametrize("query, message", [
    ({"from": "yesterday"}, "from='yesterday' is not a date"),
    ({"to": "2024-13-01"}, "to='2024-13-01' is not a date"),
    ({"party": "nobody"}, "party: 'nobody' is not known"),
    ({"type": "picnic"}, "type: 'picnic' is not known"),
    ({"country": "Libya"}, "country: 'LIBYA' is not known"),
    ({"min_conf": "high"}, "min_conf='high' is not a number from 0 to 1"),
    ({"min_conf": "5"}, "min_conf='5' is outside 0 to 1"),
    ({"min_conf": "-0.1"}, "min_conf='-0.1' is outside 0 to 1"),
    ({"country": "ZZ"}, "country: 'ZZ' is not known"),
    ({"colour": "red"}, "colour='red' is not party or type"),
    ({"layers": "tiles"}, "layers: 'tiles' is not known"),
    ({"event": "<script>"}, "event='<script>' is not an event id"),
    ({"sources": "0"}, "sources='0' is not a whole number from 1 to 99"),
    ({"sources": "many"}, "sources='many' is not a whole number"),
    ({"c": "15,44", "z": "20"}, "z='20' is not a zoom from 2 to 12"),
    ({"c": "95,44", "z": "6"}, "c='95,44' is outside"),
    ({"c": "Aden", "z": "6"}, "c='Aden' is not latitude,longitude"),
    ({"window": "year"}, "window='year' is not one of 24h, 7d, 30d"),
    ({"box": "Libya"}, "box='Libya' is not west,south,east,north"),
    ({"box": "25,19,9,34"}, "box='25,19,9,34' is not within -180..180 (west < east)"),
    ({"box": "9,19,25,95"}, "is not within"),
    ({"from": "2024-05-01", "to": "2024-04-01"}, "were swapped"),
])
def test_bad_values_are_named(query, message):
    view, problems = parse(query)
    assert any(message in p for p in problems), problems


@pytest.mark.parametrize("query", [{"layers": "bogus"}, {"min_conf": "5"}, {"country": "ZZ"}, {"party": "x,gna"}])
def test_a_bad_value_leaves_the_rest_of_the_view(query):
    view, problems = parse({**query, "type": "battles"})
    assert len(problems) == 1 and view.filter.types == ["battles"]
    assert view.layers == ("events",) and view.filter.min_confidence == 0.0
    assert view.filter.countries == [] and view.filter.parties in ([], ["gna"])


def test_swapped_dates_still_apply():
    view, _ = parse({"from": "2024-05-01", "to": "2024-04-01"})
    assert (view.filter.date_from, view.filter.date_to) == ("2024-04-01", "2024-05-01")


@pytest.mark.parametrize("view", [
    View(),
    View(filter=EventFilter(date_from="2020-05-01", date_to="2020-05-31", include_undated=False,
                            parties=["gna", "lna"], types=["battles"], countries=["LY"],
                            min_confidence=0.25, search="سرت"),
         colour_by="type", layers=("events", "heat", "places"), event="99d7dcd64188847482b6-001",
         briefing=True),
    View(layers=()),
    View(min_sources=3),
    View(centre=(15.35, 44.2), zoom=6, window="7d"),
    View(filter=EventFilter(bbox=(9.0, 19.5, 25.0, 34.0))),
])
def test_round_trip(view):
    query = to_query(view)
    assert set(query) <= set(PARAMS)
    again, problems = parse(query)
    assert problems == []
    assert again == view


def test_defaults_make_an_empty_query():
    assert to_query(View()) == {}
