"""Marsad: the incident map dashboard (``streamlit run app.py``).

Page layout, widgets and cached loaders only; the work is done by the geo
package. ``?view=briefing`` opens the wall-screen view.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import logging
from collections import Counter
import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

import app_review
from geo import settings
from geo.exc import AccessDenied, GeoError, StoreError, StoreUnavailable
from geo.events import EARLIEST, EVENT_TYPES, group_reports, load_parties
from geo.review import require
from geo.ingest import UPLOAD_TYPES, ingest_uploads
from geo.store import EventFilter, Store, exporting
from geo.text import safe_url
from geo.web import briefing, highlighting, mapping, memory, placenames, viewstate, webassets

md = highlighting.markdown_escape

APP_DIR = Path(__file__).parent
BRIEFING = st.query_params.get("view") == "briefing"
st.set_page_config(page_title="Marsad · مرصد", page_icon="🗺️", layout="wide",
                   initial_sidebar_state="collapsed" if BRIEFING else "auto")   # auto: a drawer on a phone
_CLICKED = re.compile(r"\[event ([0-9a-f]+-a?\d+)\]")


# -- cached loaders ---------------------------------------------------------
@st.cache_resource(show_spinner="Loading the gazetteer (built once, then cached)...")
def load_parser():
    from geo import Geoparser

    return Geoparser()


@st.cache_resource(show_spinner=False)
def map_assets() -> dict[str, str]:
    return webassets.install(APP_DIR / "static")


@st.cache_resource(show_spinner="Loading the place names (once)...")
def place_labels() -> bytes:
    return placenames.cached_payload()


@st.cache_resource(show_spinner="First start: adding the sample articles in seeds/...")
def seeded(path: str) -> bool:
    from geo.ingest import Ingester, seed_if_empty

    with Store(path) as store:
        if store.count("articles") == 0:        # the gazetteer is loaded only if there is work
            seed_if_empty(store, Ingester(store, parser=load_parser()))
    return True


def store_state() -> tuple[str, int, int]:
    """(path, generation, event count): the caches below are keyed on the generation."""
    with Store() as store:
        seeded(store.path)
        return store.path, store.generation(), store.count()


def store_generation() -> int:
    """Only the store's generation number: the live check's one small query."""
    with Store() as store:
        return store.generation()


def _filter(query: tuple):
    return viewstate.from_query(dict(query), set(PARTIES), set(EVENT_TYPES))[0].filter


# A resource, not data: shared without a copy per call (100,000 dicts); nothing modifies it.
@st.cache_resource(max_entries=8, show_spinner=False)
def load_events(path: str, gen: int, query: tuple) -> list[dict]:
    with Store(path) as store, memory.no_cycle_collection():
        return store.events(_filter(query))


@st.cache_resource(max_entries=8, show_spinner=False)
def load_grouped(path: str, gen: int, query: tuple) -> list[dict]:
    """The filtered reports folded into incidents (``query``: the filter alone)."""
    events = load_events(path, gen, query)
    with memory.no_cycle_collection():
        return group_reports(events)


def load_incidents(path: str, gen: int, query: tuple) -> list[dict]:
    """The incidents of the view; ``sources`` in the query keeps the widely reported.

    The store read and the grouping are keyed by the filter alone: changing
    the outlets threshold reads nothing again.
    """
    wanted = int(dict(query).get("sources", 1))
    grouped = load_grouped(path, gen, tuple(kv for kv in query if kv[0] != "sources"))
    return grouped if wanted <= 1 else [i for i in grouped if len(i["sources"]) >= wanted]


@st.cache_resource(max_entries=8, show_spinner=False)
def load_map_data(path: str, gen: int, query: tuple, colour_by: str) -> mapping.MapData:
    labels = {pid: party_label(pid) for pid in PARTIES}
    incidents = load_incidents(path, gen, query)
    with memory.no_cycle_collection():
        return mapping.map_data(incidents, colour_by, settings.get("map_max_markers"), labels)


@st.cache_data(max_entries=8, show_spinner=False)
def load_places(path: str, gen: int, date_from, date_to, countries: tuple = ()) -> list:
    with Store(path) as store:
        rows = store.place_counts(date_from, date_to, list(countries))
    # [lat, lon, label, count]: Leaflet order.
    return [[round(r["lat"], 5), round(r["lon"], 5), r["name_ar"] or r["name"] or r["place_id"], r["n"]]
            for r in rows]


@st.cache_data(max_entries=8, show_spinner=False)
def load_map_payload(path: str, gen: int, query: tuple, colour_by: str, date_from, date_to,
                     countries: tuple = ()) -> bytes:
    return mapping.payload(load_map_data(path, gen, query, colour_by),
                           load_places(path, gen, date_from, date_to, countries))


@st.cache_data(max_entries=8, show_spinner=False)
def load_popups(path: str, gen: int, query: tuple, colour_by: str) -> bytes:
    return mapping.popups(load_map_data(path, gen, query, colour_by))


@st.cache_data(max_entries=8, show_spinner=False)
def load_table(path: str, gen: int, query: tuple) -> pd.DataFrame:
    rows = [{"date": mapping.date_label(e), "type": EVENT_TYPES.get(e["event_type"], (e["event_type"],))[0],
             "place": e["place_name_ar"] or e["place_name"], "country": e["country_code"] or "",
             "parties": mapping.parties_label(e), "reports": e["report_count"], "sources": ", ".join(e["sources"]),
             "confidence": e["confidence"], "status": e.get("status") or "machine",
             "edited by": e.get("last_editor") or "", "sentence": _clip(e["snippet"]), "source": e["article_source"],
             "event_id": e["event_id"]}
            for e in load_incidents(path, gen, query)[:settings.get("table_max_rows")]]
    return pd.DataFrame(rows, columns=["date", "type", "place", "country", "parties", "reports", "sources",
                                       "confidence", "status", "edited by", "sentence", "source", "event_id"])


#: Characters of a sentence in the table (the whole sentence is in the article beside the map): the
#: table of thousands of incidents reaches the browser in a fraction of the bytes, and the map sooner.
TABLE_SENTENCE_CHARS = 160


def _clip(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= TABLE_SENTENCE_CHARS else text[:TABLE_SENTENCE_CHARS - 1].rstrip() + "…"


@st.cache_data(max_entries=32, show_spinner=False)
def load_article(path: str, gen: int, event_id: str):
    with Store(path) as store:
        event = store.event(event_id)
        if event is None:
            return None
        aid = event["article_id"]
        return store.article(aid), store.mentions(aid), store.events_of(aid)


@st.cache_data(show_spinner=False)
def date_bounds(path: str, gen: int) -> tuple[dt.date, dt.date]:
    """What the date filters accept: from 1900 (the earliest date an event may have) to the latest
    stored date or today, whichever is later; not Streamlit's ten years around today."""
    with Store(path) as store:
        _first, last = store.date_range()
    today = dt.date.today()
    return EARLIEST, max(dt.date.fromisoformat(last[:10]), today) if last else today


