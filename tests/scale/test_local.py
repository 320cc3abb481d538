"""The local engine end to end, with the real model: bad input, resume after a SIGKILL."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from held_open import half_fed


pytestmark = pytest.mark.model
CORPUS_SIZE = 200  # conftest.CORPUS_SIZE
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


def test_local_run_writes_every_article_once(local_output):
    assert len(local_output) == CORPUS_SIZE
    assert len({r["id"] for r in local_output}) == CORPUS_SIZE
    assert sum(len(r["quotes"]) for r in local_output) > 0


def test_a_malformed_record_is_reported_not_fatal(tmp_path, read_output):
    from newsgraph.scale import BatchOptions, run_batch

    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "good", "text": "\\"We are ready,\\" the minister said."}\n'
                      '{"id": "broken", "text": \n'
                      '{"id": "empty", "text": ""}\n', encoding="utf-8")
    summary = run_batch([str(source)], tmp_path / "out", BatchOptions(workers=1, fmt="jsonl", shard_size=2))
    assert (summary.read, summary.written, summary.failed) == (3, 1, 2)
    records = {r["id"]: r for r in read_output(tmp_path / "out")}
    assert "error" not in records["good"] and records["good"]["quotes"]
    assert records["empty"]["error"].startswith("E107")
    assert [r for r in records if r not in ("good", "empty")][0].startswith("in")  # the bad line, by position
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["complete"] and manifest["failed"] == 2


def test_rerun_after_sigkill_finishes_with_no_loss_and_no_duplicates(corpus, tmp_path, read_output):
    size, shard = 40, 5
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:size]
    source, out = tmp_path / "in.jsonl", tmp_path / "out"
    command = [str(NEWSGRAPH), "batch", str(source), "--out", str(out), "--workers", "2", "--shard-size", str(shard),
               "--format", "jsonl", "--no-progress"]
    with half_fed(source, lines, size // 2):
        run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 150
        while len(list(out.glob("part-*.jsonl"))) < 2 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.1)
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    finished_before = len(list(out.glob("part-*.jsonl")))
    assert 2 <= finished_before <= size // 2 // shard, "the kill should land mid-run"
    assert not json.loads((out / "manifest.json").read_text())["complete"]

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"read {size}, written {size}, failed 0" in " ".join(rerun.stderr.split())
    ids = [r["id"] for r in read_output(out)]
    assert len(ids) == size and len(set(ids)) == size
    assert not list(out.glob("*.tmp-*"))
    assert json.loads((out / "manifest.json").read_text())["complete"]


def test_a_shard_written_but_not_recorded_before_a_kill_is_recorded_on_the_rerun(tmp_path):
    """The window a kill can hit: the shard file is in place, the manifest does not list it yet."""
    from newsgraph.scale import BatchOptions, run_batch

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Talks resumed on day {i}, the minister said."}) + "\n"
                              for i in range(4)), encoding="utf-8")
    out, options = tmp_path / "out", BatchOptions(workers=1, fmt="jsonl", shard_size=2)
    run_batch([str(source)], out, options)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    clean_entry = manifest["shards"].pop("part-00001.jsonl")
    manifest["complete"] = False
    manifest_path.write_text(json.dumps(manifest))

    summary = run_batch([str(source)], out, options)
    assert (summary.read, summary.written, summary.failed, summary.shards_skipped) == (4, 4, 0, 2)
    recorded = json.loads(manifest_path.read_text())
    assert recorded["complete"] and recorded["read"] == 4
    entry = recorded["shards"]["part-00001.jsonl"]
    assert entry["recovered"] and {k: entry[k] for k in ("index", "read", "written", "failed")} == \
        {k: clean_entry[k] for k in ("index", "read", "written", "failed")}
