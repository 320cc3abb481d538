"""Bulk loading (store/bulk.py): indexes built after the load, and built again after a kill."""
import contextlib
import logging
import subprocess
import sys
import threading

import pytest
from sqlalchemy import Column, Index, MetaData, String, Table, select

from store_fixtures import index_names, store_contents, synthetic_records
from newsgraph.store import Writer, bulk, open_store, queries, schema


def _deferred(url: str) -> list[tuple]:
    with open_store(url, migrate=False) as store, store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(schema.deferred_indexes))]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _dead_owner() -> str:
    """The owner of a bulk ingest whose process is gone, on this host."""
    return f"{bulk.owner().rpartition(':')[0]}:{_dead_pid()}"


def _killed_bulk_ingest(url: str, extra: tuple[str, ...] = ()) -> None:
    """The store as a bulk ingest killed mid-load leaves it: indexes dropped, recorded (with the
    names `extra`) as a process's that is gone."""
    with open_store(url) as store:
        bulk.defer(store)
        with store.engine.begin() as conn:
            if extra:
                conn.execute(schema.deferred_indexes.insert(), [{"name": name, "owner": "x"} for name in extra])
            conn.execute(schema.deferred_indexes.update().values(owner=_dead_owner()))


def test_a_bulk_ingest_leaves_the_store_a_row_by_row_one_does(sample_records, store_url, new_store_url):
    records = synthetic_records(sample_records, 24)
    row_by_row = new_store_url()
    with open_store(store_url) as store:
        writer = Writer(store, batch_size=8, bulk=True)
        counts = writer.write(records)
    with open_store(row_by_row) as store:
        plain = Writer(store, batch_size=8, bulk=False)
        plain.write(records)
    assert counts.new == 24 and not plain.indexes_built_after
    assert set(writer.indexes_built_after) == set(bulk.deferrable())
    assert "ix_event_participants_name" in writer.indexes_built_after
    assert not _deferred(store_url)
    assert store_contents(store_url) == store_contents(row_by_row)
    assert index_names(store_url) == index_names(row_by_row)
    assert {name for _, name in index_names(store_url)} >= set(bulk.deferrable()) | set(schema.WRITER_INDEXES)
    with open_store(store_url) as store, open_store(row_by_row) as other:
        assert queries.search(store, "Sudan", limit=50) == queries.search(other, "Sudan", limit=50) != []


def test_a_bulk_ingest_is_chosen_for_a_large_input_into_a_small_store(sample_records, store_url, new_store_url,
                                                                     monkeypatch):
    monkeypatch.setattr(Writer, "BULK_AFTER", 4)
    records = synthetic_records(sample_records, 34)
    with open_store(new_store_url()) as empty:
        tiny = Writer(empty, batch_size=1)
        tiny.write(records[30:])  # into an empty store, in batches of one: full, but fewer than BULK_AFTER records
    with open_store(store_url) as store:
        short = Writer(store, batch_size=8)
        short.write(records[:5])  # its first batch is not full: a small input
        larger = Writer(store, batch_size=8)
        larger.write(records[5:21])  # 5 stored, a full first batch of 8
        small = Writer(store, batch_size=8)
        small.write(records[21:30])  # 21 stored: at least as many as a batch
    assert larger.indexes_built_after and not (short.indexes_built_after or small.indexes_built_after)
    assert not tiny.indexes_built_after


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
            conn.execute(schema.deferred_indexes.update().values(owner=_dead_owner()))
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


def test_two_processes_restoring_at_once_both_open_the_store(store_url, new_store_url):
    """One creates the indexes (here held open until the other has started), the other finds
    them recorded no more once it commits: neither fails."""
    clean = new_store_url()
    open_store(clean).close()
    _killed_bulk_ingest(store_url)
    restoring, opened, failures = threading.Event(), threading.Event(), []

    def first() -> None:
        with open_store(store_url, migrate=False) as store, store.engine.begin() as conn:
            assert bulk.restore_in(conn)
            restoring.set()
            opened.wait(1.0)  # the other open is waiting for this transaction (or done: it must not be)

    def second() -> None:
        restoring.wait(10)
        try:
            open_store(store_url).close()
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        opened.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures and not _deferred(store_url) and index_names(store_url) == index_names(clean)