@st.cache_data(show_spinner=False)
def store_editors(path: str, gen: int) -> list[str]:
    with Store(path) as store:
        return sorted({e["user"] for e in store.edit_log()})


def incident_keys(path, gen, query, event_id: str) -> list[str]:
    """The report keys of the incident ``event_id`` belongs to (its own, if it is not in the view)."""
    for i in load_incidents(path, gen, query):
        if any(r["event_id"] == event_id for r in i["reports"]):
            return [r["report_key"] for r in i["reports"]]
    with Store(path) as store:
        event = store.event(event_id)
    return [event["report_key"]] if event else []


@st.cache_data(show_spinner=False)
def store_countries(path: str, gen: int) -> dict[str, int]:
    with Store(path) as store:
        return {k: n for k, n in store.counts_by("country_code").items() if k}


@st.cache_resource(show_spinner=False)
def party_lexicon():
    return load_parties()


PARTIES = {p.id: p for p in party_lexicon().by_id.values()}


def party_label(pid: str) -> str:
    return f"{PARTIES[pid].name_ar} · {PARTIES[pid].name}"


# -- the view: query string <-> widgets -------------------------------------------
def init_view() -> None:
    """Once per session: the widgets start from the link's query string."""
    if "view_ready" in st.session_state:
        return
    view, problems = viewstate.from_query(st.query_params.to_dict(), set(PARTIES), set(EVENT_TYPES))
    flt = view.filter
    st.session_state.update({
        "f_from": pd.Timestamp(flt.date_from).date() if flt.date_from else None,
        "f_to": pd.Timestamp(flt.date_to).date() if flt.date_to else None,
        "f_undated": flt.include_undated, "f_party": flt.parties, "f_type": flt.types,
        "f_country": flt.countries, "f_conf": flt.min_confidence, "f_q": flt.search or "",
        "f_colour": view.colour_by, "f_layers": list(view.layers), "event": view.event,
        "f_sources": view.min_sources, "f_status": flt.statuses, "f_editor": flt.edited_by, "f_window": view.window,
        "map_start": (view.centre, view.zoom),
        "screen": view.screen, "query_problems": problems, "view_ready": True})


