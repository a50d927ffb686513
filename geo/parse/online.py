"""Optional online geocoding fallback through geopy (Nominatim or Photon).

Off by default: with it on, place names taken from analysts' articles leave
the machine.  Switch it on with ``MARSAD_ONLINE_GEOCODER=nominatim`` (or
``photon``), ideally with ``MARSAD_ONLINE_GEOCODER_URL`` pointing at a
self-hosted server.

Every answer, including "not found", is kept in a small SQLite cache
(``<data_dir>/online_geocoder_cache.sqlite``) so that a name is asked at most
once per service.  Requests are spaced by ``online_geocoder_min_delay``
seconds through geopy's :class:`~geopy.extra.rate_limiter.RateLimiter`.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
import unicodedata
from contextlib import closing
from dataclasses import asdict, fields
from typing import Any, Iterable
from urllib.parse import urlsplit

from gazetteer import Place
from geo import settings
from geo.exc import ConfigurationError, GeocoderUnavailable, InputError

__all__ = ["OnlineGeocoder", "from_settings", "is_enabled", "KINDS", "PUBLIC_URLS"]

#: Services that can be built from settings.
KINDS = ("nominatim", "photon")

#: What "public" means for each kind (used in messages only).
PUBLIC_URLS = {
    "nominatim": "https://nominatim.openstreetmap.org",
    "photon": "https://photon.komoot.io",
}

#: Name of the cache file inside the ``data_dir`` setting.
CACHE_FILE = "online_geocoder_cache.sqlite"

#: Seconds to wait before the one retry after a service error.
DEFAULT_ERROR_WAIT = 5.0

#: OSM keys (Nominatim ``class``, Photon ``osm_key``) and their GeoNames
#: feature class; keys not listed give "P".
_OSM_KEY_CLASSES = {
    "boundary": "A",
    "waterway": "H",
    "highway": "R",
    "railway": "R",
    "amenity": "S",
    "building": "S",
    "aeroway": "S",
    "tourism": "S",
    "historic": "S",
    "man_made": "S",
    "leisure": "L",
    "landuse": "L",
}

#: OSM ``natural`` values and their feature class (others give "T").
_NATURAL_CLASSES = {"water": "H", "bay": "H", "strait": "H", "spring": "H",
                    "wood": "V", "scrub": "V", "heath": "V", "grassland": "V"}

#: OSM ``place`` values that are administrative areas rather than towns.
_AREA_PLACES = frozenset({"country", "state", "region", "province", "district",
                          "county", "municipality"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS lookups (
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    query TEXT NOT NULL,
    country_codes TEXT NOT NULL,
    result TEXT NOT NULL,
    stored_at REAL NOT NULL,
    PRIMARY KEY (kind, url, query, country_codes)
)
"""


def is_enabled() -> bool:
    """Tell whether the ``online_geocoder`` setting switches the fallback on.

    Returns
    -------
    bool
        False when the setting is ``off`` (the default) or empty.
    """
    return str(settings.get("online_geocoder")).strip().lower() not in ("", "off")


def from_settings() -> OnlineGeocoder | None:
    """Build the configured online geocoder, or None when it is off.

    Returns
    -------
    OnlineGeocoder or None

    Raises
    ------
    ConfigurationError
        If the ``online_geocoder`` or ``online_geocoder_url`` setting cannot
        be used.
    """
    return OnlineGeocoder() if is_enabled() else None


