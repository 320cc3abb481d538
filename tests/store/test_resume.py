"""A real `newsgraph ingest` killed with SIGKILL mid-run, then re-run, ends with the store of one clean run."""
import copy
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from held_open import half_fed

from store_fixtures import index_names, store_contents, synthetic_records, wait_for_other_sessions
from newsgraph.store import ingest_records, open_store
from newsgraph.store.sources import iter_records

def _articles(url: str) -> int:
    with open_store(url) as store, store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM articles").scalar()


def _deferred(url: str) -> int:
    with open_store(url) as store, store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM deferred_indexes").scalar()


# The same ingest with its batches written by a child process of the killed one (store/committer.py).
_INGEST_WITH_COMMIT_PROCESS = """
import sys
from newsgraph.store import Writer, open_store
from newsgraph.store.sources import iter_records
with open_store(sys.argv[2]) as store:
    Writer(store, batch_size=4, commit_process=True).write(iter_records([sys.argv[1]], extracted=True))
"""
# A bulk ingest (store/bulk.py), its indexes dropped until it ends: the kill leaves them to build.
_BULK_INGEST = _INGEST_WITH_COMMIT_PROCESS.replace("commit_process=True", "commit_process=True, bulk=True")


@pytest.mark.parametrize("writes", ["in its process", "in a child process", "in bulk"])
def test_killed_ingest_resumes_to_the_clean_store(sample_records, tmp_path, store_url, new_store_url, writes):
    records = synthetic_records(sample_records, 80)
    copies = [copy.deepcopy(records[i - 3]) | {"id": f"verbatim-{i}", "url": f"https://other.example/{i}",
                                               "source": "Other"} for i in range(10, 80, 10)]
    for n, verbatim in enumerate(copies):  # the same text under another URL, now and then: sightings only
        records.insert(11 * (n + 1), verbatim)
    path = tmp_path / "many.jsonl"
    lines = [json.dumps(r) + "\n" for r in records]
    open_store(store_url).close()  # the schema exists before the child starts, so polling can begin at once

    command = ([sys.executable, "-m", "newsgraph.cli", "ingest", str(path), "--extracted", "--db", store_url,
                "--batch-size", "4", "--no-progress"] if writes == "in its process"
               else [sys.executable, "-c", _INGEST_WITH_COMMIT_PROCESS if writes == "in a child process" else _BULK_INGEST,
                     str(path), store_url])
    # A FIFO fed half the records and held open: however fast the ingest, the kill lands mid-run.
    # (--extracted: only regular files are sniffed for extracted JSONL; a FIFO would be re-extracted as raw.)
    with half_fed(path, lines, len(lines) // 2):
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and child.poll() is None and _articles(store_url) < 8:
            time.sleep(0.02)
        # opening the store while the ingest runs leaves the indexes it dropped to it
        deferred_while_running = _deferred(store_url)
        assert child.poll() is None, f"the ingest ended before it could be killed: {child.stderr.read().decode()[-500:]}"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    wait_for_other_sessions(store_url)  # a COMMIT the child sent before it died still lands
    partial = _articles(store_url)  # opening the store builds the indexes a killed bulk ingest dropped
    assert 0 < partial <= len(records) // 2
    if writes == "in bulk":
        assert deferred_while_running
    assert not _deferred(store_url)

    with open_store(store_url) as store:
        counts = ingest_records(store, iter_records([str(path)]), batch_size=4)
    # each copy counts as unchanged (its text is stored by then), sighted again or for the first time
    assert (counts.unchanged == partial + len(copies) and counts.new == len(records) - len(copies) - partial
            and counts.failed == 0)

    clean_url = new_store_url()
    with open_store(clean_url) as store:
        ingest_records(store, iter_records([str(path)]), batch_size=4)
    assert index_names(store_url) == index_names(clean_url)
    resumed, clean = store_contents(store_url), store_contents(clean_url)
    assert len(clean["sightings"]) == len(records)  # every article's own, and one per copy
    differences = {name: (sorted(set(clean[name]) - set(rows))[:3], sorted(set(rows) - set(clean[name]))[:3])
                   for name, rows in resumed.items() if rows != clean[name]}
    assert not differences, f"killed after {partial} articles; (clean only, resumed only) per table: {differences}"