def current_view() -> viewstate.View:
    s = st.session_state
    flt = EventFilter(
        date_from=s.f_from.isoformat() if s.f_from else None, date_to=s.f_to.isoformat() if s.f_to else None,
        include_undated=s.f_undated, parties=list(s.f_party), types=list(s.f_type),
        countries=list(s.f_country), min_confidence=float(s.f_conf), search=s.f_q.strip() or None,
        statuses=list(s.f_status), edited_by=list(s.f_editor))
    return viewstate.View(filter=flt, colour_by=s.f_colour, layers=tuple(s.f_layers),
                          event=s.get("event"), briefing=BRIEFING, min_sources=int(s.f_sources), screen=s.get("screen"),
                          window=s.get("f_window", "24h"), centre=s.get("map_start", (None, None))[0],
                          zoom=s.get("map_start", (None, None))[1])


def sidebar(path: str, gen: int) -> None:
    if (days := st.session_state.pop("pending_dates", None)):        # a brush on the timeline
        st.session_state.f_from, st.session_state.f_to = days
    with st.sidebar:
        st.header("Filters")
        c1, c2 = st.columns(2)
        low, high = date_bounds(path, gen)
        c1.date_input("From", value=None, key="f_from", format="YYYY-MM-DD", min_value=low, max_value=high)
        c2.date_input("To", value=None, key="f_to", format="YYYY-MM-DD", min_value=low, max_value=high)
        st.toggle("Include undated events", key="f_undated")
        st.multiselect("Parties", list(PARTIES), key="f_party",
                       format_func=party_label)
        st.multiselect("Event types", list(EVENT_TYPES), key="f_type",
                       format_func=lambda t: f"{EVENT_TYPES[t][1]} · {EVENT_TYPES[t][0]}")
        counts = store_countries(path, gen)
        options = list(dict.fromkeys(list(counts) + list(st.session_state.f_country)))
        st.multiselect("Countries", options, key="f_country",
                       format_func=lambda c: f"{c} ({counts.get(c, 0)})")
        st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="f_conf")
        st.text_input("Find in the sentences", key="f_q", placeholder="طرابلس، قصف، ...")
        st.number_input("Reported by at least N outlets", min_value=1, max_value=99, step=1, key="f_sources")
        st.multiselect("Review status", list(viewstate.STATUSES), key="f_status", placeholder="machine and reviewed",
                       help="Rejected incidents are hidden unless chosen here.")
        editors = store_editors(path, gen)
        st.multiselect("Edited by", list(dict.fromkeys(editors + list(st.session_state.f_editor))), key="f_editor")
        st.header("Map")
        st.radio("Colour markers by", ["party", "type"], key="f_colour", horizontal=True,
                 format_func={"party": "party", "type": "event type"}.get)
        st.multiselect("Layers", list(viewstate.LAYERS), key="f_layers",
                       format_func={"events": "incidents", "heat": "heat map",
                                    "places": "places named without an incident"}.get)


