"""JSON Lines: one record per line, from a `.jsonl` file or standard input."""
from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.ingest.article import Article, ReadError
from newsgraph.ingest.dates import normalize_date
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.files import stem
from newsgraph.ingest.html import html_to_article

STDIN_NAME = "<stdin>"
_OPTIONAL = ("title", "url", "source", "byline")
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean", type(None): "null"}


def read_jsonl(path: str) -> Iterator[Article | ReadError]:
    empty = True
    with open(path, "rb") as f:
        for result in read_lines(f, stem(path), path):
            empty = False
            yield result
    if empty:
        yield ReadError(stem(path), ErrorCode.EMPTY_INPUT, f"{path} has no records (it is empty or only blank lines)", path)


def read_stdin(stream: TextIO | BinaryIO) -> Iterator[Article | ReadError]:
    # Prefer the bytes under a text stream: the locale's encoding may not be UTF-8.
    yield from read_lines(getattr(stream, "buffer", stream), "stdin", STDIN_NAME)


def read_lines(lines: Iterable[str | bytes], file_stem: str, where: str) -> Iterator[Article | ReadError]:
    for number, raw in enumerate(lines, 1):
        origin = f"{where}:{number}"
        default_id = f"{file_stem}-{number}"
        if isinstance(raw, bytes):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                line = decode_bytes(raw, f"{where} line {number}")
            except NewsgraphError as err:
                yield ReadError(default_id, err.code, err.detail, origin)
                continue
        else:
            line = raw.removeprefix("\ufeff") if number == 1 else raw
        if line.strip():
            yield parse_record(line, default_id, origin)


def parse_record(line: str, default_id: str, origin: str) -> Article | ReadError:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return ReadError(default_id, ErrorCode.BAD_JSON, f"{origin}: not valid JSON ({err.msg} at column {err.colno})", origin)
    if not isinstance(obj, dict):
        return ReadError(default_id, ErrorCode.BAD_JSON, f"{origin}: the line is {_kind(obj)}, not a JSON object", origin)

    id_ = obj.get("id")
    if id_ is None or (isinstance(id_, str) and not id_.strip()):
        id_ = default_id
    elif isinstance(id_, int) and not isinstance(id_, bool):
        id_ = str(id_)
    elif not isinstance(id_, str):
        return _bad_field(default_id, origin, "id", id_)
    for name in ("text", "html", *_OPTIONAL):
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return _bad_field(id_, origin, name, value)

    text, html = obj.get("text"), obj.get("html")
    if text and text.strip():
        article = Article(id=id_, text=text, origin=origin)  # exactly as given
    elif html and html.strip():
        result = html_to_article(html, id_, origin=origin, url=obj.get("url") or None)
        if isinstance(result, ReadError):
            return result
        article = result
    else:
        what = "has an empty 'text'" if "text" in obj else "has no 'text' or 'html'"
        return ReadError(id_, ErrorCode.MISSING_TEXT, f"{origin}: the record {what}", origin)

    for name in _OPTIONAL:
        value = obj.get(name)
        if value and value.strip():
            setattr(article, name, value.strip())
    article.published = normalize_date(obj.get("published")) or article.published
    return article


def _bad_field(id_: str, origin: str, name: str, value: object) -> ReadError:
    return ReadError(id_, ErrorCode.BAD_FIELD, f"{origin}: '{name}' must be a string, not {_kind(value)}", origin)


def _kind(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)
