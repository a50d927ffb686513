"""Streamlit entry point: a thin page over the geo library.

The map dashboard comes in a later issue. This page shows the events in
the store (the seed articles are loaded when it is empty) and parses pasted
Arabic text, listing the places found with the reason for each.
"""
from pathlib import Path

import streamlit as st

SEED = Path(__file__).parent / "seeds" / "000_41f920e4e54127c5.txt"

st.set_page_config(page_title="Marsad: Arabic event map", layout="wide")


@st.cache_resource(show_spinner="Loading the gazetteer (built once, then cached)...")
def load_parser():
    from geo import Geoparser

    return Geoparser()


@st.cache_data(show_spinner="Reading the event store...")
def load_events():
    from geo.ingesting import Ingester, seed_if_empty
    from geo.store import Store

    with Store() as store:
        seed_if_empty(store, Ingester(store, parser=load_parser()))
        return store.events(), store.path


st.title("Marsad: Arabic events in news")
# Arabic is written right to left (static CSS; no article text goes into HTML here).
st.markdown("<style>textarea { direction: rtl; text-align: right; }</style>", unsafe_allow_html=True)

events, path = load_events()
st.subheader(f"{len(events)} events in the store")
st.caption(f"Store: {path}. Add articles with `python -m geo ingest PATH`.")
st.dataframe(
    [{"date": e["date_start"], "precision": e["date_precision"], "type": e["event_type"],
      "place": e["place_name"], "country": e["country_code"],
      "parties": ", ".join(p["id"] for p in e["parties"]), "actor": e["actor1"], "target": e["actor2"],
      "confidence": e["confidence"], "snippet": e["snippet"], "why": e["reason"]} for e in events],
    width="stretch",
)

st.subheader("Places in a text")
text = st.text_area("Article text", value=SEED.read_text(encoding="utf-8"), height=240)
if text.strip():
    mentions = load_parser().parse(text)
    st.caption(f"{len(mentions)} place mentions")
    st.dataframe(
        [{"text": m.text, "place": m.name, "country": m.country_code, "lat": m.lat, "lon": m.lon,
          "match": m.match, "score": m.score, "offsets": f"{m.start}-{m.end}", "why": "; ".join(m.reasons)}
         for m in mentions],
        width="stretch",
    )
