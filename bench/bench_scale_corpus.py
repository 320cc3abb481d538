"""Issue 7's scale checks: `newsgraph batch` on a large synthetic corpus, engines side by side.

    nice -n 10 .venv/bin/python bench/bench_scale_corpus.py --articles 20000 --engines ray local \
        --workers 2 --checkpoints 1000 5000 10000 20000 --json scale-20k.json

For each engine, runs the real command (`newsgraph batch CORPUS --out DIR --engine E --workers N
--format jsonl`) as a child process and, every `--interval` seconds, reads

- the manifest the batch keeps (articles done so far; per worker pid, the peak RSS the worker
  reports itself with every finished shard: `newsgraph.scale.memory.peak_rss_mib`);
- /proc of every process under the command: current RSS (VmRSS), peak RSS (VmHWM) and CPU seconds
  (utime + stime: the engines' cost per article, which wall time on a shared machine does not show).

When the articles done first pass a checkpoint, the peak RSS of each worker is recorded, so a
growth with corpus size shows as a rising row. After the runs, the records of the engines are
compared sorted by id (identical or, if not, how many and which fields differ).

The corpus is the sample articles cycled with new ids and cut to `--max-chars` characters (short,
so the article count is what grows in the time available), as bench_scale.py's RSS part writes it.
`--snapshot REV` runs the package as committed at REV (`git archive`, put first on PYTHONPATH for
the command and its workers) instead of the work tree: in a tree others edit while it runs, workers
started minutes apart would otherwise run different code.
Linux only (/proc). Run under `nice`: the machine may be shared; each figure comes with the load.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import load, write_corpus  # noqa: E402 - the same corpus as the RSS part of bench_scale

ROOT = Path(__file__).resolve().parents[1]
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
PAGE_KIB = 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_memory(pid: int) -> dict[str, float] | None:
    """VmRSS and VmHWM of a process in MiB, None when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / PAGE_KIB  # kB -> MiB
    return values or None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (less sensitive to a shared machine than wall time)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15


def descendants(root: int) -> set[int]:
    """Every process below `root` (Ray's workers are grandchildren, under the raylet)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # field 4; the name in () may hold spaces
        children.setdefault(ppid, []).append(int(entry.name))
    found, stack = set(), [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "manifest.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {"shards": {}}


class Sampler:
    """Peak memory of the processes under one batch command, and snapshots at article checkpoints."""

    def __init__(self, root: int, out_dir: Path, checkpoints: list[int], on_snapshot: Callable[[dict], None]):
        self.root, self.out_dir, self.on_snapshot = root, out_dir, on_snapshot
        self.pending = sorted(checkpoints)
        self.max_rss: dict[int, float] = {}  # pid -> highest VmRSS seen
        self.hwm: dict[int, float] = {}  # pid -> last VmHWM seen (the kernel's own peak)
        self.cpu: dict[int, float] = {}  # pid -> last CPU seconds seen
        self.tree_max = 0.0  # highest sum of VmRSS over the whole tree
        self.snapshots: list[dict] = []
        self.samples = 0

    def sample(self) -> int:
        pids = {self.root} | descendants(self.root)
        tree: float | None = 0.0 if proc_memory(self.root) else None  # None: the command has exited
        for pid in pids:
            memory = proc_memory(pid)
            if memory is None:
                continue
            if tree is not None:
                tree += memory.get("VmRSS", 0.0)
            self.max_rss[pid] = max(self.max_rss.get(pid, 0.0), memory.get("VmRSS", 0.0))
            self.hwm[pid] = memory.get("VmHWM", self.hwm.get(pid, 0.0))
            self.cpu[pid] = cpu_seconds(pid) or self.cpu.get(pid, 0.0)
        self.tree_max = max(self.tree_max, tree or 0.0)
        self.samples += 1
        shards = read_manifest(self.out_dir)["shards"].values()
        done = sum(s["read"] for s in shards)
        while self.pending and done >= self.pending[0]:
            self.snapshots.append(self.snapshot(self.pending.pop(0), done, shards, tree))
            self.on_snapshot(self.snapshots[-1])
        return done

    def snapshot(self, checkpoint: int, done: int, shards, tree: float | None) -> dict:
        reported: dict[int, float] = {}
        for shard in shards:
            reported[shard["worker"]] = max(reported.get(shard["worker"], 0.0), shard["peak_rss_mib"])
        workers = sorted(reported)
        return {"checkpoint": checkpoint, "done": done, "load": load(),
                "workers": {pid: {"reported": round(reported[pid], 1),
                                  "hwm": round(self.hwm.get(pid, 0.0), 1),
                                  "max_rss_sampled": round(self.max_rss.get(pid, 0.0), 1),
                                  "cpu_s": round(self.cpu.get(pid, 0.0), 1)} for pid in workers},
                "driver_max_rss": round(self.max_rss.get(self.root, 0.0), 1),
                "tree_rss": None if tree is None else round(tree, 1), "tree_max_rss": round(self.tree_max, 1)}


def snapshot_code(rev: str, into: Path) -> tuple[str, Path]:
    """`src/` as committed at `rev`, unpacked under `into`; returns the full hash and the src folder."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", rev], check=True, capture_output=True,
                            text=True).stdout.strip()
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return commit, into / "src"


