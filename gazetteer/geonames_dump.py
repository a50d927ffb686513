"""Importer for the standard GeoNames dump format.

Reads a GeoNames main file (``allCountries.txt``, a per-country ``CC.txt`` or
``cities500.txt``: 19 tab-separated columns, no header) and, optionally,
``alternateNamesV2.txt``, and yields one :class:`gazetteer.records.Place` per
row.  Both files are streamed line by line: ``allCountries.txt`` is about
1.5 GB and is never held in memory.  Of the alternate names only those that
matter to an Arabic-first geoparser are kept (Arabic script, or language
``ar``, ``en`` or none).

Format reference: https://download.geonames.org/export/dump/readme.txt
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from gazetteer.records import Place
from geo.exc import GazetteerInputError

__all__ = ["read_geonames_dump", "read_alternate_names", "has_arabic_script",
           "geo_precision_for", "AlternateNames"]

#: Number of columns of a GeoNames main file row.
MAIN_COLUMNS = 19

#: Unicode blocks of the Arabic script: Arabic, Arabic Supplement,
#: Arabic Extended-A, Arabic Presentation Forms-A and -B.
ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

#: ``isolanguage`` values of alternateNamesV2.txt that are not languages
#: (links, postcodes, airport and location codes, Wikidata ids, ...).
PSEUDO_LANGUAGES = frozenset({
    "link", "post", "iata", "icao", "faac", "tcid", "unlc", "wkdt",
    "abbr", "fr_1793", "phon", "piny", "geonames",
})

#: Languages whose alternate names are kept whatever their script.
KEPT_LANGUAGES = frozenset({"ar", "en", ""})

#: Feature codes of class L that cover a large area (geo_precision 3).
LARGE_L_CODES = frozenset({"CONT", "RGN", "RGNE", "RGNH", "RGNL"})

ErrorHandler = Callable[[GazetteerInputError], object]


def has_arabic_script(text: str) -> bool:
    """Tell whether ``text`` contains at least one Arabic-script character.

    Parameters
    ----------
    text : str
        Any string.

    Returns
    -------
    bool
        True when a character falls in one of :data:`ARABIC_RANGES`.
    """
    for char in text:
        code = ord(char)
        for low, high in ARABIC_RANGES:
            if low <= code <= high:
                return True
    return False


def geo_precision_for(feature_class: str, feature_code: str) -> int:
    """Return the ACLED-style precision of a GeoNames feature.

    Parameters
    ----------
    feature_class : str
        GeoNames feature class (``P``, ``A``, ``H``, ...).
    feature_code : str
        GeoNames feature code (``PPLC``, ``ADM1``, ``PCLI``, ...).

    Returns
    -------
    int
        1 for populated places and spots (P, S); 3 for countries and
        first-level divisions (A with PCL* or ADM1), water bodies (H),
        large areas (L with CONT/RGN*) and undersea features (U); 2 for
        everything else (lower divisions, other L, T, R, V).
    """
    if feature_class in ("P", "S"):
        return 1
    if feature_class == "A":
        return 3 if feature_code.startswith("PCL") or feature_code == "ADM1" else 2
    if feature_class in ("H", "U"):
        return 3
    if feature_class == "L":
        return 3 if feature_code in LARGE_L_CODES else 2
    return 2


# --------------------------------------------------------------------------
# Reading lines with file name and line number

def _input_error(message: str, path: str, line: int) -> GazetteerInputError:
    """Build a :class:`GazetteerInputError` whose message starts ``path:line:``.

    The file name and 1-based line number are also kept as the ``source`` and
    ``line`` attributes of the error.
    """
    error = GazetteerInputError(f"{path}:{line}: {message}")
    error.source, error.line = path, line
    return error


def _report(error: GazetteerInputError, on_error: ErrorHandler | None) -> None:
    """Raise ``error``, or hand it to ``on_error`` when one is given."""
    if on_error is None:
        raise error
    on_error(error)


def _report_from(error: GazetteerInputError, cause: Exception,
                 on_error: ErrorHandler | None) -> None:
    """Like :func:`_report`, chaining ``cause`` (``raise ... from``)."""
    if on_error is None:
        raise error from cause
    error.__cause__ = cause
    on_error(error)


def _rows(path: str, on_error: ErrorHandler | None) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_number, columns)`` for each non-blank line of a TSV file.

    The file is read in binary mode and decoded line by line, so that a line
    that is not valid UTF-8 is reported with its number.
    """
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as err:
                _report_from(_input_error(f"not valid UTF-8 ({err})", path, number),
                             err, on_error)
                continue
            if text.strip():
                yield number, text.split("\t")