def sync_query(view: viewstate.View) -> None:
    """Write the view into the URL, so the link reopens it. The map writes its centre and zoom
    (c, z) into the address itself, in the browser, without a rerun: those are kept as they are."""
    wanted = viewstate.to_query(view)
    current = st.query_params.to_dict()
    if "c" in current and "z" in current:
        wanted["c"], wanted["z"] = current["c"], current["z"]
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# -- page parts --------------------------------------------------------------------
def draw_map(path, gen, query, view, height, clicks: bool = False) -> str | None:
    """The map; returns the id of the event whose marker was just clicked, if any."""
    data = load_map_data(path, gen, query, view.colour_by)
    for note in data.notes:
        st.info(note)
    blob = load_map_payload(path, gen, query, view.colour_by, view.filter.date_from, view.filter.date_to,
                            tuple(view.filter.countries))
    data_url = webassets.publish(APP_DIR / "static", blob)
    popups_url = webassets.publish(APP_DIR / "static", load_popups(path, gen, query, view.colour_by))
    fmap = mapping.event_map(map_assets(), show=view.layers, tile_url=settings.get("tile_url"),
                             tile_attribution=settings.get("tile_attribution"), wall=BRIEFING,
                             labels_url=webassets.publish(APP_DIR / "static", place_labels()),
                             # Where the link said to look when the page opened: the map's page stays
                             # the same while the analyst pans (a new page would reload the map).
                             location=view.centre, zoom=view.zoom)
    # The filtered incidents go to the map apart from the map itself: a new filter fills the same
    # map again in the browser, where a changed map would be built anew (a second or so more).
    shown = mapping.view_of(data, data_url, colour_by=view.colour_by, popups_url=popups_url,
                            time_control=not BRIEFING)
    out = st_folium(fmap, key="map", height=height, use_container_width=True, feature_group_to_add=shown,
                    returned_objects=["last_object_clicked_popup"] + (["last_clicked"] if clicks else []))
    if clicks and (out or {}).get("last_clicked"):
        point = out["last_clicked"]          # Leaflet's {lat, lng}
        st.session_state.map_click = (point["lat"], point["lng"])
    popup = (out or {}).get("last_object_clicked_popup")
    if popup and popup != st.session_state.get("seen_popup"):
        st.session_state.seen_popup = popup
        found = _CLICKED.search(popup)
        return found.group(1) if found else None
    return None


def event_table(path, gen, query, total: int) -> str | None:
    table = load_table(path, gen, query)
    selected = st.session_state.get("event")
    if selected:                            # the selected incident is marked in the table too
        table = table.assign(**{"▶": (table["event_id"] == selected).map({True: "▶", False: ""})})
        table = table[["▶"] + [c for c in table.columns if c != "▶"]]
    if len(table) < total:
        st.caption(f"The newest {len(table):,} of {total:,} incidents; the downloads have them all.")
    picked = st.dataframe(table, key="table", on_select="rerun", selection_mode="single-row",
                          hide_index=True, width="stretch", height=380,
                          column_config={"confidence": st.column_config.ProgressColumn(
                              "confidence", min_value=0.0, max_value=1.0, format="%.2f"),
                              "sentence": st.column_config.TextColumn("sentence", width="large")})
    rows = picked.selection.rows if picked else []
    chosen = table.iloc[rows[0]]["event_id"] if rows else None
    if chosen and chosen != st.session_state.get("seen_row"):
        st.session_state.seen_row = chosen
        return chosen
    return None


@st.cache_data(max_entries=8, show_spinner=False)
def load_timeline(path: str, gen: int, query: tuple) -> tuple[pd.DataFrame | None, int]:
    return briefing.per_day(load_incidents(path, gen, query))


def timeline(path, gen, query) -> None:
    frame, coarse = load_timeline(path, gen, query)
    if frame is None:
        st.info("No filtered event is dated to the day.")
    else:
        styles = mapping.party_styles(load_incidents(path, gen, query))      # the map's colours
        flt = dict(query)
        chart = briefing.timeline_chart(frame, {p: c for p, (c, _shape) in styles.items()},
                                        {pid: party_label(pid) for pid in PARTIES}, flt.get("from"), flt.get("to"))
        picked = st.altair_chart(chart, on_select="rerun", selection_mode="brush", key="timeline", width="stretch")
        st.caption("Drag across the bars to filter the dates to that period.")
        span = (picked or {}).get("selection", {}).get("brush", {}).get("date")
        if span and len(span) == 2:
            # Altair gives milliseconds since 1970; the sidebar's dates are set before its widgets next run.
            days = [dt.datetime.fromtimestamp(v / 1000, dt.timezone.utc).date() for v in span]
            if days != [st.session_state.get("f_from"), st.session_state.get("f_to")]:
                st.session_state.pending_dates = days
                st.rerun()
    if coarse:
        st.caption(f"{coarse:,} incidents dated only to the week, month or year, undated, or dated before 1900 "
                   "or in the future, are not drawn.")