def worker_pythonpath(pid: int) -> str | None:
    """PYTHONPATH a process runs with (to check a snapshot reached the workers)."""
    try:
        variables = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    found = [v for v in variables if v.startswith(b"PYTHONPATH=")]
    return found[0].split(b"=", 1)[1].decode() if found else ""


def run_engine(corpus: Path, out_dir: Path, engine: str, args, keep_partial: Callable[[dict], None],
               env: dict | None = None) -> dict:
    """One batch command, sampled until it exits; `keep_partial` gets the figures at each checkpoint
    (so a run stopped for lack of time still leaves its checkpoints behind)."""
    command = [str(NEWSGRAPH), "batch", str(corpus), "--out", str(out_dir), "--engine", engine,
               "--workers", str(args.workers), "--format", "jsonl", "--shard-size", str(args.shard_size),
               "--no-progress"]
    before = load()
    start = time.perf_counter()
    log_path = out_dir.with_suffix(".log")
    with log_path.open("w") as log_file:
        child = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT, env=env)
        partial = {"engine": engine, "command": " ".join(command), "load_before": before, "checkpoints": []}

        def reached(snapshot: dict) -> None:
            for pid in snapshot["workers"]:
                partial.setdefault("worker_pythonpath", {}).setdefault(pid, worker_pythonpath(pid))
            partial["checkpoints"].append(snapshot)
            partial["wall_s"] = round(time.perf_counter() - start, 1)
            print_snapshot(snapshot, engine)
            keep_partial(partial)

        sampler = Sampler(child.pid, out_dir, args.checkpoints, reached)
        next_report = start + 60
        while child.poll() is None:
            done = sampler.sample()
            if time.perf_counter() >= next_report:
                elapsed = time.perf_counter() - start
                print(f"    {engine}: {done} articles after {elapsed:.0f} s [{load()}]", flush=True)
                next_report += 60
            time.sleep(args.interval)
    wall = time.perf_counter() - start
    sampler.pending = [c for c in sampler.pending if c <= args.articles]
    sampler.sample()  # the last checkpoint, from the final manifest (the processes are gone)
    manifest = read_manifest(out_dir)
    tail = log_path.read_text().strip().splitlines()[-1:]
    return {"engine": engine, "command": " ".join(command), "exit": child.returncode, "last_line": tail,
            "wall_s": round(wall, 1), "articles_per_s": round(manifest.get("read", 0) / wall, 2),
            "read": manifest.get("read"), "written": manifest.get("written"), "failed": manifest.get("failed"),
            "busy_s": round(sum(s["seconds"] for s in manifest["shards"].values()), 1),
            "load_before": before, "load_after": load(), "samples": sampler.samples,
            "checkpoints": sampler.snapshots, "worker_pythonpath": partial.get("worker_pythonpath", {})}


