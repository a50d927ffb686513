"""The feeds file: which RSS/Atom feeds the watcher polls, how often, and what they are.

A TOML file (the ``feeds_file`` setting, or ``watch --feeds FILE``)::

    [[feed]]
    url = "https://www.example.org/rss/libya.xml"
    name = "Example News"        # the outlet: the source of every article
    language = "ar"              # optional, ar by default
    interval = 300               # optional: seconds between polls (default 600, at least 60)
    trust = "high"               # optional: high | medium | low (shown in the feed status)

A bad entry is a :class:`~geo.exc.ConfigurationError` naming the file and the
feed's number; no feed is polled until the file is right.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from urllib.parse import urlsplit

from geo.exc import ConfigurationError

DEFAULT_INTERVAL = 600
MIN_INTERVAL = 60
TRUST = ("high", "medium", "low")
_KEYS = {"url", "name", "language", "interval", "trust"}


@dataclass(frozen=True)
class Feed:
    """One feed of the feeds file."""

    url: str
    name: str
    language: str = "ar"
    interval: float = DEFAULT_INTERVAL
    trust: str | None = None


def read_feeds(path: str, min_interval: float = MIN_INTERVAL) -> list[Feed]:
    """The feeds listed in the TOML file ``path``.

    ``min_interval``: the shortest poll interval accepted (the tests lower it).

    Raises
    ------
    ConfigurationError
        If the file cannot be read or an entry is wrong (named by file and number).
    """
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as err:
        raise ConfigurationError(f"{path}: cannot read the feeds file ({err.strerror or err})") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigurationError(f"{path}: not a valid TOML file ({err})") from err
    entries = data.get("feed", [])
    if not isinstance(entries, list):
        raise ConfigurationError(f"{path}: feeds are [[feed]] tables")
    feeds, seen = [], set()
    for n, entry in enumerate(entries, 1):
        feed = _feed(entry, f"{path}: feed {n}", min_interval)
        if feed.url in seen:
            raise ConfigurationError(f"{path}: feed {n}: {feed.url} is listed twice")
        seen.add(feed.url)
        feeds.append(feed)
    return feeds


def _feed(entry, where: str, min_interval: float) -> Feed:
    if not isinstance(entry, dict):
        raise ConfigurationError(f"{where}: not a table")
    unknown = set(entry) - _KEYS
    if unknown:
        raise ConfigurationError(f"{where}: unknown key {', '.join(sorted(unknown))} "
                                 f"(the keys are {', '.join(sorted(_KEYS))})")
    url = entry.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ConfigurationError(f"{where}: url must be an http or https URL, not {url!r}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError(f"{where}: name (the outlet) is required")
    interval = entry.get("interval", DEFAULT_INTERVAL)
    if isinstance(interval, bool) or not isinstance(interval, (int, float)) or interval < min_interval:
        raise ConfigurationError(f"{where}: interval must be a number of seconds, at least {min_interval:g}")
    trust = entry.get("trust")
    if trust is not None and trust not in TRUST:
        raise ConfigurationError(f"{where}: trust must be one of {', '.join(TRUST)}, not {trust!r}")
    language = entry.get("language", "ar")
    if not isinstance(language, str) or not language:
        raise ConfigurationError(f"{where}: language must be a language code such as ar or en")
    return Feed(url, name.strip(), language, float(interval), trust)
