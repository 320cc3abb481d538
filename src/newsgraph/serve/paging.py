"""Opaque page tokens and whole-list downloads (CSV, JSONL) for every result list."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from newsgraph.errors import ErrorCode, NewsgraphError

Row = dict[str, Any]
DOWNLOAD_PAGE = 500
DOWNLOAD_MAX = 100_000


TOKEN_PATTERN = r"^p[0-9a-z]{1,6}$"  # what the OpenAPI description says of `next`; every match is a valid token
_TOKEN = re.compile(TOKEN_PATTERN)
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def encode_token(offset: int) -> str:
    """The token of the page at `offset`: "p" and the offset in base 36 (opaque to clients, who pass it back)."""
    digits = ""
    while True:
        offset, digit = divmod(offset, 36)
        digits = _DIGITS[digit] + digits
        if not offset:
            return "p" + digits


def decode_token(token: str | None) -> int:
    """The offset a token stands for; 0 without one."""
    if not token:
        return 0
    if not _TOKEN.fullmatch(token):
        raise NewsgraphError(ErrorCode.BAD_PAGE_TOKEN, f"page token {token[:40]!r} is not one this server gave")
    return int(token[1:], 36)


def page(fetch: Callable[[int, int], list[Row]], token: str | None, limit: int) -> tuple[list[Row], str | None, int]:
    """One page of a list: its rows, the token of the next page (None on the last) and its offset."""
    offset = decode_token(token)
    rows = fetch(limit + 1, offset)  # one more than shown tells whether there is a next page
    next_token = encode_token(offset + limit) if len(rows) > limit else None
    return rows[:limit], next_token, offset


def all_rows(fetch: Callable[[int, int], list[Row]], offset: int = 0) -> Iterator[Row]:
    """Every row of a list from `offset`, fetched a page at a time (at most DOWNLOAD_MAX)."""
    sent = 0
    while sent < DOWNLOAD_MAX:
        rows = fetch(DOWNLOAD_PAGE, offset + sent)
        yield from rows
        sent += len(rows)
        if len(rows) < DOWNLOAD_PAGE:
            return


def jsonl_lines(rows: Iterator[Row]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v.get("name") or v.get("text") or v.get("id")) if isinstance(v, dict) else _cell(v)
                         for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_lines(rows: Iterator[Row]) -> Iterator[str]:
    """CSV with the first row's columns as the header; lists of sides become "name; name"."""
    buffer = io.StringIO()
    writer: csv.DictWriter | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
            writer.writeheader()
        writer.writerow({k: _cell(v) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
