"""The incident map: stored events -> a folium map drawn from compact data arrays.

The markers, heat map and plain-mention places are built in the browser by
``geo/web/data/marsad-map.js`` from one JSON file per map, one array per layer
(FastMarkerCluster style): handing 10,000 folium Markers to a browser takes tens
of seconds, one array a fraction of one. All JavaScript and CSS are served from this machine
(:mod:`geo.web.webassets`); with no tile server configured, country outlines from
Natural Earth are the basemap.
"""
from __future__ import annotations

import datetime as dt

import json
import re
from dataclasses import dataclass, field

import folium
from branca.element import MacroElement
from folium.template import Template

from geo.events import EVENT_TYPES
from geo.text import safe_url
from geo.web.webassets import CSS, JS

MAX_ZOOM = 12           # outlines are simplified to about 5 km: closer shows nothing more
FIT_MAX_ZOOM = 7        # the view fitted to the events never zooms in further than this
NO_PARTY = ("none", "No party named", "#8a8f98")
#: Party colours on the map: twelve that stay apart for colour-blind eyes too (Okabe and Ito's seven
#: without black, white, and four of Paul Tol's muted scheme), none of them NO_PARTY's grey. The
#: parties of a view get them by how often they lead an incident; beyond twelve the colours repeat
#: on square markers.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#FFFFFF",
           "#CC6677", "#999933", "#AA4499", "#44AA99")
SHAPES = ("circle", "square", "diamond")
EVENT_FIELDS = ["id", "type", "date", "place", "snippet", "place_start", "place_end",
                "parties", "source", "url", "confidence", "others", "review", "day"]
#: At most this many of an incident's other reports are listed in its popup.
POPUP_REPORTS = 5
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}")
_ROLE = {"actor1": "actor", "actor2": "target", "named": "named"}
BASEMAP_STYLE = {"color": "#5b7083", "weight": 0.8, "fillColor": "#1f2d3a", "fillOpacity": 1}


def to_js(value) -> str:
    """JSON for a script, safe inside ``<script>`` too (``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


_EPOCH = dt.date(1970, 1, 1)


def day_number(event: dict) -> int | None:
    """Days from 1970-01-01 to the incident's day, for the map's time slider; None unless it is
    dated to the day or the week (a month or a year cannot be placed on a day)."""
    if event.get("date_precision") not in ("day", "week") or not event.get("date_start"):
        return None
    try:
        return (dt.date.fromisoformat(event["date_start"][:10]) - _EPOCH).days
    except ValueError:
        return None


def review_label(event: dict) -> str:
    """``reviewed by ana`` / ``rejected: not an incident`` / ``not reviewed yet`` (machine)."""
    status = event.get("status") or "machine"
    if status == "machine":
        return "not reviewed yet · click to review"
    who = f" by {event['last_editor']}" if event.get("last_editor") else ""
    return f"{status}{who}" + (f": {event['reject_reason']}" if status == "rejected" and event.get("reject_reason") else "")


def origin_label(origin: str | None) -> str:
    """Where an article without a URL came from, as shown to readers: the file's name and line,
    not the server's folders (``/srv/marsad/seeds/a.txt:30`` -> ``a.txt:30``).

    Examples
    --------
    >>> origin_label("/srv/marsad/seeds/a.txt:30"), origin_label(None)
    ('a.txt:30', '')
    """
    return (origin or "").replace("\\", "/").rsplit("/", 1)[-1]


def date_label(event: dict) -> str:
    """``2020-05 (month, approx.)``, ``2024-03-05 dawn`` or ``undated``."""
    start, precision = event.get("date_start"), event.get("date_precision") or "unknown"
    if not start:
        return "undated"
    shown = {"year": start[:4], "month": start[:7]}.get(precision, start)
    if precision == "week" and event.get("date_end"):
        shown = f"{start} – {event['date_end']}"
    notes = [precision] + (["approx."] if event.get("date_approximate") else [])
    tod = f" {event['time_of_day']}" if event.get("time_of_day") else ""
    return f"{shown}{tod} ({', '.join(notes)})"


def parties_label(event: dict) -> str:
    """``actor: GNA · target: LNA`` from the event's parties."""
    return " · ".join(f"{_ROLE.get(p['role'], p['role'])}: {p['name'] or p['id']}"
                      for p in event.get("parties", []))