def normalise_query(name: str) -> str:
    """The cache form of a query: NFKC, case-folded, single spaces.

    Parameters
    ----------
    name : str
        The place name as asked.

    Returns
    -------
    str
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(text.split())


def normalise_country_codes(country_codes: str | Iterable[str] | None) -> str:
    """The cache form of country codes: sorted, lower case, comma-separated.

    Parameters
    ----------
    country_codes : str, iterable of str or None
        ``"LY"``, ``"ly,tn"`` or ``["LY", "TN"]``.

    Returns
    -------
    str
        ``""`` when there is no restriction.
    """
    if country_codes is None:
        return ""
    if isinstance(country_codes, str):
        country_codes = country_codes.split(",")
    codes = {c.strip().lower() for c in country_codes if c and c.strip()}
    return ",".join(sorted(codes))


def _split_url(url: str) -> tuple[str, str]:
    """Split a base URL into geopy's ``(scheme, domain)``; domain keeps a path.

    Raises
    ------
    ConfigurationError
        If ``url`` is not an http(s) URL with a host.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"online_geocoder_url {url!r} is not an http:// or https:// URL with a host "
            f"(set {settings.SETTINGS['online_geocoder_url'].env_var})")
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def _build_geocoder(kind: str, url: str, user_agent: str):
    """Build the geopy geocoder for ``kind`` (geopy is imported here only)."""
    if kind not in KINDS:
        raise ConfigurationError(
            f"unknown online geocoder {kind!r}: expected off, {' or '.join(KINDS)} "
            f"(setting online_geocoder, {settings.SETTINGS['online_geocoder'].env_var})")
    from geopy.geocoders import Nominatim, Photon

    options: dict[str, Any] = {"user_agent": user_agent}
    if url:
        options["scheme"], options["domain"] = _split_url(url)
    cls = Nominatim if kind == "nominatim" else Photon
    return cls(**options)


