"""Articles uploaded or pasted in the dashboard, ingested file by file.

The upload keeps each file's name, whose extension tells its format (as on
the command line: ``.txt``, ``.jsonl``, ``.json``, ``.csv``, ``.html``), so
the same readers and the same messages apply, with the uploaded name in
place of a path.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Callable

from .ingesting import Ingester, IngestReport

#: Extensions the file uploader accepts (the formats geo.reading reads).
UPLOAD_TYPES = ["txt", "jsonl", "json", "csv", "html", "htm"]
PASTED = "pasted.txt"
_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(name: str, used: set[str]) -> str:
    """A plain file name for an uploaded name (no folders), unique among ``used``."""
    stem = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or "upload.txt"
    candidate, n = stem, 1
    while candidate in used:
        n += 1
        candidate = f"{Path(stem).stem}_{n}{Path(stem).suffix}"
    used.add(candidate)
    return candidate


def ingest_uploads(ingester: Ingester, files: list[tuple[str, bytes]], pasted: str = "", *,
                   published: str | None = None, source: str | None = None,
                   progress: Callable[[int, int, str], None] | None = None) -> IngestReport:
    """Ingest uploaded files and pasted text; one report for all of them.

    Parameters
    ----------
    ingester : geo.ingesting.Ingester
    files : list of (name, bytes)
        Uploaded files, by the name the user's machine gave them.
    pasted : str
        Text pasted into the page: one article (or several in the seed format).
    published, source : str, optional
        Publication date and outlet for every article (override the files' own).
    progress : callable, optional
        Called as ``progress(done, total, name)`` after each file.

    Messages name the uploaded file (and line), not the temporary copy.
    """
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as tmp:
        items, used = [], set()
        for name, data in files:
            path = Path(tmp) / safe_name(name, used)
            path.write_bytes(data)
            items.append((name, path))
        if pasted.strip():
            path = Path(tmp) / safe_name(PASTED, used)
            path.write_text(pasted, encoding="utf-8")
            items.append(("pasted text", path))
        for done, (name, path) in enumerate(items, 1):
            before = len(report.rejected), len(report.warnings)
            ingester.ingest([str(path)], published=published, source=source, report=report)
            for problem in report.rejected[before[0]:] + report.warnings[before[1]:]:
                _rename(problem, str(path), name)
            if progress:
                progress(done, len(items), name)
    return report


def _rename(problem, temp_path: str, name: str) -> None:
    """Point a message at the uploaded name instead of the temporary file."""
    if getattr(problem, "source", None) and str(problem.source).startswith(temp_path):
        problem.source = name + str(problem.source)[len(temp_path):]
    if isinstance(getattr(problem, "message", None), str):
        problem.message = problem.message.replace(temp_path, name)
    if problem.args and isinstance(problem.args[0], str):
        problem.args = (problem.args[0].replace(temp_path, name),) + problem.args[1:]
