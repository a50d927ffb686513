"""Learning from corrections: local aliases and stops, kept in the store, used by the next parse.

A place an analyst fixes for a name (سوروتش → Suruç, TR) becomes an *alias*
of that place, scoped to its country; a name rejected as "not a place"
(المدينة, البلاد) becomes a *stop*. :class:`geo.ingest.Ingester` hands them to
the parser before each article, so the next article naming the place is read
with them, and the mention's reason says who added the alias and when.
"""
from __future__ import annotations

from geo.exc import ReviewError
from geo.review.access import User, require
from geo.text import name_key

KINDS = ("alias", "stop")


def add_alias(store, name: str, place_id: str, country_code: str | None, user: User, note: str | None = None) -> int:
    """``name`` means the gazetteer place ``place_id`` (in ``country_code``) from now on."""
    require(user, "review")
    key = _key(name)
    if not place_id:
        raise ReviewError("an alias needs a place")
    return store.local_names.put("alias", name.strip(), key, place_id, country_code, user.name, note)


def add_stop(store, name: str, user: User, note: str | None = None) -> int:
    """``name`` is not a place, from now on."""
    require(user, "review")
    return store.local_names.put("stop", name.strip(), _key(name), None, None, user.name, note)


def remove(store, name_id: int, user: User) -> bool:
    """Remove an alias or a stop (admins)."""
    require(user, "admin")
    return store.local_names.remove(int(name_id))


def listed(store, kind: str | None = None) -> list[dict]:
    if kind is not None and kind not in KINDS:
        raise ReviewError(f"kind is one of {', '.join(KINDS)}")
    return store.local_names.all(kind)


def _key(name: str) -> str:
    key = name_key(name or "")
    if not key or len(name) > 120:
        raise ReviewError("a name is 1 to 120 characters with at least one letter")
    return key
