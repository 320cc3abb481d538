"""The ray engine gives the same records as the local one (one Ray session for the module)."""
from __future__ import annotations

import shutil

import pytest

ray = pytest.importorskip("ray", reason="the ray extra is not installed: pip install -e '.[ray]'")
pytestmark = pytest.mark.model
CORPUS_SIZE = 200  # conftest.CORPUS_SIZE


@pytest.fixture(scope="module")
def ray_run(corpus, tmp_path_factory):
    from newsgraph.scale import BatchOptions, run_batch
    from newsgraph.scale.ray_data import start_ray

    started = start_ray(workers=2)
    out_dir = tmp_path_factory.mktemp("ray")
    options = BatchOptions(engine="ray", workers=2, shard_size=25)
    summary = run_batch([str(corpus)], out_dir, options)
    yield out_dir, options, summary
    if started:
        ray.shutdown()


def test_ray_and_local_give_identical_sorted_output(ray_run, local_output, read_output):
    out_dir, _, summary = ray_run
    assert (summary.read, summary.written, summary.failed) == (CORPUS_SIZE, CORPUS_SIZE, 0)
    assert len(summary.peak_rss_mib) == 2  # both actors took shards
    assert read_output(out_dir) == local_output
    assert not (out_dir / ".pending").exists()


def test_ray_rerun_redoes_only_missing_shards(ray_run, corpus, tmp_path, read_output):
    from newsgraph.scale import run_batch

    out_dir, options, _ = ray_run
    shutil.copytree(out_dir, tmp_path, dirs_exist_ok=True)
    (tmp_path / "part-00003.parquet").unlink()
    rerun = run_batch([str(corpus)], tmp_path, options)
    assert (rerun.shards_done, rerun.shards_skipped) == (1, 7)
    assert (rerun.read, rerun.written, rerun.failed) == (CORPUS_SIZE, CORPUS_SIZE, 0)
    assert read_output(tmp_path) == read_output(out_dir)