class OnlineGeocoder:
    """Look up place names the gazetteer lacks in Nominatim or Photon.

    Parameters
    ----------
    geocoder : object, optional
        Any object with a geopy-style ``geocode(query, exactly_one=True,
        language=..., country_codes=...)`` method, used as is (tests pass a
        fake).  Default: built from ``kind``, ``url`` and ``user_agent``.
    kind : str, optional
        ``nominatim`` or ``photon``; default: the ``online_geocoder``
        setting (``custom`` when ``geocoder`` is given).
    url : str, optional
        Base URL of the service; default: the ``online_geocoder_url`` setting
        (empty: the public service).
    user_agent : str, optional
        Default: the ``online_geocoder_user_agent`` setting.
    cache_path : str, optional
        SQLite cache file; default ``<data_dir>/online_geocoder_cache.sqlite``.
        Its folder is created when needed.
    min_delay_seconds : float, optional
        Seconds between requests; default: ``online_geocoder_min_delay``.
    error_wait_seconds : float, optional
        Seconds before the one retry after a service error; default 5 (never
        less than ``min_delay_seconds``).
    language : str, optional
        Language of the returned addresses (``name`` of the places), "en".

    Raises
    ------
    GeocoderUnavailable
        If no ``geocoder`` is given and the setting is ``off``.
    ConfigurationError
        If ``kind`` is unknown or ``url`` is not an http(s) URL.
    """

    def __init__(self, geocoder=None, *, kind=None, url=None, user_agent=None,
                 cache_path=None, min_delay_seconds=None, error_wait_seconds=None,
                 language="en"):
        self.kind = _resolve_kind(kind, geocoder)
        self.url = (settings.get("online_geocoder_url") if url is None else url).strip()
        if geocoder is None:
            agent = user_agent or settings.get("online_geocoder_user_agent")
            geocoder = _build_geocoder(self.kind, self.url, agent)
        self.geocoder = geocoder
        self.language = language
        self.cache_path = cache_path or os.path.join(settings.get("data_dir"), CACHE_FILE)
        self._geocode = _rate_limited(geocoder, min_delay_seconds, error_wait_seconds)

    @property
    def service(self) -> str:
        """Where requests go, for messages: the URL, or the public service."""
        if self.url:
            return self.url
        return PUBLIC_URLS.get(self.kind, f"{self.kind} geocoder")

    def lookup(self, name: str, country_codes=None) -> Place | None:
        """Geocode one place name, through the cache.

        Parameters
        ----------
        name : str
            The place name, as written in the text.
        country_codes : str or iterable of str, optional
            Restrict the search to these ISO 3166-1 alpha-2 countries.

        Returns
        -------
        Place or None
            None when the service does not know the name (the answer is
            cached too, so the name is not asked again).

        Raises
        ------
        InputError
            If ``name`` is empty.
        GeocoderUnavailable
            If the service cannot be reached or answers with an error.
        """
        query = " ".join(name.split())
        if not query:
            raise InputError("the place name to look up online is empty")
        codes = normalise_country_codes(country_codes)
        key = (self.kind, self.url, normalise_query(query), codes)
        found, stored = self._cache_get(key)
        if found:
            return _place_from_json(stored, query)
        place = self._ask(query, codes)
        self._cache_put(key, place)
        return place

    # -- the service -------------------------------------------------------

    def _ask(self, query: str, codes: str) -> Place | None:
        """Call the geocoder; turn network and service errors into ours."""
        from geopy.exc import GeocoderServiceError

        try:
            location = self._call(query, codes)
        except (GeocoderServiceError, OSError) as err:
            raise GeocoderUnavailable(
                f"online geocoder {self.kind} at {self.service} is unreachable "
                f"({type(err).__name__}: {err}); only the gazetteer is used while "
                f"it is unreachable") from err
        if location is None:
            return None
        return location_to_place(location, query, self.kind, self.url)

    def _call(self, query: str, codes: str):
        """One rate-limited request, with the options each kind understands."""
        options: dict[str, Any] = {"exactly_one": True, "language": self.language}
        if self.kind == "photon":
            return self._call_photon(query, codes, options)
        if codes:
            options["country_codes"] = codes.split(",")
        if self.kind == "nominatim":
            options["addressdetails"] = True
        return self._geocode(query, **options)

    def _call_photon(self, query: str, codes: str, options: dict):
        """Photon has no country filter: ask for a few and filter here."""
        if not codes:
            return self._geocode(query, **options)
        options.update(exactly_one=False, limit=10)
        wanted = set(codes.upper().split(","))
        for location in self._geocode(query, **options) or ():
            if _country_code(location.raw or {}) in wanted:
                return location
        return None

    # -- the cache ---------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """Open the cache database, creating its folder and table."""
        folder = os.path.dirname(os.path.abspath(self.cache_path))
        os.makedirs(folder, exist_ok=True)
        connection = sqlite3.connect(self.cache_path)
        connection.execute(_SCHEMA)
        return connection

    def _cache_get(self, key: tuple) -> tuple[bool, Any]:
        """Return ``(True, stored JSON value)`` on a hit, ``(False, None)`` else."""
        with closing(self._connect()) as connection:
            row = connection.execute(
                "SELECT result FROM lookups WHERE kind=? AND url=? AND query=? "
                "AND country_codes=?", key).fetchone()
        if row is None:
            return False, None
        return True, json.loads(row[0])

    def _cache_put(self, key: tuple, place: Place | None) -> None:
        """Store a result; None is stored as JSON null (the negative marker)."""
        value = None if place is None else _place_to_json(place)
        with closing(self._connect()) as connection, connection:
            connection.execute(
                "INSERT OR REPLACE INTO lookups VALUES (?, ?, ?, ?, ?, ?)",
                (*key, json.dumps(value, ensure_ascii=False), time.time()))


def _resolve_kind(kind: str | None, geocoder) -> str:
    """The service kind, from the argument or the setting; refuse ``off``."""
    if kind is None:
        if geocoder is not None:
            return "custom"
        kind = str(settings.get("online_geocoder"))
    kind = kind.strip().lower()
    if kind in ("", "off") and geocoder is None:
        raise GeocoderUnavailable(
            "the online geocoder is off (setting online_geocoder); set "
            f"{settings.SETTINGS['online_geocoder'].env_var}=nominatim or photon to "
            "switch it on (place names will then be sent to that service)")
    return kind


