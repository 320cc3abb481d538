"""Fixtures of the store's tests: a store URL per back end (SQLite, and Postgres on a server of the
tests' own), the sample corpus extracted once per session, and a sample store per back end."""
from __future__ import annotations

import copy
import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", "postgres"]


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """A throw-away PostgreSQL cluster in a temp dir, on 127.0.0.1 and a free port."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.dir = Path(tempfile.mkdtemp(prefix="newsgraph-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
            shutil.chown(self.dir, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        done = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "newsgraph",
                         "-E", "UTF8", "--no-locale", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-500:]}")
        options = f"-p {self.port} -h 127.0.0.1 -k {self.dir} -F -c fsync=off -c full_page_writes=off"
        done = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w",
                         "-t", "60", "-o", options, "start")
        if done.returncode:
            log = (self.dir / "log").read_text(errors="replace")[-800:] if (self.dir / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()[-300:]} {log}")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://newsgraph@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server():
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; `make test` installs it as root)")
    try:
        import psycopg  # noqa: F401
    except ModuleNotFoundError:
        pytest.skip("psycopg is not installed (pip install 'newsgraph[postgres]')")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root and no runuser to start PostgreSQL as another user")
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except (RuntimeError, OSError, KeyError, LookupError, subprocess.TimeoutExpired) as exc:
        server.stop()
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    yield server
    server.stop()


def _new_url(backend: str, request, tmp_path_factory) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'newsgraph.db'}"
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture(params=BACKENDS)
def store_url(request, tmp_path_factory) -> str:
    """A fresh, empty store on each back end."""
    return _new_url(request.param, request, tmp_path_factory)


@pytest.fixture
def new_store_url(request, tmp_path_factory, store_url):
    """Makes further fresh, empty stores on the back end of this test's `store_url`."""
    backend = "sqlite" if store_url.startswith("sqlite") else "postgres"
    return lambda: _new_url(backend, request, tmp_path_factory)


@pytest.fixture
def store(store_url):
    from newsgraph.store import open_store

    with open_store(store_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def sample_records(pipeline) -> list[dict]:
    """The sample corpus, extracted once per session."""
    from newsgraph.ingest import read_articles

    return list(pipeline.pipe(read_articles([str(ROOT / "samples")])))


@pytest.fixture(scope="session")
def sample_jsonl(sample_records, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("samples") / "samples.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in sample_records), encoding="utf-8")
    return path


@pytest.fixture(scope="session", params=BACKENDS)
def sample_store_url(request, sample_jsonl, tmp_path_factory) -> str:
    """A store holding the sample corpus, built once per back end; tests must not write to it."""
    from newsgraph.store import ingest_records, open_store
    from newsgraph.store.sources import iter_records

    url = _new_url(request.param, request, tmp_path_factory)
    with open_store(url) as opened:
        counts = ingest_records(opened, iter_records([str(sample_jsonl)]))
    assert counts.failed == 0, counts.errors
    return url


_RECORD = {
    "id": "a1", "text": "Blinken said sanctions work. The EU sanctioned Russia.", "title": "T",
    "published": "2024-03-01", "url": "https://x.example/a1", "source": "X", "byline": None, "language": "en",
    "boilerplate": [],
    "entities": [{"id": "e1", "name": "Antony Blinken", "type": "PERSON", "country": "USA", "sector": "GOV",
                  "roles": [], "mentions": [[0, 7], [0, 7]], "kb_id": None},
                 {"id": "e2", "name": "Russia", "type": "GPE", "country": "RUS", "sector": "GOV", "roles": [],
                  "mentions": [[47, 53]], "kb_id": None}],
    "quotes": [{"id": "q1", "start": 13, "end": 27, "spans": [[13, 27]], "text": "sanctions work", "kind": "indirect",
                "cue": {"start": 8, "end": 12, "text": "said"},
                "speaker": {"entity": "e1", "name": "Antony Blinken", "start": 0, "end": 7, "text": "Blinken"},
                "confidence": 0.9}],
    "events": [{"id": "v1", "type": "SANCTION", "mode": None, "quad": "MX", "cameo": "163",
                "actor": [{"entity": None, "name": "The EU", "country": "EUR", "sector": "IGO", "start": 29, "end": 35}],
                "recipient": [{"entity": "e2", "name": "Russia", "country": "RUS", "sector": "GOV", "start": 47, "end": 53}],
                "status": "asserted", "date": None, "trigger": {"start": 36, "end": 46, "text": "sanctioned"},
                "sentence": [29, 54], "quote": None, "confidence": 0.8}],
}


@pytest.fixture
def record() -> dict:
    """A small contract record built by hand: one quote ("X said Y"), one SANCTION event."""
    return copy.deepcopy(_RECORD)
