"""The dashboard's view (filters, colouring, layers, selection) to and from a URL query string.

A view is shared by link: every filter lives in the query string, and
reopening the link restores it. Values that make no sense (an unknown party,
``from=yesterday``) are dropped with a message naming the parameter; the rest
of the link still applies.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Mapping

from geo.store import EventFilter
from geo.web.briefing import WINDOWS

#: Query parameter -> what it holds (the README lists these).
PARAMS = {
    "from": "first day, YYYY-MM-DD",
    "to": "last day, YYYY-MM-DD",
    "undated": "1 to include events with no date (default), 0 to leave them out",
    "party": "party ids, comma-separated (gna,lna)",
    "type": "event type ids, comma-separated (battles,protests)",
    "country": "ISO country codes, comma-separated (LY,IR)",
    "min_conf": "minimum confidence, 0 to 1",
    "q": "text to find in the event sentences",
    "sources": "only incidents reported by at least this many outlets (1 or more)",
    "colour": "party or type: what the marker colours show",
    "layers": "overlays shown: events, heat, places (comma-separated)",
    "event": "the selected event's id",
    "c": "the map's centre, latitude,longitude in degrees (for example 15.35,44.2)",
    "z": "the map's zoom, 2 to 12",
    "box": "only incidents inside this box: west,south,east,north in degrees, longitude first as in GeoJSON "
           "(9,19,25,34 for Libya); a wall screen of one region",
    "status": "review statuses shown: machine, reviewed, rejected (default machine,reviewed: rejected hidden)",
    "editor": "only incidents these users edited, comma-separated",
    "view": "briefing for the wall-screen view",
    "window": "the wall screen's period: 24h (default), 7d or 30d; its counters, map and list share it",
    "screen": "a wall-screen link's token: read-only, without signing in (python -m geo screens add)",
}
STATUSES = ("machine", "reviewed", "rejected")
_USER = re.compile(r"[^\s,]{1,64}")
LAYERS = ("events", "heat", "places")
_EVENT_ID = re.compile(r"[0-9a-f]{6,40}-a?\d{1,5}")     # a-: an incident an analyst added
_COUNTRY = re.compile(r"[A-Z]{2}")


@dataclass
class View:
    """Everything the query string says."""

    filter: EventFilter = field(default_factory=EventFilter)
    colour_by: str = "party"
    layers: tuple[str, ...] = ("events",)
    event: str | None = None
    briefing: bool = False
    min_sources: int = 1
    screen: str | None = None
    window: str = "24h"
    centre: tuple[float, float] | None = None     # (latitude, longitude)
    zoom: int | None = None


def _known_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code (pycountry's list), or XK (Kosovo, as GeoNames uses it)."""
    return bool(_COUNTRY.fullmatch(code)) and (code in _iso_codes() or code == "XK")


@functools.lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


def _map_view(params, view: View, problems: list[str]) -> None:
    """``c=lat,lon`` and ``z=zoom``: where the map looks; both or neither."""
    centre, zoom = _one(params, "c"), _one(params, "z")
    if not centre and not zoom:
        return
    try:
        lat, lon = (float(x) for x in (centre or "").split(","))
    except ValueError:
        problems.append(f"c={centre!r} is not latitude,longitude; ignored")
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append(f"c={centre!r} is outside -90..90,-180..180; ignored")
        return
    if not (zoom and zoom.isdigit() and 2 <= int(zoom) <= 12):
        problems.append(f"z={zoom!r} is not a zoom from 2 to 12; ignored")
        return
    view.centre, view.zoom = (round(lat, 4), round(lon, 4)), int(zoom)


def _box(value: str | None, problems: list[str]) -> tuple[float, float, float, float] | None:
    """``box=west,south,east,north`` (GeoJSON order: longitude first), or None."""
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        problems.append(f"box={value!r} is not west,south,east,north; ignored")
        return None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        problems.append(f"box={value!r} is not within -180..180 (west < east), -90..90 (south < north); ignored")
        return None
    return west, south, east, north


def summary(problems: list[str]) -> str | None:
    """All the link's problems in one line, or None."""
    return "Link: " + "; ".join(problems) + "." if problems else None


def _one(params: Mapping, name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: str, name: str, problems: list[str]) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        problems.append(f"{name}={value!r} is not a date (YYYY-MM-DD); ignored")
        return None


def _listed(params, name, allowed, problems, normal=str) -> list[str]:
    raw = _one(params, name)
    if not raw:
        return []
    kept = []
    for item in (normal(x.strip()) for x in raw.split(",") if x.strip()):
        if allowed(item):
            kept.append(item)
        else:
            problems.append(f"{name}: {item!r} is not known; ignored")
    return list(dict.fromkeys(kept))


