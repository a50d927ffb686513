"""Names the analysts taught the parser: local aliases and stops.

An *alias* says a name means a gazetteer place (سوروتش is Suruç, TR), scoped to
that place's country: it is used where the article names that country or no
country at all, and overrides the gazetteer's reading of the same words. A *stop*
says a name is not a place (المدينة, البلاد): no mention is made of it. They come
from the store (corrections, ``python -m geo gazetteer aliases``); the parser
only reads them (:meth:`geo.parse.Geoparser.set_local_names`).
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.parse.matching import Match
from geo.text import Token, clitic_variants, name_key, orig_offset


@dataclass(frozen=True)
class LocalName:
    """One entry: ``kind`` alias or stop, the name, the place and country (aliases), who added it and when."""

    kind: str
    name: str
    place_id: str | None = None
    country_code: str | None = None
    user: str = ""
    at: str = ""

    @property
    def reason(self) -> str:
        return f"alias added by {self.user} on {self.at[:10]}"


class LocalNames:
    """Aliases and stops ready for matching against one gazetteer (unknown place ids are skipped)."""

    def __init__(self, entries, gaz):
        self.aliases: dict[str, tuple[int, LocalName]] = {}
        self.stops: set[str] = set()
        for e in entries:
            key = name_key(e.name)
            if not key:
                continue
            if e.kind == "stop":
                self.stops.add(key)
            elif e.kind == "alias" and (place := gaz.find_id(e.place_id or "")) is not None:
                number = gaz.number_of(place.place_id)
                self.aliases[key] = (number, e)
        self.max_words = max((k.count(" ") + 1 for k in self.aliases), default=0)
        self._firsts = {k.split(" ", 1)[0] for k in self.aliases}

    def __bool__(self):
        return bool(self.aliases or self.stops)

    def is_stop(self, surface: str) -> bool:
        return name_key(surface) in self.stops

    def matches(self, tokens: list[Token]) -> list[tuple[Match, LocalName]]:
        """Alias matches, longest first at each token, left to right, not overlapping (tokens are
        normalised words, so their words joined by a space are a name key)."""
        out, i = [], 0
        while i < len(tokens):
            hit = None
            variants = [v for v in clitic_variants(tokens[i].norm) if v[1] in self._firsts]
            for n in range(min(self.max_words, len(tokens) - i), 0, -1) if variants else ():
                rest = "".join(" " + t.norm for t in tokens[i + 1:i + n])
                for prefix, stem, _dropped in variants:
                    found = self.aliases.get(stem + rest)
                    if found:
                        number, entry = found
                        start, end = orig_offset(tokens[i], prefix), tokens[i + n - 1].end
                        hit = (Match(i, i + n - 1, start, end, stem + rest, (number,), "exact", 0, prefix), entry)
                        break
                if hit:
                    break
            if hit:
                out.append(hit)
                i = hit[0].last + 1
            else:
                i += 1
        return out
