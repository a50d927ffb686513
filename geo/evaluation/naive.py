"""A naive dictionary geoparser: the speed floor ``geo bench`` compares the real parser with.

Longest window of tokens (up to the gazetteer's longest name) whose text, one
clitic stripped, is a gazetteer name; the most populous place of that name.
Windows of more than one word are tried only where the first word starts a
multi-word name (any dictionary matcher indexes first words or uses a trie).
No gating, no context, no resolution: what "dictionary speed" means.
"""
from __future__ import annotations

from geo.text import clitic_variants, tokenize


class NaiveMatcher:
    """Longest exact lookup with one clitic stripped; the most populous candidate.

    Parameters
    ----------
    gaz : gazetteer.index.Gazetteer
    """

    def __init__(self, gaz):
        self.gaz = gaz

    def parse(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, place_id) of each match, in text order."""
        gaz = self.gaz
        tokens = tokenize(text)
        out, i = [], 0
        while i < len(tokens):
            hit = None
            variants = clitic_variants(tokens[i].norm)[:2]        # as written, or one clitic off
            longest = gaz.max_words if any(v[1] in gaz.first_words for v in variants) else 1
            for n in range(min(longest, len(tokens) - i), 0, -1):
                rest = "".join(" " + t.norm for t in tokens[i + 1:i + n])
                for _prefix, stem, _dropped in variants:
                    places = gaz.lookup(stem + rest)
                    if places:
                        hit = (n, places)
                        break
                if hit:
                    break
            if hit is None:
                i += 1
                continue
            n, places = hit
            best = max(places[:50], key=lambda k: gaz.place(k).population)
            out.append((tokens[i].start, tokens[i + n - 1].end, gaz.place(best).place_id))
            i += n
        return out
