"""The settings table, its documentation and its error handling."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo import settings
from geo.exc import ConfigurationError

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_setting_documented(name):
    assert DOCS.exists(), f"{DOCS} is missing"
    assert f"MARSAD_{name.upper()}" in DOCS.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(settings.SETTINGS))
def test_env_var_name(name):
    assert settings.SETTINGS[name].env_var == f"MARSAD_{name.upper()}"
    assert settings.SETTINGS[name].help


def test_unknown_setting():
    with pytest.raises(ConfigurationError, match="no_such_setting"):
        settings.get("no_such_setting")


@pytest.mark.parametrize("name", [n for n, s in settings.SETTINGS.items() if isinstance(s.default, float)])
@pytest.mark.parametrize("value", ["fast", "", "1,5"])
def test_non_numeric_float(monkeypatch, name, value):
    monkeypatch.setenv(settings.SETTINGS[name].env_var, value)
    with pytest.raises(ConfigurationError, match=settings.SETTINGS[name].env_var):
        settings.get(name)


@pytest.mark.parametrize("name", [n for n, s in settings.SETTINGS.items() if type(s.default) is int])
@pytest.mark.parametrize("value", ["many", "", "1.5"])
def test_non_integer(monkeypatch, name, value):
    monkeypatch.setenv(settings.SETTINGS[name].env_var, value)
    with pytest.raises(ConfigurationError, match=settings.SETTINGS[name].env_var):
        settings.get(name)


def test_float_from_env(monkeypatch):
    monkeypatch.setenv("MARSAD_MIN_SCORE", "0.25")
    assert settings.get("min_score") == 0.25


def test_defaults(monkeypatch, tmp_path):
    for s in settings.SETTINGS.values():
        monkeypatch.delenv(s.env_var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert settings.get("data_dir") == str(tmp_path / "marsad")
    assert settings.get("online_geocoder") == "off"
    assert settings.get("min_score") == 0.5


def test_configuration_error_is_value_error():
    with pytest.raises(ValueError):
        settings.get("nope")
