"""Records: .json files (an array, one object or ``{"articles": [...]}``), .jsonl and .csv files.

A record has the fields of :data:`FIELDS`, ``text`` required. Each reader
yields ``(index, Article)`` pairs, an :class:`~geo.exc.InputError` for a
record or file that is skipped, or an :class:`~geo.exc.InputWarning` for
fields that are ignored.
"""
from __future__ import annotations

import csv
import logging
import math
import sys

from geo.exc import InputError, InputWarning
from geo.ingest.reading.common import (_NEWLINES, MAX_FIELD_CHARS, MAX_ID_CHARS, Article, _Bad, _blank,
                                       _check_unicode, compose_text, _loads, _Options, _too_long)
from geo.ingest.reading.decoding import _line_codec, _lines
from geo.ingest.reading.markup import _clean_title, _reduce_markup, has_markup
from geo.ingest.reading.plain import _read_whole

log = logging.getLogger(__name__)

#: Fields of a JSON, JSONL or CSV record.
FIELDS = ("id", "title", "text", "published", "source", "url")


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _string_field(rec: dict, name: str) -> str | None:
    """Field ``name`` of ``rec``: a string (stripped, empty as None) or null."""
    value = rec.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(f'"{name}" must be a string, not {_json_type(value)}')
    value = _check_unicode(value, name).strip()
    limit = MAX_FIELD_CHARS.get(name)
    if limit and len(value) > limit:
        raise _Bad(f'"{name}" is {len(value):,} characters; the limit is {limit:,}')
    return value or None


def _id_field(rec: dict) -> str | None:
    value = rec.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _Bad(f'"id" must be a string or a number, not {_json_type(value)}')
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f'"id" must be a finite number, not {value}')
    value = _check_unicode(str(value), "id").strip()
    if len(value) > MAX_ID_CHARS:
        raise _Bad(f'"id" is {len(value):,} characters; the limit is {MAX_ID_CHARS:,}')
    return value or None


def _record_article(rec: dict, *, origin: str, limit: int) -> Article:
    """The Article of a JSON/JSONL/CSV record.

    Raises
    ------
    _Bad
        A field has the wrong type, is too long or not valid Unicode, ``text``
        is missing or empty, or the article is too long; also for anything
        unexpected, so that one record never stops the file.
    """
    try:
        return _make_article(rec, origin, limit)
    except _Bad:
        raise
    except Exception as err:  # noqa: BLE001 - e.g. from the markup parser: this record only
        log.warning("%s: record not read", origin, exc_info=True)
        raise _Bad(f"record could not be read ({type(err).__name__})") from err


def _make_article(rec: dict, origin: str, limit: int) -> Article:
    body = rec.get("text")
    if body is None:
        raise _Bad('no "text"')
    if not isinstance(body, str):
        raise _Bad(f'"text" must be a string, not {_json_type(body)}')
    _check_unicode(body, "text")
    record_id, url = _id_field(rec), _string_field(rec, "url")
    title = _clean_title(_string_field(rec, "title"))
    published, source = _string_field(rec, "published"), _string_field(rec, "source")
    if len(body) > limit and not has_markup(body):
        raise _Bad(_too_long(len(body), limit))
    body = _reduce_markup(_NEWLINES.sub("\n", body), limit).strip()
    if _blank(body) and not title:
        raise _Bad('"text" is empty')            # a headline alone is still news: kept
    text = compose_text(title, body)
    if len(text) > limit:
        raise _Bad(_too_long(len(text), limit))
    return Article(text=text, title=title, record_id=record_id, source=source,
                   url=url, published=published, origin=origin)


def _unknown_fields(rec: dict, warned: set) -> list[str]:
    """Fields of ``rec`` that are not :data:`FIELDS` and were not warned about yet in this file."""
    new = sorted(k for k in rec if k not in FIELDS and k not in warned)
    warned.update(new)
    return new


# --- JSON ---------------------------------------------------------------------------

def _json_articles(fh, path: str, opts: _Options):
    """A .json file: an array of objects, one object, or ``{"articles": [...]}``."""
    text = yield from _read_whole(fh, path, opts, "json")
    if text is None:
        return
    try:
        data = _loads(text)
    except _Bad as bad:
        yield InputError(bad.message, path, bad.line)
        return
    if isinstance(data, dict) and "articles" in data and "text" not in data:
        data = data["articles"]
        if not isinstance(data, list):
            yield InputError(f'"articles" must be an array, not {_json_type(data)}', path)
            return
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list):
        yield InputError(f"not a JSON array or object but {_json_type(data)}", path)
        return
    if not items:
        yield InputWarning("no articles in the file", path)
    warned = set()
    for n, item in enumerate(items, 1):
        yield from _json_item(item, n, path, warned, opts.limit)


