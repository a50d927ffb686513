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
        return take_batches(ingester, lambda fn, tasks: pool.map(fn, tasks, chunksize=4), items, explicit_date, progress, report, BATCH)


def take_batches(ingester, map_in_order, items, explicit_date, progress, report, size: int):
    """Ingest ``items`` in batches of ``size``: ``map_in_order(analyse_task, tasks)`` analyses a batch
    elsewhere (a process pool, a Dask cluster) and gives the results in order; this process stores them."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            _run(ingester, map_in_order, batch, explicit_date, progress, report)
            batch = []
    if batch:
        _run(ingester, map_in_order, batch, explicit_date, progress, report)
    return report


def _run(ingester, map_in_order, batch, explicit_date, progress, report) -> None:
    jobs = [_prepare(ingester, item, report, explicit_date) for item in batch]
    tasks = [(item, job.aid, job.period) for item, job in zip(batch, jobs) if job is not None]
    results = iter(map_in_order(analyse_task, tasks))
    for item, job in zip(batch, jobs):
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
