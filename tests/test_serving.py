"""geo.web.serving.GuardedServer: foreign Host headers refused, static files same-origin only."""
from __future__ import annotations

import asyncio

import pytest

from geo.web.serving import GuardedServer, host_name


def _call(guard, path="/", host="127.0.0.1:8501", kind="http"):
    """Run one request through ``guard`` over a fake app; (status, headers, whether the app ran)."""
    ran, sent = [], []

    async def app(scope, receive, send):
        ran.append(scope["path"])
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"access-control-allow-origin", b"*")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    scope = {"type": kind, "path": path, "headers": [(b"host", host.encode())]}
    asyncio.run(GuardedServer(app, guard)(scope, None, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], dict(start["headers"]), bool(ran)


@pytest.mark.parametrize("value, name", [
    ("127.0.0.1:8501", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:8501", "::1"),
    ("ops-pc.local:80", "ops-pc.local"), ("::1", "::1"), ("", ""),
])
def test_host_name(value, name):
    assert host_name(value) == name


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:8501", 200), ("localhost:8501", 200), ("localhost", 200),
    ("evil.example:8501", 421), ("evil.example", 421), ("127.0.0.1.evil.example", 421), ("", 421),
])
def test_foreign_hosts_are_refused_on_every_path(host, status):
    for path in ("/", "/app/static/marsad/data/x.json", "/_stcore/health"):
        got, _headers, ran = _call(["localhost", "127.0.0.1"], path, host)
        assert (got, ran) == (status, status == 200)


def test_static_files_lose_the_cors_header_and_other_paths_keep_theirs():
    _s, static, _r = _call(["localhost"], "/app/static/marsad/data/x.json", "localhost")
    _s, other, _r = _call(["localhost"], "/_stcore/health", "localhost")
    assert b"access-control-allow-origin" not in static and static[b"content-type"] == b"text/plain"
    assert other[b"access-control-allow-origin"] == b"*"


def test_no_allowed_hosts_means_any_host_as_in_streamlit():
    status, headers, ran = _call([], "/app/static/x.js", "evil.example")
    assert (status, ran) == (200, True) and b"access-control-allow-origin" not in headers


def test_the_cycle_collector_is_paused_and_always_back():
    import gc

    from geo.web import memory

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with memory.no_cycle_collection():
            assert not gc.isenabled()
            raise RuntimeError("a failed build")
    assert gc.isenabled()
    with memory.no_cycle_collection():
        with memory.no_cycle_collection():          # a second session building at the same time
            pass
        assert not gc.isenabled()                   # the inner one did not turn it on early
    assert gc.isenabled()


def test_a_built_view_is_frozen_and_old_cycles_are_reclaimed_now_and_then(monkeypatch):
    import gc
    import weakref

    from geo.web import memory

    class Node:
        pass

    try:
        with memory.no_cycle_collection():
            pass
        assert gc.get_freeze_count() > 0            # later collections skip what was there
        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        with memory.no_cycle_collection():
            pass
        del a, b                                    # a cycle, frozen: kept until the next reclaim
        with memory.no_cycle_collection():
            pass
        assert alive() is not None
        monkeypatch.setattr(memory, "_last_reclaim", memory._last_reclaim - memory.RECLAIM_EVERY)
        with memory.no_cycle_collection():
            pass
        assert alive() is None
    finally:
        gc.unfreeze()
