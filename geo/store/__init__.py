"""The event store: articles, place mentions and events kept, and read back.

Takes what ingest produced for one article (its row, its mentions, its
events with their parties) and keeps it in one transaction; gives the events
back through an :class:`EventFilter` (dates, parties, types, countries,
confidence, text, a map box), an article with its mentions, counts per place,
and a ``generation`` number that changes with every write (a cheap "anything
new?" check for the dashboards). :mod:`~geo.store.exporting` writes events as
GeoJSON, CSV or GeoPackage; :mod:`~geo.store.copying` copies a store to
another backend and writes snapshots.

Backends, one module each behind :class:`Store`: :mod:`~geo.store.sqlite` (a
local file, the default) and :mod:`~geo.store.postgresql` (a server shared by a
team, with PostGIS). Both have a versioned schema.

It uses :mod:`geo.text` (the search ignores diacritics and alef forms); it
never imports the parser, the events, ingest or the web helpers.
"""
from geo.store import exporting
from geo.store.copying import backup, copy_store
from geo.store.sqlite import path_of
from geo.store.storing import SCHEMA_VERSION, EventFilter, Store, default_path, default_url, display_url

__all__ = ["SCHEMA_VERSION", "EventFilter", "Store", "backup", "copy_store", "default_path", "default_url",
           "display_url", "exporting", "path_of"]
