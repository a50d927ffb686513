"""The map's JavaScript, CSS and basemap, served from this machine.

folium loads Leaflet and its plugins from CDNs, which an air-gapped machine
cannot reach (streamlit-folium then draws a zero-height frame, with no error).
Here the same files are taken from Python packages that the requirements
install (the XStatic packages, and folium itself for Leaflet.heat) and copied
into the app's ``static/`` folder, which Streamlit serves at ``/app/static/``
when ``server.enableStaticServing`` is on. Nothing is fetched from a network.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import tempfile
from pathlib import Path

from geo.exc import ConfigurationError

#: URL under which Streamlit serves the app's ``static/`` folder.
STATIC_URL = "/app/static"
#: Subfolder of ``static/`` that this module owns (rewritten when files change).
FOLDER = "marsad"
DATA = Path(__file__).parent / "data"
#: This project's own files: the layer code, its styles and the basemap.
OWN = ["marsad-map.js", "marsad-map.css", "countries.geojson"]

#: name -> (module whose files hold it, path in that module's data folder).
#: ``BASE_DIR`` is the XStatic convention; folium keeps its copy in ``templates/``.
FILES = {
    "leaflet.js": ("xstatic.pkg.leaflet", "leaflet.js"),
    "leaflet.css": ("xstatic.pkg.leaflet", "leaflet.css"),
    "images/layers.png": ("xstatic.pkg.leaflet", "images/layers.png"),
    "images/layers-2x.png": ("xstatic.pkg.leaflet", "images/layers-2x.png"),
    "leaflet.markercluster.js": ("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
    "leaflet-heat.js": ("folium", "leaflet_heat.min.js"),
}
JS = ["leaflet.js", "leaflet.markercluster.js", "leaflet-heat.js", "marsad-map.js"]
CSS = ["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css", "marsad-map.css"]


def source_of(name: str) -> Path:
    """The installed file behind asset ``name``.

    Raises
    ------
    ConfigurationError
        If the package that ships it is not installed, with the pip command.
    """
    module_name, rel = FILES[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        package = module_name.replace("xstatic.pkg.", "xstatic-").replace("_", "-")
        raise ConfigurationError(
            f"{name} comes from the package {package}, which is not installed: "
            f"pip install -r requirements.txt") from err
    base = Path(getattr(module, "BASE_DIR", Path(module.__file__).parent / "templates"))
    return base / rel


def publish(static_dir: str | Path, payload: bytes, keep: int = 64) -> str:
    """Serve ``payload`` (a map's data, JSON) at a URL named by its content hash.

    The browser fetches the map's data from this file instead of receiving it
    inside the page: the file travels once as UTF-8 and is cached by the browser,
    where the page's own messages would carry it again on every rerun, with each
    Arabic letter escaped into six bytes. The ``keep`` most recently used files
    are kept; older ones are deleted.

    Returns
    -------
    str
        The URL path of the file.
    """
    folder = Path(static_dir) / FOLDER / "data"
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(payload).hexdigest()[:20] + ".json"
    path = folder / name
    if path.exists():
        path.touch()
    else:
        # A private temporary name: two sessions may publish the same map at once.
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as tmp:
            tmp.write(payload)
        os.replace(tmp.name, path)      # readers never see half a file
    files = sorted(folder.glob("*.json"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
    return f"{STATIC_URL}/{FOLDER}/data/{name}"


def install(static_dir: str | Path) -> dict[str, str]:
    """Copy the map's files into ``static_dir/marsad`` (once; again only if they change).

    Parameters
    ----------
    static_dir : path
        The app's ``static/`` folder (next to ``app.py``).

    Returns
    -------
    dict
        Asset name -> URL path for the browser.
        Each URL carries a short content hash, so a browser never keeps a stale copy.
    """
    target = Path(static_dir) / FOLDER
    sources = {name: source_of(name) for name in FILES}
    sources.update((name, DATA / name) for name in OWN)
    urls = {}
    for name, src in sources.items():
        dest = target / name
        if not dest.exists() or dest.stat().st_size != src.stat().st_size \
                or dest.read_bytes() != src.read_bytes():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
        digest = hashlib.sha1(dest.read_bytes()).hexdigest()[:10]
        urls[name] = f"{STATIC_URL}/{FOLDER}/{name}?v={digest}"
    return urls
