"""The map's data arrays, its offline assets and the escaping of article text."""
from __future__ import annotations

import json
import re

import pytest

from geo.web import mapping, webassets
from geo.exc import ConfigurationError

PAYLOAD = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'


def event(i, lat=32.88743, lon=13.18733, parties=None, snippet="اشتباكات في طرابلس", **kw):
    row = {"event_id": f"abcdef{i:04d}-000", "event_type": "battles", "date_start": "2024-03-05",
           "date_end": "2024-03-05", "date_precision": "day", "date_approximate": 0, "time_of_day": None,
           "place_name": "Tripoli", "place_name_ar": "طرابلس", "country_code": "LY", "lat": lat, "lon": lon,
           "snippet": snippet, "place_start": 12, "place_end": 18, "confidence": 0.812345,
           "article_source": "wire", "url": "https://example.org/a", "parties": parties or []}
    row.update(kw)
    return row


GNA = {"id": "gna", "name": "GNA", "colour": "#1f77b4", "role": "actor1"}
LNA = {"id": "lna", "name": "LNA", "colour": "#d62728", "role": "actor2"}


@pytest.fixture(scope="module")
def assets(tmp_path_factory):
    return webassets.install(tmp_path_factory.mktemp("static"))


def test_rows_are_lat_lon_rounded():
    data = mapping.map_data([event(1, lat=32.123456789, lon=13.987654321)])
    row = data.events["rows"][0]
    assert row[:2] == [32.12346, 13.98765]                    # Leaflet order: lat, lon
    fields = data.events["fields"]
    assert dict(zip(fields, row))["snippet"] == "اشتباكات في طرابلس"
    assert data.bounds == [[32.123456789, 13.987654321]] * 2


@pytest.mark.parametrize("colour_by, parties, label, colour", [
    ("party", [LNA, GNA], "GNA", mapping.PALETTE[0]),         # the actor leads; the view's first colour
    ("party", [], "No party named", mapping.NO_PARTY[2]),
    ("type", [GNA], "اشتباكات · Battles", "#d62728"),
])
def test_marker_colours_and_legend(colour_by, parties, label, colour):
    data = mapping.map_data([event(1, parties=parties)], colour_by)
    assert data.legend == [[label, colour, 1, "circle"]]
    assert data.events["colours"] == [colour]


def test_every_party_of_a_view_is_told_apart():
    """Fifteen parties: twelve distinct colours as circles, then squares; none grey like 'no party'."""
    parties = [dict(GNA, id=f"p{k}", name=f"P{k}") for k in range(15)]
    events = [event(100 * k + j, parties=[parties[k]]) for k in range(15) for j in range(15 - k)] + [event(9999)]
    data = mapping.map_data(events, "party")
    styles = {(item[1], item[3]) for item in data.legend}
    assert len(styles) == 16                                  # 15 parties and "no party", all different
    circles = [item for item in data.legend if item[3] == "circle" and item[0] != "No party named"]
    assert len(circles) == 12 and len({c[1] for c in circles}) == 12
    assert mapping.NO_PARTY[2] not in mapping.PALETTE
    assert [item[0] for item in data.legend[:2]] == ["P0", "P1"]        # the commonest first


def test_marker_cap_keeps_the_newest_and_says_so():
    events = [event(i) for i in range(30)] + [event(99, lat=None)]
    data = mapping.map_data(events, max_markers=10)
    assert (data.shown, data.total) == (10, 30)
    assert [r[3] for r in data.events["rows"]] == [e["event_id"] for e in events[:10]]
    assert len(data.heat) == 30
    assert any("newest 10 of 30" in n for n in data.notes)
    assert any("1 events have no coordinates" in n for n in data.notes)


def test_only_web_links_are_kept():
    data = mapping.map_data([event(1, url="javascript:alert(1)"), event(2)])
    urls = [dict(zip(data.events["fields"], r))["url"] for r in data.events["rows"]]
    assert urls == [None, "https://example.org/a"]


def test_bad_colour_by():
    with pytest.raises(ValueError, match="colour_by"):
        mapping.map_data([], "mood")


@pytest.mark.parametrize("ev, label", [
    ({"date_start": "2020-05-01", "date_precision": "month", "date_approximate": 1}, "2020-05 (month, approx.)"),
    ({"date_start": "2024-03-05", "date_precision": "day", "time_of_day": "dawn"}, "2024-03-05 dawn (day)"),
    ({"date_start": "2023-01-01", "date_precision": "year"}, "2023 (year)"),
    ({"date_start": None, "date_precision": "unknown"}, "undated"),
])
def test_date_label(ev, label):
    assert mapping.date_label(ev) == label


URL = "/app/static/marsad/data/0123456789abcdef0123.json"


def test_map_html_is_offline_and_escaped(assets):
    data = mapping.map_data([event(1, snippet=PAYLOAD + " في طرابلس", parties=[GNA]),
                             event(2, parties=[dict(LNA, name=PAYLOAD)])])
    html = mapping.whole_map(data, assets, URL, show=("events", "heat", "places")).get_root().render()
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert links and all(link.startswith("/app/static/marsad/") for link in links), links
    assert "cdn" not in html.lower() and "https://" not in html
    assert "<img" not in html and "</script><script>alert" not in html
    assert "\\u003cimg src=x onerror=alert(2)\\u003e" in html        # the legend, inline
    assert '"maxZoom": 12' in html
    assert html.count(URL) == 1                            # one view: every layer fills from it
    assert '"time":true' in html and "Marsad.follow(map_" in html


