"""HTML for showing a stored article with its place mentions highlighted.

Article text is untrusted: every piece of text and every attribute value is
passed through :func:`html.escape` (``quote=True``) before it reaches the
output, which the dashboard renders with ``unsafe_allow_html=True``. The
output holds no raw newline, so Markdown treats it as a single HTML block.
"""
from __future__ import annotations

import re
from html import escape

CSS = """<style>
.marsad-article { direction: rtl; text-align: right; line-height: 1.9;
  font-size: 1.05rem; font-family: "Noto Naskh Arabic", "Amiri", "Segoe UI", Tahoma, sans-serif; }
mark.marsad-mention { background: #ffe58f; color: #111; border-radius: 0.25em; padding: 0 0.15em; }
mark.marsad-in-event { background: #ffb86b; outline: 1px solid #e07b00; }
.marsad-trigger { text-decoration: underline; font-weight: bold; }
.marsad-selected { background: rgba(100, 160, 255, 0.18); outline: 1px solid #6aa6ff;
  border-radius: 0.25em; }
sup.marsad-ref { font-size: 0.65em; line-height: 0; }
sup.marsad-ref a { text-decoration: none; }
</style>"""

_GEONAMES = re.compile(r"geonames:(\d+)")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _esc(value: object) -> str:
    """Escape any value for HTML text or a double-quoted attribute."""
    return escape("" if value is None else str(value), quote=True)


def _text(value: str) -> str:
    """Escape article text and turn its line breaks into ``<br>``."""
    return _NEWLINE.sub("<br>", _esc(value))


def _is_int(value: object) -> bool:
    """True for a real int (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _score(value: object, digits: int) -> str | None:
    """Format a numeric score with ``digits`` decimals, or None if it is not a number."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.{digits}f}"
    return None


def gazetteer_url(place_id: str | None) -> str | None:
    """Return ``https://www.geonames.org/N`` for a ``geonames:N`` id, else None.

    Parameters
    ----------
    place_id : str or None
        A gazetteer id such as ``"geonames:2210247"`` or ``"supplement:washka"``.
    """
    found = _GEONAMES.fullmatch(place_id) if isinstance(place_id, str) else None
    return f"https://www.geonames.org/{found.group(1)}" if found else None


def _runner_up(mention: dict, with_id: bool) -> str:
    """Describe the runner-up candidate: ``Tripoli, LB (geonames:266826, 0.886)``."""
    runner = mention.get("runner_up")
    if not isinstance(runner, dict):
        return ""
    label = ", ".join(str(v) for v in (runner.get("name") or runner.get("place_id"),
                                        runner.get("country_code")) if v)
    detail = [str(runner["place_id"])] if with_id and runner.get("place_id") else []
    score = _score(runner.get("score"), 3)
    detail += [score] if score else []
    return f"{label or '?'} ({', '.join(detail)})" if detail else (label or "?")


def _title(mention: dict) -> str:
    """The tooltip of a mention: place, country, id, match, score and runner-up."""
    names = [str(mention[k]) for k in ("name", "name_ar") if mention.get(k)]
    fallback = "unnamed place" if mention.get("place_id") else "unresolved"
    place = f"{names[0]} ({names[1]})" if len(names) == 2 else (names[0] if names else fallback)
    score = _score(mention.get("score"), 2) or "n/a"
    parts = [place, mention.get("country_code") or "", mention.get("place_id") or "no id",
             f"match: {mention.get('match') or 'n/a'}, score {score}",
             f"runner-up: {_runner_up(mention, True) or 'none'}"]
    if mention.get("reason"):
        parts.append(f"why: {mention['reason']}")
    return " · ".join(str(p) for p in parts if p)


def usable_mentions(text: str, mentions: list[dict]) -> tuple[list[dict], int]:
    """Keep the mentions whose offsets fit ``text``, dropping overlaps.

    Parameters
    ----------
    text : str
        The article text.
    mentions : list of dict
        Rows of the store's ``mentions`` table.

    Returns
    -------
    tuple of (list of dict, int)
        The usable mentions ordered by offset, and how many were skipped
        (offsets out of range, surface text differing from ``text[start:end]``,
        or overlapping an earlier or longer mention).
    """
    valid = [m for m in mentions or [] if isinstance(m, dict) and _is_int(m.get("start"))
             and _is_int(m.get("end")) and 0 <= m["start"] < m["end"] <= len(text)
             and text[m["start"]:m["end"]] == m.get("text")]
    kept: list[dict] = []
    for m in sorted(valid, key=lambda m: (m["start"], m["start"] - m["end"])):
        if not kept or m["start"] >= kept[-1]["end"]:
            kept.append(m)
    return kept, len(mentions or []) - len(kept)


def _event_spans(text: str, events: list[dict] | None, selected: str | None) -> list[tuple]:
    """Sentence (level 0) and trigger (level 2) spans of the events that fit ``text``."""
    spans = []
    for ev in events or []:
        ev = ev if isinstance(ev, dict) else {}
        start, snippet = ev.get("snippet_start"), ev.get("snippet")
        if not (_is_int(start) and isinstance(snippet, str) and snippet and start >= 0
                and text[start:start + len(snippet)] == snippet):
            continue
        if selected is not None and str(ev.get("event_id")) == str(selected):
            spans.append((start, start + len(snippet), 0,
                           '<span class="marsad-selected" id="marsad-selected">', "</span>", ""))
        t0, t1 = ev.get("trigger_start"), ev.get("trigger_end")
        if _is_int(t0) and _is_int(t1) and 0 <= t0 < t1 <= len(snippet):
            spans.append((start + t0, start + t1, 2, '<span class="marsad-trigger">', "</span>", ""))
    return spans


