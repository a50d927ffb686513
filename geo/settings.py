"""Every setting of the product, in one table with defaults and help text.

A setting is read from the environment variable ``MARSAD_<NAME>`` (upper
case), falling back to its default.  ``docs/settings.md`` lists them all; a
test checks that the list and this table agree.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from geo.exc import ConfigurationError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def env_var(self) -> str:
        return "MARSAD_" + self.name.upper()


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return os.path.join(base, "marsad")


SETTINGS = {
    s.name: s
    for s in [
        Setting("data_dir", None,
                "Folder for the event store, the built gazetteer index and the online geocoder's "
                "cache; created on first use. Default: $XDG_DATA_HOME/marsad (~/.local/share/marsad)."),
        Setting("db", "",
                "The event store: a SQLite file path or sqlite:///PATH URL, or a PostgreSQL server "
                "shared by a team, postgresql://USER@HOST[:PORT]/DB (with PostGIS; the password from "
                "PGPASSWORD or ~/.pgpass). Empty: marsad.sqlite in the data_dir folder."),
        Setting("max_article_chars", 500_000,
                "Longest article text accepted, in characters; longer ones are rejected "
                "with a message (a 20 MB file is not one news article)."),
        Setting("parties_file", "",
                "CSV lexicon of parties (aliases, display name, colour). "
                "Empty: the built-in geo/events/lexicons/parties.csv."),
        Setting("triggers_file", "",
                "CSV lexicon of event trigger words and their event types. "
                "Empty: the built-in geo/events/lexicons/triggers.csv."),
        Setting("geonames_dump", "",
                "Optional path to a GeoNames dump (allCountries.txt or CC.txt); its places "
                "are added to the gazetteer. alternateNamesV2.txt is read from beside it if present."),
        Setting("geonames_alternate_names", "",
                "Optional path to alternateNamesV2.txt, when it is not beside the dump."),
        Setting("online_geocoder", "off",
                "Online fallback for names the gazetteer lacks: off, nominatim or photon. "
                "Off by default: with it on, place names from articles leave the machine."),
        Setting("online_geocoder_url", "",
                "Base URL of a self-hosted Nominatim or Photon server (empty: the public service)."),
        Setting("online_geocoder_user_agent", "marsad-geoparser/0.1 (set MARSAD_ONLINE_GEOCODER_USER_AGENT)",
                "User agent sent to the online geocoder (Nominatim's policy asks for a real one)."),
        Setting("online_geocoder_min_delay", 1.0,
                "Seconds between online requests (Nominatim's policy: at most one per second)."),
        Setting("recogniser_model", "",
                "The place recogniser's model file (python -m geo train-recogniser writes one). "
                "Empty: the model shipped in geo/parse/models/; off: the hand rules alone decide "
                "which gazetteer matches are places."),
        Setting("recogniser_mode", "guard",
                "How the place recogniser is used. guard: the hand rules decide, the model drops names "
                "it reads as a person's or an organisation's and keeps names it is sure of; decide: "
                "the model alone decides (best on general newswire, weaker on conflict news and tweets)."),
        Setting("recogniser_threshold", 0.5,
                "How sure (0-1) the place recogniser must be that a name is a place: in decide mode for "
                "every gazetteer match, in both modes for a name the gazetteer spells otherwise or lacks."),
        Setting("min_score", 0.5,
                "Mentions whose resolution score is below this are dropped."),
        Setting("map_max_markers", 20_000,
                "Most event markers drawn on the dashboard map (the newest are kept); the heat "
                "map, table and downloads still include every filtered event, and the page says so."),
        Setting("table_max_rows", 5_000,
                "Most rows in the dashboard's event table (the newest); the downloads have every "
                "filtered event, and the page says so."),
        Setting("tile_url", "",
                "Optional map tile URL template, e.g. https://tile.example.org/{z}/{x}/{y}.png "
                "(a local tile server in an air-gapped room). Empty: the built-in country outlines "
                "only, and the browser asks no tile server."),
        Setting("tile_attribution", "",
                "Attribution text shown for the tile layer of tile_url."),
        Setting("briefing_refresh", 5,
                "Seconds between the briefing screen's checks for new events (?view=briefing)."),
        Setting("live_refresh", 5,
                "Seconds between an open dashboard's checks for new events (the store's generation "
                "number, one small query); new incidents appear without a page reload. 0: never."),
        Setting("feeds_file", "",
                "TOML file of the news feeds python -m geo watch polls (see docs/feeds.md). Empty: no "
                "feed is polled and nothing is fetched from the network."),
        Setting("feed_timeout", 20.0,
                "Seconds a feed or page request may take (connecting, and in all) before it is "
                "abandoned and counted as an error of its feed."),
        Setting("feed_max_bytes", 5_000_000,
                "Largest feed or page read, in bytes; a longer response is abandoned as it streams in."),
        Setting("feed_host_interval", 2.0,
                "Seconds between two requests to one host (politeness), whatever the feeds."),
        Setting("feed_max_backoff", 21600,
                "Longest wait, in seconds, before a failing feed is tried again (the wait doubles with "
                "each failure in a row, from its poll interval)."),
        Setting("feed_user_agent", "marsad-watch/0.1 (news monitoring; set MARSAD_FEED_USER_AGENT)",
                "User-Agent header of the watcher's requests: name your organisation and a contact."),
        Setting("drop_interval", 10.0,
                "Seconds between two looks at a drop folder (watch --folder); a file is taken once it "
                "has not changed for this long."),
        Setting("auth", "local",
                "How analysts sign in: local (users and Argon2 password hashes in the store, managed by "
                "python -m geo users; works offline) or oidc (Streamlit's st.login with the identity "
                "provider configured in .streamlit/secrets.toml; a user's role is still the store's, "
                "by e-mail address)."),
        Setting("session_hours", 12,
                "Hours a dashboard sign-in lasts; after that the analyst signs in again."),
        Setting("sign_in_attempts", 5,
                "Failed sign-ins for one user name in sign_in_window seconds after which each further "
                "attempt waits (doubling, at most 5 minutes)."),
        Setting("sign_in_window", 900,
                "Seconds over which failed sign-ins are counted (see sign_in_attempts)."),
    ]
}


def get(name: str):
    """Return the value of setting ``name``: environment first, then default.

    Raises
    ------
    ConfigurationError
        If ``name`` is not a setting, or its value has the wrong type.
    """
    try:
        setting = SETTINGS[name]
    except KeyError as err:
        raise ConfigurationError(f"unknown setting {name!r}") from err
    raw = os.environ.get(setting.env_var)
    if raw is None:
        if name == "data_dir":
            return _default_data_dir()
        return setting.default
    if isinstance(setting.default, int) and not isinstance(setting.default, bool):
        try:
            return int(raw)
        except ValueError as err:
            raise ConfigurationError(
                f"{setting.env_var}={raw!r} is not a whole number") from err
    if isinstance(setting.default, float):
        try:
            return float(raw)
        except ValueError as err:
            raise ConfigurationError(
                f"{setting.env_var}={raw!r} is not a number") from err
    return raw
