"""Tests of geo.parse.online with fake geocoder objects: no request leaves the machine."""
from __future__ import annotations

import socket

import geopy.exc
import pytest
from geopy.location import Location

from geo import settings
from geo.parse import online
from geo.exc import ConfigurationError, GeocoderUnavailable, GeoError, InputError
from geo.parse.online import OnlineGeocoder, location_to_place

TRIPOLI_RAW = {
    "osm_type": "relation", "osm_id": 9397094, "class": "place", "type": "city",
    "address": {"city": "Tripoli", "country": "Libya", "country_code": "ly"},
}


class FakeGeocoder:
    """Answers from a table (name -> Location or None) and counts its calls."""

    def __init__(self, answers=None, error=None):
        self.answers = answers or {}
        self.error = error
        self.calls = []

    def geocode(self, query, exactly_one=True, language=None, country_codes=None, **extra):
        self.calls.append({"query": query, "exactly_one": exactly_one, "language": language,
                           "country_codes": country_codes, **extra})
        if self.error is not None:
            raise self.error
        return self.answers.get(query)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Fast, offline settings: no delay, data_dir in tmp_path, sockets refused."""
    for name in settings.SETTINGS:
        monkeypatch.delenv(settings.SETTINGS[name].env_var, raising=False)
    monkeypatch.setenv("MARSAD_ONLINE_GEOCODER_MIN_DELAY", "0")
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path / "data"))

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def cache(tmp_path):
    return str(tmp_path / "cache" / "online.sqlite")


def _tripoli():
    return Location("Tripoli, Libya", (32.88743, 13.18733), TRIPOLI_RAW)


def _geocoder(fake, cache, **options):
    return OnlineGeocoder(fake, cache_path=cache, error_wait_seconds=0, **options)


def test_first_lookup_asks_then_cache_answers(cache):
    fake = FakeGeocoder({"طرابلس": _tripoli()})
    first = _geocoder(fake, cache, kind="nominatim").lookup("طرابلس")
    second = _geocoder(fake, cache, kind="nominatim").lookup("طرابلس")
    assert len(fake.calls) == 1
    assert first == second
    assert first.place_id == "online:nominatim:relation/9397094"


def test_place_fields(cache):
    fake = FakeGeocoder({"طرابلس": _tripoli()})
    place = _geocoder(fake, cache, kind="nominatim").lookup("طرابلس")
    assert place.name == "Tripoli, Libya"
    assert (place.lat, place.lon) == (32.88743, 13.18733)
    assert place.country_code == "LY"
    assert (place.feature_class, place.feature_code) == ("P", "")
    assert place.population == 0
    assert place.names == ("طرابلس",)
    assert place.geo_precision == 2
    assert place.source == "online geocoder nominatim (public)"


def test_nominatim_call_options(cache):
    fake = FakeGeocoder({"سرت": _tripoli()})
    _geocoder(fake, cache, kind="nominatim").lookup("سرت", country_codes="LY")
    assert fake.calls == [{"query": "سرت", "exactly_one": True, "language": "en",
                           "country_codes": ["ly"], "addressdetails": True}]


def test_custom_geocoder_without_osm_ids(cache):
    fake = FakeGeocoder({"Sirte": Location("Sirte", (31.20892, 16.58866), {})})
    place = _geocoder(fake, cache, url="http://geo.internal").lookup("Sirte")
    assert place.place_id == "online:custom:31.20892,16.58866"
    assert place.country_code is None
    assert place.feature_class == "P"
    assert place.source == "online geocoder custom (http://geo.internal)"
    assert fake.calls[0]["country_codes"] is None


def test_not_found_is_cached(cache):
    fake = FakeGeocoder()
    assert _geocoder(fake, cache).lookup("قرية مجهولة") is None
    assert _geocoder(fake, cache).lookup("قرية مجهولة") is None
    assert len(fake.calls) == 1


@pytest.mark.parametrize("first, second, calls", [
    (("طرابلس", None), ("  طرابلس ", None), 1),       # whitespace does not matter
    (("Tripoli", None), ("TRIPOLI", None), 1),         # nor case
    (("طرابلس", "LY"), ("طرابلس", ["ly"]), 1),         # country code spelling
    (("طرابلس", "LY,TN"), ("طرابلس", ["TN", "LY"]), 1),
    (("طرابلس", None), ("طرابلس", "LY"), 2),          # a country filter is another query
    (("طرابلس", "LY"), ("طرابلس", "LB"), 2),
])
def test_cache_key(cache, first, second, calls):
    fake = FakeGeocoder()
    geocoder = _geocoder(fake, cache)
    geocoder.lookup(*first)
    geocoder.lookup(*second)
    assert len(fake.calls) == calls


def test_cache_is_per_service(cache):
    fake = FakeGeocoder({"سرت": _tripoli()})
    _geocoder(fake, cache, kind="nominatim").lookup("سرت")
    _geocoder(fake, cache, kind="nominatim", url="http://localhost:8080").lookup("سرت")
    _geocoder(fake, cache, kind="photon").lookup("سرت")
    assert len(fake.calls) == 3


def test_cached_place_keeps_the_query_as_name(cache):
    fake = FakeGeocoder({"Tripoli": _tripoli()})
    geocoder = _geocoder(fake, cache)
    geocoder.lookup("Tripoli")
    assert geocoder.lookup("TRIPOLI").names == ("TRIPOLI",)


def test_cache_folder_is_created(tmp_path):
    path = tmp_path / "a" / "b" / "cache.sqlite"
    _geocoder(FakeGeocoder(), str(path)).lookup("سرت")
    assert path.is_file()


def test_default_cache_path_in_data_dir(tmp_path):
    geocoder = OnlineGeocoder(FakeGeocoder())
    assert geocoder.cache_path == str(tmp_path / "data" / "online_geocoder_cache.sqlite")


@pytest.mark.parametrize("error", [
    geopy.exc.GeocoderUnavailable("Service not available"),
    geopy.exc.GeocoderTimedOut("Service timed out"),
    geopy.exc.GeocoderServiceError("HTTP Error 500"),
    ConnectionRefusedError("Connection refused"),
    OSError("Network is unreachable"),
])
def test_unreachable_service(cache, error):
    fake = FakeGeocoder(error=error)
    geocoder = _geocoder(fake, cache, kind="nominatim", url="http://localhost:8088")
    with pytest.raises(GeocoderUnavailable) as info:
        geocoder.lookup("طرابلس")
    message = str(info.value)
    assert "http://localhost:8088" in message
    assert "only the gazetteer is used" in message
    assert info.value.__cause__ is error
    assert isinstance(info.value, ConnectionError)
    assert isinstance(info.value, GeoError)


def test_unreachable_public_service_named(cache):
    fake = FakeGeocoder(error=geopy.exc.GeocoderUnavailable("down"))
    with pytest.raises(GeocoderUnavailable, match="nominatim.openstreetmap.org"):
        _geocoder(fake, cache, kind="nominatim").lookup("سرت")


def test_errors_are_not_cached(cache):
    fake = FakeGeocoder({"سرت": _tripoli()}, error=geopy.exc.GeocoderTimedOut("slow"))
    geocoder = _geocoder(fake, cache)
    with pytest.raises(GeocoderUnavailable):
        geocoder.lookup("سرت")
    fake.error = None
    assert geocoder.lookup("سرت") is not None


def test_service_error_is_retried_once(cache):
    fake = FakeGeocoder(error=geopy.exc.GeocoderServiceError("HTTP Error 502"))
    with pytest.raises(GeocoderUnavailable):
        _geocoder(fake, cache).lookup("سرت")
    assert len(fake.calls) == 2


def test_default_setting_is_off():
    assert settings.get("online_geocoder") == "off"
    assert online.is_enabled() is False
    assert online.from_settings() is None
    with pytest.raises(GeocoderUnavailable, match="off"):
        OnlineGeocoder()


@pytest.mark.parametrize("use_env", [False, True])
def test_unknown_kind(monkeypatch, cache, use_env):
    if use_env:
        monkeypatch.setenv("MARSAD_ONLINE_GEOCODER", "google")
        build = lambda: OnlineGeocoder(cache_path=cache)  # noqa: E731
    else:
        build = lambda: OnlineGeocoder(kind="google", cache_path=cache)  # noqa: E731
    with pytest.raises(ConfigurationError, match="google"):
        build()


def test_nominatim_from_settings(monkeypatch):
    from geopy.geocoders import Nominatim

    monkeypatch.setenv("MARSAD_ONLINE_GEOCODER", "nominatim")
    monkeypatch.setenv("MARSAD_ONLINE_GEOCODER_URL", "http://localhost:8088/nominatim/")
    monkeypatch.setenv("MARSAD_ONLINE_GEOCODER_USER_AGENT", "marsad-tests")
    geocoder = online.from_settings()
    assert isinstance(geocoder.geocoder, Nominatim)
    assert geocoder.geocoder.scheme == "http"
    assert geocoder.geocoder.domain == "localhost:8088/nominatim"
    assert geocoder.geocoder.headers["User-Agent"] == "marsad-tests"


@pytest.mark.parametrize("kind, domain", [
    ("nominatim", "nominatim.openstreetmap.org"),
    ("photon", "photon.komoot.io"),
])
def test_public_services(kind, domain):
    geocoder = OnlineGeocoder(kind=kind)
    assert geocoder.geocoder.domain == domain
    assert geocoder.url == ""


def test_bad_url(cache):
    with pytest.raises(ConfigurationError, match="not an http"):
        OnlineGeocoder(kind="photon", url="localhost:2322", cache_path=cache)


@pytest.mark.parametrize("env, expected", [(None, 1.0), ("0", 0.0), ("2.5", 2.5)])
def test_min_delay_setting(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("MARSAD_ONLINE_GEOCODER_MIN_DELAY")
    else:
        monkeypatch.setenv("MARSAD_ONLINE_GEOCODER_MIN_DELAY", env)
    geocoder = OnlineGeocoder(FakeGeocoder())
    assert geocoder._geocode.min_delay_seconds == expected


def test_empty_name(cache):
    with pytest.raises(InputError):
        _geocoder(FakeGeocoder(), cache).lookup("   ")


def _photon_feature(name, country, osm_key="place", osm_value="city"):
    raw = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.18, 32.88]},
           "properties": {"osm_type": "R", "osm_id": 42, "osm_key": osm_key,
                          "osm_value": osm_value, "countrycode": country, "name": name}}
    return Location(name, (32.88, 13.18), raw)


def test_photon_country_filter(cache):
    answers = {"Tripoli": [_photon_feature("Tripoli", "LB"), _photon_feature("Tripoli", "LY")]}
    fake = FakeGeocoder(answers)
    place = _geocoder(fake, cache, kind="photon").lookup("Tripoli", country_codes="LY")
    assert place.country_code == "LY"
    assert place.place_id == "online:photon:relation/42"
    assert fake.calls[0]["exactly_one"] is False
    assert fake.calls[0]["country_codes"] is None    # Photon has no such option
    assert fake.calls[0]["limit"] == 10


@pytest.mark.parametrize("raw, feature_class", [
    ({"class": "place", "type": "town"}, "P"),
    ({"class": "place", "type": "state"}, "A"),
    ({"class": "boundary", "type": "administrative"}, "A"),
    ({"class": "natural", "type": "peak"}, "T"),
    ({"class": "natural", "type": "water"}, "H"),
    ({"class": "waterway", "type": "river"}, "H"),
    ({"class": "amenity", "type": "hospital"}, "S"),
    ({"category": "highway", "type": "primary"}, "R"),
    ({"type": "Feature", "properties": {"osm_key": "place", "osm_value": "state"}}, "A"),
    ({}, "P"),
])
def test_feature_class(raw, feature_class):
    place = location_to_place(Location("x", (1.0, 2.0), raw), "x", "nominatim")
    assert place.feature_class == feature_class
