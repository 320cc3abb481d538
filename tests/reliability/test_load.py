"""The server keeps answering while an ingest writes to the same SQLite store: a real `newsgraph
ingest` subprocess writes while client threads hit search, actor and article endpoints of a real
`newsgraph serve` on 127.0.0.1. No "database is locked", no 5xx, and the new articles show up (in the
server's in-memory search index too)."""
from __future__ import annotations

import sqlite3
import subprocess
import threading
import time

import httpx
from reliability_fixtures import NEWSGRAPH, build_store, served, synthetic_records, write_jsonl

FIRST, LATER = 30, 400  # articles in the store before the ingest starts, and written during it


def _client(base: str, paths: list[str], stop: threading.Event, results: list[tuple[str, int, str]]) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            try:
                response = http.get(path)
                problem = response.text[:300] if response.status_code >= 400 or "locked" in response.text else ""
                results.append((path, response.status_code, problem))
            except httpx.HTTPError as exc:
                results.append((path, 0, repr(exc)))


def test_reads_keep_answering_while_an_ingest_writes(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, synthetic_records(FIRST))
    source = write_jsonl(tmp_path / "later.jsonl", synthetic_records(LATER, start=FIRST))

    with served(url) as (base, _server):
        actor = httpx.get(base + "/api/actors", params={"name": "Blinken"}).json()["results"][0]["id"]
        paths = ["/api/search?q=sanctions", "/api/search?q=talks7&source=Wire", f"/api/actors/{actor}",
                 "/api/articles/syn-000003", f"/actors/{actor}", "/search?q=report", "/api/quotes?about=sanctions",
                 "/api/overview"]
        results: list[tuple[str, int, str]] = []
        stop = threading.Event()
        clients = [threading.Thread(target=_client, args=(base, paths, stop, results)) for _ in range(3)]
        ingest = subprocess.Popen([str(NEWSGRAPH), "ingest", str(source), "--db", url, "--extracted",
                                   "--batch-size", "10", "--no-progress"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for thread in clients:
            thread.start()
        try:
            _out, err = ingest.communicate(timeout=240)
        finally:
            stop.set()
            for thread in clients:
                thread.join(timeout=60)
        during = len(results)
        assert ingest.returncode == 0, err[-800:]
        assert f"read {LATER}, new {LATER}, updated 0, unchanged 0, failed 0" in " ".join(err.split()), err[-500:]
        assert "locked" not in err

        failures = [r for r in results if r[1] != 200 or r[2]]
        assert not failures, f"{len(failures)} of {during} requests failed, e.g. {failures[:3]}"
        assert during >= 30, f"only {during} requests were answered while the ingest ran"
        # the readers see the new articles once they are committed
        assert httpx.get(base + "/api/overview").json()["articles"] == FIRST + LATER
        assert httpx.get(base + f"/api/articles/syn-{FIRST + LATER - 1:06d}").status_code == 200
        # and the server's in-memory search index catches up with the commits,
        # answering as the full-text index does
        deadline = time.monotonic() + 120
        while httpx.get(base + "/api/overview").json()["search_index"] != "ready":
            assert time.monotonic() < deadline, "the search index did not catch up with the ingest"
            time.sleep(0.2)
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            expected = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"report\"'").fetchone()[0]
        assert expected > FIRST and httpx.get(base + "/api/search?q=report").json()["total"] == expected