def _json_item(item, n: int, path: str, warned: set, limit: int):
    if not isinstance(item, dict):
        yield InputError(f"item {n}: not a JSON object but {_json_type(item)}", path)
        return
    if unknown := _unknown_fields(item, warned):
        yield InputWarning(f"item {n}: unknown fields ignored: {', '.join(unknown)}", path)
    try:
        yield n, _record_article(item, origin=f"{path} (item {n})", limit=limit)
    except _Bad as bad:
        yield InputError(f"item {n}: {bad.message}", path)


# --- JSONL --------------------------------------------------------------------------

def _jsonl_articles(fh, path: str, opts: _Options):
    """A .jsonl file, line by line: one JSON object per non-blank line."""
    try:
        codec = _line_codec(fh, path, opts)
    except InputError as err:
        yield err
        return
    warned, index = set(), 0
    for number, text, error in _lines(fh, codec, path):
        if error is None and not text.strip():
            continue
        index += 1
        if error is not None:
            yield error
            continue
        yield from _jsonl_line(text, number, index, path, warned, opts.limit)
    if index == 0:
        yield InputError("empty file", path)


def _jsonl_line(text: str, number: int, index: int, path: str, warned: set, limit: int):
    try:
        rec = _loads(text.rstrip("\r\n"))     # a line cut off mid-string is then "unterminated", not "control character"
    except _Bad as bad:
        yield InputError(bad.message, path, number)
        return
    if not isinstance(rec, dict):
        yield InputError(f"not a JSON object but {_json_type(rec)}", path, number)
        return
    if unknown := _unknown_fields(rec, warned):
        yield InputWarning(f"unknown fields ignored: {', '.join(unknown)}", path, number)
    try:
        yield index, _record_article(rec, origin=f"{path}:{number}", limit=limit)
    except _Bad as bad:
        yield InputError(bad.message, path, number)


# --- CSV ----------------------------------------------------------------------------

def _raise_csv_field_limit() -> None:
    """Let csv read fields as long as articles can be (their length is checked after)."""
    limit = sys.maxsize
    while limit > csv.field_size_limit():
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


class _CsvLines:
    """Decoded lines for csv.reader, remembering the lines that did not decode."""

    def __init__(self, lines):
        self._lines = lines
        self.errors: list[InputError] = []
        self.bad: set[int] = set()

    def __iter__(self):
        for number, text, error in self._lines:
            if error is not None:
                self.errors.append(error)
                self.bad.add(number)
            yield text

    def flush(self) -> list[InputError]:
        errors, self.errors = self.errors, []
        return errors


def _csv_articles(fh, path: str, opts: _Options):
    """A .csv file with a header row: columns id, title, text (required), published, source, url."""
    try:
        codec = _line_codec(fh, path, opts)
    except InputError as err:
        yield err
        return
    _raise_csv_field_limit()
    lines = _CsvLines(_lines(fh, codec, path))
    reader = csv.reader(lines, strict=True)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    except csv.Error as err:
        yield from lines.flush()
        yield InputError(f"bad CSV header ({err})", path, reader.line_num)
        return
    yield from lines.flush()
    if header is None:
        yield InputError("empty file", path)
        return
    if reader.line_num in lines.bad:
        return
    yield from _csv_rows(reader, lines, header, path, opts.limit)


def _csv_header(header: list[str], path: str, line: int):
    """``(columns, problems)``: lower-cased column names, and an error or warning about them."""
    columns = [cell.strip().lower() for cell in header]
    if "text" not in columns:
        return None, [InputError(f'no "text" column (columns: {", ".join(columns)})', path, line)]
    unknown = [c for c in columns if c not in FIELDS]
    if unknown:
        return columns, [InputWarning(f"unknown columns ignored: {', '.join(unknown)}", path, line)]
    return columns, []


def _csv_rows(reader, lines: _CsvLines, header: list[str], path: str, limit: int):
    columns, problems = _csv_header(header, path, reader.line_num)
    yield from problems
    if columns is None:
        return
    previous, index = reader.line_num, 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield from lines.flush()
            yield InputError(f"bad CSV ({err})", path, reader.line_num)
            previous = reader.line_num
            continue
        yield from lines.flush()
        first, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        index += 1
        if lines.bad.intersection(range(first, previous + 1)):
            continue                          # its line was reported as not decodable
        yield from _csv_row(row, columns, index, first, path, limit)
    if index == 0:
        yield InputWarning("no rows after the header", path)


def _csv_row(row: list[str], columns: list[str], index: int, line: int, path: str, limit: int):
    if len(row) > len(columns):
        yield InputError(f"row has {len(row)} fields; the header has {len(columns)}", path, line)
        return
    rec = {}
    for column, cell in zip(columns, row):
        if column in FIELDS and column not in rec:
            rec[column] = cell
    try:
        yield index, _record_article(rec, origin=f"{path}:{line}", limit=limit)
    except _Bad as bad:
        yield InputError(bad.message, path, line)
