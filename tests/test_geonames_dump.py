"""Tests of gazetteer.geonames_dump, on a small LY.txt fixture."""
from __future__ import annotations

from pathlib import Path

import pytest

from gazetteer.geonames_dump import (
    geo_precision_for,
    has_arabic_script,
    read_alternate_names,
    read_geonames_dump,
)
from gazetteer.records import Place
from geo.exc import GazetteerInputError, GeoError

FIXTURES = Path(__file__).parent / "fixtures" / "geonames"
LY = FIXTURES / "LY.txt"
ALT = FIXTURES / "alternateNamesV2.txt"


@pytest.fixture(scope="module")
def places() -> dict[str, Place]:
    """The fixture's places with alternate names, by place_id."""
    return {p.place_id: p for p in read_geonames_dump(LY, ALT)}


def _good_row(geonameid="1", lat="32.0", lon="13.0", population="5") -> list[str]:
    """A valid 19-column row whose fields can be spoiled one at a time."""
    return [geonameid, "Test", "Test", "", lat, lon, "P", "PPL", "LY", "", "77",
            "", "", "", population, "", "10", "Africa/Tripoli", "2020-01-01"]


def _write_with_bad_row(tmp_path: Path, bad_line: str) -> Path:
    """Copy LY.txt with ``bad_line`` inserted as line 3."""
    lines = LY.read_text(encoding="utf-8").splitlines()
    lines.insert(2, bad_line)
    target = tmp_path / "LY.txt"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_reads_every_row(places):
    assert list(places) == ["geonames:2210247", "geonames:2214846", "geonames:2210554",
                            "geonames:2219905", "geonames:2214845"]


def test_tripoli_fields(places):
    tripoli = places["geonames:2210247"]
    assert tripoli.name == "Tripoli"
    assert (tripoli.lat, tripoli.lon) == (32.88743, 13.18733)
    assert tripoli.country_code == "LY"
    assert (tripoli.feature_class, tripoli.feature_code) == ("P", "PPLC")
    assert tripoli.population == 1150989
    assert tripoli.admin1 == "77"
    assert tripoli.geo_precision == 1
    assert tripoli.source == "GeoNames dump LY.txt"


def test_names_deduplicated_in_order(places):
    tripoli = places["geonames:2210247"]
    assert tripoli.names == ("Tripoli", "Trablous", "Tripolis", "Tarabulus",
                             "طرابلس الغرب", "طرابلس")


@pytest.mark.parametrize("place_id, name_ar", [
    ("geonames:2210247", "طرابلس"),        # preferred 'ar' beats an earlier historic one
    ("geonames:2214846", "مصراتة"),         # no preferred: first 'ar' name
    ("geonames:2210554", "سرت"),            # 'ar' beats a Persian Arabic-script name
    ("geonames:2219905", "بئر الغنم"),       # only in the alternatenames column
    ("geonames:2214845", "شعبية مصراتة"),
])
def test_name_ar(places, place_id, name_ar):
    assert places[place_id].name_ar == name_ar


def test_name_ar_none_without_arabic():
    sirte = {p.place_id: p for p in read_geonames_dump(LY)}["geonames:2210554"]
    assert sirte.name_ar is None
    assert sirte.names == ("Sirte", "Surt", "Syrte")


@pytest.mark.parametrize("place_id, present, absent", [
    ("geonames:2214846", ["مصراتة", "مصراته", "Misurata"], ["MSR001"]),
    ("geonames:2210247", ["طرابلس"], ["https://en.wikipedia.org/wiki/Tripoli,_Libya",
                                      "Q3579", "Tripoli de Libye"]),
    ("geonames:2210554", ["سرت", "سیرت"], ["Sirte (Stadt)"]),
])
def test_alternate_names_kept_and_skipped(places, place_id, present, absent):
    names = places[place_id].names
    for name in present:
        assert name in names
    for name in absent:
        assert name not in names


def test_read_alternate_names_skips_pseudo_languages():
    table = read_alternate_names(ALT)
    assert table[2210247].names == ["Tripoli", "طرابلس الغرب", "طرابلس"]
    assert table[2210247].name_ar == "طرابلس"


@pytest.mark.parametrize("place_id, precision", [
    ("geonames:2210247", 1),
    ("geonames:2219905", 1),
    ("geonames:2214845", 3),
])
def test_fixture_precision(places, place_id, precision):
    assert places[place_id].geo_precision == precision


