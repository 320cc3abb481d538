"""Reading input: files, folders and stdin in any supported format, as Articles or ReadErrors."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import BinaryIO, TextIO

from newsgraph.errors import ErrorCode
from newsgraph.ingest.article import Article, ReadError
from newsgraph.ingest.files import iter_inputs, stem
from newsgraph.ingest.html import html_to_article, read_html
from newsgraph.ingest.jsonl import read_jsonl, read_lines, read_stdin
from newsgraph.ingest.text import read_text
from newsgraph.ingest.warc import read_warc

__all__ = ["Article", "ReadError", "html_to_article", "read_articles"]

_READERS: dict[str, Callable[[str], Iterator[Article | ReadError]]] = {
    "text": read_text,
    "html": read_html,
    "jsonl": read_jsonl,
    "warc": read_warc,
}


def read_articles(paths: Sequence[str], stdin: TextIO | BinaryIO | None = None,
                  opened: Mapping[str, Iterable[bytes]] | None = None) -> Iterator[Article | ReadError]:
    """Every article in `paths` ("-" is JSONL on `stdin`, default sys.stdin), in order. `opened`:
    the lines of inputs that cannot be opened again (a pipe whose first lines were read to tell
    what it holds: newsgraph.store.sources), by path; they are read as JSONL.

    Never raises for bad input: what cannot be read comes out as a ReadError and reading goes on.
    """
    opened = opened or {}
    for item in _inputs_with(paths, opened) if opened else iter_inputs(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        path, fmt = item
        if path in opened:
            yield from _guarded(path, read_stdin(opened[path]) if fmt == "stdin"
                                else read_lines(opened[path], stem(path), path))
        elif fmt == "stdin":
            yield from _guarded(path, read_stdin(stdin if stdin is not None else sys.stdin))
        else:
            yield from _guarded(path, _READERS[fmt](path))


def _inputs_with(paths: Sequence[str], opened: Mapping[str, Iterable[bytes]]) -> Iterator[tuple[str, str] | ReadError]:
    """iter_inputs, in order, with the opened inputs as JSONL whatever their names say."""
    for path in paths:
        if path in opened:
            yield path, "stdin" if path == "-" else "jsonl"
        else:
            yield from iter_inputs([path])


def _guarded(path: str, records: Iterator[Article | ReadError]) -> Iterator[Article | ReadError]:
    try:
        yield from records
    except OSError as err:
        yield ReadError(stem(path), ErrorCode.UNREADABLE, f"cannot read {path}: {err.strerror or err}", path)
    except Exception as err:  # a reader bug must cost one file, not the run
        yield ReadError(stem(path), ErrorCode.EXTRACTION_FAILED, f"unexpected error reading {path}: {type(err).__name__}: {err}", path)
