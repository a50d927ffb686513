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
    from geo.parse.geoparser import Geoparser

    return Geoparser(gazetteer, online=None)


@pytest.fixture
def store(tmp_path):
    """An empty event store in a temporary file."""
    from geo.store import Store

    with Store(str(tmp_path / "events.sqlite")) as s:
        yield s


@pytest.fixture
def ingester(store, parser):
    """An Ingester writing to ``store`` with the session's parser."""
    from geo.ingest import Ingester

    return Ingester(store, parser=parser)


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any attempt to open a connection beyond this machine fails the test.

    Loopback stays open: the browser tests talk to the app served on 127.0.0.1.
    """
    real_connect, real_create = socket.socket.connect, socket.create_connection

    def connect(sock, address, *args, **kwargs):
        if sock.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in LOOPBACK):
            return real_connect(sock, address, *args, **kwargs)
        raise AssertionError(f"a test tried to open a network connection to {address!r}")

    def create_connection(address, *args, **kwargs):
        if address[0] in LOOPBACK:
            return real_create(address, *args, **kwargs)
        raise AssertionError(f"a test tried to open a network connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