def lead_party(event: dict) -> str | None:
    """The id of the party an incident is drawn for: the actor, else the target, else one named."""
    ranked = sorted(event.get("parties", []), key=lambda p: ("actor1", "actor2", "named").index(p["role"])
                    if p["role"] in _ROLE else 3)
    return ranked[0]["id"] if ranked else None


def party_styles(events: list[dict]) -> dict[str, tuple[str, str]]:
    """Party id -> (colour, shape) for these incidents: the parties that lead the most incidents
    first (then those only named), so the twelve commonest get distinct colours as circles, the
    next ones squares, then diamonds. The map, its legend and the timeline share it."""
    leads: dict[str, int] = {}
    named: dict[str, int] = {}
    for e in events:
        if (pid := lead_party(e)):
            leads[pid] = leads.get(pid, 0) + 1
        for p in e.get("parties", []):
            named[p["id"]] = named.get(p["id"], 0) + 1
    order = sorted(named, key=lambda pid: (-leads.get(pid, 0), -named[pid], pid))
    return {pid: (PALETTE[k % len(PALETTE)], SHAPES[min(k // len(PALETTE), len(SHAPES) - 1)])
            for k, pid in enumerate(order)}


def category(event: dict, colour_by: str, labels: dict | None = None,
             styles: dict | None = None) -> tuple[str, str, str]:
    """(key, label, colour) of the marker: its event type, or its leading party.

    ``labels`` maps party ids to the names shown (default: the stored name); ``styles`` gives the
    party colours of the view (:func:`party_styles`; default: the lexicon's).
    """
    if colour_by == "type":
        english, arabic, colour = EVENT_TYPES.get(event["event_type"], (event["event_type"], "", NO_PARTY[2]))
        return event["event_type"], f"{arabic} · {english}" if arabic else english, colour
    ranked = sorted(event.get("parties", []), key=lambda p: ("actor1", "actor2", "named").index(p["role"])
                    if p["role"] in _ROLE else 3)
    if not ranked:
        return NO_PARTY
    lead = ranked[0]
    colour = styles[lead["id"]][0] if styles and lead["id"] in styles else lead["colour"]
    return lead["id"], (labels or {}).get(lead["id"]) or lead["name"] or lead["id"], colour


def _safe_colour(colour: str | None) -> str:
    return colour if colour and _COLOUR.fullmatch(colour) else NO_PARTY[2]


@dataclass
class MapData:
    """The arrays behind one map, and what was left out."""

    events: dict
    legend: list
    heat: list
    bounds: list | None
    shown: int
    total: int
    notes: list = field(default_factory=list)


def map_data(events: list[dict], colour_by: str = "party", max_markers: int = 20000,
             labels: dict | None = None) -> MapData:
    """Compact arrays for the marker, heat and legend layers.

    Parameters
    ----------
    events : list of dict
        Events as :meth:`geo.store.sqlite.Store.events` returns them (newest first).
    colour_by : {"party", "type"}
    max_markers : int
        At most this many markers (the newest); the heat map keeps them all.
    labels : dict, optional
        Party id -> name for the legend (e.g. Arabic and English).
    """
    if colour_by not in ("party", "type"):
        raise ValueError(f"colour_by must be 'party' or 'type', not {colour_by!r}")
    located = [e for e in events if e.get("lat") is not None and e.get("lon") is not None]
    shown = located[:max_markers]
    cats: dict[str, list] = {}
    types = list(EVENT_TYPES) + sorted({e["event_type"] for e in located} - set(EVENT_TYPES))
    styles = party_styles(shown) if colour_by == "party" else {}
    rows = []
    for e in shown:
        key, label, colour = category(e, colour_by, labels, styles)
        shape = styles.get(key, (None, "circle"))[1]
        cat = cats.setdefault(key, [len(cats), label, _safe_colour(colour), 0, shape])
        cat[3] += 1
        url = safe_url(e.get("url"))
        place = " / ".join(x for x in (e.get("place_name_ar"), e.get("place_name")) if x)
        if e.get("country_code"):
            place += f" ({e['country_code']})"
        # [lat, lon] first: Leaflet's order (GeoJSON export is lon, lat).
        rows.append([round(e["lat"], 5), round(e["lon"], 5), cat[0], e["event_id"],
                     types.index(e["event_type"]), date_label(e), place, e["snippet"],
                     e["place_start"], e["place_end"], parties_label(e),
                     e.get("article_source") or "", url, round(e["confidence"], 2), _others(e), review_label(e),
                     day_number(e)])
    data = {"fields": ["lat", "lon", "c"] + EVENT_FIELDS, "rows": rows,
            "colours": [c[2] for c in sorted(cats.values())],
            "shapes": [c[4] for c in sorted(cats.values())],
            "types": [EVENT_TYPES.get(t, (t, t))[:2] for t in types],
            "typeColours": [_safe_colour(EVENT_TYPES.get(t, ("", "", None))[2]) for t in types]}
    legend = [[c[1], c[2], c[3], c[4]] for c in sorted(cats.values(), key=lambda c: -c[3])]
    heat = [[round(e["lat"], 4), round(e["lon"], 4)] for e in located]
    bounds = None
    if located:
        lats, lons = [e["lat"] for e in located], [e["lon"] for e in located]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]    # [[south, west], [north, east]]
    notes = []
    if len(located) < len(events):
        notes.append(f"{len(events) - len(located):,} events have no coordinates")
    if len(shown) < len(located):
        notes.append(f"the map shows the newest {len(shown):,} of {len(located):,} events as markers; "
                     "the heat map and the downloads include all of them")
    return MapData(data, legend, heat, bounds, len(shown), len(located), notes)


class _Layer(folium.map.Layer):
    """A layer made in the browser by one ``Marsad.*`` call (see marsad-map.js)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.call }};
        {% endmacro %}
        """)

    def __init__(self, call: str, name: str, show: bool = True, control: bool = True):
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "MarsadLayer"
        self.call = call


class _Call(MacroElement):
    """One ``Marsad.*`` call on the map (``{map}`` in ``call`` is the map's variable)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this.call.replace("{map}", this._parent.get_name()) }};
        {% endmacro %}
        """)

    def __init__(self, call: str):
        super().__init__()
        self._name = "MarsadCall"
        self.call = call


