"""What the article readers share: :class:`Article`, the options, limits and small helpers.

The other modules of :mod:`geo.ingest.reading` import from this one; it imports none of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo import settings


@dataclass
class Article:
    """One article read from a file, ready to be parsed and stored.

    Attributes
    ----------
    text : str
        The text that is parsed and stored: ``title + "\\n\\n" + body`` when
        the article has a separate title not already at the start of its
        body, else the body as is.
    title : str or None
        The headline, without markup.
    key : str
        Stable external key, used to find "the same article, changed": the
        record's id (as str), else its url, else one derived from the file:
        ``NAME#TITLE`` (seed format), ``NAME`` (plain text or HTML file),
        ``NAME:LINE`` (JSONL or CSV record), ``NAME#ITEM`` (JSON item).
    source : str or None
        Outlet name.
    url : str or None
    published : str or None
        The publication date string as given (parsed elsewhere).
    origin : str
        Where it came from, for messages: ``path``, ``path:line`` or, for a
        JSON item, ``path (item N)``.
    meta : dict
        Extra facts, e.g. from a manifest (``published_approximate``...).
    """

    text: str
    title: str | None
    key: str
    source: str | None
    url: str | None
    published: str | None
    origin: str
    meta: dict = field(default_factory=dict)


MANIFEST_SUFFIX = ".manifest.json"

_HEAD_BYTES = 8192          # sniffed for NUL bytes and control characters
_PEEK_BYTES = 65536         # sniffed for the seed format in a file too big to be one article
_MARKUP_FACTOR = 8          # markup may make raw text this many times longer than the limit

_NEWLINES = re.compile("\r\n?")


@dataclass(frozen=True)
class _Options:
    published: str | None
    source: str | None
    encoding: str | None
    limit: int


class _Bad(Exception):
    """A record cannot be read; the caller adds file, line and item."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _too_long(chars: int, limit: int) -> str:
    env = settings.SETTINGS["max_article_chars"].env_var
    return f"article is {chars:,} characters; the limit is {limit:,} ({env})"


def _compose(title: str | None, body: str) -> str:
    """``title + "\\n\\n" + body``, or the body alone if its first line is the title already."""
    if not title or body.split("\n", 1)[0].strip() == title:
        return body or (title or "")
    return f"{title}\n\n{body}" if body else title