def article_view(path, gen, query, event_id: str, user) -> None:
    found = load_article(path, gen, event_id)
    if found is None:
        st.warning(f"Event {event_id} is not in the store (any more).")
        return
    art, mentions, events = found
    event = next(e for e in events if e["event_id"] == event_id)
    # Stored text is untrusted: md() keeps it literal in Streamlit's markdown.
    st.subheader(md(f"{EVENT_TYPES.get(event['event_type'], (event['event_type'],))[0]} at "
                    f"{event['place_name_ar'] or ''} {event['place_name'] or ''}".strip()))
    c1, c2, c3 = st.columns(3)
    c1.markdown(f"**Date** {md(mapping.date_label(event))}")
    c2.markdown(f"**Parties** {md(mapping.parties_label(event) or '—')}")
    c3.markdown(f"**Confidence** {event['confidence']:.2f}")
    st.caption(f"Why: {md(event['reason'])}")
    link = safe_url(art["url"])            # a link only to http(s); any other url is shown as text
    where = f"[{md(link)}]({quote(link, safe=':/?#&=%~+,;@!$*')})" if link else md(art["url"] or mapping.origin_label(art["origin"]))
    st.caption(f"Source: {md(art['source'] or '—')} · {where} · event {event_id}")
    kept, skipped = highlighting.usable_mentions(art["text"], mentions)
    st.html(highlighting.CSS + highlighting.article_html(art["text"], mentions, events, event_id))
    if skipped:
        st.warning(f"{skipped} mention(s) have offsets that do not match the text and are not highlighted.")
    st.dataframe(highlighting.mention_rows(mentions), hide_index=True, width="stretch")
    if user is not None:
        gaz = load_parser().gaz if user.may("review") else None
        keys = incident_keys(path, gen, query, event_id)
        keys = [event["report_key"]] + [k for k in keys if k != event["report_key"]]    # the one shown first
        app_review.review_panel(path, event, keys, user, gaz, party_lexicon())
        if user.may("review"):
            next_up = next((i["event_id"] for i in load_incidents(path, gen, query)
                            if (i.get("status") or "machine") == "machine" and i["event_id"] != event_id), None)
            if next_up and st.button("Next incident awaiting review →", key="rv_next"):
                st.session_state.event = next_up
                st.rerun()
        app_review.add_incident_form(path, art, user, gaz, party_lexicon())


def ingest_form(user) -> None:
    try:
        require(user, "ingest")
    except AccessDenied:
        st.info("Adding articles is for analysts and admins: sign in as one." if user else
                "Adding articles needs a signed-in analyst: create the first admin with "
                "`python -m geo users add NAME --role admin`, then sign in.")
        return
    # The last upload's summary stays until the next upload (the map's own reruns must not wipe it).
    if (summary := st.session_state.get("ingest_summary")):
        kind, text, problems = summary
        getattr(st, kind)(text)
        for problem in problems:
            st.error(md(problem))
    with st.form("ingest", clear_on_submit=True):
        files = st.file_uploader("Article files", accept_multiple_files=True, type=UPLOAD_TYPES,
                                 help="Formats as for `python -m geo ingest`: .txt, .jsonl, .json, .csv, .html")
        pasted = st.text_area("Or paste an article", height=160, key="ingest_text")
        c1, c2 = st.columns(2)
        published = c1.date_input("Published", value=None, format="YYYY-MM-DD", key="ingest_published",
                                  min_value=EARLIEST, max_value=dt.date.today(),
                                  help="Overrides the dates in the files.")
        source = c2.text_input("Source (outlet)", key="ingest_source")
        if not st.form_submit_button("Add to the store") or not (files or pasted.strip()):
            return
    require(user, "ingest")                 # again, at the moment of writing
    bar = st.progress(0.0, text="Reading...")
    try:
        with Store() as store:
            from geo.ingest import Ingester

            report = ingest_uploads(
                Ingester(store, parser=load_parser()), [(f.name, f.getvalue()) for f in files or []], pasted,
                published=published.isoformat() if published else None, source=source.strip() or None,
                progress=lambda done, total, name: bar.progress(done / total, text=f"{done} of {total}: {name}"))
    except GeoError:                        # the store itself failed: the log has the details, not the page
        logging.getLogger("marsad").exception("upload not stored")
        st.error("The articles could not be stored (the event store failed); the server's log says why.")
        return
    text = (f"Added {report.added}, replaced {report.replaced}, unchanged {report.unchanged}; "
            f"{report.events} events, {report.mentions} place mentions; rejected {len(report.rejected)}.")
    problems = [str(p) for p in report.rejected] + [f"warning: {w}" for w in report.warnings]
    st.session_state.ingest_summary = ("success" if report.ok else "warning", text, problems)
    st.rerun()