def test_the_map_is_the_same_whatever_the_filter(assets):
    """A new filter changes the view only: the page keeps the map (streamlit-folium keys it by its script)."""
    one = mapping.map_data([event(1, parties=[GNA])])
    two = mapping.map_data([event(1, parties=[GNA]), event(2, parties=[LNA])], colour_by="type")
    frame = mapping.event_map(assets, show=("events",))
    again = mapping.event_map(assets, show=("events",))
    assert _script(frame) == _script(again)
    a = _script(mapping.whole_map(one, assets, URL))
    b = _script(mapping.whole_map(two, assets, URL.replace("0123", "4567"), colour_by="type"))
    assert a != b and "Event type" in b and URL.replace("0123", "4567") in b and URL not in b


def _script(m) -> str:
    """The map's script with folium's random variable names taken out."""
    return re.sub(r"_[0-9a-f]{32}", "", m.get_root().render())


def test_payload_is_utf8_json_with_every_layer():
    data = mapping.map_data([event(1, snippet=PAYLOAD)])
    blob = mapping.payload(data, [[32.9, 13.2, "سرت", 3]])
    loaded = json.loads(blob.decode("utf-8"))
    assert set(loaded) == {"events", "heat", "places"}
    assert loaded["places"] == [[32.9, 13.2, "سرت", 3]]
    assert "سرت".encode() in blob                                      # not \\u escapes: half the bytes


def test_map_with_tiles_only_when_configured(assets):
    data = mapping.map_data([event(1)])
    assert "L.tileLayer" not in mapping.whole_map(data, assets, URL).get_root().render()
    tiled = mapping.whole_map(data, assets, URL, tile_url="http://tiles.local/{z}/{x}/{y}.png")
    assert "http://tiles.local/{z}/{x}/{y}.png" in tiled.get_root().render()


def test_publish_is_content_addressed_and_pruned(tmp_path):
    urls = [webassets.publish(tmp_path, b'{"n": %d}' % i, keep=3) for i in range(5)]
    assert len(set(urls)) == 5 and all(u.startswith("/app/static/marsad/data/") for u in urls)
    assert webassets.publish(tmp_path, b'{"n": 4}', keep=3) == urls[4]
    left = sorted(p.name for p in (tmp_path / "marsad" / "data").iterdir())
    assert left == sorted(u.rsplit("/", 1)[1] for u in urls[2:])


def test_to_js_is_json():
    text = mapping.to_js({"a": "</script>&\u2028"})
    assert "<" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script>&\u2028"}


def test_assets_installed_once(tmp_path):
    urls = webassets.install(tmp_path)
    assert set(urls) == set(webassets.FILES) | set(webassets.OWN)
    for name, url in urls.items():
        assert url.startswith(f"/app/static/marsad/{name}?v=")
        assert (tmp_path / "marsad" / name).stat().st_size > 100
    first = (tmp_path / "marsad" / "leaflet.js").stat().st_mtime_ns
    assert webassets.install(tmp_path) == urls
    assert (tmp_path / "marsad" / "leaflet.js").stat().st_mtime_ns == first


def test_missing_asset_package_names_the_fix(monkeypatch):
    monkeypatch.setitem(webassets.FILES, "leaflet.js", ("xstatic.pkg.no_such_thing", "leaflet.js"))
    with pytest.raises(ConfigurationError, match="xstatic-no-such-thing.*pip install -r requirements.txt"):
        webassets.source_of("leaflet.js")


def test_basemap_has_arabic_names():
    countries = json.loads(webassets.DATA.joinpath("countries.geojson").read_text(encoding="utf-8"))
    names = {f["properties"]["iso_a2"]: f["properties"]["name_ar"] for f in countries["features"]}
    assert names["LY"] == "ليبيا" and names["IR"] == "إيران"
    assert len(names) > 200


@pytest.mark.parametrize("ev, day", [
    ({"date_start": "1970-01-02", "date_precision": "day"}, 1),
    ({"date_start": "2015-07-20", "date_precision": "week"}, 16636),
    ({"date_start": "2015-07-01", "date_precision": "month"}, None),     # not on a day
    ({"date_start": None, "date_precision": "unknown"}, None),
])
def test_day_numbers_for_the_time_slider(ev, day):
    assert mapping.day_number(ev) == day


def test_the_wall_map_has_no_controls(assets):
    data = mapping.map_data([event(1)])
    html = mapping.whole_map(data, assets, URL, wall=True).get_root().render()
    assert "Marsad.wall(" in html and '"time":false' in html
    assert '"zoomControl": false' in html and "L.control.layers" not in html


def test_markers_first_popups_later():
    """The map's file has what a marker needs; the popups' file the rest, in the same order."""
    data = mapping.map_data([event(1, snippet="اشتباكات في طرابلس"), event(2)])
    main = json.loads(mapping.payload(data).decode("utf-8"))["events"]
    more = json.loads(mapping.popups(data).decode("utf-8"))
    assert main["fields"] == mapping.MARKER_FIELDS and "snippet" not in main["fields"]
    assert more["fields"][0] == "id" and "snippet" in more["fields"] and "lat" not in more["fields"]
    assert [r[main["fields"].index("id")] for r in main["rows"]] == [r[0] for r in more["rows"]]
    full = dict(zip(data.events["fields"], data.events["rows"][0]))
    joined = {**dict(zip(main["fields"], main["rows"][0])), **dict(zip(more["fields"], more["rows"][0]))}
    assert joined == full


@pytest.mark.parametrize("origin, label", [
    ("/srv/marsad/seeds/000_a.txt:30", "000_a.txt:30"),      # no server folders shown to readers
    ("seeds/000_a.txt", "000_a.txt"),
    ("C:\\data\\in\\b.jsonl:2", "b.jsonl:2"),
    ("upload.txt", "upload.txt"),
    (None, ""),
])
def test_origin_label(origin, label):
    assert mapping.origin_label(origin) == label
