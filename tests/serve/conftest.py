"""Fixtures of the web UI's tests: a small store built by hand (fast API tests), and the sample
corpus extracted with the model into a store served by uvicorn on loopback (browser tests)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from serve_fixtures import build_store, fake_extract, free_port, hand_records, hostile_record

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture(scope="session")
def hand_store_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('serve') / 'hand.db'}"
    build_store(url, hand_records())
    return url


@pytest.fixture(scope="session")
def app(hand_store_url):
    from newsgraph.serve import create_app

    return create_app(hand_store_url, extract=fake_extract)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


# --- the browser tests' server ----------------------------------------------------------------

@pytest.fixture(scope="session")
def served_samples_url(pipeline, tmp_path_factory) -> str:
    """The sample corpus, extracted once with the model, plus the hostile article, in a SQLite store."""
    from newsgraph.ingest import read_articles

    records = list(pipeline.pipe(read_articles([str(ROOT / "samples")])))
    url = f"sqlite:///{tmp_path_factory.mktemp('serve') / 'samples.db'}"
    build_store(url, records + [hostile_record()])
    return url


@pytest.fixture(scope="session")
def live_server(served_samples_url, pipeline):
    """uvicorn on 127.0.0.1 and a free port, in a thread, over the sample store; yields its base URL."""
    import uvicorn

    from newsgraph.serve import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(served_samples_url, extract=pipeline.extract), host="127.0.0.1",
                                           port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """The hand-built store on a throw-away PostgreSQL server (the store tests' own), or a skip."""
    import importlib.util
    import os
    import shutil

    spec = importlib.util.spec_from_file_location("store_test_fixtures", ROOT / "tests" / "store" / "conftest.py")
    fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixtures)
    bin_dir = fixtures._pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (`make test` installs it as root)")
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'newsgraph[postgres]')")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root and no runuser to start PostgreSQL as another user")
    server = fixtures.PostgresServer(bin_dir)
    try:
        server.start()
    except (RuntimeError, OSError, KeyError, LookupError) as exc:
        server.stop()
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    url = server.new_database()
    build_store(url, hand_records())
    yield url
    server.stop()