def downloads(path, gen, query) -> None:
    def events():
        return load_incidents(path, gen, query)

    def geojson():
        out = io.StringIO()
        exporting.write_geojson(events(), out)
        return out.getvalue()

    st.download_button("GeoJSON", geojson, "marsad-incidents.geojson",
                       "application/geo+json", on_click="ignore", width="stretch")
    st.download_button("CSV", lambda: exporting.to_csv(events()), "marsad-incidents.csv", "text/csv",
                       on_click="ignore", width="stretch")


# The wall screen fills the screen and never scrolls: type scales with the screen's width (24 px
# figures at 1920, twice that at 4K) and the map takes the height left. Static CSS, no data in it.
WALL_CSS = """<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header, footer { display: none !important; }
html { font-size: clamp(16px, 1.25vw, 56px); }
html, body, [data-testid='stApp'], [data-testid='stAppViewContainer'], [data-testid='stMain'] { overflow: hidden !important; }
.block-container { padding: 0.5rem 1.2rem 0 1.2rem !important; max-width: 100% !important; }
[data-testid='stVerticalBlock'] { gap: 0.35rem; }
[data-testid='stMetricValue'] { font-size: 1.9rem; line-height: 1.1; }
[data-testid='stMetricLabel'] p { font-size: 0.85rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
iframe[title='streamlit_folium.st_folium'] { height: calc(100vh - 10.5rem) !important; }
.marsad-newest { height: calc(100vh - 10.5rem); overflow: hidden; font-size: 0.8rem; }
.marsad-newest h3 { font-size: 1rem; margin: 0 0 0.3rem 0; }
.marsad-newest ol { list-style: none; padding: 0; margin: 0; }
.marsad-newest li { border-bottom: 1px solid #334; padding: 0.25rem 0; }
.marsad-new-head { display: flex; justify-content: space-between; color: #9fb3c8; font-size: 0.7rem; }
.marsad-new-place { font-weight: bold; font-size: 0.95rem; }
.marsad-new-more { color: #c8d2dc; font-size: 0.7rem; }
.marsad-wall-caption { font-size: 0.6rem; color: #8fa3b8; white-space: nowrap; overflow: hidden; }
</style>"""
#: At most this many party tiles on the wall screen (the rest are counted together).
WALL_PARTIES = 6


def wall_clock() -> None:
    """The time where the screen is, with its time zone, ticking in the browser (no server round trip);
    its type grows with the screen (the frame is this page's, so it may size itself). It also fits the
    map and the newest-incidents list to the height left under the header, whatever the header's
    height (a long "as of" title wraps): WALL_CSS's fixed guess cut the map's foot off the screen."""
    components.html("""<div id="c" style="font-weight: 600; color: #e6edf3; text-align: end;
        white-space: nowrap; font-family: system-ui, sans-serif; line-height: 1.3"></div><script>
        var box = document.getElementById("c");
        function size() {
          var px = Math.max(24, Math.round(window.parent.innerWidth / 64));
          box.style.fontSize = px + "px";
          if (window.frameElement) window.frameElement.style.height = Math.ceil(px * 1.4) + "px";
        }
        function tick() {
          var now = new Date(), zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
          box.textContent = now.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"})
            + " " + zone + " · " + now.toISOString().slice(0, 10);
        }
        function fit() {      // the page's last line, the caption, ends at the screen's foot
          var doc = window.parent.document, last = doc.querySelector(".marsad-wall-caption");
          var rows = doc.querySelectorAll("iframe[title='streamlit_folium.st_folium'], .marsad-newest");
          if (!last || !rows.length) return;
          var delta = Math.floor(window.parent.innerHeight - 6 - last.getBoundingClientRect().bottom);
          if (Math.abs(delta) < 2) return;
          rows.forEach(function (el) {
            var height = Math.max(200, Math.floor(el.getBoundingClientRect().height + delta));
            el.style.setProperty("height", height + "px", "important");
          });
        }
        size(); tick(); fit(); setInterval(function () { tick(); fit(); }, 1000);
        window.parent.addEventListener("resize", function () { size(); fit(); });</script>""",
                    height=40)


