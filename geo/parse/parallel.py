"""Parsing many documents in worker processes: the same mentions, in the same order, as one process.

:func:`parse_many` takes ``(id, text)`` pairs and yields, in input order,
``(id, mentions, error)``: the mentions as :meth:`Mention.to_dict` dicts, or
the name of the exception that stopped that one document (the others go on).
With ``jobs`` above 1 the documents are parsed by that many worker processes,
each with its own :class:`~geo.parse.geoparser.Geoparser` (the gazetteer is
loaded once per worker from the cache); one process reads and writes.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator

from geo.exc import GeoError

log = logging.getLogger(__name__)

#: Documents handed to a worker at a time: enough to keep the pipe quiet, few enough to stay in order.
CHUNK = 8
_parser = None


def parse_many(docs: Iterable[tuple[str, str]], jobs: int = 1) -> Iterator[tuple[str, list | None, str | None]]:
    """Mentions of each ``(id, text)`` in ``docs``, in input order, with ``jobs`` processes.

    Parameters
    ----------
    docs : iterable of (str, str)
        Document ids and texts; read lazily.
    jobs : int
        Worker processes; 1 parses in this process.

    Raises
    ------
    ValueError
        If ``jobs`` is below 1.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if jobs == 1:
        _start()
        yield from map(_parse, docs)
        return
    with multiprocessing.get_context().Pool(jobs, initializer=_start) as pool:
        yield from pool.imap(_parse, docs, chunksize=CHUNK)


def _start() -> None:
    global _parser
    if _parser is None:
        from geo.parse.geoparser import Geoparser

        _parser = Geoparser()


def _parse(doc: tuple[str, str]) -> tuple[str, list | None, str | None]:
    doc_id, text = doc
    try:
        return doc_id, [m.to_dict() for m in _parser.parse(text)], None
    except (GeoError, MemoryError):
        raise
    except Exception as err:  # noqa: BLE001 - one document must never stop the run
        log.warning("document %s not parsed", doc_id, exc_info=True)
        return doc_id, None, type(err).__name__
