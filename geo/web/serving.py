"""Server hardening that Streamlit's settings cannot express, as plain ASGI middleware.

Streamlit 1.67 checks the Host header only on its websocket (``server.allowedHosts``)
and sends ``Access-Control-Allow-Origin: *`` on every file under ``/app/static/``,
where the map's data (article sentences) is published. :class:`GuardedServer`
wraps the whole server (``serve.py`` starts the app through it):

* every HTTP request whose Host is not an allowed host is refused with 421, so
  a page on another site whose name resolves to this machine (DNS rebinding)
  can read nothing, static files included;
* responses from ``/app/static/`` lose ``Access-Control-Allow-Origin``: the app's
  own pages read them as same-origin requests, other sites cannot.

It imports nothing from Streamlit; ``serve.py`` passes it the allowed hosts.
"""
from __future__ import annotations

STATIC_PREFIX = "/app/static/"
_DROPPED = {b"access-control-allow-origin", b"access-control-allow-methods", b"access-control-allow-headers"}


def host_name(host: str) -> str:
    """The host part of a Host header value, lower case: ``[::1]:8501`` -> ``::1``, ``a.b:80`` -> ``a.b``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class GuardedServer:
    """ASGI middleware: refuse foreign Host headers; no cross-origin reads of static files.

    Parameters
    ----------
    app : ASGI application
    allowed_hosts : iterable of str
        Host names (no port) requests may be addressed to. Empty: any host, as
        in Streamlit (then only the static files' CORS header is dropped).
    """

    def __init__(self, app, allowed_hosts=()):
        self.app = app
        self.allowed = {host_name(h) for h in allowed_hosts if h.strip()}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)      # the websocket checks its own Host and Origin
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if self.allowed and host_name(host) not in self.allowed:
            return await _refuse(send)
        if not scope.get("path", "").startswith(STATIC_PREFIX):
            return await self.app(scope, receive, send)

        async def same_origin_only(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [(k, v) for k, v in message.get("headers", [])
                                                   if k.lower() not in _DROPPED]}
            await send(message)

        return await self.app(scope, receive, same_origin_only)


async def _refuse(send) -> None:
    body = b"Misdirected request: this host name is not served here (server.allowedHosts).\n"
    await send({"type": "http.response.start", "status": 421,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
