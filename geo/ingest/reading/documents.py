"""Documents for ``python -m geo parse`` and ``bench``: a whole text file, or JSONL lines.

A bad file or line is reported as an :class:`~geo.exc.InputError` naming the
file and line, and reading goes on with the next one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from geo.exc import InputError
from geo.ingest.reading.common import _Bad, _check_unicode, _loads


@dataclass
class Document:
    id: str
    text: str
    published: str | None = None


def _decode(raw: bytes, source: str, line: int | None = None) -> str:
    try:
        return raw.decode("utf-8-sig" if line in (None, 1) else "utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start})", source, line) from err


def read_text(source: str, raw: bytes, published: str | None = None):
    """One document from a whole text file; yields a Document or an InputError."""
    try:
        yield Document(id=os.path.basename(source), text=_decode(raw, source), published=published)
    except InputError as err:
        yield err


def read_jsonl(source: str, lines, published: str | None = None):
    """Documents from JSONL lines (bytes); yields a Document or an InputError per line."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            yield _jsonl_record(source, number, raw, published)
        except InputError as err:
            yield err


def _jsonl_record(source, number, raw, published):
    line = _decode(raw, source, number).rstrip("\r\n")
    try:
        rec = _loads(line)
        if not isinstance(rec, dict):
            raise _Bad("not a JSON object")
        text = rec.get("text")
        if not isinstance(text, str):
            raise _Bad("no \"text\" string")
        _check_unicode(text, "text")
    except _Bad as bad:
        raise InputError(bad.message, source, number) from bad
    doc_id = rec.get("id")
    doc_id = f"{os.path.basename(source)}:{number}" if doc_id is None else str(doc_id)
    return Document(id=doc_id, text=text, published=rec.get("published") or published)
