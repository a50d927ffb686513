"""Reading input documents and articles.

Two families of readers, exported here from the modules named below:

* :func:`read_text` and :func:`read_jsonl` give :class:`Document` objects to
  ``python -m geo parse`` and ``bench``. ``text``: each file (or standard
  input) is one document. ``jsonl``: each line is ``{"id": ..., "text": ...,
  "published": optional}``. A bad line is reported as an
  :class:`~geo.exc.InputError` naming the file and line, and reading goes on
  with the next one.
* :func:`read_articles` gives :class:`Article` objects to ``python -m geo
  ingest``: files and folders of ``.txt`` (plain or the seed format of
  ``seeds/``), ``.html``, ``.json``, ``.jsonl``/``.ndjson`` and ``.csv``, in
  UTF-8, UTF-16 or Windows-1256, with an optional ``NAME.manifest.json``
  beside each file. It never raises for bad input: each problem is yielded
  as an :class:`~geo.exc.InputError` (the record or file is skipped) or an
  :class:`~geo.exc.InputWarning` (something was ignored), and reading goes on.

The work is split by step: :mod:`~geo.ingest.reading.documents` (``parse`` and
``bench``), :mod:`~geo.ingest.reading.articles` (``ingest``: files, folders,
standard input), :mod:`~geo.ingest.reading.plain` (.txt and .html files),
:mod:`~geo.ingest.reading.records` (JSON, JSONL and CSV records),
:mod:`~geo.ingest.reading.manifests` (sidecar manifests),
:mod:`~geo.ingest.reading.decoding` (encodings, binary files, sizes),
:mod:`~geo.ingest.reading.markup` (HTML to text) and :mod:`~geo.ingest.reading.common`
(what several of them share).
"""
from geo.ingest.reading.articles import FORMATS, read_articles, read_bytes
from geo.ingest.reading.common import MANIFEST_SUFFIX, Article, compose_text
from geo.ingest.reading.documents import Document, read_jsonl, read_text
from geo.ingest.reading.markup import has_markup, html_to_text
from geo.ingest.reading.plain import TITLE_MAX_CHARS
from geo.ingest.reading.records import FIELDS

__all__ = ["Article", "Document", "FIELDS", "compose_text", "FORMATS", "MANIFEST_SUFFIX", "TITLE_MAX_CHARS",
           "has_markup", "html_to_text", "read_articles", "read_bytes", "read_jsonl", "read_text"]
