"""Articles for ``python -m geo ingest``: :func:`read_articles` over files, folders and standard input.

Each file goes, by its extension (:data:`FORMATS`), to a reader of
:mod:`geo.ingest.reading.plain` or :mod:`geo.ingest.reading.records`; its manifest
(:mod:`geo.ingest.reading.manifests`) and the command-line overrides are then
applied to what the reader yields.
"""
from __future__ import annotations

import codecs
import io
import json
import logging
import os
import stat
import sys

from geo import settings
from geo.exc import InputError, InputWarning
from geo.ingest.reading.common import MANIFEST_SUFFIX, _Options
from geo.ingest.reading.decoding import _bom_codec, _byte_lines
from geo.ingest.reading.manifests import _load_manifest, _manifest_path
from geo.ingest.reading.plain import _html_articles, _txt_articles
from geo.ingest.reading.records import _csv_articles, _json_articles, _jsonl_articles


#: Extension (lower case) -> format name; other extensions are "txt" when a
#: file is named explicitly and skipped with a warning in folders.
FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".json": "json",
           ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}

_STDIN = "<stdin>"
log = logging.getLogger(__name__)


def read_articles(paths, *, published=None, source=None, encoding=None):
    """Yield Article, InputError or InputWarning objects for files and folders, in order, never raising for bad input.

    Parameters
    ----------
    paths : iterable of str or os.PathLike, or one of them
        Files, folders (walked recursively in sorted order, skipping hidden
        names, ``*.manifest.json`` and, with a warning, unknown extensions)
        and ``-`` for standard input (JSONL if its first line is a JSON
        object, else one plain text article).
    published : str, optional
        Publication date for every article, overriding records and manifests.
    source : str, optional
        Outlet name for every article, overriding records and manifests.
    encoding : str, optional
        Codec for every input file (default: UTF-8, UTF-16 with a BOM or
        Windows-1256, detected).

    Yields
    ------
    Article, InputError or InputWarning
        An error means a file or record was skipped; a warning means
        something was ignored. Both carry ``source`` and ``line``.

    Raises
    ------
    geo.exc.ConfigurationError
        If ``MARSAD_MAX_ARTICLE_CHARS`` is not a whole number (a setting, not input).

    Notes
    -----
    Precedence of ``published``, ``source`` and ``url``: the arguments, then
    the manifest, then the record. ``key`` comes from the file alone, so that
    adding a manifest does not change it. With a manifest, a file's articles
    are matched (by exact title, else by index) before any is yielded.

    Examples
    --------
    >>> [a.title for a in read_articles(["seeds/000_41f920e4e54127c5.txt"])]  # doctest: +SKIP
    ['قوات مدعومة من الحكومة الليبية في اشتباكات جنوب طرابلس', 'القرار اتخذ ...']
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            yield InputError(f"unknown encoding {encoding!r}")
            return
    opts = _Options(published, source, encoding, settings.get("max_article_chars"))
    for path in paths:
        if path == "-":
            yield from _read_stdin(opts)
        else:
            yield from _read_path(os.fspath(path), opts)


# --- files and folders ------------------------------------------------------

def _format_of(name: str) -> str | None:
    return FORMATS.get(os.path.splitext(name)[1].lower())


def _read_path(path: str, opts: _Options):
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except FileNotFoundError:
        yield InputError("no such file or folder", path)
        return
    except OSError as err:
        yield InputError(f"cannot open ({err.strerror})", path)
        return
    if is_dir:
        yield from _walk(path, opts, {os.path.realpath(path)})
    elif path.lower().endswith(MANIFEST_SUFFIX):
        yield InputWarning("skipped: a manifest, not articles (it is read with the file it describes)", path)
    else:
        yield from _read_file(path, _format_of(path) or "txt", opts)


def _walk(folder: str, opts: _Options, seen: set):
    """Files of ``folder`` and its subfolders in sorted order (symlink loops visited once)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        yield InputError(f"cannot read folder ({err.strerror})", folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if _is_dir(entry):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                yield from _walk(path, opts, seen)
        elif entry.name.lower().endswith(MANIFEST_SUFFIX):
            continue
        elif (fmt := _format_of(entry.name)) is None:
            yield InputWarning("skipped: not a .txt, .html, .json, .jsonl, .ndjson or .csv file", path)
        else:
            yield from _read_file(path, fmt, opts)


def _is_dir(entry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _read_file(path: str, fmt: str, opts: _Options):
    """Items of one file: its manifest's problems, then its articles, errors and warnings."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:
        yield InputError(f"cannot open ({err.strerror})", path)
        return
    if not stat.S_ISREG(mode):           # /dev/zero would never end, a FIFO would hang
        yield InputError("not a regular file (a device, FIFO or socket): not read", path)
        return
    manifest = None
    manifest_path = _manifest_path(path)
    if os.path.isfile(manifest_path):
        manifest, problems = _load_manifest(manifest_path)
        yield from problems
    try:
        fh = open(path, "rb")
    except OSError as err:
        yield InputError(f"cannot open ({err.strerror})", path)
        return
    with fh:
        try:
            if not fh.seekable():
                fh = io.BytesIO(fh.read())
            yield from _finish(_guarded(_READERS[fmt](fh, path, opts), path), manifest, opts)
        except OSError as err:
            yield InputError(f"cannot read ({err.strerror})", path)


def read_bytes(name: str, data: bytes, *, published=None, source=None, encoding=None):
    """Like :func:`read_articles`, for one file's bytes known by ``name`` (an upload).

    ``name``'s extension picks the format (as for a file), and ``name`` stands
    in messages and origins where a path would.
    """
    opts = _Options(published, source, encoding, settings.get("max_article_chars"))
    reader = _READERS[_format_of(name) or "txt"](io.BytesIO(data), name, opts)
    yield from _finish(_guarded(reader, name), None, opts)


def _read_stdin(opts: _Options):
    raw = sys.stdin.buffer.read()
    fmt = "jsonl" if _looks_like_jsonl(raw, opts.encoding) else "txt"
    yield from _finish(_guarded(_READERS[fmt](io.BytesIO(raw), _STDIN, opts), _STDIN), None, opts)


def _looks_like_jsonl(raw: bytes, forced: str | None) -> bool:
    """True if the first non-blank line of ``raw`` is a JSON object."""
    codec = forced or _bom_codec(raw) or "utf-8"
    if _byte_lines(codec):
        lines = (line.decode(codec, "replace") for line in io.BytesIO(raw))
    else:
        lines = iter(raw.decode(codec, "replace").splitlines())
    first = next((line for line in lines if line.strip()), "").strip().removeprefix("\ufeff")
    try:
        return first.startswith("{") and isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def _guarded(items, path: str):
    """A reader's items; if the reader fails unexpectedly, an InputError for the rest of the file.

    The readers report bad records themselves; this is the last line, so
    that a bug or a third-party parser's failure stops one file, not the ingest.
    """
    try:
        yield from items
    except OSError:
        raise
    except Exception as err:  # noqa: BLE001
        log.warning("%s: reading stopped", path, exc_info=True)
        yield InputError(f"reading stopped ({type(err).__name__}); the rest of the file was not read", path)


def _finish(items, manifest, opts: _Options):
    """Apply the manifest and the command-line overrides to a reader's ``(index, Article)`` items."""
    if manifest is not None:
        items = manifest.apply(list(items))
    for item in items:
        if isinstance(item, tuple):
            article = item[1]
            if opts.published is not None:
                article.published = opts.published
                for key in [k for k in article.meta if k.startswith("published_")]:
                    del article.meta[key]
            if opts.source is not None:
                article.source = opts.source
            yield article
        else:
            yield item


_READERS = {"txt": _txt_articles, "html": _html_articles, "json": _json_articles,
            "jsonl": _jsonl_articles, "csv": _csv_articles}
