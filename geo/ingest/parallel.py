"""Ingesting with worker processes: they parse and find events; this process reads and writes the store.

:func:`take_parallel` is what :meth:`Ingester.take` does with ``jobs`` above 1.
Items are handled in batches of :data:`BATCH`, in input order: each
article is checked against the store here, analysed by a worker
(:func:`geo.ingest.ingesting.analyse`), then stored here in one transaction.
The store ends as with one process; an article the same batch already
stored counts as unchanged, as it would.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections import deque

from geo.exc import GeoError, InputError, InputWarning
from geo.ingest.ingesting import analyse

log = logging.getLogger(__name__)

#: Items read before their articles are sent to the workers.
BATCH = 64
#: Fewer items than this are ingested in the calling process (starting workers costs more).
MIN_ITEMS = BATCH
_worker = None


def take_parallel(ingester, items, explicit_date, progress, report, jobs: int):
    """Ingest ``items`` with ``jobs`` worker processes into ``report`` (see the module notes)."""
    local = ingester.local_names()        # the analysts' aliases and stops, as one process would use them
    with multiprocessing.get_context().Pool(jobs, initializer=start_worker, initargs=(local,)) as pool:
        def submit(tasks):
            return pool.map_async(analyse_task, tasks, chunksize=4).get
        return take_batches(ingester, submit, items, explicit_date, progress, report, BATCH)


def take_batches(ingester, submit, items, explicit_date, progress, report, size: int, ahead: int = 1):
    """Ingest ``items`` in batches of ``size``, analysed elsewhere (a process pool, a Dask cluster).

    ``submit(tasks)`` sends a batch's ``(article, id, period)`` tasks to :func:`analyse_task` and
    returns a callable that waits for their results, in order. ``ahead`` batches are sent before the
    oldest is stored, so the workers parse while this process writes. Each item's counts, warnings
    and rejections go into ``report`` in input order, as one process would put them.
    """
    queue = deque()
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            queue.append(_send(ingester, submit, batch, explicit_date))
            batch = []
            if len(queue) > ahead:
                _store(ingester, *queue.popleft(), progress, report)
    if batch:
        queue.append(_send(ingester, submit, batch, explicit_date))
    while queue:
        _store(ingester, *queue.popleft(), progress, report)
    return report


def _send(ingester, submit, batch, explicit_date):
    """Check a batch against the store and send what is new to the workers."""
    from geo.ingest.ingesting import IngestReport

    scratch = [IngestReport() for _ in batch]      # each item's own counts, merged when it is stored
    jobs = [_prepare(ingester, item, own, explicit_date) for item, own in zip(batch, scratch)]
    tasks = [(item, job.aid, job.period) for item, job in zip(batch, jobs) if job is not None]
    return batch, jobs, scratch, submit(tasks)


def _store(ingester, batch, jobs, scratch, wait, progress, report) -> None:
    results = iter(wait())
    for item, job, own in zip(batch, jobs, scratch):
        report.unchanged += own.unchanged
        report.warnings += own.warnings
        report.rejected += own.rejected
        if isinstance(item, InputWarning):
            report.warnings.append(item)
        elif isinstance(item, InputError):
            report.rejected.append(item)
        elif job is not None:
            analysis, failure = next(results)
            if failure:
                report.rejected.append(InputError(failure, item.origin))
            else:
                _commit(ingester, item, job, analysis, report)
        if progress:
            progress(item)


def _prepare(ingester, item, report, explicit_date):
    if isinstance(item, (InputWarning, InputError)):
        return None
    try:
        return ingester.prepare(item, report, explicit_date)
    except (GeoError, MemoryError):
        raise
    except Exception as err:  # noqa: BLE001 - one article must never stop the ingest
        log.exception("%s: not ingested", item.origin)
        report.rejected.append(InputError(f"not ingested: internal error ({type(err).__name__})", item.origin))
        return None


def _commit(ingester, art, job, analysis, report) -> None:
    try:
        ingester.commit(art, job, analysis, report)
    except (GeoError, MemoryError):
        raise
    except Exception as err:  # noqa: BLE001
        log.exception("%s: not ingested", art.origin)
        report.rejected.append(InputError(f"not ingested: internal error ({type(err).__name__})", art.origin))


def start_worker(local=()) -> None:
    """Load this worker process's parser (the gazetteer and model) and event extractor, once."""
    global _worker
    from geo.events import EventExtractor
    from geo.parse import Geoparser

    parser = Geoparser()
    if local:
        parser.set_local_names(local)
    _worker = (parser, EventExtractor())


def analyse_task(task):
    """Analyse one ``(article, id, period)`` in a worker: ``(analysis, None)`` or ``(None, failure)``."""
    art, aid, period = task
    try:
        return analyse(*_worker, art, aid, period), None
    except GeoError as err:
        return None, f"not ingested: {err}"
    except MemoryError:
        raise
    except Exception as err:  # noqa: BLE001 - one article must never stop the ingest
        log.exception("%s: not ingested", art.origin)
        return None, f"not ingested: internal error ({type(err).__name__})"
