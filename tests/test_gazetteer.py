"""Tests of the gazetteer: the curated supplement, the built index and its cache."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from geo import settings
from geo.exc import GazetteerError, GazetteerInputError
from gazetteer import index, sources
from gazetteer.building import build, name_key

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "geonames"
HEADER = ",".join(sources.SUPPLEMENT_COLUMNS)


@pytest.fixture(scope="module")
def supplement():
    return sources.supplement()


@pytest.mark.parametrize("name, place_id", [
    ("الوشكة", "supplement:washka"),
    ("عين زارة", "supplement:ain_zara"),
    ("الكحيلي", "supplement:kahili"),
    ("نسمة", "supplement:nesma"),
    ("نطنز", "supplement:natanz_facility"),
    ("فوردو", "supplement:fordow_facility"),
    ("سلطنة عمان", "supplement:oman"),
])
def test_supplement_rows(supplement, name, place_id):
    rows = [p for p in supplement if name in p.names]
    assert rows, name
    p = rows[0]
    assert p.place_id == place_id
    assert p.geo_precision in (1, 2, 3)
    assert p.source.strip()
    assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
    assert p.name_ar == p.names[0]


def test_supplement_ids_unique(supplement):
    ids = [p.place_id for p in supplement]
    assert len(ids) == len(set(ids))
    assert all(p.geo_precision in (1, 2, 3) and p.source.strip() for p in supplement)


def test_supplement_csv_has_the_columns():
    with open(sources.SUPPLEMENT_CSV, encoding="utf-8-sig", newline="") as fh:
        assert tuple(csv.DictReader(fh).fieldnames) == sources.SUPPLEMENT_COLUMNS + sources.OPTIONAL_COLUMNS


def test_every_seat_is_a_place_of_the_gazetteer_in_the_same_country(gazetteer):
    seats = [p for p in sources.supplement() if p.seat]
    assert len(seats) >= 50
    for province in seats:
        seat = gazetteer.find_id(province.seat)
        assert seat is not None, province.place_id
        assert seat.country_code == province.country_code, province.place_id
        assert seat.feature_class == "P"


def _write_supplement(tmp_path, rows, name="bad_supplement.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


GOOD = 'a,A,الف,31.0,15.0,LY,P,PPL,0,2,"curated, by hand"'


@pytest.mark.parametrize("bad, what", [
    ("b,B,باء,north,15.0,LY,P,PPL,0,2,x", "bad number"),
    ("b,B,باء,95.0,15.0,LY,P,PPL,0,2,x", "out of range"),
    ("b,B,باء,31.0,190.0,LY,P,PPL,0,2,x", "out of range"),
    ("b,B,باء,31.0,15.0,LY,P,PPL,0,4,x", "geo_precision"),
    ("b,B,باء,31.0,15.0,LY,P,PPL,many,2,x", "bad number"),
    ("b,B,,31.0,15.0,LY,P,PPL,0,2,x", "names_ar"),
])
def test_bad_supplement_row(tmp_path, bad, what):
    path = _write_supplement(tmp_path, [GOOD, bad])
    with pytest.raises(GazetteerInputError) as info:
        sources.supplement(path)
    message = str(info.value)
    assert "bad_supplement.csv" in message
    assert ":3" in message
    assert what in message
    assert isinstance(info.value, GazetteerError) and isinstance(info.value, ValueError)


def test_supplement_missing_column(tmp_path):
    path = tmp_path / "cols.csv"
    path.write_text("id,name,names_ar\na,A,الف\n", encoding="utf-8")
    with pytest.raises(GazetteerInputError, match=r"cols\.csv:1"):
        sources.supplement(path)


def test_good_supplement_file(tmp_path):
    (place,) = sources.supplement(_write_supplement(tmp_path, [GOOD]))
    assert place.place_id == "supplement:a"
    assert place.names == ("الف",)
    assert place.source == "curated, by hand"


@pytest.mark.parametrize("name, key", [
    ("طرابلس", "طرابلس"),
    ("مِصْرَاتَة", "مصراته"),
    ("عين  زارة", "عين زاره"),
    ("عين_زارة", "عين زاره"),
    ("الولايات المتحدة الأمريكية", "الولايات المتحده الامريكيه"),
    ("طرابلس، ليبيا", "طرابلس ليبيا"),
])
def test_name_key(name, key):
    assert name_key(name) == key


def test_build_small_index():
    from gazetteer.records import Place

    places = [Place("t:1", "Ain Zara", 32.78, 13.23, "LY", "P", "PPLX", names=("عين زارة", "Ain Zara")),
              Place("t:2", "Sirte", 31.2, 16.6, "LY", "P", "PPL", names=("سِرْت",))]
    data = build(places)
    assert data["keys"]["عين زاره"] == (0,)
    assert data["keys"]["عينزاره"] == (0,)          # hashtag spelling, written as one word
    assert data["keys"]["سرت"] == (1,)
    assert "ain zara" not in data["keys"]           # only Arabic-script names are indexed
    assert data["max_words"] == 2
    assert "عين زاره" in data["blocks"][("ع", len("عين زاره"))]


def test_lookup_tripoli(gazetteer):
    places = [gazetteer.place(n) for n in gazetteer.lookup(name_key("طرابلس"))]
    found = {(p.place_id, p.country_code) for p in places}
    assert ("geonames:2210247", "LY") in found
    assert ("geonames:266826", "LB") in found
    assert gazetteer.lookup("no such name") == ()


@pytest.mark.parametrize("place_id, cc, feature_code", [
    ("country:LY", "LY", "PCLI"),
    ("country:IR", "IR", "PCLI"),
    ("supplement:washka", "LY", "PPL"),
    ("geonames:2210247", "LY", "PPLC"),
])
def test_find_id(gazetteer, place_id, cc, feature_code):
    p = gazetteer.find_id(place_id)
    assert p is not None
    assert (p.country_code, p.feature_code) == (cc, feature_code)


def test_one_capital_per_country(gazetteer):
    capitals = {}
    for n in range(len(gazetteer)):
        p = gazetteer.place(n)
        if p.feature_code == "PPLC" and p.place_id.startswith("geonames:"):
            assert p.country_code not in capitals, (p, capitals.get(p.country_code))
            capitals[p.country_code] = p.place_id
    assert capitals["LY"] == "geonames:2210247"


@pytest.fixture
def session_settings(monkeypatch, gazetteer, data_dir):
    """Settings as when the session's gazetteer was built (its cache in data_dir)."""
    for s in settings.SETTINGS.values():
        monkeypatch.delenv(s.env_var, raising=False)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(data_dir))
    return data_dir