def test_a_failed_restore_creates_nothing_and_the_open_goes_on(store_url, monkeypatch, caplog):
    _killed_bulk_ingest(store_url, extra=("ix_zz_broken",))
    left, recorded = index_names(store_url, migrate=False), _deferred(store_url)
    broken = Index("ix_zz_broken", Table("events", MetaData(), Column("no_such_column", String)).c.no_such_column)
    known = bulk.known_indexes()
    monkeypatch.setattr(bulk, "known_indexes", lambda: {**known, "ix_zz_broken": broken})
    with caplog.at_level(logging.WARNING, logger="newsgraph.store.bulk"):
        open_store(store_url).close()
    assert "could not build the indexes" in caplog.text
    assert index_names(store_url, migrate=False) == left  # none of those before the broken one either
    assert sorted(_deferred(store_url)) == sorted(recorded)
    monkeypatch.undo()
    open_store(store_url).close()  # a name this version does not know is forgotten
    assert not _deferred(store_url) and {name for _, name in index_names(store_url)} >= set(bulk.known_indexes())


def test_an_index_recorded_by_a_version_that_deferred_it_is_built_again(store_url):
    """A bulk ingest of a version that deferred an index this one keeps (writer.WRITER_INDEXES) was killed."""
    kept = "ix_sightings_article_id"
    with open_store(store_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql(f"DROP INDEX {kept}")
        conn.execute(schema.deferred_indexes.insert().values(name=kept, owner=_dead_owner()))
    open_store(store_url).close()
    assert ("sightings", kept) in index_names(store_url) and not _deferred(store_url)


def test_a_bulk_load_keeps_the_indexes_the_committer_reads_by_every_batch(tmp_path):
    """Each batch finds the sightings of its stories' and replaced articles by article id, and the
    entities of rebuilt actors by actor id: a bulk load that dropped those indexes would scan the
    tables it grows once a batch (quadratic)."""
    with open_store(f"sqlite:///{tmp_path / 'bulk.db'}") as store:
        bulk.defer(store)
        with store.engine.connect() as conn:
            for table, column in (("sightings", "article_id"), ("entities", "actor_id")):
                plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
                    f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} IN ('a', 'b')"))
                assert f"USING INDEX ix_{table}_{column}" in plan, plan


def test_a_failed_bulk_write_raises_its_own_exception_when_the_indexes_cannot_be_built(record, store_url, monkeypatch,
                                                                                       caplog):
    with open_store(store_url) as store:
        writer = Writer(store, bulk=True, commit_process=False)

        def fail(*args, **kwargs):
            raise RuntimeError("the batch failed")

        def unreachable(store):
            raise OSError("the database went away")

        monkeypatch.setattr(writer.committer, "commit", fail)
        monkeypatch.setattr(bulk, "restore", unreachable)
        with caplog.at_level(logging.WARNING, logger="newsgraph.store.writer"), \
                pytest.raises(RuntimeError, match="batch failed"):
            writer.write([record])
    assert "the database went away" in caplog.text
    assert {name for name, _ in _deferred(store_url)} == set(bulk.deferrable())  # left to the next Writer or open


def test_nothing_deferred_needs_no_write_lock(tmp_path):
    # a Writer opened beside a running ingest (which holds the write lock) must not wait for it
    import sqlite3
    import time

    path = tmp_path / "newsgraph.db"
    with open_store(f"sqlite:///{path}") as store:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            started = time.monotonic()
            assert bulk.restore(store) == []
            assert time.monotonic() - started < 5
        finally:
            other.execute("ROLLBACK")
            other.close()


@pytest.mark.parametrize("count", [24, 21], ids=["ends at a batch boundary", "short last batch"])
@pytest.mark.parametrize("in_child", [True, False], ids=["child process", "thread"])
def test_the_last_batch_builds_the_deferred_indexes_in_its_transaction(sample_records, store_url, new_store_url,
                                                                       monkeypatch, count, in_child):
    """The input's last batch (known at a batch boundary by looking one record ahead) builds them
    before it commits: not before, and nothing is left to build after it."""
    monkeypatch.setattr(Writer, "PART_SIZE", 3)  # parts: the child may build while it waits for one
    records = synthetic_records(sample_records, count)
    deferred_after_batch = []
    restored = []
    restore = bulk.restore
    monkeypatch.setattr(bulk, "restore", lambda store: restored.append(restore(store)) or restored[-1])

    def on_record(record):
        if records.index(record) % 8 == 0:  # its batch committed
            deferred_after_batch.append(len(_deferred(store_url)))

    with open_store(store_url) as store:
        writer = Writer(store, batch_size=8, bulk=True, commit_process=in_child)
        counts = writer.write(records, on_record=on_record)
    assert restored == [[], []]  # the Writer's own, before and after: the last batch built them
    row_by_row = new_store_url()
    with open_store(row_by_row) as store:
        Writer(store, batch_size=8, bulk=False).write(records)
    assert (counts.new, counts.failed) == (count, 0)
    assert writer.batches_in_process == (3 if in_child else 0)
    everything = len(bulk.deferrable())
    assert deferred_after_batch == [everything, everything, 0]
    assert sorted(writer.indexes_built_after) == sorted(bulk.deferrable())
    assert store_contents(store_url) == store_contents(row_by_row)
    assert index_names(store_url) == index_names(row_by_row)


