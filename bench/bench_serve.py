"""The server under load: throughput and p50/p95/p99 latency of search and actor pages.

    python bench/bench_serve.py [--articles 2000] [--seconds 10] [--clients 4] [--json out.json]

Builds a SQLite store of N synthetic already-extracted articles (the hand-built sanctions article of
the serve tests, with new ids, dates, outlets and words) in a temporary folder, starts `newsgraph
serve` on 127.0.0.1 and a free port, and for each workload runs --clients client threads on
loopback for --seconds, then stops the server. Nothing leaves the machine and the run ends by itself.
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from newsgraph.store import ingest_records, open_store

NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
PEOPLE = [("Antony Blinken", "USA"), ("Dmytro Kuleba", "UKR"), ("Olaf Scholz", "DEU"), ("Emmanuel Macron", "FRA"),
          ("Rishi Sunak", "GBR"), ("Fumio Kishida", "JPN"), ("Pedro Sanchez", "ESP"), ("Giorgia Meloni", "ITA")]
WORDS = ["sanctions", "talks", "ceasefire", "tariffs", "summit", "election", "protest", "aid", "grain", "energy",
         "border", "troops", "budget", "inflation", "visit", "treaty"]
SOURCES = ["Wire", "Dispatch", "Courier", "Herald", "Gazette"]


def synthetic_record(i: int, rng: random.Random) -> dict:
    """One contract record: PERSON said WORDS; the EU sanctioned Russia; with offsets that hold."""
    person, country = PEOPLE[i % len(PEOPLE)]
    surname = person.split()[-1]
    said = " ".join(rng.choices(WORDS, k=6))
    first = f"{surname} said {said}."
    text = f"{first} The EU sanctioned Russia. Report {i}: " + " ".join(rng.choices(WORDS, k=40)) + "."
    eu = text.index("EU")
    russia = text.index("Russia")
    trigger = text.index("sanctioned")
    quote_start = len(surname) + 6
    return {
        "id": f"bench-{i:07d}", "text": text, "title": f"{surname} on {said.split()[0]} ({i})",
        "published": f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}", "url": f"https://bench.example/{i}",
        "source": SOURCES[i % len(SOURCES)], "byline": None, "language": "en", "boilerplate": [],
        "entities": [{"id": "e1", "name": person, "type": "PERSON", "country": country, "sector": "GOV", "roles": [],
                      "mentions": [[0, len(surname)]], "kb_id": None},
                     {"id": "e2", "name": "European Union", "type": "ORG", "country": "EUR", "sector": "IGO",
                      "roles": [], "mentions": [[eu, eu + 2]], "kb_id": None},
                     {"id": "e3", "name": "Russia", "type": "GPE", "country": "RUS", "sector": "GOV", "roles": [],
                      "mentions": [[russia, russia + 6]], "kb_id": None}],
        "quotes": [{"id": "q1", "start": quote_start, "end": len(first) - 1, "spans": [[quote_start, len(first) - 1]],
                    "text": said, "kind": "indirect",
                    "cue": {"start": len(surname) + 1, "end": len(surname) + 5, "text": "said"},
                    "speaker": {"entity": "e1", "name": person, "start": 0, "end": len(surname), "text": surname},
                    "confidence": 0.9}],
        "events": [{"id": "v1", "type": "SANCTION", "mode": None, "quad": "MX",
                    "actor": [{"entity": "e2", "name": "European Union", "country": "EUR", "sector": "IGO",
                               "start": eu, "end": eu + 2}],
                    "recipient": [{"entity": "e3", "name": "Russia", "country": "RUS", "sector": "GOV",
                                   "start": russia, "end": russia + 6}],
                    "status": "asserted", "date": None, "trigger": {"start": trigger, "end": trigger + 10,
                                                                     "text": "sanctioned"},
                    "sentence": [len(first) + 1, russia + 7], "quote": None, "confidence": 0.8}],
    }


def build_store(url: str, articles: int) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    with open_store(url) as store:
        counts = ingest_records(store, (synthetic_record(i, rng) for i in range(articles)), batch_size=500)
    if counts.failed:
        raise SystemExit(f"the synthetic records were refused: {counts.errors[:3]}")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([str(NEWSGRAPH), "serve", "--db", url, "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"newsgraph serve exited: {server.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(base + "/api/overview", timeout=2).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("newsgraph serve did not start within 60 s")


def workloads(base: str) -> dict[str, list[str]]:
    actors = httpx.get(base + "/api/actors", params={"limit": 20}).json()["results"]
    ids = [a["id"] for a in actors]
    rng = random.Random(11)
    searches = [f"q={' '.join(rng.sample(WORDS, k))}" for k in (1, 1, 2, 2, 3) for _ in range(6)]
    filtered = [f"q={w}&source={s}" for w, s in zip(WORDS, SOURCES * 4)]
    return {
        "search API (/api/search?q=..., with facets)": [f"/api/search?{q}" for q in searches + filtered],
        "search API, hits only (summaries=false)": [f"/api/search?{q}&summaries=false" for q in searches],
        "search page (/search?q=...)": [f"/search?{q}" for q in searches],
        "actor API (/api/actors/ID)": [f"/api/actors/{i}" for i in ids],
        "actor page (/actors/ID)": [f"/actors/{i}" for i in ids],
    }


def run_workload(base: str, paths: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine, bad = [], []
        with httpx.Client(base_url=base, timeout=30) as http:
            i = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                response = http.get(paths[i % len(paths)])
                mine.append(time.perf_counter() - started)
                if response.status_code != 200:
                    bad.append(f"{response.status_code} {paths[i % len(paths)]}")
                i += 1
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
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
    parser.add_argument("--articles", type=int, default=2000, help="synthetic articles in the store")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each workload runs")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-serve-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        built = build_store(url, args.articles)
        print(f"store: {args.articles} synthetic articles, ingested in {built:.1f} s")
        server, base = start_server(url)
        try:
            for path in ("/api/search?q=sanctions", "/actors"):  # warm up: first connections, template compilation
                httpx.get(base + path, timeout=60)
            results = {}
            print(f"{args.clients} clients on loopback, {args.seconds:g} s per workload")
            print(f"{'workload':46} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")
            for name, paths in workloads(base).items():
                figures = run_workload(base, paths, args.clients, args.seconds)
                results[name] = figures
                print(f"{name:46} {figures['requests']:>8} {figures['per_second']:>7} {figures['p50_ms']:>7} "
                      f"{figures['p95_ms']:>7} {figures['p99_ms']:>7} {figures['errors']:>6}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if args.json:
        args.json.write_text(json.dumps({"articles": args.articles, "clients": args.clients,
                                         "seconds": args.seconds, "workloads": results}, indent=2))
    if any(f["errors"] for f in results.values()):
        raise SystemExit("some requests failed: " + "; ".join(e for f in results.values() for e in f["error_examples"]))


if __name__ == "__main__":
    main()
