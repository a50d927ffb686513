"""Parties: who is named in a sentence (an editable lexicon of aliases).

Each party has Arabic and English aliases, a display name and a colour
(``geo/events/lexicons/parties.csv``; the ``parties_file`` setting points at an
edited copy). *Context aliases* (قوات الحكومة، الحكومة، المرشد) name the
party only in articles whose most-mentioned country is one of the party's
``countries``: "the government" is the GNA in a Libyan story, not elsewhere.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geo.exc import ConfigurationError
from geo.events import lexicons
from geo.events.lexicons import path_of, read_rows
from geo.text import Found, Token, normalize

KINDS = ("armed", "state", "organisation")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    name_ar: str
    kind: str                   # armed | state | organisation
    colour: str                 # "#rrggbb"
    countries: tuple[str, ...]  # ISO codes where its context aliases apply
    active_from: dt.date | None = None     # the party existed from ... to ... (None: open)
    active_to: dt.date | None = None
    adversaries: tuple[str, ...] = ()      # ids of the parties it is in conflict with (either side may say)

    def opposes(self, other: "Party") -> bool:
        """True if the two are sides of one conflict (listed as adversaries by either)."""
        return other.id in self.adversaries or self.id in other.adversaries

    def active_in(self, when) -> bool:
        """True if the party existed at some time in ``when`` (a Period; None: any time)."""
        if when is None:
            return True
        return not ((self.active_from and when.end < self.active_from)
                    or (self.active_to and when.start > self.active_to))


@dataclass(frozen=True)
class _Alias:
    party: Party
    contextual: bool


class Parties:
    """The party lexicon, ready to find parties in tokens.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns id, name, name_ar, kind, colour, countries,
        aliases, context_aliases (``|`` between aliases), active_from,
        active_to and adversaries (ids of the parties it fights, ``|``
        between them; agreements and talks count only between adversaries).
        Default: the ``parties_file`` setting, else the built-in lexicon.

    Raises
    ------
    ConfigurationError
        A bad row (unknown kind, bad colour, duplicate id, no alias, an
        adversary that is no party id), named by file and line.
    """

    def __init__(self, path=None):
        path = path or path_of("parties_file", "parties.csv")
        self.by_id: dict[str, Party] = {}
        # One phrase may name several parties (قوات الحكومة in Libya, Yemen, Syria): keep them all.
        by_phrase: dict[str, tuple[str, list[_Alias]]] = {}
        lines: dict[Party, int] = {}
        for line, row in read_rows(path, ("id", "name", "kind", "colour", "aliases")):
            party = _party(row, path, line, self.by_id)
            self.by_id[party.id] = party
            lines[party] = line
            for column, contextual in (("aliases", False), ("context_aliases", True)):
                for alias in filter(None, (a.strip() for a in row.get(column, "").split("|"))):
                    by_phrase.setdefault(normalize(alias), (alias, []))[1].append(_Alias(party, contextual))
        for party, line in lines.items():
            if unknown := set(party.adversaries) - set(self.by_id):
                raise ConfigurationError(f"{path}:{line}: adversaries {sorted(unknown)} are not party ids")
        self.index = lexicons.phrase_index([(alias, tuple(found)) for alias, found in by_phrase.values()],
                                           path)

    def find(self, tokens: list[Token], lo: int, hi: int, country: str | None,
             when=None) -> list[Found[Party]]:
        """Parties named in ``tokens[lo:hi]``.

        ``country`` is the article's main country (context aliases apply only
        there); ``when`` (a Period, the publication date) leaves out parties
        that did not exist then (no GNA in 2015).
        """
        out = []
        for f in self.index.find(tokens, lo, hi):
            party = next((a.party for a in f.value if (not a.contextual or country in a.party.countries)
                          and a.party.active_in(when)), None)
            if party is not None:
                out.append(Found(f.start, f.end, f.first, f.last, party))
        return out


def _party(row, path, line, seen) -> Party:
    where = f"{path}:{line}"
    if not row["id"] or row["id"] in seen:
        raise ConfigurationError(f"{where}: party id {row['id']!r} is empty or repeated")
    if row["kind"] not in KINDS:
        raise ConfigurationError(f"{where}: kind {row['kind']!r} is not one of {', '.join(KINDS)}")
    if not _COLOUR.fullmatch(row["colour"]):
        raise ConfigurationError(f"{where}: colour {row['colour']!r} is not #rrggbb")
    if not row["aliases"]:
        raise ConfigurationError(f"{where}: party {row['id']!r} has no aliases")
    countries = tuple(c.strip().upper() for c in row.get("countries", "").split("|") if c.strip())
    period = []
    for column in ("active_from", "active_to"):
        try:
            period.append(dt.date.fromisoformat(row[column]) if row.get(column) else None)
        except ValueError as err:
            raise ConfigurationError(f"{where}: {column} {row[column]!r} is not a YYYY-MM-DD date") from err
    adversaries = tuple(a.strip() for a in (row.get("adversaries") or "").split("|") if a.strip())
    return Party(row["id"], row["name"], row.get("name_ar") or row["name"], row["kind"],
                 row["colour"].lower(), countries, *period, adversaries)


def load(path=None) -> Parties:
    """The party lexicon: ``path``, else the ``parties_file`` setting (cached per file)."""
    return lexicons.load(Parties, "parties_file", "parties.csv", path)