def test_second_load_reads_cache(session_settings, gazetteer):
    first = index.load()          # the session's cache (rebuilt only if an input changed meanwhile)
    path = index.cache_path()
    assert path.exists()
    assert path.parent == Path(session_settings)
    started = time.perf_counter()
    again = index.load()
    assert time.perf_counter() - started < 3.0
    assert len(again) == len(first)
    assert again.lookup("طرابلس") == first.lookup("طرابلس")


def test_dump_setting_changes_cache_path(session_settings, monkeypatch):
    plain = index.cache_path()
    monkeypatch.setenv("MARSAD_GEONAMES_DUMP", str(FIXTURES / "LY.txt"))
    with_dump = index.cache_path()
    assert with_dump != plain
    assert with_dump.parent == plain.parent
    monkeypatch.delenv("MARSAD_GEONAMES_DUMP")
    assert index.cache_path() == plain


def test_data_dir_setting_moves_cache(session_settings, monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path))
    assert index.cache_path().parent == tmp_path


def test_unreadable_cache_is_rebuilt_not_fatal(monkeypatch, tmp_path, gazetteer):
    """A corrupt cache file is replaced (the build uses only installed packages: ~6 s)."""
    for s in settings.SETTINGS.values():
        monkeypatch.delenv(s.env_var, raising=False)
    monkeypatch.setenv("MARSAD_DATA_DIR", str(tmp_path))
    path = index.cache_path()
    path.write_bytes(b"not a pickle")
    gaz = index.load()
    assert len(gaz) > 10000
    assert gaz.lookup("طرابلس")
    assert path.stat().st_size > 1000


def test_geonames_dump_places_join_the_index(monkeypatch):
    """A configured dump adds its Arabic-named places, with only their Arabic names kept."""
    from gazetteer.building import _dump_places

    places = list(_dump_places(str(FIXTURES / "LY.txt"), None, on_error=None))
    assert places, "the fixture dump has Arabic-named places"
    assert all(p.place_id.startswith("geonames:") for p in places)
    for p in places:
        assert p.names and all(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in p.names)
    index_data = build(places)
    tripoli = [n for n, p in enumerate(places) if p.place_id == "geonames:2210247"]
    assert tripoli and tripoli[0] in index_data["keys"][name_key("طرابلس")]


def test_every_curated_division_is_a_division_of_the_package():
    # A code mistyped in subdivision_names_ar.csv would silently name nothing.
    rows = list(csv.DictReader(open(sources.SUBDIVISION_NAMES_CSV, encoding="utf-8")))
    data = sources._iso3166_2_data()
    missing = [r["code"] for r in rows
               if r["code"] not in data.get(r["code"].split("-")[0], {})
               or data[r["code"].split("-")[0]][r["code"]].get("parentCode")]
    assert not missing
    assert len({r["code"] for r in rows}) == len(rows)
