"""Whole-file articles: .txt files (plain text, or the seed format of ``seeds/``) and .html files.

Each reader yields ``(index, Article)`` pairs, or an
:class:`~geo.exc.InputError` for an article or file that is skipped.
"""
from __future__ import annotations


from geo.exc import InputError, InputWarning
from geo.ingest.reading.common import (_HEAD_BYTES, _MARKUP_FACTOR, _NEWLINES, _PEEK_BYTES, Article, _Bad,
                                _blank, _Options, compose_text, _too_long)
from geo.ingest.reading.decoding import _binary, _bom_codec, _count_chars, _decode_bytes, _size
from geo.ingest.reading.markup import _reduce_markup, html_to_text


#: The first line of a plain text file is its title if it is at most this long.
TITLE_MAX_CHARS = 200

_BIG_FILE_FACTOR = 32       # bytes per allowed character above which a file cannot be one article


def _load_text(fh, path: str, opts: _Options, mode: str) -> tuple[str, list[InputWarning]]:
    """The decoded text of a whole file (``mode``: "txt", "html" or "json"), and warnings about it.

    A .txt or .html file too big to hold an article under the limit (and,
    for .txt, not in the seed format) is rejected after counting its
    characters in chunks, without holding it in memory.
    """
    if mode != "json" and _size(fh) > _BIG_FILE_FACTOR * opts.limit:
        head = fh.read(_PEEK_BYTES)
        fh.seek(0)
        codec = opts.encoding or _bom_codec(head) or "utf-8"
        if mode == "html" or not _is_seed(_NEWLINES.sub("\n", head.decode(codec, "replace"))):
            if codec == "utf-8" and _binary(head[:_HEAD_BYTES]):
                raise InputError("binary file, not text", path)
            raise InputError(_too_long(_count_chars(fh, codec), opts.limit), path)
    text, nuls = _decode_bytes(fh.read(), path, opts.encoding)
    return text, [InputWarning(f"{nuls} NUL byte(s) removed", path)] if nuls else []


def _read_whole(fh, path: str, opts: _Options, mode: str):
    """Generator: yields the file's warnings (or the error that stops it) and returns its text (or None).

    ``text = yield from _read_whole(...)`` in a reader.
    """
    try:
        text, problems = _load_text(fh, path, opts, mode)
    except InputError as err:
        yield err
        return None
    yield from problems
    return text


def _first_lines(text: str, count: int) -> list[str]:
    """The first ``count`` non-blank lines of ``text``, stripped (without splitting all of it)."""
    found, start = [], 0
    while len(found) < count and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if line := text[start:end].strip():
            found.append(line)
        start = end + 1
    return found


def _is_seed(text: str) -> bool:
    """The seed format: the first non-blank line is repeated as the next one."""
    first = _first_lines(text, 2)
    return len(first) == 2 and first[0] == first[1]


def _txt_articles(fh, path: str, opts: _Options):
    """A .txt file: the articles of the seed format, or one plain article."""
    text = yield from _read_whole(fh, path, opts, "txt")
    if text is None:
        return
    try:
        text = _reduce_markup(text, opts.limit)
    except _Bad as bad:
        yield InputError(bad.message, path)
        return
    if _blank(text):
        yield InputError("no text after removing markup", path)
    elif _is_seed(text):
        yield from _seed_articles(text, path, opts.limit)
    elif len(text.strip()) > opts.limit:
        yield InputError(_too_long(len(text.strip()), opts.limit), path)
    else:
        first = _first_lines(text, 1)[0]
        title = first if len(first) <= TITLE_MAX_CHARS else None
        yield 1, Article(text=text.strip(), title=title, record_id=None, source=None,
                         url=None, published=None, origin=path)


def _seed_articles(text: str, path: str, limit: int):
    """Articles of the seed format: each title line is repeated, then body paragraphs follow."""
    lines = text.split("\n")
    starts = _seed_starts(lines)
    for n, (title_at, body_at) in enumerate(starts, 1):
        end = starts[n][0] if n < len(starts) else len(lines)
        title = lines[title_at].strip()
        article_text = compose_text(title, "\n".join(lines[body_at:end]).strip())
        if len(article_text) > limit:
            yield InputError(_too_long(len(article_text), limit), path, title_at + 1)
            continue
        yield n, Article(text=article_text, title=title, record_id=None, source=None, url=None,
                         published=None, origin=f"{path}:{title_at + 1}")


def _seed_starts(lines: list[str]) -> list[tuple[int, int]]:
    """``(title line, first body line)`` of each article: a line followed (blank lines aside) by itself."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    starts, k = [], 0
    while k < len(filled) - 1:
        title = lines[filled[k]].strip()
        if lines[filled[k + 1]].strip() != title:
            k += 1
            continue
        last = k + 1
        while last + 1 < len(filled) and lines[filled[last + 1]].strip() == title:
            last += 1                 # the title repeated more than twice
        starts.append((filled[k], filled[last] + 1))
        k = last + 1
    return starts


def _html_articles(fh, path: str, opts: _Options):
    """An .html file: one article, titled by its <title> (else its first <h1>)."""
    text = yield from _read_whole(fh, path, opts, "html")
    if text is None:
        return
    if len(text) > _MARKUP_FACTOR * opts.limit:
        yield InputError(_too_long(len(text), opts.limit), path)
        return
    title, body = html_to_text(text)
    article_text = compose_text(title, body)
    if _blank(article_text):
        yield InputError("no text after removing markup", path)
    elif len(article_text) > opts.limit:
        yield InputError(_too_long(len(article_text), opts.limit), path)
    else:
        yield 1, Article(text=article_text, title=title, record_id=None, source=None,
                         url=None, published=None, origin=path)