def _rate_limited(geocoder, min_delay_seconds, error_wait_seconds):
    """Wrap ``geocoder.geocode`` in geopy's RateLimiter (one retry, no swallowing)."""
    from geopy.extra.rate_limiter import RateLimiter

    if min_delay_seconds is None:
        min_delay_seconds = float(settings.get("online_geocoder_min_delay"))
    if error_wait_seconds is None:
        error_wait_seconds = DEFAULT_ERROR_WAIT
    return RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds,
                       max_retries=1, swallow_exceptions=False,
                       error_wait_seconds=max(error_wait_seconds, min_delay_seconds))


# -- geopy Location -> Place --------------------------------------------------

def location_to_place(location, name: str, kind: str, url: str = "") -> Place:
    """Turn a geopy :class:`~geopy.location.Location` into a :class:`Place`.

    Parameters
    ----------
    location : geopy.location.Location
        One result of ``geocode``.
    name : str
        The name that was looked up (the only entry of ``names``).
    kind : str
        The service kind, part of ``place_id`` and ``source``.
    url : str, optional
        The service URL ("" for the public one), part of ``source``.

    Returns
    -------
    Place
        ``geo_precision`` 2: an online answer is not checked against the text.
    """
    raw = location.raw if isinstance(location.raw, dict) else {}
    lat, lon = float(location.latitude), float(location.longitude)
    return Place(
        place_id=f"online:{kind}:{_osm_ref(raw) or f'{lat:.5f},{lon:.5f}'}",
        name=location.address or name,
        lat=lat,
        lon=lon,
        country_code=_country_code(raw),
        feature_class=_feature_class(raw),
        feature_code="",
        population=0,
        names=(name,),
        geo_precision=2,
        source=f"online geocoder {kind} ({url or 'public'})",
    )


def _properties(raw: dict) -> dict:
    """Photon keeps its fields under ``properties``; Nominatim at the top."""
    props = raw.get("properties")
    return props if isinstance(props, dict) else {}


def _osm_ref(raw: dict) -> str | None:
    """``node/123``-style reference of a result, or None."""
    props = _properties(raw)
    osm_type = raw.get("osm_type") or props.get("osm_type")
    osm_id = raw.get("osm_id") or props.get("osm_id")
    if not osm_type or osm_id in (None, ""):
        return None
    osm_type = {"N": "node", "W": "way", "R": "relation"}.get(osm_type, osm_type)
    return f"{osm_type}/{osm_id}"


def _country_code(raw: dict) -> str | None:
    """ISO country code from Nominatim ``address`` or Photon ``countrycode``."""
    address = raw.get("address")
    code = address.get("country_code") if isinstance(address, dict) else None
    code = code or _properties(raw).get("countrycode")
    if isinstance(code, str) and re.fullmatch(r"[A-Za-z]{2}", code.strip()):
        return code.strip().upper()
    return None


def _feature_class(raw: dict) -> str:
    """GeoNames feature class from the OSM key/value of a result ("P" default)."""
    props = _properties(raw)
    if props:
        key, value = props.get("osm_key") or "", props.get("osm_value") or ""
    else:
        key = raw.get("class") or raw.get("category") or ""
        value = raw.get("type") or ""
    if key == "place":
        return "A" if value in _AREA_PLACES else "P"
    if key == "natural":
        return _NATURAL_CLASSES.get(value, "T")
    return _OSM_KEY_CLASSES.get(key, "P")


def _place_to_json(place: Place) -> dict:
    """Cacheable form of a place (``names`` is rebuilt from the query)."""
    data = asdict(place)
    data.pop("names")
    return data


def _place_from_json(data: dict | None, name: str) -> Place | None:
    """Rebuild a cached place; None stays None (a cached "not found")."""
    if data is None:
        return None
    known = {f.name for f in fields(Place)} - {"names"}
    return Place(**{k: v for k, v in data.items() if k in known}, names=(name,))
