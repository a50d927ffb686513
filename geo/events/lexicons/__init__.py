"""The editable lexicons (CSV files in this folder) and their reader.

``parties.csv`` and ``triggers.csv`` are read by :mod:`geo.events.parties` and
:mod:`geo.events.triggers`; the ``parties_file`` and ``triggers_file`` settings
point at edited copies. ``docs/lexicons.md`` describes the columns.
"""
from __future__ import annotations

import csv
import functools
from pathlib import Path

from geo import settings
from geo.exc import ConfigurationError
from geo.text import PhraseIndex

HERE = Path(__file__).resolve().parent


def path_of(setting: str, default_name: str) -> Path:
    """The lexicon file named by ``setting``, or the built-in one."""
    return Path(settings.get(setting) or HERE / default_name)


def read_rows(path, required: tuple[str, ...]):
    """Rows of a lexicon CSV as ``(line_number, dict)``.

    Raises
    ------
    ConfigurationError
        If the file cannot be read, lacks a required column, or a row has
        the wrong number of fields; the message names the file and line.
    """
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or ())]
            if missing:
                raise ConfigurationError(f"{path}:1: missing column(s): {', '.join(missing)}")
            rows = []
            for row in reader:
                if None in row or any(v is None for v in row.values()):
                    raise ConfigurationError(f"{path}:{reader.line_num}: wrong number of fields")
                rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ConfigurationError(f"{path}: cannot read lexicon ({err})") from err


def phrase_index(entries, path) -> PhraseIndex:
    """A :class:`~geo.text.phrases.PhraseIndex` of a lexicon's phrases; a bad phrase names the file."""
    try:
        return PhraseIndex(entries)
    except ValueError as err:
        raise ConfigurationError(f"{path}: {err}") from err


def load(factory, setting: str, default_name: str, path=None):
    """``factory(path)`` for ``path``, else the file the setting names, else the built-in one.

    Cached per factory and file, so each lexicon is read once per process.
    """
    return _load(factory, str(path or path_of(setting, default_name)))


@functools.lru_cache(maxsize=8)
def _load(factory, path: str):
    return factory(path)
