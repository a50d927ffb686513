"""Marsad's server: the dashboard (``app.py``) behind the host and static-file guard.

    streamlit run serve.py

Streamlit finds the ``app`` below and serves ``app.py`` through it, with every
setting of ``.streamlit/config.toml``; :class:`geo.web.GuardedServer`
adds what those settings cannot (see its docstring). ``streamlit run app.py``
still works, without the guard.
"""
import altair  # noqa: F401  (the timeline's charts: imported while the server starts, not by the first page)
import streamlit as st
from starlette.middleware import Middleware

from geo.web import GuardedServer

app = st.App("app.py", middleware=[
    Middleware(GuardedServer, allowed_hosts=st.get_option("server.allowedHosts") or [])])