def briefing_view(path, gen, query, view) -> None:
    st.html(WALL_CSS)
    win = briefing.window(load_incidents(path, gen, query), view.window)
    # The window's incidents: the counters, the map and the list show the same ones.
    wquery = tuple(sorted({**dict(query), "from": win.date_from, "to": win.date_to, "undated": "0"}.items()))
    recent = briefing.in_window(load_incidents(path, gen, wquery), win)
    head = st.columns([3, 2, 2])
    head[0].markdown(f"### Marsad · مرصد — {md(win.label)}")
    with head[2]:
        wall_clock()
    by_party = Counter(p["id"] for e in recent for p in e.get("parties", []))
    top = by_party.most_common(WALL_PARTIES)
    rest = sum(by_party.values()) - sum(n for _, n in top)
    tiles = st.columns(3 + WALL_PARTIES)
    tiles[0].metric("Incidents", f"{len(recent):,}")
    tiles[1].metric("2+ outlets", f"{sum(len(e.get('sources') or []) > 1 for e in recent):,}")
    for col, (party, n) in zip(tiles[2:], top):
        # A party an analyst named (new:...) is free text: a metric's label is markdown.
        col.metric(md(PARTIES[party].name_ar if party in PARTIES else party.removeprefix("new:")), f"{n:,}")
    if rest and len(top) == WALL_PARTIES:
        tiles[-1].metric("other parties", f"{rest:,}")
    left, right = st.columns([4, 1])
    with left:
        draw_map(path, gen, wquery, view, height=700)
    with right:
        names = {t: EVENT_TYPES[t][1] for t in EVENT_TYPES}
        st.html(briefing.newest_html(recent, names, {pid: p.name_ar for pid, p in PARTIES.items()}))
    st.html(f"<div class='marsad-wall-caption'>{len(recent):,} incidents dated to the day in {html.escape(win.label)}"
            f" · window={html.escape(win.name)} · checked for new events every {settings.get('briefing_refresh')} s</div>")


#: Seconds between the open page's checks for new events (None: never).
LIVE_EVERY = (settings.get("briefing_refresh") if BRIEFING else settings.get("live_refresh")) or None
#: Seconds between tries while the store is unavailable.
RETRY_EVERY = 10


@st.fragment(run_every=LIVE_EVERY)
def watch_store(gen: int) -> None:
    """Rerun the page when new events arrive: one small query (the store's generation number), not a
    re-read; the map keeps its position (the link holds it)."""
    try:
        current = store_generation()
    except StoreError:
        st.rerun()                          # the page says the store is unavailable, and retries
    if current != gen:
        st.rerun()


@st.fragment(run_every=RETRY_EVERY)
def retry_store() -> None:
    """While the store is unavailable: try it again, and bring the page back when it answers."""
    try:
        with Store():
            pass
    except StoreError:
        return
    st.rerun()


def store_unavailable(err: StoreError) -> None:
    logging.getLogger(__name__).warning("store unavailable: %s", err)
    st.error(f"**The event store is unavailable.** The map comes back by itself when it answers again "
             f"(tried every {RETRY_EVERY} s). {md(str(err))}")
    retry_store()


def awaiting_review(path, gen, query) -> None:
    """Incidents no analyst has looked at yet, per country."""
    counts: dict[str, int] = {}
    for i in load_incidents(path, gen, query):
        if (i.get("status") or "machine") == "machine":
            counts[i.get("country_code") or "—"] = counts.get(i.get("country_code") or "—", 0) + 1
    if not counts:
        st.success("Every incident in the view has been reviewed.")
        return
    st.caption("Incidents in the view that no analyst has confirmed or rejected yet, per country.")
    st.dataframe(pd.DataFrame(sorted(counts.items(), key=lambda kv: -kv[1]), columns=["country", "awaiting review"]),
                 hide_index=True)


