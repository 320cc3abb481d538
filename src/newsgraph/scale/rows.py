"""Plain-dict forms of what crosses process boundaries: input rows (articles or read errors) and
output rows (`id`, `error`, `record` + a few flat counts), the columns `newsgraph ingest` reads."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from newsgraph.errors import ErrorCode
from newsgraph.ingest.article import Article, ReadError

Row = dict[str, Any]

# Parquet column order; `id`, `error` and `record` are what the store reads.
OUTPUT_COLUMNS = ("id", "error", "record", "n_entities", "n_quotes", "n_events")


def input_row(item: Article | ReadError) -> Row:
    if isinstance(item, ReadError):
        return {"kind": "error", "id": item.id, "code": item.code.value, "detail": item.detail, "origin": item.origin}
    row = asdict(item)
    row["boilerplate"] = [list(span) for span in item.boilerplate]
    row["kind"] = "article"
    return row


def input_item(row: Row) -> Article | ReadError:
    fields = {k: v for k, v in row.items() if k != "kind"}
    if row.get("kind") == "error":
        return ReadError(fields["id"], ErrorCode(fields["code"]), fields["detail"], fields.get("origin"))
    fields["boilerplate"] = [tuple(span) for span in fields.get("boilerplate") or []]
    return Article(**fields)


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def output_row(record: dict) -> Row:
    return {"id": record["id"], "error": record.get("error"), "record": dumps(record),
            "n_entities": len(record["entities"]), "n_quotes": len(record["quotes"]),
            "n_events": len(record["events"])}
