"""The server under load: throughput and p50/p95/p99 latency of search, article and actor requests.

    python bench/bench_serve.py [--articles 100000] [--clients 20] [--seconds 10] [--workers 1] [--store FILE] [--json out.json]
                                [--check N]

Builds a SQLite store of N synthetic already-extracted articles the way `bench_store.py` does (the
sample records with new ids, URLs and a random sentence, here also spread over 24 months and five
outlets; `--ingest-articles` of them through the writer, the rest copied in SQL), or reuses the one
at `--store` (built there when it is missing). It then starts `newsgraph serve --workers N` on
127.0.0.1 and a free port (a process of its own, so the clients share no interpreter lock with the
server), and for each workload runs `--clients` client threads on loopback for `--seconds`, then
stops the server. Before the workloads it waits until every server process answers `/api/overview` with
`search_index: ready` (the in-memory search index is read in the background after start-up). Each
workload also reports the CPU time the server's processes spent per request (`/proc`, all of them
together), which is steadier than latency on a shared machine. `--check N` first compares N searches'
totals and first 50 hits with FTS5's own answer (the server answers them from its search index). The clients speak HTTP/1.1 with keep-alive through the standard library's
`http.client`, which costs the shared CPUs far less per request than a full client library.
Nothing leaves the machine and every step ends by itself.

Search workloads: "cold" requests are each a query seen once in the run (no cache can answer them);
"repeated" ones cycle a few popular queries, as a landing page and its facet links are.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_store import ROOT, grow, sample_records, synthesise  # noqa: E402

from newsgraph.store import Writer, open_store, queries  # noqa: E402

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
OUTLETS = ["Wire", "Dispatch", "Courier", "Herald", "Gazette"]


def spread(records, start: int):
    """Dates over 2023-2024 and an outlet for every record, so months and sources facet as in a real store."""
    for i, record in enumerate(records, start):
        record["published"] = f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        record["source"] = record.get("source") or OUTLETS[i % len(OUTLETS)]
        yield record


def build_store(url: str, articles: int, ingest_articles: int, records: list[dict], vocabulary: list[str]) -> None:
    rng = random.Random(7)
    started = time.perf_counter()
    written = min(articles, ingest_articles)
    with open_store(url) as store:
        counts = Writer(store, stories=True).write(spread(synthesise(records, 0, written, vocabulary, rng), 0))
        if counts.failed:
            raise SystemExit(f"the synthetic records were refused: {counts.errors[:3]}")
        print(f"ingested {counts.new} articles through the writer in {time.perf_counter() - started:.0f} s", flush=True)
        filled = grow(store, written, articles, rng)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        print(f"grew the store to {filled:,} articles in {time.perf_counter() - started:.0f} s: "
              f"{queries.table_counts(store)}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [str(NEWSGRAPH), "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command + (["--workers", str(workers)] if workers > 1 else []),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsgraph serve exited: {server.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(base + "/api/overview", timeout=30).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("newsgraph serve did not start within 120 s")


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the process `pid` and its descendants (uvicorn's workers), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    tree, total = {pid}, 0.0
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in tree and child not in tree:
                tree.add(child)
                changed = True
    for member in tree:
        total += times.get(member, 0.0)
    return total


def wait_for_search_index(base: str, workers: int, timeout: float = 600) -> float:
    """Seconds until `3 * workers` fresh connections in a row (each may reach any worker) say `ready`."""
    started = time.monotonic()
    in_a_row = 0
    while in_a_row < 3 * workers:
        if time.monotonic() - started > timeout:
            raise SystemExit(f"the search index was not ready after {timeout:.0f} s")
        state = httpx.get(base + "/api/overview", timeout=60).json().get("search_index", "none")
        in_a_row = in_a_row + 1 if state in ("ready", "none") else 0
        if not in_a_row:
            time.sleep(0.5)
    return time.monotonic() - started


def wait_until_idle(pid: int, timeout: float = 300) -> float:
    """Seconds until the server's processes use under 5 % of a core over a second."""
    started = time.monotonic()
    last = server_cpu_seconds(pid)
    while time.monotonic() - started < timeout:
        time.sleep(1)
        now = server_cpu_seconds(pid)
        if now - last < 0.05:
            break
        last = now
    return time.monotonic() - started