def analyst_view(path, gen, total, query, view, user) -> None:
    st.title("Marsad · مرصد")
    app_review.flash()
    events = load_incidents(path, gen, query)
    reports = sum(i["report_count"] for i in events)
    st.caption(f"{len(events):,} incidents ({reports:,} reports; {total:,} stored in all) match the filters · "
               "click a marker or a table row to read its article · the link in the address bar reopens this view")
    if (said := viewstate.summary(st.session_state.get("query_problems", []))):
        st.caption(f":orange[⚠ {md(said)}]")           # one compact line, the rest of the link applies
    selected = st.session_state.get("event")
    # The selected incident's article beside the map (Streamlit stacks the two on a narrow screen).
    # Two columns either way, so the map keeps its place in the page and is not rebuilt.
    map_col, panel = st.columns([3, 2] if selected else [1000, 1])
    with map_col:
        clicked = draw_map(path, gen, query, view, height=600 if selected else 560,
                           clicks=bool(user and user.may("review")))
    if selected:
        with panel:
            with st.container(height=640, key="article_panel"):
                if st.button("✕ close", key="close_article"):
                    st.session_state.event = None
                    st.rerun()
                article_view(path, gen, query, selected, user)
            scroll_to_sentence(selected)
    names = ["Incidents", "Timeline", "Awaiting review", "Add articles"] + (["Admin"] if user and user.may("admin") else [])
    tabs = dict(zip(names, st.tabs(names)))
    with tabs["Incidents"]:
        picked = event_table(path, gen, query, len(events))
    with tabs["Timeline"]:
        timeline(path, gen, query)
    with tabs["Awaiting review"]:
        awaiting_review(path, gen, query)
    with tabs["Add articles"]:
        ingest_form(user)
    if "Admin" in tabs:
        with tabs["Admin"]:
            app_review.admin_page(path, user)
    chosen = picked or clicked
    if chosen and chosen != st.session_state.get("event"):
        st.session_state.event = chosen
        st.rerun()


def scroll_to_sentence(event_id: str) -> None:
    """Bring the selected sentence into view in the article panel (the frame is this page's own; the
    id in it makes a new frame, so it runs again, for each incident selected)."""
    components.html(f"<!-- {html.escape(event_id)} -->" + """<script>
      var doc = window.parent.document, n = 0;
      var t = setInterval(function () {
        var mark = doc.getElementById("marsad-selected");
        if (mark || ++n > 40) { clearInterval(t); if (mark) mark.scrollIntoView({block: "center"}); }
      }, 100);</script>""", height=0)


def main() -> None:
    # Typed Arabic runs right to left, English left to right (static CSS, no data in it).
    st.html("<style>textarea, input[type='text'] { unicode-bidi: plaintext; text-align: start; }"
            # A phone: the map takes the screen; the title and the notes above it shrink.
            "@media (max-width: 640px) { iframe[title='streamlit_folium.st_folium'] { height: 76vh !important; }"
            " .block-container { padding: 0.4rem 0.5rem !important; } h1 { font-size: 1.2rem !important;"
            " padding: 0 !important; } .stCaptionContainer { font-size: 0.7rem; } }</style>")
    try:
        path, gen, total = store_state()
    except StoreError as err:
        store_unavailable(err)
        return
    try:
        page(path, gen, total)
    except StoreUnavailable as err:          # the server went away while the page was drawn
        store_unavailable(err)


def page(path: str, gen: int, total: int) -> None:
    init_view()
    user = app_review.signed_in(path, st.session_state.get("screen"))
    if not BRIEFING:
        with st.sidebar:
            app_review.account_box(user)
        sidebar(path, gen)
    view = current_view()
    sync_query(view)
    # The filter alone (with the outlets threshold), as sorted query items: the key of the cached reads.
    query = tuple(sorted(viewstate.to_query(viewstate.View(filter=view.filter,
                                                           min_sources=view.min_sources)).items()))
    if not BRIEFING:
        with st.sidebar:
            st.header("Download the filtered events")
            downloads(path, gen, query)
    if BRIEFING:
        briefing_view(path, gen, query, view)
    else:
        analyst_view(path, gen, total, query, view, user)
    watch_store(gen)


main()
