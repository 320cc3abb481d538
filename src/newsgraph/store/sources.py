"""What `newsgraph ingest` reads: raw articles (extracted on the way), extracted JSONL, Parquet shards.

Extracted JSONL is recognised by its first record carrying `quotes` or `events`; Parquet shards are
what `newsgraph batch` writes (columns id, error, record = the contract record as JSON). Piped input
(standard input "-", a FIFO, /dev/fd/N) can be read once only: its first record is recognised as it
is read, and the lines read go on to whichever reader it needs (raw input: JSONL of articles).
"""
from __future__ import annotations

import codecs
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from newsgraph.errors import ErrorCode, NewsgraphError, describe

Record = dict[str, Any]


def _error(record_id: str, code: ErrorCode, detail: str) -> Record:
    return {"id": record_id, "text": "", "error": describe(code, detail), "entities": [], "quotes": [], "events": []}


def _loads(text: str | bytes) -> Any:
    """orjson (about twice as fast on records), else json: it also reads what orjson refuses (NaN,
    lone surrogates) and says what is wrong with a line. A line that is not UTF-8 raises
    json.JSONDecodeError too."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        try:
            return json.loads(text)
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError(f"not UTF-8 ({exc.reason} at byte {exc.start})", "", 0) from exc


def is_extracted_jsonl(path: Path) -> bool:
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                return _is_extracted_line(line)
    return False


def _is_extracted_line(line: bytes) -> bool:
    # a byte order mark before the first record, which read_extracted_jsonl reads (json takes it
    # from bytes), must not make the input look raw
    try:
        first = json.loads(line.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return False
    return isinstance(first, dict) and ("quotes" in first or "events" in first)


def is_pipe(name: str) -> bool:
    """Standard input ("-"), or a path that is a FIFO or a character device (/dev/stdin): input
    that can be read once only."""
    if name == "-":
        return True
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def sniff_lines(handle: BinaryIO) -> tuple[bool, Iterator[bytes]]:
    """Whether piped input holds extracted records, from its first record, and all its lines:
    those read to decide, then the rest as they come."""
    lines = _universal_lines(handle)
    head: list[bytes] = []
    for line in lines:
        head.append(line)
        if line.strip():
            return _is_extracted_line(line), chain(head, lines)
    return False, iter(head)


def _universal_lines(handle: BinaryIO) -> Iterator[bytes]:
    """A binary file's lines as text mode reads them: a lone \r ends one too (no JSON record holds
    a raw \r or \n), so that a file with old Mac line ends is not read as one line."""
    for line in handle:
        if b"\r" in line:
            yield from line.splitlines()
        else:
            yield line


_READ_BUFFER = 1 << 20


def read_extracted_jsonl(path: Path) -> Iterator[Record]:
    # lines as bytes: orjson reads UTF-8 itself, so decoding each line to str first only costs; a
    # buffer of 1 MiB, as a record's line (~15 KB) is read in pieces and joined with the default 8 KiB
    # (0.009-0.011 -> 0.003 ms a sample record)
    with path.open("rb", buffering=_READ_BUFFER) as handle:
        yield from read_extracted_lines(_universal_lines(handle), path.name)


def read_extracted_lines(lines: Iterable[bytes], name: str) -> Iterator[Record]:
    """Records of extracted JSONL lines; `name` of their input, in the ids of records that fail."""
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except json.JSONDecodeError as exc:
            yield _error(f"{name}:{line_no}", ErrorCode.BAD_JSON, f"line {line_no}: {exc.msg}")
            continue
        yield record if isinstance(record, dict) else _error(f"{name}:{line_no}", ErrorCode.BAD_JSON,
                                                             f"line {line_no} is not an object")


def read_parquet_shard(path: Path) -> Iterator[Record]:
    try:
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise NewsgraphError(ErrorCode.MISSING_EXTRA, "reading Parquet needs pyarrow (newsgraph[parquet])") from exc
    shard = pq.ParquetFile(path)
    for batch in shard.iter_batches(columns=["id", "error", "record"]):
        for row in batch.to_pylist():
            record_id = str(row.get("id"))
            if row.get("error"):
                yield _shard_error(record_id, str(row["error"]))
                continue
            try:
                record = _loads(row["record"])
            except (TypeError, json.JSONDecodeError) as exc:
                yield _error(record_id, ErrorCode.BAD_JSON, f"{path.name}: record is not JSON ({exc})")
                continue
            yield record


_DESCRIBED = re.compile(r"E\d{3}: ")


def _shard_error(record_id: str, error: str) -> Record:
    """A batch shard's error row already says its code ("E101: no such file"): passed on as it is."""
    if _DESCRIBED.match(error):
        return {"id": record_id, "text": "", "error": error, "entities": [], "quotes": [], "events": []}
    return _error(record_id, ErrorCode.EXTRACTION_FAILED, error)


def _kind(path: Path, extracted: bool) -> str:
    if path.suffix.lower() == ".parquet":
        return "parquet"
    if path.suffix.lower() == ".jsonl" and (extracted or is_extracted_jsonl(path)):
        return "extracted"
    return "raw"


def _expand(paths: Sequence[str]) -> Iterator[str]:
    """Folders of Parquet shards or extracted JSONL become their files; other folders go to the raw readers."""
    for name in paths:
        path = Path(name)
        if name != "-" and path.is_dir():
            shards = sorted(path.glob("*.parquet"))
            if shards:
                yield from (str(p) for p in shards)
                continue
        yield name


def iter_records(paths: Sequence[str], extracted: bool = False,
                 extract: Callable[..., Iterator[Record]] | None = None) -> Iterator[Record]:
    """Contract records from every path, in order. Raw input goes through `extract` (paths ->
    records); raw piped input, already read from, as `extract(paths, opened)`: `opened` maps its
    name to its lines (read_articles' `opened`)."""
    raw: list[str] = []
    opened: dict[str, Iterable[bytes]] = {}
    handles: list[BinaryIO] = []

    def flush() -> Iterator[Record]:
        if raw:
            if extract is None:
                raise NewsgraphError(ErrorCode.UNSUPPORTED_FORMAT, f"{raw[0]} is not extracted JSONL or Parquet")
            try:
                yield from extract(list(raw), dict(opened)) if opened else extract(list(raw))
            finally:
                for handle in handles:
                    handle.close()
                raw.clear(), opened.clear(), handles.clear()

    try:
        for name in _expand(paths):
            path = Path(name)
            if is_pipe(name):
                handle = sys.stdin.buffer if name == "-" else open(name, "rb", buffering=_READ_BUFFER)  # noqa: SIM115
                own = handle if name != "-" else None
                try:
                    is_extracted, lines = sniff_lines(handle)
                except BaseException:
                    if own is not None:
                        own.close()
                    raise
                if extracted or is_extracted:
                    try:
                        yield from flush()
                        yield from read_extracted_lines(lines, "stdin" if name == "-" else path.name)
                    finally:
                        if own is not None:
                            own.close()
                else:
                    raw.append(name)
                    opened[name] = lines
                    if own is not None:
                        handles.append(own)
                continue
            kind = _kind(path, extracted)
            if kind == "raw":
                raw.append(name)
                continue
            yield from flush()
            yield from read_parquet_shard(path) if kind == "parquet" else read_extracted_jsonl(path)
        yield from flush()
    finally:
        for handle in handles:
            handle.close()
