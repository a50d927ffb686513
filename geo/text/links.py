"""Links and cells from untrusted text: only http(s) links, and CSV cells no spreadsheet runs.

Article fields (url, source, title) come from outside. A link is kept only
if it is an absolute ``http``/``https`` URL (no ``javascript:``, ``data:``
or ``file:``), and a CSV cell that a spreadsheet would read as a formula is
neutralised the way OWASP recommends: a leading apostrophe.
"""
from __future__ import annotations

from urllib.parse import urlsplit

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host and no white space, else None.

    Examples
    --------
    >>> safe_url("https://example.org/a?b=1")
    'https://example.org/a?b=1'
    >>> safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    True
    """
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def spreadsheet_safe(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: strings starting like a formula get a leading ``'``.

    Numbers are left alone (a negative longitude stays a number).

    Examples
    --------
    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> spreadsheet_safe(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