class _Show(MacroElement):
    """``Marsad.show(spec)``: the incidents, legend and time control of one filtered view."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        Marsad.show({{ this.spec }});
        {% endmacro %}
        """)

    def __init__(self, spec: dict):
        super().__init__()
        self._name = "MarsadShow"
        self.spec = to_js(spec)


class _Wall(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
        Marsad.wall({{ this._parent.get_name() }});
        {% endmacro %}
        """)

    def __init__(self):
        super().__init__()
        self._name = "MarsadWall"


def _others(incident: dict) -> list:
    """``[count, [[source, date, sentence], ...]]``: the incident's other reports, for its popup."""
    others = [r for r in incident.get("reports", ()) if r["event_id"] != incident["event_id"]]
    return [len(others), [[r.get("source") or "", r.get("date_start") or "", r.get("snippet") or ""]
                          for r in others[:POPUP_REPORTS]]]


#: What a marker needs before its popup opens; the rest (the sentence, the source...) is in the
#: popups' file, fetched when the first popup opens (:func:`popups`): a tenth of the bytes to draw.
MARKER_FIELDS = ["lat", "lon", "c", "id", "type", "day"]


def payload(data: MapData, places: list | None = None) -> bytes:
    """The JSON file behind a map: markers, heat points and places (see :func:`event_map`).

    ``places`` are ``[lat, lon, label, count]`` per place named outside any event.
    """
    fields = data.events["fields"]
    keep = [fields.index(f) for f in MARKER_FIELDS]
    events = {**data.events, "fields": MARKER_FIELDS, "rows": [[row[k] for k in keep] for row in data.events["rows"]]}
    return _json({"events": events, "heat": data.heat, "places": places or []})


def popups(data: MapData) -> bytes:
    """The popups' JSON file: the other fields of each marker, in the markers' order."""
    fields = data.events["fields"]
    keep = [k for k, f in enumerate(fields) if f not in MARKER_FIELDS or f == "id"]
    return _json({"fields": [fields[k] for k in keep], "rows": [[row[k] for k in keep] for row in data.events["rows"]]})


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_map(assets: dict[str, str], *, show: tuple[str, ...] = ("events",), tile_url: str = "",
              tile_attribution: str = "", wall: bool = False, labels_url: str | None = None,
              location: tuple[float, float] | None = None, zoom: int | None = None) -> folium.Map:
    """The map's frame, using only files served by this app: the basemap, the place names, the
    controls, and the incident, heat and places layers, empty until :func:`view_of` fills them.

    The frame does not change when the filters do, so the page keeps it (and the analyst's view)
    and only the small :func:`view_of` group is sent again (streamlit-folium's
    ``feature_group_to_add``), instead of the whole map being built anew.

    Parameters
    ----------
    assets : dict
        Asset name -> URL, from :func:`geo.web.webassets.install`.
    show : tuple of str
        Overlays visible on opening, among ``events``, ``heat``, ``places``;
        the others can be ticked on in the layer control.
    tile_url, tile_attribution : str
        An online tile layer, used only when a URL is configured.
    wall : bool
        For a wall screen: no zoom or layer controls, and text large enough to read from 3 m.
    labels_url : str, optional
        Where the browser fetches the place names (:func:`geo.web.placenames.payload`).
    location, zoom : optional
        Open here ((latitude, longitude) and zoom, as a link gave them) instead of fitting the events.
    """
    m = folium.Map(location=list(location) if location and zoom else [25, 20], zoom_start=zoom or 3, tiles=None,
                   control_scale=not wall, world_copy_jump=True, zoom_control=not wall)
    # folium gives max_zoom to its tile layer only; marker clustering needs it on the map.
    m.options.update(maxZoom=MAX_ZOOM, minZoom=2)
    # Every script and style sheet comes from this server (folium's defaults are CDN URLs).
    m.default_js = [(name, assets[name]) for name in JS]
    m.default_css = [(name, assets[name]) for name in CSS]
    m.add_child(_Call("Marsad.fill({map})"))
    if tile_url:
        folium.TileLayer(tile_url, attr=tile_attribution or tile_url, name="Tiles",
                         max_zoom=MAX_ZOOM).add_to(m)
    _Layer(f"Marsad.basemap({to_js(assets['countries.geojson'])}, {to_js(BASEMAP_STYLE)})",
           "Country outlines", show=not tile_url).add_to(m)
    if labels_url:
        _Layer(f"Marsad.labels({to_js(labels_url)})", "Place names", show=not tile_url).add_to(m)
    _Layer("Marsad.places()", "Places named without an incident", show="places" in show).add_to(m)
    _Layer("Marsad.heat({radius: 18, blur: 16, maxZoom: 9})", "Heat map", show="heat" in show).add_to(m)
    _Layer("Marsad.events()", "Incidents", show="events" in show).add_to(m)
    if wall:
        m.add_child(_Wall())
    else:
        folium.LayerControl(collapsed=True).add_to(m)      # open on hover or tap; it hid the popups
        m.add_child(_Call("Marsad.follow({map})"))
        m.add_child(_Call("Marsad.tools({map})"))
    # The link's view, kept; else the first view_of fits the map to its events.
    m.add_child(_Call(f"Marsad.keepView({to_js(bool(location and zoom))})"))
    return m


def view_of(data: MapData, data_url: str, *, colour_by: str = "party", popups_url: str | None = None,
            time_control: bool = True) -> folium.FeatureGroup:
    """What the map of :func:`event_map` shows: the filtered incidents, as one small group.

    Parameters
    ----------
    data : MapData
        From :func:`map_data`: its legend and bounds.
    data_url : str
        Where the browser fetches :func:`payload` (see :func:`geo.web.webassets.publish`).
    colour_by : str
        ``party`` or ``type``: the legend's title.
    popups_url : str, optional
        Where the browser fetches the popups' file (:func:`popups`) when the first popup opens.
    time_control : bool
        Draw the time slider and playback under the map (not on a wall screen).
    """
    spec = {"url": data_url, "popups": popups_url,
            "title": "Event type" if colour_by == "type" else "Party (actor first)",
            "legend": data.legend, "time": time_control,
            # Bounds are [[south, west], [north, east]] (Leaflet's order).
            "bounds": data.bounds or None, "maxZoom": FIT_MAX_ZOOM}
    group = folium.FeatureGroup(name="Marsad view", control=False)
    group.add_child(_Show(spec))
    return group


def whole_map(data: MapData, assets: dict[str, str], data_url: str, *, colour_by: str = "party",
              popups_url: str | None = None, **frame) -> folium.Map:
    """:func:`event_map` with :func:`view_of` in it: one standalone page (a saved map, a test)."""
    m = event_map(assets, **frame)
    view_of(data, data_url, colour_by=colour_by, popups_url=popups_url,
            time_control=not frame.get("wall")).add_to(m)
    return m
