"""The store's server going away: the watcher waits and carries on; the dashboard says so and recovers.

The server is reached through a TCP proxy on 127.0.0.1 that the test cuts and restores.
"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from geo.exc import StoreUnavailable
from geo.ingest import Fetcher, Ingester, Watcher
from geo.ingest.feedlist import Feed
from geo.store import Store
from tests.feedserver import Site, page, rss

ROOT = Path(__file__).resolve().parents[1]


class Proxy:
    """Forwards 127.0.0.1:port to the server; ``cut()`` drops every connection and refuses new ones."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.links: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.open.clear()
        for s in self.links:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.links.clear()

    def restore(self):
        self.open.set()

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied(postgres_url):
    parts = urlsplit(postgres_url)
    proxy = Proxy((parts.hostname, parts.port or 5432))
    netloc = parts.netloc.rsplit("@", 1)
    host = f"{netloc[0]}@127.0.0.1:{proxy.port}" if len(netloc) == 2 else f"127.0.0.1:{proxy.port}"
    yield urlunsplit(parts._replace(netloc=host)), proxy
    proxy.close()


def test_the_watcher_waits_for_the_store_and_carries_on(proxied, parser):
    url, proxy = proxied
    with Site() as site, Store(url) as store:
        site.routes["/rss"] = (200, {}, rss(site.base, [("misrata", "/news/misrata"), ("natanz", "/news/natanz")]))
        for slug in ("misrata", "natanz"):
            site.routes[f"/news/{slug}"] = (200, {"Content-Type": "text/html"}, page(slug))
        watcher = Watcher(Ingester(store, parser=parser), [Feed(site.base + "/rss", "outlet")],
                          fetcher=Fetcher(timeout=5, host_interval=0))
        proxy.cut()                                       # the server goes away
        with pytest.raises(StoreUnavailable):
            store.count()
        threading.Timer(3.0, proxy.restore).start()       # and comes back a few seconds later
        started = time.monotonic()
        [result] = watcher.once()
        assert result.ok and result.added == 2, result
        assert time.monotonic() - started >= 2.5
        assert store.count("articles") == 2
    with Store(url) as again:
        assert again.feeds.feed(site.base + "/rss")["items_added"] == 2


def test_the_dashboard_says_the_store_is_unavailable_and_recovers(proxied, monkeypatch):
    from streamlit.testing.v1 import AppTest

    url, proxy = proxied
    Store(url).close()                                    # its tables exist
    monkeypatch.setenv("MARSAD_DB", url)
    proxy.cut()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert any("event store is unavailable" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.exception
    proxy.restore()
    at.run()
    assert not any("unavailable" in e.value for e in at.error) and not at.exception
