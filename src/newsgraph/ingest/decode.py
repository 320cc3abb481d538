"""Bytes to text: UTF-8 first, then a declared charset, then detection that gets Western code pages right."""
from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from newsgraph.errors import ErrorCode, NewsgraphError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is a prefix of this one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding Standard); so do we.
_AS_CP1252 = {"ascii", "latin_1", "iso8859_1", "cp1252"}
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_SNIFF = 8192
_STATS_SAMPLE = 200_000  # characters looked at to choose between candidate code pages


def is_binary(data: bytes) -> bool:
    head = data[:_SNIFF]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.1


def decode_bytes(data: bytes, what: str, declared: str | None = None) -> str:
    """Decode `data` (named `what` in error details). Raises NewsgraphError BINARY_INPUT or UNDECODABLE.

    A leading BOM is dropped; nothing else in the text is touched.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                raise NewsgraphError(ErrorCode.UNDECODABLE, f"{what}: bad {encoding} after its byte-order mark ({err.reason} at byte {err.start})") from None
    if is_binary(data):
        raise NewsgraphError(ErrorCode.BINARY_INPUT, f"{what} contains NUL or control bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    codec = _codec_name(declared)
    if codec and codec != "utf_8":
        try:
            return data.decode("cp1252" if codec in _AS_CP1252 else codec)
        except UnicodeDecodeError:
            pass
    text = _detect(data)
    if text is None:
        raise NewsgraphError(ErrorCode.UNDECODABLE, f"{what} is neither UTF-8 nor an encoding that could be detected")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (pasted from elsewhere) stays UTF-8; the strays become U+FFFD.

    Reading such a file as cp1252 would garble every other non-ASCII character instead.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    good = non_ascii - text.count("\ufffd")
    return text if good >= 2 and bad <= good else None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None


def _detect(data: bytes) -> str | None:
    best = from_bytes(data).best()
    guess = str(best) if best is not None else None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return guess
    if guess is None:
        return western
    # charset-normalizer often ranks a sibling code page (cp1250, cp437, ...) first on short
    # Latin-script text; cp1252 is by far the likelier one there unless the guess reads
    # as more letters (Polish, Czech in cp1250 and the like).
    if _latin_share(guess) < 0.5:
        return guess
    return guess if _letters(guess) > _letters(western) else western


def _non_ascii_letters(text: str) -> list[str]:
    # a sample decides as well as the whole, and keeps a 20 MB file from costing a minute here
    return [c for c in text[:_STATS_SAMPLE] if ord(c) > 127 and unicodedata.category(c).startswith("L")]


def _letters(text: str) -> int:
    return len(_non_ascii_letters(text))


def _latin_share(text: str) -> float:
    letters = _non_ascii_letters(text)
    if not letters:
        return 1.0
    return sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN")) / len(letters)
