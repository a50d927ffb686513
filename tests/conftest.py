"""Shared fixtures: the real gazetteer (built once per session) and a parser; no network."""
from __future__ import annotations

import os
import socket

import pytest

from geo import settings


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    """The session's MARSAD_DATA_DIR: the gazetteer cache built by ``gazetteer`` lives here."""
    return tmp_path_factory.mktemp("marsad-data")


@pytest.fixture(scope="session")
def gazetteer(data_dir):
    """``gazetteer.index.load()`` from the installed packages, in a private data dir.

    Every MARSAD_* variable is cleared while loading (so a user's dump or
    settings do not leak in) and restored afterwards.
    """
    from gazetteer import index

    names = [s.env_var for s in settings.SETTINGS.values()]
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    os.environ["MARSAD_DATA_DIR"] = str(data_dir)
    try:
        return index.load()
    finally:
        os.environ.pop("MARSAD_DATA_DIR", None)
        os.environ.update(saved)


@pytest.fixture(scope="session")
def parser(gazetteer):
    from geo.parsing import Geoparser

    return Geoparser(gazetteer, online=None)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
