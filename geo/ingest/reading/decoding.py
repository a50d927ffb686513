"""Decoding input bytes: BOMs, UTF-8, Windows-1256 and UTF-16/UTF-32, binary files, sizes.

Whole files are decoded by :func:`_decode_bytes`; JSONL and CSV files are
read line by line (:func:`_lines`) in the codec :func:`_line_codec` picks.
Input that cannot be read raises :class:`~geo.exc.InputError`.
"""
from __future__ import annotations

import codecs
import io
import re

from geo.exc import InputError
from geo.ingest.reading.common import _HEAD_BYTES, _NEWLINES, _PEEK_BYTES, _blank, _Options


_CHUNK_BYTES = 1 << 20

_ARABIC = re.compile("[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: What bytes 0x80-0x9F become in Windows-1256, less its letters and joiners.
_CP1256_SYMBOLS = frozenset(c for c in bytes(range(0x80, 0xA0)).decode("cp1256")
                            if not c.isalpha() and c not in "\u200c\u200d")


def _bom_codec(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return None


def _sniff_utf16(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a BOM, else None.

    Latin, Arabic and the spaces and digits between them are characters
    U+0000-U+00FF and U+0600-U+06FF: nearly all their high bytes are 0x00 or 0x06.
    """
    n = len(head) // 2
    if n < 4:
        return None
    for codec, high in (("utf-16-le", head[1:2 * n:2]), ("utf-16-be", head[0:2 * n:2])):
        if sum(1 for b in high if b in (0, 6)) >= 0.9 * n:
            text = head[:2 * n].decode(codec, "replace")
            if not _looks_binary(text) and text.count("\ufffd") <= 1:
                return codec
    return None


def _binary(head: bytes) -> bool:
    """True if the first bytes of a file with no BOM are not text: NUL bytes or control characters.

    A stray NUL byte or two is not enough: more than 4, and more than one byte in a hundred, must be NUL.
    """
    return head.count(b"\0") > max(4, len(head) // 100) or _looks_binary(head.decode("utf-8", "replace"))


def _byte_lines(codec: str) -> bool:
    """True if text in ``codec`` can be split into lines at b"\\n" before decoding (not UTF-16/32)."""
    return "a\n".encode(codec).endswith(b"a\n")


def _codec_label(codec: str) -> str:
    name = codecs.lookup(codec).name
    return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE",
            "utf-16-be": "UTF-16BE", "utf-32": "UTF-32", "cp1256": "Windows-1256"}.get(name, codec)


def _byte_place(raw: bytes, pos: int) -> tuple[int, int]:
    """1-based (line, byte within the line) of byte offset ``pos``."""
    start = raw.rfind(b"\n", 0, pos) + 1
    return raw.count(b"\n", 0, pos) + 1, pos - start + 1


def _decode_bytes(raw: bytes, path: str, forced: str | None) -> tuple[str, int]:
    """The text of a whole file (decoded, BOM removed, newlines as ``\\n``) and how many NUL bytes were dropped.

    UTF-16 without a BOM is recognised. A few stray NUL bytes in a file that
    is otherwise text are dropped (the caller warns); more make it binary.

    Raises
    ------
    InputError
        Binary, empty (or only invisible characters), or neither
        UTF-8/UTF-16/UTF-32 nor plausible Windows-1256.
    """
    codec = forced or _bom_codec(raw) or _sniff_utf16(raw[:_HEAD_BYTES])
    nuls = 0
    if codec:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError as err:
            line, byte = _byte_place(raw, err.start)
            raise InputError(f"not valid {_codec_label(codec)} (byte {byte})", path, line) from err
    else:
        if _binary(raw[:_HEAD_BYTES]):
            raise InputError("binary file, not text", path)
        nuls = raw.count(b"\0")
        text = _guess_decode(raw.replace(b"\0", b"") if nuls else raw, path)
    text = text.removeprefix("\ufeff")
    if _looks_binary(text[:_HEAD_BYTES]):
        raise InputError("binary file, not text", path)
    if _blank(text):
        raise InputError("empty file", path)
    return _NEWLINES.sub("\n", text), nuls


def _guess_decode(raw: bytes, path: str) -> str:
    """UTF-8, else Windows-1256 if the result reads as Arabic."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        first_error = err
    if _mostly_utf8(raw):
        line, byte = _byte_place(raw, first_error.start)
        raise InputError(f"not valid UTF-8 (byte {byte})", path, line) from first_error
    text = raw.decode("cp1256")
    if _looks_binary(text[:_HEAD_BYTES]):
        raise InputError("binary file, not text", path)
    if _plausibly_arabic(text):
        return text
    raise InputError("cannot decode: not UTF-8 or Windows-1256", path)


def _mostly_utf8(raw: bytes) -> bool:
    """True if at most a quarter of the non-ASCII characters are broken UTF-8."""
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return bad * 4 <= non_ascii


def _plausibly_arabic(text: str) -> bool:
    """True if Windows-1256-decoded ``text`` reads as Arabic, not as mojibake.

    Most non-ASCII characters must be Arabic, Arabic must be a good share of
    the letters, and few characters may be the symbols of the 0x80-0x9F region.
    """
    sample = text[:_PEEK_BYTES]
    non_ascii = len(sample) - len(sample.encode("ascii", "ignore"))
    if not non_ascii or _looks_binary(sample):
        return False
    arabic = len(_ARABIC.findall(sample))
    letters = sum(1 for ch in sample if ch.isalpha())
    symbols = sum(1 for ch in sample if ch in _CP1256_SYMBOLS)
    return arabic >= 0.7 * non_ascii and arabic >= 0.3 * letters and symbols <= 0.05 * non_ascii


def _looks_binary(sample: str) -> bool:
    """True if more than a tenth of ``sample`` are control characters (tab, newlines, form feed aside)."""
    return bool(sample) and len(_CONTROL.findall(sample)) * 10 > len(sample)


# --- sizes -------------------------------------------------------------------------

def _size(fh) -> int:
    size = fh.seek(0, io.SEEK_END)
    fh.seek(0)
    return size


def _count_chars(fh, codec: str) -> int:
    decoder = codecs.getincrementaldecoder(codec)("replace")
    total = 0
    while chunk := fh.read(_CHUNK_BYTES):
        total += len(decoder.decode(chunk))
    return total + len(decoder.decode(b"", final=True))


# --- line files ---------------------------------------------------------------------

def _line_codec(fh, path: str, opts: _Options) -> str:
    """The codec to read a JSONL or CSV file's lines with (one pass over the file).

    UTF-8 unless most lines with non-ASCII bytes are not UTF-8 and
    Windows-1256 reads them as Arabic; UTF-16/UTF-32 with a BOM or UTF-16
    without one; or the forced encoding. Under UTF-8, a line that does not
    decode costs only itself.

    Raises
    ------
    InputError
        Binary.
    """
    head = fh.read(_HEAD_BYTES)
    fh.seek(0)
    codec = opts.encoding or _bom_codec(head) or _sniff_utf16(head)
    if codec is None and _binary(head) or codec and _looks_binary(head.decode(codec, "replace")):
        raise InputError("binary file, not text", path)
    if codec:
        return codec
    # Only lines with bytes above ASCII tell UTF-8 from Windows-1256 (a header row says nothing).
    total = bad = 0
    sample = []
    for raw in fh:
        if max(raw, default=0) > 0x7F:
            total += 1
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                bad += 1
                if len(sample) < 200:
                    sample.append(raw)
    fh.seek(0)
    if bad * 2 > total and _plausibly_arabic(b"".join(sample).decode("cp1256")):
        return "cp1256"
    return "utf-8"          # the lines that are not UTF-8 are reported one by one; the others are read


def _lines(fh, codec: str, path: str):
    """``(line number, text, error)`` for each line; ``error`` is an InputError if it does not decode.

    The text of a line that does not decode has replacement characters
    (CSV needs it to keep its structure); in UTF-16/UTF-32 reading stops there.
    """
    label = _codec_label(codec)
    if not _byte_lines(codec):                # UTF-16, UTF-32: decode as a stream
        stream = io.TextIOWrapper(fh, encoding=codec, newline="")
        try:
            yield from _stream_lines(stream, label, path)
        finally:
            stream.detach()
        return
    for number, raw in enumerate(fh, 1):
        if b"\0" in raw:                     # one NUL byte rejects its line, not the file
            raw = raw.replace(b"\0", b"")
            text, error = raw.decode(codec, "replace"), InputError("a NUL byte in the line: not text", path, number)
            yield number, text, error
            continue
        try:
            text, error = raw.decode(codec), None
        except UnicodeDecodeError as err:
            text = raw.decode(codec, "replace")
            error = InputError(f"not valid {label} (byte {err.start + 1})", path, number)
        yield number, (text.removeprefix("\ufeff") if number == 1 else text), error


def _stream_lines(stream, label: str, path: str):
    number = 0
    while True:
        number += 1
        try:
            text = next(stream)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield number, "", InputError(f"not valid {label}", path, number)
            return
        yield number, (text.removeprefix("\ufeff") if number == 1 else text), None