def check_searches(base: str, path: Path, vocabulary: list[str], count: int) -> str:
    """Ask the server `count` searches of one to three words and compare each total and first 50 hits
    with FTS5's own answer: its matches, the newest RANK_WINDOW of them ranked `ORDER BY rank, rowid`."""
    rng = random.Random(13)
    differ = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        for _ in range(count):
            words = " ".join(rng.sample(vocabulary, rng.choice((1, 1, 2, 3))))
            answer = httpx.get(base + "/api/search", params={"q": words, "limit": 50}, timeout=60).json()
            fts = queries._fts5_query(words)
            matches = [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
                                                "ORDER BY rowid DESC", (fts,))]
            lowest = matches[:queries.RANK_WINDOW][-1] if matches else 0
            best = db.execute("SELECT a.id FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                              "WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? ORDER BY rank, articles_fts.rowid "
                              "LIMIT 50", (fts, lowest)).fetchall()
            if answer["total"] != len(matches) or [h["id"] for h in answer["results"]] != [r[0] for r in best]:
                differ.append(words)
    return f"checked {count} searches against FTS5: {count - len(differ)} the same" + (
        f", these differ: {differ[:5]}" if differ else "")


def workloads(base: str, url: str, vocabulary: list[str], distinct: int) -> dict[str, list[str]]:
    actors = httpx.get(base + "/api/actors", params={"limit": 40}, timeout=60).json()["results"]
    actor_ids = [a["id"] for a in actors]
    with open_store(url, migrate=False) as store, store.engine.connect() as conn:
        article_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM articles ORDER BY random() LIMIT 500")]
    rng = random.Random(11)

    def query() -> str:  # one or two words, sometimes narrowed by an outlet or an event type (a facet click)
        words = " ".join(rng.sample(vocabulary, rng.choice((1, 1, 2))))
        extra = rng.choice(["", "", "", f"&source={rng.choice(OUTLETS)}", "&type=SANCTION", "&status=asserted"])
        return f"q={words}{extra}"

    cold = list(dict.fromkeys(query() for _ in range(distinct)))  # each sent once at most
    popular = ["", "q=sanctions", "q=minister", "q=talks", "q=sanctions&source=Wire", "q=drone attack", "type=ACCUSE"]
    return {
        "search API, cold (/api/search?q=..., with facets)": [f"/api/search?{q}" for q in cold],
        "search API, repeated popular queries": [f"/api/search?{q}" for q in popular],
        "search API, cold, hits only (summaries=false)": [f"/api/search?{q}&summaries=false" for q in cold],
        "search page, cold (/search?q=...)": [f"/search?{q}" for q in reversed(cold)],
        "article API (/api/articles/ID)": [f"/api/articles/{i}" for i in article_ids],
        "article page (/articles/ID)": [f"/articles/{i}" for i in article_ids],
        "actor API (/api/actors/ID)": [f"/api/actors/{i}" for i in actor_ids],
        "actor page (/actors/ID)": [f"/actors/{i}" for i in actor_ids],
    }