# --------------------------------------------------------------------------
# alternateNamesV2.txt

@dataclass(slots=True)
class AlternateNames:
    """Names of one GeoNames feature kept from alternateNamesV2.txt.

    Attributes
    ----------
    names : list of str
        Kept names in file order, without duplicates.
    name_ar : str or None
        Best Arabic display name seen so far.
    name_ar_rank : int
        Rank of ``name_ar`` (lower is better, see :func:`_arabic_rank`).
    """

    names: list[str] = field(default_factory=list)
    name_ar: str | None = None
    name_ar_rank: int = 99

    def add(self, name: str, rank: int | None) -> None:
        """Add ``name``; make it the Arabic display name if it ranks better."""
        if name not in self.names:
            self.names.append(name)
        if rank is not None and rank < self.name_ar_rank:
            self.name_ar, self.name_ar_rank = name, rank


def _is_kept_alternate(language: str, name: str) -> bool:
    """Tell whether an alternate name is worth keeping."""
    if not name or language in PSEUDO_LANGUAGES:
        return False
    return language in KEPT_LANGUAGES or has_arabic_script(name)


def _flag(columns: list[str], index: int) -> bool:
    """Read a ``1``/empty flag column (missing columns count as empty)."""
    return len(columns) > index and columns[index].strip() == "1"


def _arabic_rank(language: str, columns: list[str]) -> int | None:
    """Rank a name as Arabic display name: None if it is not an ``ar`` name.

    0: preferred, 1: plain, 2: preferred but historic or colloquial,
    3: historic or colloquial.
    """
    if language.split("-")[0] != "ar":
        return None
    rank = 0 if _flag(columns, 4) else 1
    if _flag(columns, 6) or _flag(columns, 7):
        rank += 2
    return rank


def read_alternate_names(path: str | os.PathLike,
                         on_error: ErrorHandler | None = None
                         ) -> dict[int, AlternateNames]:
    """Stream alternateNamesV2.txt and keep the names an Arabic geoparser needs.

    Kept: names in Arabic script, or whose language is ``ar``, ``en`` or
    empty.  Skipped: pseudo languages (``link``, ``post``, ``iata``,
    ``wkdt``, ...; see :data:`PSEUDO_LANGUAGES`).  Historic and colloquial
    names are kept as names, but lose to current ones as Arabic display name.

    Parameters
    ----------
    path : str or path-like
        alternateNamesV2.txt (10 columns; the older 8-column
        alternateNames.txt is read as well).
    on_error : callable, optional
        Called with a :class:`~geo.exc.GazetteerInputError` for each bad row;
        without it the first bad row raises.

    Returns
    -------
    dict of int to AlternateNames
        Keyed by geonameid.

    Raises
    ------
    GazetteerInputError
        A row has fewer than 4 columns or a non-numeric geonameid (only when
        ``on_error`` is None).
    """
    path = os.fspath(path)
    table: dict[int, AlternateNames] = {}
    for number, columns in _rows(path, on_error):
        if len(columns) < 4:
            _report(_input_error(
                f"expected at least 4 tab-separated columns, got {len(columns)}",
                path, number), on_error)
            continue
        language, name = columns[2].strip().lower(), columns[3].strip()
        if not _is_kept_alternate(language, name):
            continue
        geonameid = columns[1].strip()
        if not geonameid.isdigit():
            _report(_input_error(
                f"geonameid {geonameid!r} is not a number", path, number), on_error)
            continue
        entry = table.setdefault(int(geonameid), AlternateNames())
        entry.add(name, _arabic_rank(language, columns))
    return table


# --------------------------------------------------------------------------
# Main file rows

def _parse_coordinate(value: str, label: str, limit: float) -> float:
    """Parse a latitude or longitude and check its range.

    Raises
    ------
    ValueError
        With a message naming ``label`` (no file or line: the caller adds them).
    """
    try:
        number = float(value)
    except ValueError as err:
        raise ValueError(f"{label} {value!r} is not a number") from err
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise ValueError(f"{label} {value!r} is out of range [-{limit:g}, {limit:g}]")
    return number


