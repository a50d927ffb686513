"""What the dashboard needs that is not Streamlit itself.

Takes stored events, articles and the page's query string; gives the map's
data file and its folium map (:mod:`~geo.web.mapping`, with its browser side
in ``data/marsad-map.js``), the view and filters to and from the URL
(:mod:`~geo.web.viewstate`), the map's scripts, styles and basemap served
from this machine (:mod:`~geo.web.webassets`), an article as escaped HTML
with its mentions highlighted (:mod:`~geo.web.highlighting`) and the
briefing and wall-screen figures (:mod:`~geo.web.briefing`), the basemap's place
names from the gazetteer (:mod:`~geo.web.placenames`), the cycle collector
paused while a large view is built (:mod:`~geo.web.memory`), and the server guard that
``serve.py`` puts in front of Streamlit (:mod:`~geo.web.serving`: foreign Host
headers refused, static files same-origin only).

``app.py`` imports these modules from here and stays thin. Nothing in this
package imports Streamlit, and no stage below imports this package.
"""
from geo.web import briefing, highlighting, mapping, memory, placenames, viewstate, webassets
from geo.web.serving import GuardedServer

__all__ = ["GuardedServer", "briefing", "highlighting", "mapping", "memory", "placenames", "viewstate", "webassets"]
