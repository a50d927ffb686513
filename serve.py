"""Marsad's server: the dashboard (``app.py``) behind the host and static-file guard.

    streamlit run serve.py

Streamlit finds the ``app`` below and serves ``app.py`` through it, with every
setting of ``.streamlit/config.toml``; :class:`geo.web.GuardedServer`
adds what those settings cannot (see its docstring). ``streamlit run app.py``
still works, without the guard.
"""
# What the page imports, imported while the server starts rather than by the first page:
# the timeline's charts, the table, the map's folium, and the geo stages the page calls.
# Not streamlit_folium: a component declared before the server runs is not served.
import altair  # noqa: F401
import folium.plugins  # noqa: F401
import pandas  # noqa: F401
import streamlit as st
import streamlit.emojis  # noqa: F401  (the page icon is checked against it)

import geo.events  # noqa: F401
import geo.ingest  # noqa: F401
import geo.parse  # noqa: F401
import geo.review  # noqa: F401
import geo.store  # noqa: F401
import geo.web  # noqa: F401
from starlette.middleware import Middleware

from geo.web import GuardedServer

app = st.App("app.py", middleware=[
    Middleware(GuardedServer, allowed_hosts=st.get_option("server.allowedHosts") or [])])