def test_the_child_builds_the_indexes_while_it_waits_for_the_last_batchs_parts(sample_records, tmp_path, monkeypatch):
    from newsgraph.store import committer

    idle_builds = []
    build_indexes = committer.BatchCommitter.build_indexes
    monkeypatch.setattr(committer.BatchCommitter, "build_indexes",
                        lambda self: idle_builds.append(1) or build_indexes(self))
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store, \
            _committer_on_a_thread(store, synthetic_records(sample_records, 7)) as (plan, parts, pipe):
        pipe.send_bytes(committer._BUILD_MESSAGE)
        pipe.send_bytes(committer._encode(parts[0], committer._PART))
        _wait_for(idle_builds)  # the child waits for the next part: it builds meanwhile
        assert idle_builds == [1]
        for part in parts[1:]:
            pipe.send_bytes(committer._encode(part, committer._PART))
        pipe.send_bytes(committer._encode(plan.batch))
        assert sorted(pipe.recv()) == sorted(bulk.deferrable())
    assert len(parts) == 2 and not _deferred(url)
    assert {name for _, name in index_names(url)} >= set(bulk.deferrable())


_KILLED_AFTER_THE_BUILD = """
import os, signal, sys
from newsgraph.store import Writer, bulk, open_store
from store_fixtures import synthetic_records
import json
restore_in = bulk.restore_in
def build_then_die(conn):
    built = restore_in(conn)
    if built:  # the last batch's: built in its transaction, which is not committed
        os.kill(os.getpid(), signal.SIGKILL)
    return built
bulk.restore_in = build_then_die
records = json.load(open(sys.argv[1]))
with open_store(sys.argv[2]) as store:
    Writer(store, batch_size=8, bulk=True, commit_process=False).write(records)
"""


def test_a_kill_after_the_build_before_the_last_commit_resumes_to_the_clean_store(sample_records, store_url,
                                                                                  new_store_url, tmp_path):
    import json
    import os
    from pathlib import Path

    records = synthetic_records(sample_records, 24)
    (tmp_path / "records.json").write_text(json.dumps(records))
    tests = str(Path(__file__).parent)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([tests, *sys.path]))
    run = subprocess.run([sys.executable, "-c", _KILLED_AFTER_THE_BUILD, str(tmp_path / "records.json"), store_url],
                         env=env, capture_output=True)
    assert run.returncode == -9, run.stderr.decode()[-800:]
    with open_store(store_url, migrate=False) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 16
    assert {name for name, _ in _deferred(store_url)} == set(bulk.deferrable())  # the build rolled back
    clean = new_store_url()
    with open_store(clean) as store:
        Writer(store, batch_size=8, bulk=False).write(records)
    with open_store(store_url) as store:  # builds the indexes the killed ingest left
        Writer(store, batch_size=8).write(records)
    assert not _deferred(store_url)
    assert store_contents(store_url) == store_contents(clean)
    assert index_names(store_url) == index_names(clean)


