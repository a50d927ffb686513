"""Sidecar manifests: ``NAME.manifest.json`` gives facts (date, outlet, url...) for the articles of ``NAME.ext``.

A manifest is ``{"articles": [...]}`` or a bare list of entries; an entry
is matched to an article by exact ``title``, else by ``index`` (from 1).
Problems are returned as :class:`~geo.exc.InputError` (a bad manifest or
entry is ignored) or :class:`~geo.exc.InputWarning` (an entry matches no
article).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from geo.exc import InputError, InputWarning
from geo.ingest.reading.common import MANIFEST_SUFFIX, Article, _Bad, _loads
from geo.ingest.reading.decoding import _decode_bytes
from geo.ingest.reading.records import _json_type, _string_field


def _manifest_path(path: str) -> str:
    p = Path(path)
    return str(p.with_name(p.stem + MANIFEST_SUFFIX))


@dataclass
class _Entry:
    number: int
    index: int | None
    title: str | None
    values: dict            # published, source, url (those given)
    meta: dict


@dataclass
class _Manifest:
    """A sidecar ``NAME.manifest.json``: facts for the articles of ``NAME.ext``."""

    path: str
    entries: list

    def apply(self, items: list) -> list:
        """Fill the articles of ``items`` (by exact title, else by index); add warnings for unused entries."""
        articles = [item for item in items if isinstance(item, tuple)]
        by_title = {}
        for entry in self.entries:
            if entry.title is not None:
                by_title.setdefault(entry.title, entry)
        used, matched = set(), set()
        for _, article in articles:
            entry = by_title.get(article.title)
            if entry is not None:
                self._fill(article, entry)
                used.add(entry.number)
                matched.add(id(article))
        by_index = {}
        for entry in self.entries:
            if entry.index is not None and entry.number not in used:
                by_index.setdefault(entry.index, entry)
        for index, article in articles:
            entry = by_index.get(index)
            if id(article) not in matched and entry is not None:
                self._fill(article, entry)
                used.add(entry.number)
        unused = [InputWarning(f"entry {e.number} matches no article", self.path)
                  for e in self.entries if e.number not in used]
        return items + unused

    @staticmethod
    def _fill(article: Article, entry: _Entry) -> None:
        for name, value in entry.values.items():
            setattr(article, name, value)
        article.meta.update(entry.meta)


def _load_manifest(path: str) -> tuple[_Manifest | None, list]:
    """The manifest at ``path`` and the problems found in it (None if it cannot be used at all)."""
    try:
        with open(path, "rb") as fh:
            text, _ = _decode_bytes(fh.read(), path, None)
    except OSError as err:
        return None, [InputError(f"cannot open manifest ({err.strerror})", path)]
    except InputError as err:
        return None, [err]
    try:
        data = _loads(text)
    except _Bad as bad:
        return None, [InputError(f"manifest is {bad.message}", path, bad.line)]
    raw_entries = data.get("articles") if isinstance(data, dict) else data
    if not isinstance(raw_entries, list):
        return None, [InputError('manifest is not an object with an "articles" list', path)]
    entries, problems = [], []
    for number, raw in enumerate(raw_entries, 1):
        try:
            entries.append(_manifest_entry(number, raw))
        except _Bad as bad:
            problems.append(InputError(f"entry {number}: {bad.message}", path))
    return _Manifest(path, entries), problems


def _manifest_entry(number: int, raw) -> _Entry:
    if not isinstance(raw, dict):
        raise _Bad(f"not a JSON object but {_json_type(raw)}")
    index = raw.get("index")
    if index is not None and (not isinstance(index, int) or isinstance(index, bool) or index < 1):
        raise _Bad(f'"index" must be a whole number from 1, not {json.dumps(index, ensure_ascii=False)}')
    title = _string_field(raw, "title")
    if index is None and title is None:
        raise _Bad('neither "index" nor "title"')
    values = {name: _string_field(raw, name) for name in ("published", "source", "url")}
    values = {name: value for name, value in values.items() if value is not None}
    meta = {k: v for k, v in raw.items() if k not in ("index", "title", "published", "source", "url")}
    return _Entry(number, index, title, values, meta)