def records_by_id(out_dir: Path) -> dict[str, str]:
    records = {}
    for part in sorted(out_dir.glob("part-*.jsonl")):
        with part.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                records[record["id"]] = json.dumps(record, sort_keys=True, ensure_ascii=False)
    return records


def compare(left: Path, right: Path) -> dict:
    """Sorted records of two runs: identical, or how many differ and in which fields."""
    a, b = records_by_id(left), records_by_id(right)
    only_left, only_right = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    differing = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    fields: dict[str, int] = {}
    for key in differing:
        ra, rb = json.loads(a[key]), json.loads(b[key])
        for name in ra.keys() | rb.keys():
            if ra.get(name) != rb.get(name):
                fields[name] = fields.get(name, 0) + 1
    return {"identical": not (only_left or only_right or differing), "records": [len(a), len(b)],
            "only_in_first": only_left[:5], "only_in_second": only_right[:5], "differing": len(differing),
            "differing_ids": differing[:5], "differing_fields": fields}


def print_run(run: dict) -> None:
    print(f"  {run['engine']}: exit {run['exit']}, {run['read']} read, {run['failed']} failed, {run['wall_s']} s, "
          f"{run['articles_per_s']} articles/s [{run['load_before']}] {run['last_line']}", flush=True)


def print_snapshot(snap: dict, engine: str) -> None:
    per_worker = ", ".join(f"{w['hwm']:.0f}/{w['reported']:.0f}" for w in snap["workers"].values())
    print(f"    {engine} at {snap['checkpoint']:>6} articles ({snap['done']} done): peak RSS per worker "
          f"(VmHWM/reported MiB) {per_worker}; driver {snap['driver_max_rss']:.0f} MiB, "
          f"tree now/max {snap['tree_rss']}/{snap['tree_max_rss']:.0f} MiB; workers' CPU "
          f"{sum(w['cpu_s'] for w in snap['workers'].values()):.0f} s [{snap['load']}]", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--engines", nargs="+", choices=("local", "ray"), default=["ray", "local"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--shard-size", type=int, default=250)
    parser.add_argument("--max-chars", type=int, default=200, help="texts cut to this length")
    parser.add_argument("--checkpoints", type=int, nargs="*", default=[1000, 5000, 10000, 20000, 50000])
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between samples")
    parser.add_argument("--snapshot", metavar="REV", help="run the code committed at REV, not the work tree")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", type=Path, help="keep the corpus and outputs in this folder")
    args = parser.parse_args()
    args.checkpoints = sorted({c for c in args.checkpoints if c < args.articles} | {args.articles})

    work_dir = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-corpus-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    results = {"articles": args.articles, "workers": args.workers, "shard_size": args.shard_size,
               "max_chars": args.max_chars, "cpus": os.cpu_count(), "started": load(), "runs": []}
    try:
        env = None
        if args.snapshot:
            results["commit"], code = snapshot_code(args.snapshot, work_dir / "code")
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
            print(f"code: {code} (commit {results['commit']})", flush=True)
        corpus = work_dir / f"corpus-{args.articles}.jsonl"
        results["words"] = write_corpus(corpus, args.articles, max_chars=args.max_chars)
        print(f"{args.articles} articles ({results['words']} words) in {corpus} [{load()}]", flush=True)
        outputs = {}
        for engine in args.engines:
            out_dir = work_dir / f"out-{engine}"
            shutil.rmtree(out_dir, ignore_errors=True)
            runs = results["runs"]
            run = run_engine(corpus, out_dir, engine, args, lambda partial: save(args.json, {**results, "runs": runs + [partial]}), env)
            runs.append(run)
            outputs[engine] = out_dir
            print_run(run)
            save(args.json, results)
        if len(outputs) == 2:
            (first, a), (second, b) = outputs.items()
            results["comparison"] = {"engines": [first, second], **compare(a, b)}
            print(f"  {first} vs {second}: {results['comparison']}", flush=True)
        save(args.json, results)
    finally:
        if not args.keep:
            shutil.rmtree(work_dir, ignore_errors=True)


def save(path: Path | None, results: dict) -> None:
    if path:
        path.write_text(json.dumps(results, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
