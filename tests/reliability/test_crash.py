"""`kill -9` during `newsgraph batch`, then the same command again: the output folder is byte for byte
what one clean run writes (same shard files, same records, a complete manifest).

The same for `newsgraph ingest` and the store is tests/store/test_resume.py (a real subprocess
killed mid-run, re-run, compared table by table with a clean store, on SQLite and Postgres)."""
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
ROOT = Path(__file__).resolve().parents[2]
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
ARTICLES, SHARD_SIZE = 30, 2


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """30 short articles from the sample corpus, with distinct ids."""
    from newsgraph.ingest import Article, read_articles

    articles = [a for a in read_articles([str(ROOT / "samples")]) if isinstance(a, Article)]
    path = tmp_path_factory.mktemp("crash") / "in.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(ARTICLES):
            article = articles[i % len(articles)]
            text = article.text[:300]
            text = text[: text.rfind(". ") + 1] if text.rfind(". ") > 80 else text
            out.write(json.dumps({"id": f"{article.id}-{i:02d}", "text": text, "published": article.published}) + "\n")
    return path


def _command(source: Path, out: Path) -> list[str]:
    return [str(NEWSGRAPH), "batch", str(source), "--out", str(out), "--workers", "1", "--shard-size", str(SHARD_SIZE),
            "--format", "jsonl", "--no-progress"]


def _files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.name != "manifest.json"}


def test_batch_killed_then_rerun_writes_what_a_clean_run_writes(source, tmp_path):
    out = tmp_path / "killed"
    shards = ARTICLES // SHARD_SIZE
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    source = tmp_path / source.name  # the same path for all three runs: the manifests name it
    with half_fed(source, lines, ARTICLES // 2):
        run = subprocess.Popen(_command(source, out), start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while len(list(out.glob("part-*.jsonl"))) < 2 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.02)
        os.killpg(run.pid, signal.SIGKILL)  # the run and any worker it started
        run.wait()
    done = len(list(out.glob("part-*.jsonl")))
    assert 0 < done < shards, f"the kill should land mid-run ({done} of {shards} shards written)"
    assert not json.loads((out / "manifest.json").read_text())["complete"]

    rerun = subprocess.run(_command(source, out), capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-800:]
    assert f"read {ARTICLES}, written {ARTICLES}, failed 0" in " ".join(rerun.stderr.split())

    clean = tmp_path / "clean"
    once = subprocess.run(_command(source, clean), capture_output=True, text=True, timeout=300)
    assert once.returncode == 0, once.stderr[-800:]

    resumed, whole = _files(out), _files(clean)
    assert sorted(resumed) == sorted(whole) and len(whole) == shards  # no temp files left, no shard missing
    different = [name for name in whole if resumed[name] != whole[name]]
    assert not different, f"shards that differ from a clean run's: {different}"
    manifests = [_manifest(folder) for folder in (out, clean)]
    assert manifests[0] == manifests[1] and manifests[0]["complete"]


def _manifest(out: Path) -> dict:
    """The manifest without what each shard's run measured about itself (time, memory, process id,
    tries), which a shard written just before the kill, recorded from its file on the re-run, lacks."""
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["shards"].values():
        for measured in ("seconds", "worker", "peak_rss_mib", "attempts", "recovered"):
            entry.pop(measured, None)
    return manifest
