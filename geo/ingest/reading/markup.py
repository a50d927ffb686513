"""HTML to text: telling markup from plain text, and reducing pages and fragments to title and text."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from geo.ingest.reading.common import _MARKUP_FACTOR, _Bad, _too_long


_TAG_NAMES = ("a|abbr|address|article|aside|audio|b|blockquote|body|br|button|caption|center|cite|"
              "code|dd|del|details|div|dl|dt|em|figcaption|figure|font|footer|form|h[1-6]|head|"
              "header|hr|html|i|iframe|img|input|ins|label|li|link|main|mark|meta|nav|noscript|ol|"
              "option|p|picture|pre|q|s|script|section|select|small|source|span|strong|style|sub|"
              "summary|sup|svg|table|tbody|td|template|tfoot|th|thead|time|title|tr|u|ul|video|wbr")
_MARKUP = re.compile(rf"<(?:/?(?:{_TAG_NAMES})(?=[\s/>])[^<>]*>|!--|!doctype\b)", re.IGNORECASE)
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_SPACES = re.compile(" {2,}")
_BLANK_LINES = re.compile("\n{3,}")

_SKIPPED = frozenset({"script", "style", "noscript", "template", "title"})
_PARAGRAPH = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                        "blockquote", "header", "footer", "main", "aside", "nav", "ul", "ol", "dl",
                        "table", "pre", "figure", "figcaption", "address", "form", "hr", "body",
                        "details", "summary", "fieldset"})
_LINE = frozenset({"br", "li", "tr", "dt", "dd", "caption", "option"})
_CELL = frozenset({"td", "th"})
_PARA, _NL = object(), object()


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment or page, its <title> and its first <h1>."""

    def __init__(self, keep_lines: bool = False):
        super().__init__(convert_charrefs=True)
        self.keep_lines = keep_lines
        self.parts: list = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._skip: list[str] = []
        self._in_h1 = False
        self._h1_done = False

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self._skip.append(tag)
        elif tag == "h1" and not self._h1_done:
            self._in_h1 = True
        self._mark(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in _SKIPPED:
            self._mark(tag)

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip[-1]:
            self._skip.pop()
        elif tag == "h1" and self._in_h1:
            self._in_h1, self._h1_done = False, True
        if tag in _PARAGRAPH:
            self.parts.append(_PARA)
        elif tag == "br":
            self.parts.append(_NL)

    def handle_data(self, data):
        if self._skip:
            if self._skip == ["title"]:
                self.title_parts.append(data)
            return
        if self.keep_lines:
            for n, line in enumerate(data.split("\n")):
                self.parts.extend([_NL, _HTML_SPACE.sub(" ", line)] if n else [_HTML_SPACE.sub(" ", line)])
        else:
            self.parts.append(_HTML_SPACE.sub(" ", data))
        if self._in_h1:
            self.h1_parts.append(data)

    def _mark(self, tag):
        if tag in _PARAGRAPH:
            self.parts.append(_PARA)
        elif tag in _LINE:
            self.parts.append(_NL)
        elif tag in _CELL:
            self.parts.append(" ")

    def text(self) -> str:
        out = "".join("\n\n" if p is _PARA else "\n" if p is _NL else p for p in self.parts)
        lines = (_SPACES.sub(" ", line).strip(" ") for line in out.split("\n"))
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def has_markup(text: str) -> bool:
    """True if ``text`` contains HTML tags, comments or a doctype ("5 < 7" does not count).

    Examples
    --------
    >>> has_markup("<p>نص</p>"), has_markup("5 < 7")
    (True, False)
    """
    return _MARKUP.search(text) is not None


def html_to_text(markup: str, keep_lines: bool = False) -> tuple[str | None, str]:
    """Reduce HTML to ``(title, text)``.

    <script>, <style>, <noscript> and <template> are dropped with their
    content; block elements become line or paragraph breaks; entities are
    unescaped; runs of spaces collapse. The title is the <title>, else the
    first <h1>, else None; the <title> is not part of the text.

    Parameters
    ----------
    markup : str
    keep_lines : bool
        Keep the line breaks of the text between tags (for text with a few
        tags in it, whose lines matter) instead of treating them as spaces
        (HTML pages).

    Examples
    --------
    >>> html_to_text("<title>خبر</title><p>قصف &amp; اشتباكات</p><script>x()</script>")
    ('خبر', 'قصف & اشتباكات')
    """
    parser = _TextExtractor(keep_lines)
    parser.feed(markup)
    parser.close()
    title = " ".join("".join(parser.title_parts).split()) or \
        " ".join("".join(parser.h1_parts).split()) or None
    return title, parser.text()


def _reduce_markup(text: str, limit: int | None = None) -> str:
    """``text`` without markup (tags, or only entities), its lines kept; plain text is returned as is.

    Raises
    ------
    _Bad
        If the text with markup is too long to be worth parsing.
    """
    if has_markup(text):
        if limit is not None and len(text) > _MARKUP_FACTOR * limit:
            raise _Bad(_too_long(len(text), limit))
        return html_to_text(text, keep_lines=True)[1]
    if "&" in text and _ENTITY.search(text):
        return html.unescape(text)
    return text


def _clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    return " ".join(_reduce_markup(title).split()) or None
