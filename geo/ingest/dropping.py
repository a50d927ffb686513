"""Drop folders: files that arrive in a folder (removable media, a one-way link) ingested once each.

:func:`take_folder` looks at the files directly in a folder (any format
``ingest`` reads, with their ``.manifest.json`` sidecars), skips those still
being written (changed less than ``settle`` seconds ago, or named ``*.part``,
``*.tmp`` or starting with a dot), and ingests each new or changed one: a file
is known by its name and a hash of its content, so the same file dropped
again is not read again (it is put away with the others), and a changed
one is read. Then it is moved:

- to ``processed/`` when its articles were read (a ``NAME.errors.txt`` beside
  it lists the records that were not, with their lines);
- to ``rejected/`` with ``NAME.reason.txt`` saying why, when nothing in it
  could be read.

A name already taken in ``processed/`` or ``rejected/`` gets the content hash
added, so nothing is overwritten. With ``keep=True`` (media that cannot be
written) files stay where they are and the store remembers them.
"""
from __future__ import annotations

import hashlib
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from geo.exc import StoreError
from geo.ingest.reading import MANIFEST_SUFFIX

log = logging.getLogger(__name__)
PROCESSED, REJECTED = "processed", "rejected"
_SKIP_SUFFIXES = (".part", ".tmp", ".crdownload", ".reason.txt", ".errors.txt")


@dataclass
class DropReport:
    """What one look at a drop folder did."""

    folder: str
    ingested: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    skipped: int = 0
    #: Files taken before (the same name and content): not read again.
    duplicates: int = 0
    added: int = 0
    events: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def take_folder(ingester, folder: str, *, jobs: int = 1, keep: bool = False, settle: float = 10.0,
                now: float | None = None) -> DropReport:
    """Ingest the new and changed files of ``folder`` once each (see the module notes)."""
    root = Path(folder).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder")
    now = time.time() if now is None else now
    report = DropReport(str(root))
    for path in sorted(root.iterdir()):
        if not _candidate(path):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue                                   # moved away meanwhile
        if now - stat.st_mtime < settle:
            report.skipped += 1                        # still arriving: next time
            continue
        digest = _sha256(path)
        if ingester.store.feeds.drop_file(str(root), path.name, digest):
            if not keep:                               # the same file again: nothing to read, put it away
                _move(root, path, PROCESSED, digest)
            report.duplicates += 1
            continue
        _take_file(ingester, root, path, digest, jobs, keep, report)
    return report


def _candidate(path: Path) -> bool:
    name = path.name
    return (path.is_file() and not name.startswith(".") and not name.endswith(_SKIP_SUFFIXES)
            and not name.endswith(MANIFEST_SUFFIX))


def _take_file(ingester, root: Path, path: Path, digest: str, jobs: int, keep: bool, report: DropReport) -> None:
    try:
        result = ingester.ingest([str(path)], jobs=jobs)
    except StoreError:                  # the store failing is not the file's fault: stop, keep the file
        raise
    except Exception as err:  # noqa: BLE001 - one file must never stop the folder
        log.exception("%s: not ingested", path)
        reasons = [f"not ingested: internal error ({type(err).__name__})"]
        read = 0
    else:
        reasons = [str(e) for e in result.rejected]
        read = result.added + result.replaced + result.unchanged
        report.added += result.added + result.replaced
        report.events += result.events
    rejected = read == 0
    status = REJECTED if rejected else PROCESSED
    note = "\n".join(reasons or ["the file holds no article"]) + "\n" if rejected or reasons else None
    (report.rejected if rejected else report.ingested).append(path.name)
    if rejected:
        log.warning("%s: rejected: %s", path, "; ".join(reasons) or "no article")
    if not keep:
        target = _move(root, path, status, digest)
        if note:
            suffix = ".reason.txt" if rejected else ".errors.txt"
            target.with_name(target.name + suffix).write_text(note, encoding="utf-8")
    ingester.store.feeds.mark_drop_file(str(root), path.name, digest, status, note)


def _move(root: Path, path: Path, status: str, digest: str) -> Path:
    """Move the file (and its manifest) into ``root/status``, never over another file."""
    dest_dir = root / status
    dest_dir.mkdir(exist_ok=True)
    target = dest_dir / path.name
    if target.exists():
        target = dest_dir / f"{path.stem}.{digest[:12]}{path.suffix}"
    n = 1
    while target.exists():
        target = dest_dir / f"{path.stem}.{digest[:12]}.{n}{path.suffix}"
        n += 1
    shutil.move(str(path), str(target))
    manifest = path.with_name(path.stem + MANIFEST_SUFFIX)       # its sidecar, NAME.manifest.json
    if manifest.exists():
        shutil.move(str(manifest), str(target.with_name(target.stem + MANIFEST_SUFFIX)))
    return target


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
