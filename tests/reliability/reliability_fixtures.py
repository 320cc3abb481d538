"""Helpers of the reliability tests: synthetic already-extracted records (no model needed), a store
of them, and `newsgraph serve` as a real subprocess on loopback."""
from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "serve"))

from serve_fixtures import XSS, XSS_IMG, build_store, fake_extract, hand_records, hostile_record  # noqa: E402

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
__all__ = ["XSS", "XSS_IMG", "build_store", "fake_extract", "hand_records", "hostile_record", "synthetic_records",
           "write_jsonl", "free_port", "served"]


def synthetic_records(n: int, start: int = 0) -> list[dict]:
    """`n` distinct extracted records (ids syn-START.. ), varied in date, source and words, after the
    hand-built sanctions article."""
    base = hand_records(copies=0)[0]
    records = []
    for i in range(start, start + n):
        record = copy.deepcopy(base)
        record["id"] = f"syn-{i:06d}"
        record["url"] = f"https://x.example/syn-{i:06d}"
        record["title"] = f"Sanctions report {i}"
        record["source"] = ("Wire", "Dispatch", "Courier")[i % 3]
        record["published"] = f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        record["text"] = record["text"] + f" Report number {i} on talks{i % 50}."
        records.append(record)
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(db_url: str, *options: str, port: int | None = None, env: dict | None = None):
    """`newsgraph serve` in a subprocess over `db_url`; yields (base URL, process). Stops it after."""
    port = port or free_port()
    process = subprocess.Popen([str(NEWSGRAPH), "serve", "--db", db_url, "--port", str(port), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"newsgraph serve exited: {process.stderr.read().decode()[-800:]}")
            try:
                if httpx.get(base + "/api/overview", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("newsgraph serve did not start within 60 s")
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