def _parse_population(value: str) -> int:
    """Parse the population column (empty means 0)."""
    value = value.strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError as err:
        raise ValueError(f"population {value!r} is not a whole number") from err


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Strip names, drop empty ones and duplicates, keep the first order."""
    seen: dict[str, None] = {}
    for name in names:
        name = name.strip()
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def _pick_name_ar(names: tuple[str, ...], alternates: AlternateNames | None) -> str | None:
    """Preferred ``ar`` name, else first ``ar`` name, else first Arabic-script name."""
    if alternates is not None and alternates.name_ar is not None:
        return alternates.name_ar
    for name in names:
        if has_arabic_script(name):
            return name
    return None


def _place_from_columns(columns: list[str], source: str,
                        alternates: dict[int, AlternateNames]) -> Place:
    """Build a :class:`Place` from the 19 columns of a main-file row.

    Raises
    ------
    ValueError
        If a column cannot be parsed (the message names the column).
    """
    geonameid = columns[0].strip()
    if not geonameid.isdigit():
        raise ValueError(f"geonameid {geonameid!r} is not a number")
    lat = _parse_coordinate(columns[4], "latitude", 90.0)
    lon = _parse_coordinate(columns[5], "longitude", 180.0)
    population = _parse_population(columns[14])
    extra = alternates.get(int(geonameid))
    names = _unique([columns[1], columns[2], *columns[3].split(","),
                     *(extra.names if extra else ())])
    feature_class, feature_code = columns[6].strip(), columns[7].strip()
    return Place(
        place_id=f"geonames:{int(geonameid)}",
        name=columns[1].strip() or columns[2].strip(),
        lat=lat,
        lon=lon,
        country_code=columns[8].strip().upper() or None,
        feature_class=feature_class,
        feature_code=feature_code,
        population=population,
        names=names,
        name_ar=_pick_name_ar(names, extra),
        geo_precision=geo_precision_for(feature_class, feature_code),
        source=source,
        admin1=columns[10].strip(),
    )


def read_geonames_dump(path: str | os.PathLike,
                       alternate_names_path: str | os.PathLike | None = None,
                       *,
                       keep: Callable[[Place], bool] | None = None,
                       on_error: ErrorHandler | None = None) -> Iterator[Place]:
    """Stream the places of a GeoNames dump file.

    Parameters
    ----------
    path : str or path-like
        A GeoNames main file: ``allCountries.txt``, ``CC.txt`` or
        ``cities500.txt`` (19 tab-separated columns, UTF-8, no header).
    alternate_names_path : str or path-like, optional
        ``alternateNamesV2.txt``; its Arabic, English and language-less names
        are added to the places (see :func:`read_alternate_names`).  It is
        read in full (filtered) when iteration starts.
    keep : callable, optional
        Predicate ``Place -> bool``; places for which it is false are skipped.
    on_error : callable, optional
        Called with a :class:`~geo.exc.GazetteerInputError` for each bad row,
        after which reading goes on with the next row.  Without it the first
        bad row raises.

    Yields
    ------
    Place
        ``place_id`` ``geonames:<id>``, names from the name, asciiname and
        alternatenames columns plus the alternate names file (deduplicated,
        order kept), ``name_ar`` the preferred Arabic name (else the first
        ``ar`` name, else the first Arabic-script name), ``source``
        ``GeoNames dump <basename>``.

    Raises
    ------
    GazetteerInputError
        A row has the wrong number of columns, a non-numeric geonameid,
        latitude, longitude or population, or coordinates out of range; the
        message names the file and the 1-based line number.
    OSError
        A file cannot be opened.
    """
    path = os.fspath(path)
    alternates: dict[int, AlternateNames] = {}
    if alternate_names_path is not None:
        alternates = read_alternate_names(alternate_names_path, on_error)
    source = f"GeoNames dump {os.path.basename(path)}"
    for number, columns in _rows(path, on_error):
        place = _parse_row(path, number, columns, source, alternates, on_error)
        if place is not None and (keep is None or keep(place)):
            yield place


def _parse_row(path: str, number: int, columns: list[str], source: str,
               alternates: dict[int, AlternateNames],
               on_error: ErrorHandler | None) -> Place | None:
    """Parse one main-file row; report a bad one and return None."""
    if len(columns) != MAIN_COLUMNS:
        _report(_input_error(
            f"expected {MAIN_COLUMNS} tab-separated columns, got {len(columns)}",
            path, number), on_error)
        return None
    try:
        return _place_from_columns(columns, source, alternates)
    except ValueError as err:
        _report_from(_input_error(str(err), path, number), err, on_error)
        return None

