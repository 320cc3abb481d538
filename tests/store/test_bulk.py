"""Bulk loading (store/bulk.py): indexes built after the load, and built again after a kill."""
import subprocess
import sys

from sqlalchemy import select

from store_fixtures import index_names, store_contents, synthetic_records
from newsgraph.store import Writer, bulk, open_store, queries, schema


def _deferred(url: str) -> list[tuple]:
    with open_store(url, migrate=False) as store, store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(schema.deferred_indexes))]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_bulk_ingest_leaves_the_store_a_row_by_row_one_does(sample_records, store_url, new_store_url):
    records = synthetic_records(sample_records, 24)
    row_by_row = new_store_url()
    with open_store(store_url) as store:
        writer = Writer(store, batch_size=8, bulk=True)
        counts = writer.write(records)
    with open_store(row_by_row) as store:
        plain = Writer(store, batch_size=8, bulk=False)
        plain.write(records)
    assert counts.new == 24 and not plain.deferred_indexes
    assert set(writer.deferred_indexes) == set(bulk.deferrable()) and "ix_event_participants_name" in writer.deferred_indexes
    assert not _deferred(store_url)
    assert store_contents(store_url) == store_contents(row_by_row)
    assert index_names(store_url) == index_names(row_by_row)
    assert {name for _, name in index_names(store_url)} >= set(bulk.deferrable()) | set(schema.WRITER_INDEXES)
    with open_store(store_url) as store, open_store(row_by_row) as other:
        assert queries.search(store, "Sudan", limit=50) == queries.search(other, "Sudan", limit=50) != []


def test_a_bulk_ingest_is_chosen_for_a_large_input_into_a_small_store(sample_records, store_url):
    records = synthetic_records(sample_records, 30)
    with open_store(store_url) as store:
        short = Writer(store, batch_size=8)
        short.write(records[:5])  # its first batch is not full: a small input
        larger = Writer(store, batch_size=8)
        larger.write(records[5:21])  # 5 stored, a full first batch of 8
        small = Writer(store, batch_size=8)
        small.write(records[21:])  # 21 stored: at least as many as a batch
    assert not short.deferred_indexes and larger.deferred_indexes and not small.deferred_indexes


def test_indexes_a_killed_bulk_ingest_left_are_built_by_the_next_writer(record, store_url, new_store_url):
    clean = new_store_url()
    open_store(clean).close()
    with open_store(store_url) as store:
        bulk.defer(store)  # by this process, which still runs: opening the store leaves them
    assert {name for name, _ in _deferred(store_url)} == set(bulk.deferrable())
    open_store(store_url).close()
    assert not index_names(store_url) >= index_names(clean)
    with open_store(store_url) as store:
        Writer(store, bulk=False).write([record])
    assert not _deferred(store_url) and index_names(store_url) == index_names(clean)


def test_opening_the_store_builds_the_indexes_of_a_bulk_ingest_that_is_gone(store_url, new_store_url):
    clean = new_store_url()
    open_store(clean).close()
    with open_store(store_url) as store:
        bulk.defer(store)
        with store.engine.begin() as conn:
            conn.execute(schema.deferred_indexes.update().values(owner=f"{bulk.owner().rpartition(':')[0]}:{_dead_pid()}"))
    assert index_names(store_url, migrate=False) != index_names(clean)
    open_store(store_url).close()
    assert not _deferred(store_url) and index_names(store_url) == index_names(clean)


def test_a_bulk_ingest_of_another_host_is_left_to_the_next_writer(store_url):
    with open_store(store_url) as store:
        bulk.defer(store)
        with store.engine.begin() as conn:
            conn.execute(schema.deferred_indexes.update().values(owner=f"elsewhere.example:{_dead_pid()}"))
    open_store(store_url).close()
    assert len(_deferred(store_url)) == len(bulk.deferrable())
