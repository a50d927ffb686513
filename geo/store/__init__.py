"""The event store: articles, place mentions and events kept, and read back.

Takes what ingest produced for one article (its row, its mentions, its
events with their parties) and keeps it in one transaction; gives the events
back through an :class:`EventFilter` (dates, parties, types, countries,
confidence, text), an article with its mentions, counts per place, and a
``generation`` number that changes with every write (a cheap "anything new?"
check for the dashboard). :mod:`~geo.store.exporting` writes events as
GeoJSON, CSV or GeoPackage.

Backends: :mod:`~geo.store.sqlite` (a local file, the default; the schema is
versioned). A server backend will sit beside it behind the same methods.

It uses :mod:`geo.text` (the search ignores diacritics and alef forms); it
never imports the parser, the events, ingest or the web helpers.
"""
from geo.store import exporting
from geo.store.sqlite import SCHEMA_VERSION, EventFilter, Store, default_path, path_of

__all__ = ["SCHEMA_VERSION", "EventFilter", "Store", "default_path", "exporting", "path_of"]
