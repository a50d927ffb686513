"""Ingesting with a Dask cluster: workers on many machines parse, this process writes the store.

For backfills bigger than one machine (``python -m geo ingest --dask
tcp://HOST:8786 PATHS``). Each Dask worker loads the parser (gazetteer and
model) once, when it joins (:class:`ParserPlugin`); this process reads the
files, checks each article against the store, sends batches to the cluster and
stores the results in input order, exactly as ``--jobs`` does
(:func:`geo.ingest.parallel.take_batches`), so the store ends the same
whichever path was used. Point it at the team's PostgreSQL store so that
dashboards see the backfill as it lands. Workers need this program and its
requirements installed, and one thread each (``--nthreads 1``: parsing is
Python, threads do not help); see docs/operations.md.
"""
from __future__ import annotations

from geo.exc import ConfigurationError
from geo.ingest.parallel import analyse_task, start_worker, take_batches

try:
    from distributed import Client, WorkerPlugin
except ImportError:  # pragma: no cover - the hint is raised when --dask is used
    Client = WorkerPlugin = None

#: Articles per batch for each worker of the cluster.
PER_WORKER = 32


class ParserPlugin(WorkerPlugin or object):
    """Loads the parser and event extractor in each worker once, with the analysts' local names."""

    name = "marsad-parser"

    def __init__(self, local=()):
        self.local = list(local)

    def setup(self, worker) -> None:
        start_worker(self.local)


def take_dask(ingester, items, explicit_date, progress, report, address: str):
    """Ingest ``items`` with the Dask scheduler at ``address`` doing the parsing (see the module notes)."""
    if Client is None:
        raise ConfigurationError('ingest --dask needs Dask: pip install "dask[distributed]"')
    try:
        client = Client(address, timeout="30s")
    except (OSError, TimeoutError) as err:
        raise ConfigurationError(f"cannot reach the Dask scheduler at {address} ({err})") from err
    try:
        client.register_plugin(ParserPlugin(ingester.local_names()))
        workers = max(1, len(client.scheduler_info()["workers"]))

        def submit(tasks):
            futures = client.map(analyse_task, tasks, pure=False)
            return lambda: client.gather(futures)

        return take_batches(ingester, submit, items, explicit_date, progress, report, PER_WORKER * workers)
    finally:
        client.close()
