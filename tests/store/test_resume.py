"""A real `newsgraph ingest` killed with SIGKILL mid-run, then re-run, ends with the store of one clean run."""
import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from store_fixtures import synthetic_records
from newsgraph.store import ingest_records, open_store, schema
from newsgraph.store.sources import iter_records

# Surrogate keys and timestamps differ between runs by design. An actor's display name may too:
# newsgraph.resolve rebuilds its index from stored actors without how often each alias was seen,
# so after a restart a tie between two spellings ("BRUSSELS"/"Brussels") can break the other way.
VOLATILE = {"pk", "ingested_at"}
VOLATILE_BY_TABLE = {"actors": {"name"}}


def _contents(url: str) -> dict[str, list[tuple]]:
    with open_store(url) as store, store.engine.connect() as conn:
        contents = {}
        for table in (*schema.DATA_TABLES, schema.story_signatures):
            skip = VOLATILE | VOLATILE_BY_TABLE.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            contents[table.name] = sorted(tuple(str(v) for v in row) for row in conn.execute(select(*columns)))
        return contents


def _articles(url: str) -> int:
    with open_store(url) as store, store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()


def test_killed_ingest_resumes_to_the_clean_store(sample_records, tmp_path, store_url, new_store_url):
    records = synthetic_records(sample_records, 80)
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    open_store(store_url).close()  # the schema exists before the child starts, so polling can begin at once

    child = subprocess.Popen([sys.executable, "-m", "newsgraph.cli", "ingest", str(path), "--db", store_url,
                              "--batch-size", "4", "--no-progress"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and child.poll() is None:
        stored = _articles(store_url)
        if stored >= 8:
            break
        time.sleep(0.02)
    assert child.poll() is None, f"the ingest ended before it could be killed: {child.stderr.read().decode()[-500:]}"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    partial = _articles(store_url)
    assert 0 < partial < len(records)

    with open_store(store_url) as store:
        counts = ingest_records(store, iter_records([str(path)]), batch_size=4)
    assert counts.unchanged == partial and counts.new == len(records) - partial and counts.failed == 0

    clean_url = new_store_url()
    with open_store(clean_url) as store:
        ingest_records(store, iter_records([str(path)]), batch_size=4)
    resumed, clean = _contents(store_url), _contents(clean_url)
    differences = {name: (sorted(set(clean[name]) - set(rows))[:3], sorted(set(rows) - set(clean[name]))[:3])
                   for name, rows in resumed.items() if rows != clean[name]}
    assert not differences, f"killed after {partial} articles; (clean only, resumed only) per table: {differences}"
