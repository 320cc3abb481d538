"""The `ray` engine: Ray Data `map_batches` over an actor pool; each actor loads the pipeline once.

Shards are spilled to `OUT/.pending/` as JSONL first (bounded memory on the driver, whatever the
corpus size), then one row per shard flows through the actors, which write the shard files.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.scale.extract import ShardResult, run_shard
from newsgraph.scale.rows import dumps

PENDING = ".pending"


class ShardActor:
    """One per worker: loads the pipeline in `__init__`, then extracts one shard per call."""

    def __init__(self, out_dir: str, fmt: str, model: str | None, batch_size: int | None, retries: int):
        from newsgraph.pipeline import Pipeline

        self.pipeline = Pipeline(model=model, batch_size=batch_size)
        self.out_dir, self.fmt, self.retries = Path(out_dir), fmt, retries

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[str]]:
        results = []
        for index, spill in zip(batch["index"], batch["input"]):
            with open(spill, encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle]
            result = run_shard(self.pipeline, int(index), rows, self.out_dir, self.fmt, self.retries)
            results.append(json.dumps(result.as_dict()))
        return {"result": results}


def _spill(pending_dir: Path, index: int, rows: list) -> Path:
    path = pending_dir / f"part-{index:05d}.jsonl"
    temp = path.with_name(path.name + ".tmp")
    with temp.open("w", encoding="utf-8") as handle:
        handle.writelines(dumps(row) + "\n" for row in rows)
    os.replace(temp, path)
    return path


def start_ray(workers: int, address: str | None = None) -> bool:
    """Connect to `address`, or start Ray on this machine. True when this call started it."""
    try:
        import ray
    except ImportError as exc:
        raise NewsgraphError(ErrorCode.MISSING_EXTRA, "--engine ray needs Ray: pip install 'newsgraph[ray]'") from exc
    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # nothing leaves the machine
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        # Ray replaces a loopback node address with the machine's own, so its servers cannot be held to
        # loopback; its token authentication (on by default) guards them. No dashboard, no usage stats.
        ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    return True


def run_ray(shards, out_dir: Path, options, on_done: Callable[[ShardResult], None]) -> None:
    started = start_ray(options.worker_count, options.address)
    import ray
    import ray.data

    logging.getLogger("ray.data").setLevel(logging.WARNING)  # our summary and progress bar say it
    pending_dir = out_dir / PENDING
    pending_dir.mkdir(exist_ok=True)
    try:
        tasks = [{"index": index, "input": str(_spill(pending_dir, index, rows))} for index, rows in shards]
        if not tasks:
            return
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        actors = ray.data.ActorPoolStrategy(size=min(options.worker_count, len(tasks)))
        dataset = ray.data.from_items(tasks, override_num_blocks=len(tasks)).map_batches(
            ShardActor, batch_size=1, compute=actors, num_cpus=1,
            fn_constructor_kwargs={"out_dir": str(out_dir), "fmt": options.fmt, "model": options.model,
                                   "batch_size": options.batch_size, "retries": options.retries})
        for row in dataset.iter_rows():
            result = ShardResult(**json.loads(row["result"]))
            on_done(result)
            (pending_dir / f"part-{result.index:05d}.jsonl").unlink(missing_ok=True)
    finally:
        if not any(pending_dir.iterdir()):
            pending_dir.rmdir()
        if started:
            ray.shutdown()