def from_query(params: Mapping, parties: set[str], types: set[str]) -> tuple[View, list[str]]:
    """The view a query string describes, and a message per value dropped.

    Parameters
    ----------
    params : mapping
        Parameter -> string (or list of strings: the last one counts).
    parties, types : set of str
        The party and event-type ids that exist.
    """
    problems: list[str] = []
    flt = EventFilter()
    if (value := _one(params, "from")):
        flt.date_from = _date(value, "from", problems)
    if (value := _one(params, "to")):
        flt.date_to = _date(value, "to", problems)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        problems.append(f"from={flt.date_from} is after to={flt.date_to}; the two were swapped")
        flt.date_from, flt.date_to = flt.date_to, flt.date_from
    flt.include_undated = _one(params, "undated") not in ("0", "false", "no")
    flt.parties = _listed(params, "party", parties.__contains__, problems)
    flt.types = _listed(params, "type", types.__contains__, problems)
    flt.countries = _listed(params, "country", _known_country, problems, str.upper)
    if (value := _one(params, "min_conf")):
        try:
            number = float(value)
        except ValueError:
            problems.append(f"min_conf={value!r} is not a number from 0 to 1; ignored")
        else:
            if 0.0 <= number <= 1.0:
                flt.min_confidence = number
            else:
                problems.append(f"min_conf={value!r} is outside 0 to 1; ignored")
    flt.search = _one(params, "q")
    flt.statuses = _listed(params, "status", STATUSES.__contains__, problems)
    flt.edited_by = _listed(params, "editor", _USER.fullmatch, problems)
    view = View(filter=flt)
    if (value := _one(params, "sources")):
        if value.isdigit() and 1 <= int(value) <= 99:
            view.min_sources = int(value)
        else:
            problems.append(f"sources={value!r} is not a whole number from 1 to 99; ignored")
    colour = _one(params, "colour")
    if colour in ("party", "type"):
        view.colour_by = colour
    elif colour:
        problems.append(f"colour={colour!r} is not party or type; ignored")
    layers = _one(params, "layers")
    if layers == "none":
        view.layers = ()
    elif layers:
        view.layers = tuple(_listed(params, "layers", LAYERS.__contains__, problems)) or view.layers
    event = _one(params, "event")
    if event and _EVENT_ID.fullmatch(event):
        view.event = event
    elif event:
        problems.append(f"event={event!r} is not an event id; ignored")
    view.briefing = _one(params, "view") == "briefing"
    _map_view(params, view, problems)
    flt.bbox = _box(_one(params, "box"), problems)
    win = _one(params, "window")
    if win in WINDOWS:
        view.window = win
    elif win:
        problems.append(f"window={win!r} is not one of {', '.join(WINDOWS)}; ignored")
    view.screen = _one(params, "screen")
    return view, problems


def to_query(view: View) -> dict[str, str]:
    """The query string for ``view``: only what differs from the defaults."""
    flt, out = view.filter, {}
    if flt.date_from:
        out["from"] = flt.date_from
    if flt.date_to:
        out["to"] = flt.date_to
    if not flt.include_undated:
        out["undated"] = "0"
    for name, values in (("party", flt.parties), ("type", flt.types), ("country", flt.countries)):
        if values:
            out[name] = ",".join(values)
    if flt.min_confidence:
        out["min_conf"] = f"{flt.min_confidence:g}"
    if flt.search:
        out["q"] = flt.search
    if flt.statuses and set(flt.statuses) != {"machine", "reviewed"}:
        out["status"] = ",".join(flt.statuses)
    if flt.edited_by:
        out["editor"] = ",".join(flt.edited_by)
    if view.min_sources > 1:
        out["sources"] = str(view.min_sources)
    if view.colour_by != "party":
        out["colour"] = view.colour_by
    if tuple(view.layers) != ("events",):
        out["layers"] = ",".join(view.layers) or "none"
    if view.event:
        out["event"] = view.event
    if view.briefing:
        out["view"] = "briefing"
    if view.centre is not None and view.zoom is not None:
        out["c"] = f"{view.centre[0]:.4f},{view.centre[1]:.4f}"       # latitude first, as in the link
        out["z"] = str(view.zoom)
    if flt.bbox:
        out["box"] = ",".join(f"{v:g}" for v in flt.bbox)             # west,south,east,north (lon first)
    if view.window != "24h":
        out["window"] = view.window
    if view.screen:
        out["screen"] = view.screen
    return out
