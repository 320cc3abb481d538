"""Turning the PATH arguments into (file, format) pairs: suffixes, folder walking, missing paths."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from newsgraph.errors import ErrorCode
from newsgraph.ingest.article import ReadError

STDIN = "-"
# Longest first, so ".warc.gz" wins over ".gz".
SUFFIXES: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl", "jsonl"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
)


def format_of(path: str) -> str | None:
    name = os.path.basename(path).lower()
    for suffix, fmt in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


def stem(path: str) -> str:
    """The file name without its (possibly double) extension: "a/b.warc.gz" -> "b"."""
    name = os.path.basename(path)
    for suffix, _ in SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    root, _ = os.path.splitext(name)
    return root or name


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[str, str] | ReadError]:
    """Yield (path, format) for every file to read, with format "stdin" for "-", or a ReadError."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for path in map(os.fspath, paths):
        if path == STDIN:
            yield path, "stdin"
        elif os.path.isdir(path):
            for file in walk(path):
                yield file, format_of(file)  # type: ignore[misc]  # walk() only yields known formats
        elif not os.path.exists(path):
            yield ReadError(stem(path), ErrorCode.FILE_NOT_FOUND, f"no such file or folder: {path}", path)
        elif (fmt := format_of(path)) is None:
            yield ReadError(stem(path), ErrorCode.UNSUPPORTED_FORMAT, f"cannot read this kind of file: {path}", path)
        else:
            yield path, fmt


def walk(folder: str) -> list[str]:
    """Readable files under `folder`, recursively, in a stable order; hidden files and folders are skipped."""
    found: list[tuple[tuple[str, ...], str]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or format_of(name) is None:
                continue
            full = os.path.join(root, name)
            found.append((tuple(os.path.relpath(full, folder).split(os.sep)), full))
    return [full for _, full in sorted(found)]