def test_a_failed_build_in_the_child_fails_its_batch_and_the_next_one_commits(record, tmp_path, monkeypatch):
    """The child's index build, run while it waits for the last batch's parts, fails that batch (its
    later parts are skipped and the batch is answered with the exception), and the child goes on."""
    from newsgraph.store import committer

    tried = []

    def failing_build(self):
        tried.append(1)
        self.abandon()
        raise RuntimeError("build failed")

    monkeypatch.setattr(committer.BatchCommitter, "build_indexes", failing_build)
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        with _committer_on_a_thread(store, synthetic_records([record], 7)) as (plan, parts, pipe):
            pipe.send_bytes(committer._BUILD_MESSAGE)
            pipe.send_bytes(committer._encode(parts[0], committer._PART))
            _wait_for(tried)  # the child, waiting for the next part, tries the build
            assert tried == [1]
            for part in parts[1:]:
                pipe.send_bytes(committer._encode(part, committer._PART))
            pipe.send_bytes(committer._encode(plan.batch))
            failed = pipe.recv()
            assert isinstance(failed, RuntimeError) and "build failed" in str(failed)
            for part in parts:  # the same batch again, with no build asked: it commits
                pipe.send_bytes(committer._encode(part, committer._PART))
            pipe.send_bytes(committer._encode(plan.batch))
            assert pipe.recv() == []
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("select count(*) from articles").scalar() == 7
            assert conn.exec_driver_sql("select count(*) from deferred_indexes").scalar() > 0  # left to build


@contextlib.contextmanager
def _committer_on_a_thread(store, records):
    """A batch of `records` planned in parts of 3, and `_commit_each` serving it on a thread, as the
    child process would: yields the plan, its parts and the parent's end of the pipe (after "ready")."""
    import socket
    from multiprocessing.connection import Connection

    from newsgraph.store import committer

    parts = []
    writer = Writer(store, commit_process=False)
    writer.PART_SIZE = 3
    with store.engine.connect() as conn:
        plan = writer._plan_batch(conn, records, parts.append)
    bulk.defer(store)
    mine, theirs = socket.socketpair()
    pipe, child_pipe = Connection(mine.detach()), Connection(theirs.detach())
    child = threading.Thread(target=committer._commit_each, args=(committer.BatchCommitter(store), child_pipe))
    child.start()
    try:
        assert pipe.recv() == "ready"
        yield plan, parts, pipe
    finally:
        pipe.close()
        child.join()


def _wait_for(calls: list) -> None:
    for _ in range(200):
        if calls:
            return
        threading.Event().wait(0.05)


def test_a_build_the_database_refuses_rolls_back_alone_and_the_last_batch_commits(sample_records, store_url,
                                                                                 new_store_url, monkeypatch):
    """The last batch's build runs in a savepoint: a database error in it (here after the indexes
    were created) undoes the build only; the batch commits and the writer's clean-up builds them."""
    from sqlalchemy.exc import OperationalError

    records = synthetic_records(sample_records, 20)
    restore_in, refused = bulk.restore_in, []

    def refused_once(conn):
        built = restore_in(conn)
        if built and not refused:  # the last batch's build (the Writer's own restore finds nothing)
            refused.append(built)
            raise OperationalError("CREATE INDEX", {}, Exception("database or disk is full"))
        return built

    monkeypatch.setattr(bulk, "restore_in", refused_once)
    with open_store(store_url) as store:
        writer = Writer(store, batch_size=8, bulk=True, commit_process=False)
        counts = writer.write(records)
    clean = new_store_url()
    with open_store(clean) as store:
        Writer(store, batch_size=8, bulk=False).write(records)
    assert refused and sorted(refused[0]) == sorted(bulk.deferrable())  # the build ran in the last batch, and failed
    assert (counts.new, counts.failed) == (20, 0)
    assert sorted(writer.indexes_built_after) == sorted(bulk.deferrable())  # by the clean-up, after the batch
    assert not _deferred(store_url)
    assert store_contents(store_url) == store_contents(clean)
    assert index_names(store_url) == index_names(clean)


def test_a_build_error_that_ended_the_whole_transaction_fails_the_last_batch(sample_records, store_url, monkeypatch):
    """SQLite may roll a whole transaction back on an I/O error: the savepoint is gone with the
    batch's rows, and the batch must fail rather than commit nothing and count its articles."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    records = synthetic_records(sample_records, 20)
    restore_in, lost = bulk.restore_in, []

    def transaction_lost_once(conn):
        built = restore_in(conn)
        if built and not lost:  # the last batch's build (the clean-up's, after it, succeeds)
            lost.append(built)
            conn.exec_driver_sql("ROLLBACK")
            raise OperationalError("CREATE INDEX", {}, Exception("disk I/O error"))
        return built

    monkeypatch.setattr(bulk, "restore_in", transaction_lost_once)
    with open_store(store_url) as store, pytest.raises(DBAPIError):
        Writer(store, batch_size=8, bulk=True, commit_process=False).write(records)
    assert lost
    with open_store(store_url, migrate=False) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() == 16  # the first two batches