def _mention_span(m: dict) -> tuple:
    """The level-1 span of a mention: its ``<mark>`` and the gazetteer link after it."""
    classes = "marsad-mention marsad-in-event" if m.get("in_event") else "marsad-mention"
    opening = f'<mark class="{classes}" data-seq="{_esc(m.get("seq"))}" title="{_esc(_title(m))}">'
    url = gazetteer_url(m.get("place_id"))
    after = (f'<sup class="marsad-ref"><a href="{_esc(url)}" target="_blank" '
             f'rel="noopener noreferrer" title="{_esc(m.get("place_id"))}">↗</a></sup>') if url else ""
    return (m["start"], m["end"], 1, opening, "</mark>", after)


def _nest(text: str, spans: list[tuple]) -> str:
    """Wrap ``spans`` (start, end, level, open, close, after) in well-nested HTML.

    The text is cut at every span boundary; for each piece the covering span of
    each level is opened (outer levels first), closing and reopening as needed.
    """
    bounds = sorted({0, len(text)} | {s[0] for s in spans} | {s[1] for s in spans})
    out: list[str] = []
    stack: list[tuple] = []

    def close(at: int, keep: int) -> None:
        while len(stack) > keep:
            span = stack.pop()
            out.append(span[4] + (span[5] if span[1] == at else ""))

    for a, b in zip(bounds, bounds[1:]):
        want = [s for s in (next((s for s in spans if s[2] == level and s[0] <= a < s[1]), None)
                            for level in (0, 1, 2)) if s]
        keep = 0
        while keep < min(len(stack), len(want)) and stack[keep] == want[keep]:
            keep += 1
        close(a, keep)
        for span in want[keep:]:
            out.append(span[3])
            stack.append(span)
        out.append(_text(text[a:b]))
    close(len(text), 0)
    return "".join(out)


def article_html(text: str, mentions: list[dict], events: list[dict] | None = None,
                 selected_event: str | None = None) -> str:
    """Render an article with its mentions, event triggers and selected sentence.

    Parameters
    ----------
    text : str
        The article's full text; offsets are Python string indices.
    mentions : list of dict
        Rows of the store's ``mentions`` table. Inconsistent or overlapping
        ones are skipped (see :func:`usable_mentions`), never raised on.
    events : list of dict, optional
        Events of the article; their triggers are underlined.
    selected_event : str, optional
        ``event_id`` whose sentence is marked with ``id="marsad-selected"``.

    Returns
    -------
    str
        One ``<div dir="rtl" lang="ar" class="marsad-article">`` of escaped HTML.
    """
    text = text if isinstance(text, str) else ""
    kept, _ = usable_mentions(text, mentions)
    spans = _event_spans(text, events, selected_event) + [_mention_span(m) for m in kept]
    return f'<div dir="rtl" lang="ar" class="marsad-article">{_nest(text, spans)}</div>'


def mention_rows(mentions: list[dict]) -> list[dict]:
    """One plain dict per mention, for a table.

    The keys are ``#``, ``text``, ``place``, ``name_ar``, ``country``, ``gazetteer id``,
    ``match``, ``score`` (3 decimals), ``runner-up`` (``"Tripoli, LB (0.886)"`` or ``""``),
    ``in event`` (bool) and ``why``.

    Parameters
    ----------
    mentions : list of dict
        Rows of the store's ``mentions`` table; anything else is ignored.
    """
    return [{"#": m.get("seq"), "text": m.get("text"), "place": m.get("name"),
             "name_ar": m.get("name_ar"), "country": m.get("country_code"),
             "gazetteer id": m.get("place_id"), "match": m.get("match"),
             "score": round(m["score"], 3) if _score(m.get("score"), 3) else None,
             "runner-up": _runner_up(m, False), "in event": bool(m.get("in_event")),
             "why": m.get("reason")} for m in mentions or [] if isinstance(m, dict)]


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$&:])")
# GFM turns bare "www.x", "http://x", "a@b.c" (and mailto:, xmpp:) into links even when escaped:
# an invisible word joiner (U+2060) after "www" and "http:" and before "@" stops it.
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=\\:)(?=//)|(?=@)")
_JOINER = "\u2060"


def markdown_escape(value: object) -> str:
    """``value`` as literal text inside Streamlit markdown (captions, warnings, labels).

    Untrusted text (a source name, a link's query value, a file name) could
    otherwise add links, or images that the browser would fetch from another
    machine.

    Every markdown character gets a backslash: ``![x](u)`` shows as typed.
    Text that GFM would turn into a link by itself (``www.x``, ``http://x``,
    ``user@x``) gets an invisible word joiner (U+2060) that stops it: after
    ``www``, between ``:`` and ``//``, and before ``@``.
    """
    escaped = _MARKDOWN.sub(r"\\\1", "" if value is None else str(value))
    return _AUTOLINK.sub(_JOINER, escaped)
