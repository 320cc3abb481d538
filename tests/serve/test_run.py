"""`newsgraph serve --workers N`: N processes share the socket, each with its own app over the store."""
from __future__ import annotations

import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from serve_fixtures import free_port

from newsgraph.serve.guard import WriteLimits
from newsgraph.serve.run import SETTINGS_VARIABLE, app_from_environment

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")


def _children(pid: int) -> list[str]:
    """Command lines of the processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if parent == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes through /proc")
def test_two_workers_serve_the_store(hand_store_url, client):
    port = free_port()
    server = subprocess.Popen([str(NEWSGRAPH), "serve", "--db", hand_store_url, "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            try:
                if httpx.get(base + "/api/overview", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "newsgraph serve --workers 2 did not answer within 60 s"
            time.sleep(0.2)
        workers = [c for c in _children(server.pid) if "multiprocessing" in c and "resource_tracker" not in c]
        assert len(workers) == 2, workers
        expected = client.get("/api/search", params={"q": "sanctions", "limit": 5}).json()

        def ask(_: int) -> dict:
            with httpx.Client(base_url=base, timeout=30) as http:  # a connection each: both workers take some
                return http.get("/api/search", params={"q": "sanctions", "limit": 5}).json()

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(24)))
        assert all(answer == expected for answer in answers)
        # one keep-alive connection, a request after another: none waits for the client's delayed ACK
        # (~40 ms each while the shared socket left Nagle on)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        took = []
        for _ in range(30):
            started = time.perf_counter()
            connection.request("GET", "/api/overview")
            connection.getresponse().read()
            took.append(time.perf_counter() - started)
        connection.close()
        assert statistics.median(took) < 0.025, took
        page = httpx.get(base + "/search", params={"q": "sanctions"}, timeout=30)
        assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert not [c for c in _children(server.pid) if "multiprocessing" in c]


def test_a_worker_builds_its_app_from_the_environment(hand_store_url, monkeypatch):
    limits = WriteLimits(token="secret", rate=2.0, burst=3, max_body_bytes=1000)
    monkeypatch.setitem(os.environ, SETTINGS_VARIABLE, json.dumps({"db": hand_store_url, "limits": limits.__dict__}))
    app = app_from_environment()
    assert app.state.limits == limits and app.state.store.url == hand_store_url
    app.state.store.close()
