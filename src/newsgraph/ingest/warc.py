"""WARC archives (`.warc`, `.warc.gz`): the HTML pages of successful `response` records."""
from __future__ import annotations

import os
import posixpath
import zlib
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.ingest.article import Article, ReadError
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.files import stem
from newsgraph.ingest.html import declared_charset, html_to_article

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


class _Damaged(Exception):
    """Not an EOFError on purpose: warcio takes those for a clean end of the archive."""


def read_warc(path: str) -> Iterator[Article | ReadError]:
    size = os.path.getsize(path)
    if size == 0:
        yield ReadError(stem(path), ErrorCode.EMPTY_INPUT, f"{path} is empty", path)
        return
    number = found = 0
    with open(path, "rb") as raw:
        try:
            stream = _GunzipStream(raw) if raw.peek(2)[:2] == _GZIP_MAGIC else raw
            if not stream.peek(5).startswith(b"WARC/"):
                raise _Damaged("it does not start with a WARC header")
            archive = ArchiveIterator(stream)
            for number, record in enumerate(archive, 1):
                _check_header(record)
                result = _record_to_article(record, path, number)
                _drain(record)
                if result is not None:
                    found += 1
                    yield result
            # warcio silently drops a last record whose header is cut; the leftover bytes show it.
            total = stream.delivered if isinstance(stream, _GunzipStream) else size
            if archive.offset < total:
                raise _Damaged(f"{total - archive.offset} bytes after the last complete record")
            if not found:  # an archive is never dropped without a word
                yield ReadError(stem(path), ErrorCode.EMPTY_INPUT,
                                f"{path}: none of its {number} records is a successful HTML response", path)
        except (_Damaged, ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError, IndexError, TypeError) as err:
            # warcio raises a grab bag of errors on damaged input (a cut header gives an
            # AttributeError); any of them ends this archive, not the run.
            after = f"after record {number}" if number else "before the first record"
            yield ReadError(
                stem(path),
                ErrorCode.BAD_ARCHIVE,
                f"{path}: archive truncated or corrupt {after} ({type(err).__name__}: {err})",
                f"{path}#{number + 1}",
            )


class _GunzipStream:
    """Multi-member gzip decompression that raises _Damaged on a cut stream.

    warcio decompresses by itself but stops silently at a cut, so a truncated .warc.gz would
    look complete. Reads return what is available (short reads), so every record before the
    cut is still delivered.
    """

    def __init__(self, raw):
        self._raw = raw
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._started = False  # bytes were fed to the current member
        self._pending = b""
        self.delivered = 0  # decompressed bytes handed out

    def _fill(self) -> None:
        while not self._pending:
            if self._inflate.eof:
                rest = self._inflate.unused_data
                self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self._started = bool(rest)
                self._pending = self._inflate.decompress(rest) if rest else b""
                continue
            chunk = self._raw.read(_CHUNK)
            if not chunk:
                if self._started:
                    raise _Damaged("the gzip stream ends inside a member")
                return
            self._started = True
            self._pending = self._inflate.decompress(chunk)

    def peek(self, size: int = 1) -> bytes:
        self._fill()
        return self._pending[:size]

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        self._fill()
        data, self._pending = self._pending[:size], self._pending[size:]
        self.delivered += len(data)
        return data


def _record_to_article(record, path: str, number: int) -> Article | ReadError | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    if mime.strip().lower() not in _HTML_TYPES:
        return None
    body = record.content_stream().read()
    _drain(record)  # before yielding: a cut record must not pass as a short page
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip() or None
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    id_ = _id_from_uri(uri) or record_id.removeprefix("urn:uuid:") or f"{stem(path)}-{number}"
    origin = f"{path}#{number}"
    try:
        html = decode_bytes(body, f"{path} record {number}", declared=_charset(params) or declared_charset(body))
    except NewsgraphError as err:
        return ReadError(id_, err.code, err.detail, origin)
    return html_to_article(html, id_, origin=origin, url=uri)


def _check_header(record) -> None:
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not record.rec_type or not declared.isdigit():
        raise _Damaged("a record header is cut short")
    if record.length != int(declared):  # warcio sets 0 when the block is missing entirely
        raise _Damaged(f"a record has {record.length} of its {declared} bytes")


def _drain(record) -> None:
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    if isinstance(raw, LimitReader) and raw.limit > 0:
        raise _Damaged(f"the record ends {raw.limit} bytes short of its Content-Length")


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _id_from_uri(uri: str | None) -> str | None:
    try:
        path = urlsplit(uri).path if uri else ""
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    segments = [s for s in path.split("/") if s]
    if not segments:
        return None
    name = unquote(segments[-1])
    root, _ = posixpath.splitext(name)
    return root or name
