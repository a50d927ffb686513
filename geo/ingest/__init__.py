"""Ingest: files, folders, uploads and pasted text in, stored articles and events out.

Takes paths (``.txt`` and the seed format, ``.html``, ``.json``, ``.jsonl``,
``.csv``, folders, standard input) or uploaded bytes; reads them into
:class:`Article` objects (:mod:`~geo.ingest.reading`: formats, encodings,
sidecar manifests, a message naming the file and line for each bad record),
runs the parser and the event rules on each, and writes each article with its
mentions and events to the store in one transaction. Gives an
:class:`IngestReport` (added, replaced, unchanged, rejected with reasons).

Modules: :mod:`~geo.ingest.reading` (readers), :mod:`~geo.ingest.ingesting`
(the article-by-article loop and the seeds) and :mod:`~geo.ingest.uploading`
(files uploaded or pasted in the dashboard), :mod:`~geo.ingest.watching` (news
feeds polled, :mod:`~geo.ingest.fetching` for their HTTP and
:mod:`~geo.ingest.feedlist` for the feeds file), :mod:`~geo.ingest.dropping`
(drop folders), :mod:`~geo.ingest.parallel` and :mod:`~geo.ingest.distributed`
(worker processes, a Dask cluster).

It uses :mod:`geo.parse`, :mod:`geo.events` and :mod:`geo.store`; it never
imports the web helpers.
"""
from geo.ingest.ingesting import IngestReport, Ingester, article_id, ingest, seed_if_empty
from geo.ingest.reading import FORMATS, Article, Document, read_articles, read_bytes, read_jsonl, read_text
from geo.ingest.uploading import UPLOAD_TYPES, ingest_uploads, pasted_name, upload_name
from geo.ingest.feedlist import Feed, read_feeds
from geo.ingest.fetching import Fetcher
from geo.ingest.dropping import DropReport, take_folder
from geo.ingest.watching import FeedResult, Watcher, watch

__all__ = ["DropReport", "Feed", "FeedResult", "Fetcher", "Watcher", "read_feeds", "take_folder", "watch",
           "FORMATS", "UPLOAD_TYPES", "Article", "Document", "IngestReport", "Ingester", "article_id", "ingest",
           "ingest_uploads", "pasted_name", "read_articles", "read_bytes", "read_jsonl", "read_text",
           "seed_if_empty", "upload_name"]
