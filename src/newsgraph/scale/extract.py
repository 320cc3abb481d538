"""The one function both engines run: a batch of input rows in, a batch of output rows out."""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import ErrorCode, describe
from newsgraph.pipeline import Pipeline
from newsgraph.records import error_record
from newsgraph.scale.memory import peak_rss_mib
from newsgraph.scale.rows import Row, input_item, output_row
from newsgraph.scale.shards import write_shard

log = logging.getLogger(__name__)


def extract_rows(pipeline: Pipeline, rows: list[Row]) -> list[Row]:
    """One output row per input row, in order. Never raises for a bad record: it becomes an error row."""
    items = [input_item(row) for row in rows]
    try:
        records = list(pipeline.pipe(items))
    except Exception:  # noqa: BLE001 - isolate the record that breaks the batch
        log.debug("batch failed; extracting one by one", exc_info=True)
        records = [_extract_one(pipeline, item) for item in items]
    return [output_row(record) for record in records]


def _extract_one(pipeline: Pipeline, item) -> dict:
    try:
        return next(pipeline.pipe([item]))
    except Exception as exc:  # noqa: BLE001 - becomes this record's error row
        detail = describe(ErrorCode.EXTRACTION_FAILED, f"{type(exc).__name__}: {exc}")
        return error_record(item.id, getattr(item, "text", ""), detail)


@dataclass
class ShardResult:
    index: int
    read: int
    written: int
    failed: int
    attempts: int
    seconds: float
    worker: int  # process id
    peak_rss_mib: float  # of the worker process, so far
    errors: list[str]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def run_shard(pipeline: Pipeline, index: int, rows: list[Row], out_dir: Path, fmt: str, retries: int = 2) -> ShardResult:
    """Extract one shard and write it atomically; retried when anything in it fails unexpectedly."""
    start = time.perf_counter()
    for attempt in range(1, retries + 2):
        try:
            out_rows = extract_rows(pipeline, rows)
            write_shard(out_dir, index, fmt, out_rows)
            break
        except Exception:  # noqa: BLE001 - retried; the last attempt writes error rows
            log.warning("shard %d failed (attempt %d)", index, attempt, exc_info=True)
            if attempt > retries:
                out_rows = failed_shard_rows(rows, "extraction kept failing")
                write_shard(out_dir, index, fmt, out_rows)
    failed = [row for row in out_rows if row["error"]]
    return ShardResult(index=index, read=len(out_rows), written=len(out_rows) - len(failed), failed=len(failed),
                       attempts=attempt, seconds=time.perf_counter() - start, worker=os.getpid(),
                       peak_rss_mib=peak_rss_mib(), errors=[f"{row['id']}: {row['error']}" for row in failed])


def failed_shard_rows(rows: list[Row], why: str) -> list[Row]:
    """Every record of a shard that could not be processed, as error rows (the run goes on)."""
    detail = describe(ErrorCode.SHARD_FAILED, why)
    return [output_row(error_record(str(row.get("id")), row.get("text") or "", detail)) for row in rows]
