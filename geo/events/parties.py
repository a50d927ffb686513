"""Parties: who is named in a sentence (an editable lexicon of aliases).

Each party has Arabic and English aliases, a display name and a colour
(``geo/events/lexicons/parties.csv``; the ``parties_file`` setting points at an
edited copy). *Context aliases* (قوات الحكومة، الحكومة، المرشد) name the
party only in articles whose most-mentioned country is one of the party's
``countries``: "the government" is the GNA in a Libyan story, not elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo.exc import ConfigurationError
from geo.events import lexicons
from geo.events.lexicons import path_of, read_rows
from geo.text import Found, Token

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
        aliases, context_aliases (``|`` between aliases). Default: the
        ``parties_file`` setting, else the built-in lexicon.

    Raises
    ------
    ConfigurationError
        A bad row (unknown kind, bad colour, duplicate id, no alias), named
        by file and line.
    """

    def __init__(self, path=None):
        path = path or path_of("parties_file", "parties.csv")
        self.by_id: dict[str, Party] = {}
        entries = []
        for line, row in read_rows(path, ("id", "name", "kind", "colour", "aliases")):
            party = _party(row, path, line, self.by_id)
            self.by_id[party.id] = party
            for column, contextual in (("aliases", False), ("context_aliases", True)):
                for alias in filter(None, (a.strip() for a in row.get(column, "").split("|"))):
                    entries.append((alias, _Alias(party, contextual)))
        self.index = lexicons.phrase_index(entries, path)

    def find(self, tokens: list[Token], lo: int, hi: int, country: str | None) -> list[Found[Party]]:
        """Parties named in ``tokens[lo:hi]``; ``country`` is the article's main country."""
        out = []
        for f in self.index.find(tokens, lo, hi):
            alias = f.value
            if alias.contextual and country not in alias.party.countries:
                continue
            out.append(Found(f.start, f.end, f.first, f.last, alias.party))
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
    return Party(row["id"], row["name"], row.get("name_ar") or row["name"], row["kind"],
                 row["colour"].lower(), countries)


def load(path=None) -> Parties:
    """The party lexicon: ``path``, else the ``parties_file`` setting (cached per file)."""
    return lexicons.load(Parties, "parties_file", "parties.csv", path)
