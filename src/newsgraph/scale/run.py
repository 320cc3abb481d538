"""`run_batch`: stream the inputs into shards, skip the finished ones, hand the rest to an engine,
keep the manifest and the counts."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.ingest import read_articles
from newsgraph.scale.extract import ShardResult
from newsgraph.scale.rows import Row, input_row
from newsgraph.scale.shards import (cut_shards, read_manifest, remove_temp_files, shard_counts, shard_name,
                                    shard_path, write_manifest)

ENGINES = ("local", "ray")
FORMATS = ("parquet", "jsonl")
Shards = Iterator[tuple[int, list[Row]]]


@dataclass(frozen=True)
class BatchOptions:
    engine: str = "local"
    workers: int | None = None  # default: every core
    fmt: str = "parquet"
    shard_size: int = 1000
    address: str | None = None  # an existing Ray cluster
    model: str | None = None
    batch_size: int | None = None
    retries: int = 2  # extra attempts for a shard that fails

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    def check(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {self.engine!r}")
        if self.fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {self.fmt!r}")
        if self.shard_size < 1 or self.worker_count < 1:
            raise ValueError("--shard-size and --workers must be at least 1")


@dataclass
class BatchSummary:
    read: int = 0
    written: int = 0
    failed: int = 0
    shards_done: int = 0
    shards_skipped: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    peak_rss_mib: dict[int, float] = field(default_factory=dict)  # worker pid -> peak RSS

    def summary(self) -> str:
        return (f"read {self.read}, written {self.written}, failed {self.failed} "
                f"({self.shards_done} shards done, {self.shards_skipped} already finished)")

    def add(self, counts: dict) -> None:
        self.read += counts["read"]
        self.written += counts["written"]
        self.failed += counts["failed"]


def run_batch(inputs: Sequence[str], out_dir: str | Path, options: BatchOptions = BatchOptions(),
              on_shard: Callable[[ShardResult | dict], None] | None = None) -> BatchSummary:
    """Extract every article of `inputs` into shards under `out_dir`; resumes a run that stopped."""
    options.check()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_temp_files(out_dir)
    settings = {"inputs": [str(p) for p in inputs], "format": options.fmt, "shard_size": options.shard_size}
    manifest = read_manifest(out_dir) or {**settings, "shards": {}}
    different = {k for k, v in settings.items() if manifest.get(k) != v}
    if different:
        raise NewsgraphError(ErrorCode.BATCH_MISMATCH, f"{out_dir} was written with other {', '.join(sorted(different))}")
    manifest["complete"] = False
    write_manifest(out_dir, manifest)
    summary = BatchSummary()
    start = time.perf_counter()

    def finished(result: ShardResult) -> None:
        entry = {k: v for k, v in result.as_dict().items() if k != "errors"}
        manifest["shards"][shard_name(result.index, options.fmt)] = entry
        write_manifest(out_dir, manifest)
        summary.add(entry)
        summary.shards_done += 1
        summary.errors.extend(result.errors)
        summary.peak_rss_mib[result.worker] = max(result.peak_rss_mib, summary.peak_rss_mib.get(result.worker, 0.0))
        if on_shard:
            on_shard(result)

    def pending() -> Shards:
        rows = (input_row(item) for item in read_articles(list(inputs)))
        for index, shard_rows in cut_shards(rows, options.shard_size):
            path = shard_path(out_dir, index, options.fmt)
            if not path.exists():
                yield index, shard_rows
                continue
            counts = manifest["shards"].get(path.name)
            if counts is None:  # written just before a kill, which left no time to record it
                counts = manifest["shards"][path.name] = {"index": index, **shard_counts(path), "recovered": True}
                write_manifest(out_dir, manifest)
            summary.add(counts)
            summary.shards_skipped += 1
            if on_shard:
                on_shard(counts)

    engine = _engine(options.engine)
    engine(pending(), out_dir, options, finished)
    summary.seconds = time.perf_counter() - start
    manifest.update(complete=True, read=summary.read, written=summary.written, failed=summary.failed)
    write_manifest(out_dir, manifest)
    return summary


def _engine(name: str):
    if name == "ray":
        from newsgraph.scale.ray_data import run_ray

        return run_ray
    from newsgraph.scale.local import run_local

    return run_local
