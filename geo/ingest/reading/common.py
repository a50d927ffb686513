"""What the article readers share: :class:`Article`, the options, limits and small helpers.

The other modules of :mod:`geo.ingest.reading` import from this one; it imports none of them.
"""
from __future__ import annotations

import json
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
    record_id : str or None
        The record's own ``id`` (JSON, JSONL, CSV), as a string; None for
        plain text and HTML. With the source it identifies "the same article,
        changed" when there is no url (see :func:`geo.ingest.article_key`);
        a file name never does.
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
    record_id: str | None
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

#: Limits on a record's fields (the article's own length is the ``max_article_chars`` setting).
MAX_ID_CHARS = 256
MAX_FIELD_CHARS = {"title": 1000, "source": 300, "url": 2048, "published": 100}
#: Records are flat objects: JSON nested deeper than this is refused before it is parsed.
MAX_DEPTH = 20

#: Characters that show nothing: a text of only these (and white space) is empty.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad\u061c"))
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class _Options:
    published: str | None
    source: str | None
    encoding: str | None
    limit: int


class _Bad(Exception):
    """A record cannot be read; the caller adds file, line (unless given here) and item."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def _blank(text: str) -> bool:
    """True if ``text`` shows nothing: empty, white space or invisible characters only."""
    return not text.translate(_INVISIBLE).strip()


def _check_unicode(value: str, name: str) -> str:
    """``value``, unless it holds a lone surrogate (JSON ``"\\ud800"``), which no text can store."""
    if bad := _SURROGATE.search(value):
        raise _Bad(f'"{name}" is not valid Unicode (a lone surrogate \\u{ord(bad.group()):04x} '
                   f'at character {bad.start() + 1})')
    return value


def _depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings ignored)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _json_message(err: json.JSONDecodeError) -> str:
    """``not JSON (...)`` with the column where the line really broke."""
    line = err.doc.split("\n")[err.lineno - 1] if err.doc else ""
    where = f"column {err.colno}" if err.msg.endswith(" at") else f"at column {err.colno}"
    if err.msg.startswith("Unterminated string"):
        where += f"; the line ends at column {len(line.rstrip())} (cut off?)"
    return f"not JSON ({err.msg} {where})"


def _loads(text: str):
    """``json.loads`` for untrusted input: every failure is a :class:`_Bad`, never another exception.

    Refuses nesting deeper than :data:`MAX_DEPTH` before parsing, numbers too
    long to convert, and ``NaN``/``Infinity``.
    """
    # Counting brackets is cheap; the exact depth is computed only when it could matter.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise _Bad(f"JSON nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise _Bad(_json_message(err), err.lineno) from err
    except RecursionError as err:
        raise _Bad(f"JSON nested more than {MAX_DEPTH} levels deep") from err
    except ValueError as err:            # a number of more than 4,300 digits, NaN, Infinity
        message = "a number has more than 4,300 digits" if "integer string" in str(err) else str(err)
        raise _Bad(f"not JSON ({message})") from err


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _too_long(chars: int, limit: int) -> str:
    env = settings.SETTINGS["max_article_chars"].env_var
    return f"article is {chars:,} characters; the limit is {limit:,} ({env})"


def compose_text(title: str | None, body: str) -> str:
    """``title + "\\n\\n" + body``, or the body alone if its first line is the title already."""
    if not title or body.split("\n", 1)[0].strip() == title:
        return body or (title or "")
    return f"{title}\n\n{body}" if body else title
