"""Articles uploaded or pasted in the dashboard, ingested file by file.

Each upload is read from its bytes under the name the user's machine gave it
(:func:`geo.ingest.reading.read_bytes`): its extension tells the format, as on the
command line (``.txt``, ``.jsonl``, ``.json``, ``.csv``, ``.html``), and the
same readers give the same messages, naming the uploaded file and line.
"""
from __future__ import annotations

import hashlib
from pathlib import PureWindowsPath
from typing import Callable

from geo.ingest.ingesting import Ingester, IngestReport
from geo.ingest.reading import read_bytes

#: Extensions the file uploader accepts (the formats geo.ingest.reading reads).
UPLOAD_TYPES = ["txt", "jsonl", "json", "csv", "html", "htm"]


def upload_name(name: str) -> str:
    """The file name alone (browsers may send a path, with either slash)."""
    return PureWindowsPath(name).name or "upload.txt"


def pasted_name(text: str) -> str:
    """A name for pasted text, from its content, for messages (a name never identifies an article)."""
    return f"pasted-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:10]}.txt"


def ingest_uploads(ingester: Ingester, files: list[tuple[str, bytes]], pasted: str = "", *,
                   published: str | None = None, source: str | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Ingest uploaded files and pasted text; one report for all of them.

    Parameters
    ----------
    ingester : geo.ingest.ingesting.Ingester
    files : list of (name, bytes)
        Uploaded files, by the name the user's machine gave them.
    pasted : str
        Text pasted into the page: one article (or several in the seed format).
    published, source : str, optional
        Publication date and outlet for every article (override the files' own).
    progress : callable, optional
        Called as ``progress(done, total, name)`` after each file.
    """
    items = [(upload_name(name), data) for name, data in files]
    if pasted.strip():
        items.append((pasted_name(pasted), pasted.encode("utf-8")))
    report = IngestReport()
    for done, (name, data) in enumerate(items, 1):
        ingester.take(read_bytes(name, data, published=published, source=source),
                      explicit_date=published is not None, report=report)
        if progress:
            progress(done, len(items), name)
    return report