def run_workload(base: str, paths: list[str], clients: int, seconds: float, once: bool, timeout: float) -> dict:
    """`clients` threads send `paths` for `seconds`; with `once` every path is sent at most once. A request
    unanswered after `timeout` seconds counts as an error, with that time as its latency."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))

    host, port = base.removeprefix("http://").split(":")

    def client(offset: int) -> None:
        mine, bad = [], []
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter)
            if once and i >= len(paths):
                break
            path = paths[(i + offset) % len(paths)]
            started = time.perf_counter()
            try:
                connection.request("GET", quote(path, safe="/?&=%"))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:  # timeouts included; start a new connection
                status = type(exc).__name__
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
            mine.append(time.perf_counter() - started)
            if status != 200:
                bad.append(f"{status} {path}")
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(0 if once else n * 7,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "errors": len(errors), "error_examples": errors[:3],
            "per_second": round(len(latencies) / elapsed, 1), "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1), "p99_ms": round(cuts[98] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="synthetic articles in the store")
    parser.add_argument("--ingest-articles", type=int, default=2000, help="of them written through the writer")
    parser.add_argument("--store", type=Path, help="SQLite file to reuse (built there when missing); default: a temporary one")
    parser.add_argument("--input", type=Path, default=ROOT / "out" / "demo.jsonl", help="extracted sample records")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each workload runs")
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=1, help="server processes (newsgraph serve --workers)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as failed")
    parser.add_argument("--only", help="run only the workloads whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--check", type=int, default=0, metavar="N",
                        help="first compare N searches' totals and first 50 hits with FTS5's own answer")
    args = parser.parse_args()

    records = sample_records(args.input)
    vocabulary = sorted({w.lower() for r in records for w in re.findall(r"[A-Za-z]{5,}", r["text"])})
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-serve-") as folder:
        path = args.store or Path(folder) / "bench.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            build_store(url, args.articles, args.ingest_articles, records, vocabulary)
        started = time.perf_counter()
        server, base = start_server(url, args.workers)
        print(f"newsgraph serve --workers {args.workers} answered after {time.perf_counter() - started:.1f} s "
              f"(start-up: facet index)", flush=True)
        ready = wait_for_search_index(base, args.workers)
        print(f"its search index was ready {ready:.1f} s later; the background work after it (hub actor profiles) "
              f"was done {wait_until_idle(server.pid):.1f} s after that", flush=True)
        try:
            for warm in ("/api/search?q=sanctions", "/actors", "/search"):  # first connections, templates
                httpx.get(base + warm, timeout=600)
            if args.check:
                print(check_searches(base, path, vocabulary, args.check), flush=True)
            loads = workloads(base, url, vocabulary, distinct=int(args.seconds * 200))
            with open_store(url, migrate=False) as store:
                sizes = queries.table_counts(store)
            results = {}
            load_before = os.getloadavg()
            print(f"store {path.name}: {sizes['articles']:,} articles, {sizes['quotes']:,} quotes, "
                  f"{sizes['events']:,} events; {args.clients} clients on loopback, {args.seconds:g} s per workload; "
                  f"load average {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f}")
            print(f"{'workload':52} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
                  f"{'server CPU ms/req':>17}")
            for name, paths in loads.items():
                if args.only and args.only not in name:
                    continue
                cpu_before = server_cpu_seconds(server.pid)
                figures = run_workload(base, paths, args.clients, args.seconds, once="cold" in name,
                                       timeout=args.timeout)
                figures["server_cpu_ms_per_request"] = round(
                    1000 * (server_cpu_seconds(server.pid) - cpu_before) / max(figures["requests"], 1), 2)
                results[name] = figures
                print(f"{name:52} {figures['requests']:>8} {figures['per_second']:>7} {figures['p50_ms']:>7} "
                      f"{figures['p95_ms']:>7} {figures['p99_ms']:>7} {figures['errors']:>6} "
                      f"{figures['server_cpu_ms_per_request']:>17}", flush=True)
            print("load average after: {:.2f} / {:.2f} / {:.2f}".format(*os.getloadavg()))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:  # still inside a long request
                server.kill()
                server.wait()
    if args.json:
        args.json.write_text(json.dumps({"articles": sizes["articles"], "clients": args.clients,
                                         "workers": args.workers, "seconds": args.seconds,
                                         "load_average_before": load_before, "load_average_after": os.getloadavg(),
                                         "workloads": results}, indent=2))
    if any(f["errors"] for f in results.values()):
        raise SystemExit("some requests failed: " + "; ".join(e for f in results.values() for e in f["error_examples"]))


if __name__ == "__main__":
    main()
