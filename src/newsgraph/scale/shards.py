"""Shards on disk: numbered in input order, written atomically (temp name, then rename), and a
manifest of what is done. A shard file that exists is complete, so a re-run can skip it."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from newsgraph.scale.rows import OUTPUT_COLUMNS, Row

MANIFEST = "manifest.json"
TEMP_MARK = ".tmp-"


def shard_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def shard_path(out_dir: Path, index: int, fmt: str) -> Path:
    return out_dir / shard_name(index, fmt)


def cut_shards(rows: Iterable[Row], size: int) -> Iterator[tuple[int, list[Row]]]:
    """(index, rows) in input order; boundaries depend only on the input order and `size`."""
    iterator = iter(rows)
    index = 0
    while chunk := list(islice(iterator, size)):
        yield index, chunk
        index += 1


def _atomic_path(path: Path) -> Path:
    return path.with_name(f"{path.name}{TEMP_MARK}{os.getpid()}")


def write_shard(out_dir: Path, index: int, fmt: str, rows: list[Row]) -> Path:
    path = shard_path(out_dir, index, fmt)
    temp = _atomic_path(path)
    if fmt == "parquet":
        _write_parquet(temp, rows)
    else:
        with temp.open("w", encoding="utf-8") as handle:
            handle.writelines(row["record"] + "\n" for row in rows)
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(temp, path)
    return path


def _write_parquet(path: Path, rows: list[Row]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("error", pa.string()), ("record", pa.string()),
                        ("n_entities", pa.int32()), ("n_quotes", pa.int32()), ("n_events", pa.int32())])
    table = pa.table({name: [row[name] for row in rows] for name in OUTPUT_COLUMNS}, schema=schema)
    pq.write_table(table, path, compression="zstd")


def read_shard_records(path: Path) -> list[dict]:
    """The contract records of one finished shard, in order."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [json.loads(text) for text in pq.read_table(path, columns=["record"]).column("record").to_pylist()]
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def shard_counts(path: Path) -> dict[str, int]:
    """read/written/failed of a finished shard, from the file itself."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        errors = pq.read_table(path, columns=["error"]).column("error").to_pylist()
    else:
        errors = [record.get("error") for record in read_shard_records(path)]
    failed = sum(1 for e in errors if e)
    return {"read": len(errors), "written": len(errors) - failed, "failed": failed}


def remove_temp_files(out_dir: Path) -> int:
    """Half-written shards left by a killed run."""
    stale = [p for p in out_dir.glob(f"part-*{TEMP_MARK}*")]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def read_manifest(out_dir: Path) -> dict | None:
    path = out_dir / MANIFEST
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_manifest(out_dir: Path, manifest: dict) -> None:
    path = out_dir / MANIFEST
    temp = _atomic_path(path)
    temp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temp, path)
