"""HTTP for the watcher: polite, bounded requests for feeds and article pages.

:class:`Fetcher` asks with the feed's validators (``If-None-Match``,
``If-Modified-Since``) so an unchanged feed costs a 304; waits between two
requests to one host (``feed_host_interval``); gives up on a request that takes
longer than ``feed_timeout`` in all (a server that hangs, or drips), on a body
larger than ``feed_max_bytes`` (read as it streams, never whole), on more than
five redirects (each followed here, so that a public feed's item cannot be sent on to
a private address), and on TLS errors. Every failure is a
:class:`~geo.exc.FeedError` that names the URL and says what went wrong.
Nothing here is called unless a feeds file names a feed.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from geo import settings
from geo.exc import FeedError

MAX_REDIRECTS = 5
_CHUNK = 65536


@dataclass
class Response:
    """What a request gave: the final URL, the body, and the validators for next time."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    modified: str | None = None
    content_type: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Bounded, polite GET requests (see the module notes); settings are read when it is made.

    Parameters
    ----------
    timeout, max_bytes, host_interval, user_agent : optional
        Override ``feed_timeout``, ``feed_max_bytes``, ``feed_host_interval``
        and ``feed_user_agent``.
    """

    def __init__(self, timeout: float | None = None, max_bytes: int | None = None,
                 host_interval: float | None = None, user_agent: str | None = None):
        import requests

        self._requests = requests
        self.timeout = float(settings.get("feed_timeout") if timeout is None else timeout)
        self.max_bytes = int(settings.get("feed_max_bytes") if max_bytes is None else max_bytes)
        self.host_interval = float(settings.get("feed_host_interval") if host_interval is None else host_interval)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent or settings.get("feed_user_agent")
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def get(self, url: str, etag: str | None = None, modified: str | None = None,
            public_only: bool = False) -> Response:
        """GET ``url``; a 304 comes back as a :class:`Response` with ``not_modified``.

        ``public_only``: refuse a URL, or a redirect, to a host on a private, loopback
        or link-local address (a public feed's items may not point into the site's
        own network).

        Raises
        ------
        FeedError
            Not http(s), a refused address, no answer in time, too large, too many
            redirects, a TLS or connection error, or an HTTP error status.
        """
        first, headers = url, {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        for _hop in range(MAX_REDIRECTS + 1):          # redirects followed here: each hop is checked
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FeedError(f"{url}: not an http or https URL")
            if public_only and not is_public(parts.hostname):
                raise FeedError(f"{url}: {parts.hostname} is a private or local address; "
                                "a public feed's items may not lead there")
            self._wait_for(parts.hostname)
            response = self._get_once(first, url, headers)
            if isinstance(response, str):             # a redirect: its target
                url = urljoin(url, response)
                continue
            return response
        raise FeedError(f"{first}: more than {MAX_REDIRECTS} redirects (a redirect loop?)")

    def _get_once(self, first: str, url: str, headers: dict):
        """One request: a Response, or the Location of a redirect (a str)."""
        req = self._requests
        try:
            with self.session.get(url, headers=headers, timeout=(self.timeout, self.timeout), stream=True,
                                  allow_redirects=False) as r:
                if r.is_redirect and r.headers.get("Location"):
                    return r.headers["Location"]
                if r.status_code == 304:
                    return Response(r.url, 304, etag=headers.get("If-None-Match"),
                                    modified=headers.get("If-Modified-Since"))
                if r.status_code >= 400:
                    raise FeedError(f"{url}: HTTP {r.status_code} {r.reason or ''}".rstrip())
                body = self._read(url, r)
                return Response(r.url, r.status_code, body, r.headers.get("ETag"), r.headers.get("Last-Modified"),
                                r.headers.get("Content-Type", ""), dict(r.headers))
        except req.exceptions.SSLError as err:
            raise FeedError(f"{url}: TLS error ({_short(err)})") from err
        except (req.Timeout, req.exceptions.ChunkedEncodingError) as err:
            raise FeedError(f"{url}: no complete answer within {self.timeout:g} s") from err
        except req.ConnectionError as err:
            if "timed out" in str(err).lower():
                raise FeedError(f"{url}: no complete answer within {self.timeout:g} s") from err
            raise FeedError(f"{url}: cannot connect ({_short(err)})") from err
        except req.RequestException as err:
            raise FeedError(f"{url}: request failed ({_short(err)})") from err

    def _read(self, url: str, r) -> bytes:
        declared = r.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FeedError(f"{url}: {int(declared):,} bytes, more than the {self.max_bytes:,} allowed; not read")
        deadline = time.monotonic() + self.timeout
        body = bytearray()
        for chunk in r.iter_content(_CHUNK):
            body += chunk
            if len(body) > self.max_bytes:
                raise FeedError(f"{url}: more than the {self.max_bytes:,} bytes allowed; abandoned")
            if time.monotonic() > deadline:
                raise FeedError(f"{url}: no complete answer within {self.timeout:g} s")
        return bytes(body)

    def _wait_for(self, host: str) -> None:
        """Sleep until ``host`` may be asked again (one request per host_interval)."""
        with self._lock:
            now = time.monotonic()
            ready = self._last.get(host, 0.0) + self.host_interval
            self._last[host] = max(now, ready)
        if ready > now:
            time.sleep(ready - now)

    def close(self) -> None:
        self.session.close()


def is_public(host: str) -> bool:
    """Whether every address ``host`` resolves to is a public (global) one. A name that does not
    resolve counts as public: the request then fails as any unreachable host does."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return True
    return all(ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in infos)


def _short(err) -> str:
    text = str(err)
    return text if len(text) <= 200 else text[:200] + "..."