@pytest.mark.parametrize("feature_class, feature_code, precision", [
    ("P", "PPL", 1),
    ("S", "AIRP", 1),
    ("A", "ADM2", 2),
    ("A", "ADM3", 2),
    ("A", "ADM1", 3),
    ("A", "PCLI", 3),
    ("H", "LK", 3),
    ("L", "AREA", 2),
    ("L", "RGN", 3),
    ("L", "CONT", 3),
    ("T", "MT", 2),
])
def test_geo_precision_for(feature_class, feature_code, precision):
    assert geo_precision_for(feature_class, feature_code) == precision


def test_hamlet_without_population(places):
    hamlet = places["geonames:2219905"]
    assert hamlet.population == 0
    assert hamlet.feature_code == "PPL"


def test_keep_filter():
    kept = list(read_geonames_dump(LY, ALT, keep=lambda p: p.name_ar is not None
                                   and p.feature_class == "P" and p.population > 200000))
    assert [p.place_id for p in kept] == ["geonames:2210247", "geonames:2214846"]


def test_empty_country_code_is_none(tmp_path):
    row = _good_row()
    row[8] = ""
    path = tmp_path / "XX.txt"
    path.write_text("\t".join(row) + "\n", encoding="utf-8")
    (place,) = read_geonames_dump(path)
    assert place.country_code is None


def test_blank_lines_are_skipped(tmp_path):
    path = tmp_path / "LY.txt"
    path.write_text("\n" + LY.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert len(list(read_geonames_dump(path))) == 5


@pytest.mark.parametrize("bad_line, reason", [
    ("2210999\tonly\tthree", "columns"),
    ("\t".join(_good_row(geonameid="abc")), "geonameid"),
    ("\t".join(_good_row(lat="north")), "latitude"),
    ("\t".join(_good_row(lon="east")), "longitude"),
    ("\t".join(_good_row(lat="91.5")), "out of range"),
    ("\t".join(_good_row(lon="-180.01")), "out of range"),
    ("\t".join(_good_row(population="many")), "population"),
])
def test_bad_row_raises_with_file_and_line(tmp_path, bad_line, reason):
    path = _write_with_bad_row(tmp_path, bad_line)
    with pytest.raises(GazetteerInputError) as info:
        list(read_geonames_dump(path))
    message = str(info.value)
    assert str(path) in message
    assert ":3:" in message
    assert reason in message
    assert info.value.line == 3
    assert isinstance(info.value, GeoError)
    assert isinstance(info.value, ValueError)


def test_on_error_collects_and_goes_on(tmp_path):
    path = _write_with_bad_row(tmp_path, "\t".join(_good_row(lat="north")))
    errors: list[GazetteerInputError] = []
    places = list(read_geonames_dump(path, ALT, on_error=errors.append))
    assert len(places) == 5
    assert [e.line for e in errors] == [3]
    assert str(path) in str(errors[0])


def test_invalid_utf8_reported_with_line(tmp_path):
    path = tmp_path / "LY.txt"
    path.write_bytes(LY.read_bytes() + b"\xff\xfe broken\n")
    errors: list[GazetteerInputError] = []
    assert len(list(read_geonames_dump(path, on_error=errors.append))) == 5
    assert errors[0].line == 6


def test_bad_alternate_names_row(tmp_path):
    path = tmp_path / "alternateNamesV2.txt"
    path.write_text(ALT.read_text(encoding="utf-8") + "1\tx\tar\tطرابلس\n", encoding="utf-8")
    with pytest.raises(GazetteerInputError, match=r"alternateNamesV2\.txt:15: "):
        list(read_geonames_dump(LY, path))


def test_streams_lazily(tmp_path):
    path = _write_with_bad_row(tmp_path, "broken")
    reader = read_geonames_dump(path)
    first = next(reader)
    assert first.place_id == "geonames:2210247"
    assert next(reader).place_id == "geonames:2214846"
    with pytest.raises(GazetteerInputError):
        next(reader)


@pytest.mark.parametrize("text, expected", [
    ("طرابلس", True),
    ("Tripoli", False),
    ("ﻃﺮﺍﺑﻠﺲ", True),   # presentation forms
    ("سیرت", True),
    ("", False),
])
def test_has_arabic_script(text, expected):
    assert has_arabic_script(text) is expected
