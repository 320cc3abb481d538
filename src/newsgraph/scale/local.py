"""The `local` engine: spawned worker processes, each loading the pipeline once."""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path

from newsgraph.pipeline import Pipeline
from newsgraph.scale.extract import ShardResult, failed_shard_rows, run_shard
from newsgraph.scale.memory import peak_rss_mib
from newsgraph.scale.shards import write_shard

log = logging.getLogger(__name__)
_pipeline: Pipeline | None = None
PR_SET_PDEATHSIG = 1
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _die_with_parent() -> None:
    """A killed batch must not leave workers behind (Linux only; elsewhere a no-op)."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _start_worker(model: str | None, batch_size: int | None) -> None:
    global _pipeline
    _die_with_parent()
    _pipeline = Pipeline(model=model, batch_size=batch_size)


def _work(index: int, rows: list, out_dir: str, fmt: str, retries: int) -> ShardResult:
    return run_shard(_pipeline, index, rows, Path(out_dir), fmt, retries)


@contextmanager
def _one_thread_per_worker():
    """Workers are the parallelism: numeric libraries must not each start a thread per core too.
    Set while workers are spawned, so they inherit it (as Ray does for its workers)."""
    unset = [name for name in THREAD_VARIABLES if name not in os.environ]
    os.environ.update({name: "1" for name in unset})
    try:
        yield
    finally:
        for name in unset:
            os.environ.pop(name, None)


def run_local(shards, out_dir: Path, options, on_done: Callable[[ShardResult], None]) -> None:
    with _one_thread_per_worker():
        _run(shards, out_dir, options, on_done)


def _run(shards, out_dir: Path, options, on_done: Callable[[ShardResult], None]) -> None:
    workers = options.worker_count
    max_in_flight = 2 * workers  # bounds memory: at most this many shards are held at once

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(options.model, options.batch_size))

    pool = new_pool()
    in_flight: dict[Future, tuple[int, list]] = {}
    retry: deque[tuple[int, list]] = deque()
    crashes: dict[int, int] = {}
    try:
        while True:
            while len(in_flight) < max_in_flight:
                shard = retry.popleft() if retry else next(shards, None)
                if shard is None:
                    break
                future = pool.submit(_work, shard[0], shard[1], str(out_dir), options.fmt, options.retries)
                in_flight[future] = shard
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in done:
                index, rows = in_flight.pop(future)
                try:
                    on_done(future.result())
                except Exception as exc:  # noqa: BLE001 - a worker died (or could not start): retry the shard
                    crashes[index] = crashes.get(index, 0) + 1
                    log.warning("shard %d: worker failed (%s), attempt %d", index, exc, crashes[index])
                    if crashes[index] <= options.retries:
                        retry.append((index, rows))
                    else:
                        on_done(_give_up(index, rows, out_dir, options.fmt, crashes[index]))
            if getattr(pool, "_broken", False):
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _give_up(index: int, rows: list, out_dir: Path, fmt: str, attempts: int) -> ShardResult:
    out_rows = failed_shard_rows(rows, f"its worker process died {attempts} times")
    write_shard(out_dir, index, fmt, out_rows)
    return ShardResult(index=index, read=len(out_rows), written=0, failed=len(out_rows), attempts=attempts,
                       seconds=0.0, worker=0, peak_rss_mib=peak_rss_mib(),
                       errors=[f"{row['id']}: {row['error']}" for row in out_rows])
