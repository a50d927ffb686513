"""Streamlit entry point: a thin page over the geo library.

The map dashboard comes in a later issue; this page parses pasted Arabic
text (or the seed articles) and lists the places found, with the reason
each was placed where it is.
"""
from pathlib import Path

import streamlit as st

SEED = Path(__file__).parent / "seeds" / "000_41f920e4e54127c5.txt"

st.set_page_config(page_title="Marsad: Arabic event map", layout="wide")


@st.cache_resource(show_spinner="Loading the gazetteer (built once, then cached)...")
def load_parser():
    from geo import Geoparser

    return Geoparser()


st.title("Marsad: Arabic place names in news")
# Arabic is written right to left (static CSS; no article text goes into HTML here).
st.markdown("<style>textarea { direction: rtl; text-align: right; }</style>", unsafe_allow_html=True)
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
