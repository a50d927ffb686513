"""Review actions on incidents: confirm, reject, correct, add, merge, split, annotate.

Every action checks the user's role, validates the new value (types from the
taxonomy, real dates, coordinates in range, places from the gazetteer, parties
from the lexicon or a new one named), and writes one logged edit per report
through :meth:`geo.store.Store.edit` (see :mod:`geo.store.reviewing`). An action
takes reports as event ids or report keys; an incident is the list of its
reports, changed together in one transaction. ``expected``: the values the
analyst saw on the first report given (the one shown); if it has changed since,
the save is refused with the other analyst's change (:class:`geo.exc.EditConflict`).

Corrections teach the parser (:mod:`geo.review.learning`): a place fixed for a
name becomes a local alias, a name rejected as "not a place" a local stop.
"""
from __future__ import annotations

import datetime as dt
import math

from geo.events import EARLIEST, EVENT_TYPES, PRECISIONS, SUB_EVENT_TYPES
from geo.exc import ReviewError
from geo.review import learning
from geo.review.access import User, require

#: Why an incident is rejected (``duplicate of <id>`` names the incident it repeats).
REJECT_REASONS = ("not an incident", "wrong place", "not a place", "duplicate", "out of scope")
MAX_NOTE = 2000


class Reviewer:
    """One user's review actions on a store.

    Parameters
    ----------
    store : geo.store.Store
    user : geo.review.access.User
        Must be an analyst or an admin (:class:`geo.exc.AccessDenied` otherwise).
    gazetteer : gazetteer.index.Gazetteer, optional
        For places picked by id or searched by name (loaded when first needed).
    parties : geo.events.Parties, optional
        The party lexicon (loaded when first needed).
    """

    def __init__(self, store, user: User, gazetteer=None, parties=None):
        self.store = store
        self.user = require(user, "review")
        self._gaz = gazetteer
        self._parties = parties

    @property
    def gaz(self):
        if self._gaz is None:
            from gazetteer import load

            self._gaz = load()
        return self._gaz

    @property
    def parties(self):
        if self._parties is None:
            from geo.events import load_parties

            self._parties = load_parties()
        return self._parties

    # -- reports -------------------------------------------------------------
    def report(self, ref: str) -> dict:
        """The event row of a report given by event id or report key."""
        ev = self.store.event(ref) or self.store.event_by_key(ref)
        if ev is None:
            raise ReviewError(f"no incident or report {ref!r} in the store")
        return ev

    def _edit(self, refs, field: str, value: dict, note: str | None, expected: dict | None = None) -> list[int]:
        rows = [self.report(r) for r in _listed(refs)]
        changes = [(ev["report_key"], field, value, expected if n == 0 else None) for n, ev in enumerate(rows)]
        return self.store.edit_all(changes, self.user.name, _note(note))

    # -- status --------------------------------------------------------------
    def confirm(self, refs, note: str | None = None, expected: dict | None = None) -> list[int]:
        """Mark reports reviewed: an analyst vouches for them."""
        return self._edit(refs, "status", {"status": "reviewed", "reject_reason": None}, note, expected)

    def reject(self, refs, reason: str, note: str | None = None, duplicate_of: str | None = None,
               expected: dict | None = None) -> list[int]:
        """Reject reports (hidden by default) for one of :data:`REJECT_REASONS`.

        ``not a place``: the name the place was read from becomes a local stop entry.
        """
        if reason not in REJECT_REASONS:
            raise ReviewError(f"a reason is one of: {', '.join(REJECT_REASONS)}")
        if reason == "duplicate":
            if not duplicate_of:
                raise ReviewError("say which incident it duplicates")
            reason = f"duplicate of {self.report(duplicate_of)['event_id']}"
        rows = [self.report(r) for r in _listed(refs)]
        ids = self._edit([r["report_key"] for r in rows], "status", {"status": "rejected", "reject_reason": reason},
                         note, expected)
        if reason == "not a place":
            for name in {r["place_text"] for r in rows}:
                learning.add_stop(self.store, name, self.user, f"rejected as not a place in {rows[0]['event_id']}")
        return ids

    def restore(self, refs, note: str | None = None, expected: dict | None = None) -> list[int]:
        """Back to the machine's status (undo a confirmation or a rejection)."""
        return self._edit(refs, "status", {"status": "machine", "reject_reason": None}, note, expected)

    # -- fields --------------------------------------------------------------
    def set_type(self, refs, event_type: str, sub_event_type: str | None = None, note: str | None = None,
                 expected: dict | None = None) -> list[int]:
        if event_type not in EVENT_TYPES:
            raise ReviewError(f"no event type {event_type!r}; the types are {', '.join(EVENT_TYPES)}")
        if sub_event_type and sub_event_type not in SUB_EVENT_TYPES[event_type]:
            raise ReviewError(f"{event_type} has no sub-event type {sub_event_type!r}; it has "
                              f"{', '.join(SUB_EVENT_TYPES[event_type])}")
        return self._edit(refs, "type", {"event_type": event_type, "sub_event_type": sub_event_type or None},
                          note, expected)

    def set_date(self, refs, start: str, end: str | None = None, precision: str = "day", note: str | None = None,
                 expected: dict | None = None) -> list[int]:
        return self._edit(refs, "date", date_value(start, end, precision), note, expected)

    def set_party(self, refs, role: str, party: str | None, note: str | None = None,
                  expected: dict | None = None) -> list[int]:
        """Set the actor (``actor1``) or the target (``actor2``): a party id of the lexicon, a new
        party's name, or None to clear it."""
        if role not in ("actor1", "actor2"):
            raise ReviewError("the role is actor1 (the actor) or actor2 (the target)")
        return self._edit(refs, role, self.party_value(role, party), note, expected)

    def party_value(self, role: str, party: str | None) -> dict:
        if not party or not party.strip():
            return {role: None}
        party = party.strip()
        known = self.parties.by_id.get(party)
        if known:
            return {role: known.id, "party_name": known.name, "colour": known.colour}
        if len(party) > 120 or not party.isprintable():
            raise ReviewError("a new party's name is at most 120 printable characters")
        return {role: "new:" + party, "party_name": party, "colour": "#7f7f7f"}

    def set_place(self, refs, place_id: str | None = None, *, lat: float | None = None, lon: float | None = None,
                  name: str | None = None, geo_precision: int | None = None, learn: bool = True,
                  note: str | None = None, expected: dict | None = None) -> list[int]:
        """Move reports to a gazetteer place (``place_id``) or to a point (``lat``, ``lon``).

        With ``learn``, the name the machine read becomes a local alias of the gazetteer
        place, in its country, for the next articles.
        """
        value = self.place_value(place_id, lat=lat, lon=lon, name=name, geo_precision=geo_precision)
        rows = [self.report(r) for r in _listed(refs)]
        ids = self._edit([r["report_key"] for r in rows], "place", value, note, expected)
        if learn and place_id:
            for text in {r["place_text"] for r in rows if r["place_id"] != value["place_id"]}:
                learning.add_alias(self.store, text, value["place_id"], value["country_code"], self.user,
                                   f"place corrected in {rows[0]['event_id']}")
        return ids

    def place_value(self, place_id: str | None = None, *, lat=None, lon=None, name=None, geo_precision=None) -> dict:
        if geo_precision is not None and geo_precision not in (1, 2, 3):
            raise ReviewError("geo_precision is 1 (the place itself), 2 (near it) or 3 (a larger area)")
        if place_id:
            place = self.gaz.find_id(place_id)
            if place is None:
                raise ReviewError(f"no place {place_id!r} in the gazetteer")
            return {"place_id": place.place_id, "place_name": place.name, "place_name_ar": place.name_ar,
                    "country_code": place.country_code, "feature": place.feature_code, "lat": place.lat,
                    "lon": place.lon, "geo_precision": geo_precision or place.geo_precision, "match": "analyst"}
        lat, lon = coordinates(lat, lon)
        label = (name or "").strip() or f"{lat:.4f}, {lon:.4f}"
        return {"place_id": f"point:{lat:.5f},{lon:.5f}", "place_name": label, "place_name_ar": None,
                "country_code": None, "feature": None, "lat": lat, "lon": lon,
                "geo_precision": geo_precision or 1, "match": "analyst"}

    def note(self, refs, text: str, expected: dict | None = None) -> list[int]:
        """A free-text analyst note on the reports (replaces the previous note; the log keeps it)."""
        text = _note(text)
        return self._edit(refs, "note", {"note": text}, None, expected)

    # -- incidents -----------------------------------------------------------
    def merge(self, refs, note: str | None = None) -> list[int]:
        """Make the reports one incident (whatever the distance and dates say)."""
        rows = [self.report(r) for r in _listed(refs)]
        if len(rows) < 2:
            raise ReviewError("merge needs two reports or more")
        group = min(r["report_key"] for r in rows)
        return self._edit([r["report_key"] for r in rows], "group", {"incident_group": group}, note)

    def split(self, ref: str, note: str | None = None) -> list[int]:
        """Take a report out of its incident: it stays an incident of its own."""
        row = self.report(ref)
        return self._edit([row["report_key"]], "group", {"incident_group": "alone:" + row["report_key"]}, note)

    def add(self, article_id: str, start: int, end: int, event_type: str, *, sub_event_type: str | None = None,
            place_id: str | None = None, lat=None, lon=None, place_name: str | None = None,
            date_start: str | None = None, date_end: str | None = None, date_precision: str = "day",
            actor1: str | None = None, actor2: str | None = None, note: str | None = None) -> str:
        """An incident the machine missed, from the sentence ``[start, end)`` of a stored article;
        returns its report key."""
        art = self.store.article(article_id)
        if art is None:
            raise ReviewError(f"no article {article_id!r} in the store")
        text = art["text"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise ReviewError(f"the sentence must lie inside the article (0-{len(text)} characters)")
        if event_type not in EVENT_TYPES:
            raise ReviewError(f"no event type {event_type!r}; the types are {', '.join(EVENT_TYPES)}")
        if sub_event_type and sub_event_type not in SUB_EVENT_TYPES[event_type]:
            raise ReviewError(f"{event_type} has no sub-event type {sub_event_type!r}")
        place = self.place_value(place_id, lat=lat, lon=lon, name=place_name)
        if date_start:
            date = date_value(date_start, date_end, date_precision)
        else:
            date = {"date_start": art["published_start"], "date_end": art["published_end"],
                    "date_precision": art["published_precision"], "date_approximate": 1}
        snippet = text[start:end]
        shown = place_name or place["place_name_ar"] or place["place_name"] or ""
        at = snippet.find(shown) if shown else -1
        row = {"article_id": article_id, "event_type": event_type, "sub_event_type": sub_event_type, **date,
               "date_basis": "analyst", "date_text": None, **place,
               "place_text": shown, "snippet": snippet, "snippet_start": start,
               "place_start": max(at, 0), "place_end": max(at, 0) + len(shown) if at >= 0 else 0,
               "trigger_text": "", "trigger_start": 0, "trigger_end": 0, "confidence": 1.0,
               "reason": f"added by {self.user.name}", "note": _note(note)}
        for role, party in (("actor1", actor1), ("actor2", actor2)):
            value = self.party_value(role, party)
            row[role] = value[role]
            row[role + "_name"], row[role + "_colour"] = value.get("party_name"), value.get("colour")
        key = f"{article_id}:s{start}-{end}"
        self.store.edit(key, "added", row, self.user.name, _note(note))
        return key

    # -- place choices -------------------------------------------------------
    def candidates(self, ref: str, limit: int = 10) -> list[dict]:
        """Other places for a report's name: the runner-up, then the gazetteer's places of that name."""
        from geo.text import name_key

        ev = self.report(ref)
        out, seen = [], {ev["place_id"]}
        for m in self.store.mentions(ev["article_id"]):
            runner = m.get("runner_up") or {}
            if m["start"] == ev["snippet_start"] + ev["place_start"] and runner.get("place_id") \
                    and runner["place_id"] not in seen:
                place = self.gaz.find_id(runner["place_id"])
                if place is not None:
                    out.append(_place_dict(place))
                    seen.add(place.place_id)
        for n in self.gaz.lookup(name_key(ev["place_text"] or ""))[:50]:
            p = self.gaz.place(n)
            if p.place_id not in seen:
                seen.add(p.place_id)
                out.append(_place_dict(p))
        return out[:limit]

    def search(self, name: str, limit: int = 20) -> list[dict]:
        """Gazetteer places named ``name`` (Arabic or English), the most prominent first."""
        from geo.parse import prominence
        from geo.text import name_key

        numbers = self.gaz.lookup(name_key(name or ""))
        places = sorted((self.gaz.place(n) for n in numbers[:200]), key=prominence, reverse=True)
        return [_place_dict(p) for p in places[:limit]]


def _place_dict(p) -> dict:
    return {"place_id": p.place_id, "name": p.name, "name_ar": p.name_ar, "country_code": p.country_code,
            "feature": p.feature_code, "population": p.population, "lat": p.lat, "lon": p.lon}


def _listed(refs) -> list[str]:
    refs = [refs] if isinstance(refs, str) else list(refs or [])
    if not refs:
        raise ReviewError("no incident or report given")
    return refs


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise ReviewError(f"a note is text of at most {MAX_NOTE} characters")
    return note.strip() or None


def date_value(start: str, end: str | None = None, precision: str = "day") -> dict:
    """A validated date edit: real ISO dates, start not after end, not before 1900 nor in the future."""
    if precision not in PRECISIONS or precision == "unknown":
        raise ReviewError(f"the precision is one of {', '.join(p for p in PRECISIONS if p != 'unknown')}")
    try:
        first = dt.date.fromisoformat(str(start))
        last = dt.date.fromisoformat(str(end)) if end else first
    except ValueError as err:
        raise ReviewError(f"not a date: {start!r}{' / ' + repr(end) if end else ''} (give YYYY-MM-DD)") from err
    if last < first:
        raise ReviewError("the date's end is before its start")
    if first < EARLIEST or last > dt.date.today() + dt.timedelta(days=1):
        raise ReviewError(f"a date between {EARLIEST.isoformat()} and today")
    return {"date_start": first.isoformat(), "date_end": last.isoformat(), "date_precision": precision,
            "date_approximate": 0}


def coordinates(lat, lon) -> tuple[float, float]:
    """Validated (latitude, longitude) in degrees."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError) as err:
        raise ReviewError("give a latitude and a longitude in degrees, or a gazetteer place") from err
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ReviewError("latitude is between -90 and 90, longitude between -180 and 180")
    return lat, lon
