"""Moving corrections between stores: the edit log as JSON, imported idempotently."""
from __future__ import annotations

import json

from geo.exc import ReviewError
from geo.review.access import User, require

FORMAT = "marsad-edits/1"


def export_edits(store, fh) -> int:
    """Write every edit (oldest first) as one JSON document; the number written."""
    edits = list(reversed(store.edit_log()))
    keep = ("report_key", "article_id", "field", "old_value", "new_value", "user", "at", "note")
    json.dump({"format": FORMAT, "edits": [{k: e[k] for k in keep} for e in edits]}, fh,
              ensure_ascii=False, indent=1)
    return len(edits)


def import_edits(store, fh, user: User, source: str = "<input>") -> tuple[int, int]:
    """Add the edits of an export not in the store yet (applied where their reports are).

    Returns (added, already there). Raises :class:`ReviewError` naming ``source`` if it is
    not an export.
    """
    require(user, "review")
    try:
        doc = json.load(fh)
    except ValueError as err:
        raise ReviewError(f"{source}: not JSON ({err})") from err
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("edits"), list):
        raise ReviewError(f"{source}: not a Marsad edit export (format {FORMAT})")
    for n, e in enumerate(doc["edits"], 1):
        if not isinstance(e, dict):
            raise ReviewError(f"{source}: edit {n} is not an object")
    try:
        return store.import_edits(doc["edits"])
    except ReviewError as err:
        raise ReviewError(f"{source}: {err}") from err
