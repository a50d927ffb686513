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


#: The store's backends: every test of the store runs on each.
BACKENDS = ("sqlite", "postgresql")
#: The PostgreSQL server the store tests use (.ci/run starts one and sets it).
POSTGRES = os.environ.get("MARSAD_TEST_POSTGRES", "")


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server with PostGIS for the tests.

    Without one the PostgreSQL tests are skipped, saying why; with
    MARSAD_REQUIRE_POSTGRES=1 (CI) a missing server fails them instead.
    """
    reason = None
    if not POSTGRES:
        reason = ("no PostgreSQL server for the tests: set MARSAD_TEST_POSTGRES=postgresql://USER@HOST/DB "
                  "(.ci/run starts one)")
    else:
        try:
            import psycopg

            with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except Exception as err:  # noqa: BLE001 - any failure is the reason to skip
            reason = f"PostgreSQL server {POSTGRES} not usable: {err}"
    if reason:
        if os.environ.get("MARSAD_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return POSTGRES


@pytest.fixture
def postgres_url(postgres_server):
    """A store URL in a new, empty schema of the test server (dropped afterwards)."""
    import uuid
    from urllib.parse import quote

    import psycopg

    schema = "t_" + uuid.uuid4().hex[:16]
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_server else "?"
    yield f"{postgres_server}{sep}options={quote(f'-csearch_path={schema},public')}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path):
    """An empty store's URL: a temporary file, then a schema on the PostgreSQL server."""
    if request.param == "sqlite":
        return str(tmp_path / "events.sqlite")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url):
    """An empty event store, on each backend in turn."""
    from geo.store import Store

    with Store(store_url) as s:
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
