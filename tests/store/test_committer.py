"""Batches written by a child process: the same store as in-process writing, errors raised in the
parent, and a child that does not outlive a killed parent."""
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy.exc import DatabaseError

from store_fixtures import store_contents, synthetic_records
from newsgraph.store import Writer, open_store, queries


def test_a_child_process_writes_the_store_this_process_writes(sample_records, store_url, new_store_url):
    records = synthetic_records(sample_records, 40)
    writers = {}
    for url, in_child in ((store_url, True), (new_store_url(), False)):
        with open_store(url) as store:
            writer = writers[in_child] = Writer(store, batch_size=4, commit_process=in_child)
            counts = writer.write(records)
        assert (counts.new, counts.failed, counts.warnings) == (40, 0, [])
    assert writers[True].batches_in_process == 10 and writers[False].batches_in_process == 0
    resumed, clean = store_contents(store_url), store_contents(writers[False].store.url)
    assert resumed == clean

    with open_store(store_url) as store:  # and again: nothing changes
        again = Writer(store, batch_size=4, commit_process=True).write(records)
    assert (again.unchanged, again.new, again.updated) == (40, 0, 0)
    assert store_contents(store_url) == clean


def _numbered_quotes(url: str) -> list[tuple]:
    with open_store(url) as store, store.engine.connect() as conn:
        return list(conn.exec_driver_sql("SELECT article_id, quote_id FROM quotes ORDER BY pk"))


def test_batches_sent_in_parts_write_the_store_whole_batches_write(sample_records, store_url, new_store_url,
                                                                  monkeypatch):
    """Parts go in as they are planned, in the transaction of their batch; its quotes are numbered
    as a whole batch's, and its text is searchable. A batch that replaces articles goes whole."""
    from newsgraph.store.committer import CommitProcess

    parts = []
    send_part = CommitProcess.send_part
    monkeypatch.setattr(CommitProcess, "send_part", lambda self, part: (parts.append(part), send_part(self, part)))
    monkeypatch.setattr(Writer, "PART_SIZE", 3)
    records = synthetic_records(sample_records, 40)
    whole_url = new_store_url()
    for url, in_child in ((store_url, True), (whole_url, False)):
        with open_store(url) as store:
            counts = Writer(store, batch_size=8, commit_process=in_child).write(records)
        assert (counts.new, counts.failed, counts.warnings) == (40, 0, [])
    assert len(parts) == 5 * 2 and all(len(part.articles) == 3 for part in parts)  # 8 = 3 + 3 + the rest, 2
    assert store_contents(store_url) == store_contents(whole_url)
    assert _numbered_quotes(store_url) == _numbered_quotes(whole_url)
    with open_store(store_url) as store, open_store(whole_url) as whole:
        for words in ("sanctions", "minister"):
            assert queries.search(store, words, limit=50) == queries.search(whole, words, limit=50) != []

    changed = [dict(r, text=r["text"] + " Updated.") if i % 5 == 0 else r for i, r in enumerate(records)]
    parts.clear()
    for url, in_child in ((store_url, True), (whole_url, False)):
        with open_store(url) as store:
            counts = Writer(store, batch_size=8, commit_process=in_child).write(changed)
        assert (counts.updated, counts.unchanged) == (8, 32)
    assert parts == [] and store_contents(store_url) == store_contents(whole_url)


def test_a_part_the_child_cannot_write_fails_its_batch(record, tmp_path, monkeypatch):
    records = [dict(record, id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])
               for i in range(8)]
    monkeypatch.setattr(Writer, "PART_SIZE", 1)
    url = f"sqlite:///{tmp_path / 'refusing.db'}"
    with open_store(url) as store:
        with store.engine.begin() as conn:  # refuses the second part of the second batch
            conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.id = 'a5' "
                                 "BEGIN SELECT RAISE(ABORT, 'refused'); END")
        seen = []
        with pytest.raises(DatabaseError, match="refused"):
            Writer(store, batch_size=4, commit_process=True).write(records, on_record=lambda r: seen.append(r["id"]))
        assert seen == ["a0", "a1", "a2", "a3"]
        with store.engine.connect() as conn:  # the batch's first part was rolled back with it
            assert [r[0] for r in conn.exec_driver_sql("SELECT id FROM articles ORDER BY pk")] == seen


def test_parts_kept_for_a_child_that_cannot_open_the_store_are_written_here(record, tmp_path, monkeypatch):
    from newsgraph.store.committer import CommitProcess

    records = [dict(record, id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])
               for i in range(6)]
    monkeypatch.setattr(Writer, "PART_SIZE", 2)
    monkeypatch.setattr(Writer, "PROCESS_AFTER", 1)
    monkeypatch.setattr(Writer, "_start_process", lambda self: CommitProcess(f"sqlite:///{tmp_path}/no/such/dir.db"))
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        writer = Writer(store, batch_size=3)
        counts = writer.write(records)
        assert (counts.new, writer.batches_in_process) == (6, 0)
        assert len(counts.warnings) == 1 and "cannot open the store" in counts.warnings[0]
        assert queries.table_counts(store)["articles"] == 6
        assert queries.search(store, "Article", limit=10) != []


def test_a_batch_the_child_cannot_write_stops_the_ingest_after_the_batches_before(record, tmp_path):
    records = []
    for i in range(6):
        one = dict(record, id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])
        records.append(one)
    url = f"sqlite:///{tmp_path / 'refusing.db'}"
    with open_store(url) as store:
        with store.engine.begin() as conn:  # the child's database refuses the third batch
            conn.exec_driver_sql("CREATE TRIGGER refuse BEFORE INSERT ON articles WHEN new.id = 'a4' "
                                 "BEGIN SELECT RAISE(ABORT, 'refused'); END")
        seen = []
        writer = Writer(store, batch_size=2, commit_process=True)
        with pytest.raises(DatabaseError, match="refused"):
            writer.write(records, on_record=lambda r: seen.append(r["id"]))
        assert seen == ["a0", "a1", "a2", "a3"]  # progress reports committed batches only
        assert queries.table_counts(store)["articles"] == 4


_PARENT = """
import sys, time
from newsgraph.store.committer import CommitProcess
process = CommitProcess(sys.argv[1])
assert process.ready(wait=True), process.failed
print(process._process.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children are tied to their parent on Linux only")
def test_the_child_dies_with_its_parent(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url).close()
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, url], stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child_pid):
        time.sleep(0.05)
    assert not _alive(child_pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


class _Score(float):
    """A float subclass, which marshal refuses."""


def test_batches_cross_to_the_child_by_marshal_or_else_pickle():
    from newsgraph.store.committer import _BATCH, _PART, Batch, BatchPart, _decode, _encode

    plain = Batch(["a0"], {}, ("id", "text"), [("a1", "T")], [("quotes", [("a1", "q1", 0.5, None, b"\x00")])], {},
                  [("actor:x", "X", "PERSON", None, None, 2)], [("actor:x", "X")], [], ["story:a1"],
                  [("https://x/a1", "a1", "a1", "https://x/a1", "X", None, "t")], {"a1": "a1"}, ["https://x/b1"])
    assert _encode(plain)[1:2] == b"m" and _decode(_encode(plain)) == (_BATCH, plain)
    odd = plain._replace(children=[("quotes", [("a1", "q1", _Score(0.5))])])
    assert _encode(odd)[1:2] == b"p" and _decode(_encode(odd)) == (_BATCH, odd)
    part = BatchPart(("id", "text"), [("a2", "U")], [("quotes", [])])
    assert _decode(_encode(part, _PART)) == (_PART, part) and type(_decode(_encode(part, _PART))[1]) is BatchPart


def test_without_a_child_process_the_batches_are_written_here(record, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.executable", str(tmp_path / "no-python-here"))
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        writer = Writer(store, batch_size=1, commit_process=True)
        counts = writer.write([record, dict(record, id="a2", url="https://x.example/a2", text="Other. " + record["text"])])
        assert (counts.new, writer.batches_in_process) == (2, 0)
        assert len(counts.warnings) == 1 and "cannot start another" in counts.warnings[0]
        assert queries.table_counts(store)["articles"] == 2


def test_a_child_closed_before_it_is_ready_ends_at_once_and_quietly(tmp_path, capfd):
    from newsgraph.store.committer import CommitProcess

    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url).close()
    started = time.monotonic()
    process = CommitProcess(url)
    process.close()
    assert time.monotonic() - started < 5
    assert process._process.returncode is not None and "Error" not in capfd.readouterr().err


def test_by_default_the_child_starts_as_the_input_reaches_process_after_in_full_batches(record, tmp_path, monkeypatch):
    """The child starts once PROCESS_AFTER records are read, before the rest of their batch (its start
    overlaps the reading); one started for a batch that then turns out short (the input's last: no
    planning for a child to overlap) is closed without writing it."""
    records = [dict(record, id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])
               for i in range(9)]
    given = [0]  # records the input has given
    started = []  # records given at each start
    start = Writer._start_process

    def counted(records):
        for one in records:
            given[0] += 1
            yield one

    def start_process(writer):
        started.append(given[0])
        return start(writer)

    monkeypatch.setattr(Writer, "PROCESS_AFTER", 2)
    monkeypatch.setattr(Writer, "_start_process", start_process)
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        short = Writer(store, batch_size=4)
        short.write(counted(records[:3]))
        assert started == [2] and short.batches_in_process == 0 and queries.table_counts(store)["articles"] == 3
        started.clear()
        given[0] = 0
        full = Writer(store, batch_size=4, commit_process=None)
        counts = full.write(counted(records))
        assert started == [2] and counts.new == 6 and counts.unchanged == 3  # before the first batch's last two
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        assert queries.table_counts(store)["articles"] == 9


def test_the_committer_keys_the_quotes_the_writer_left_unkeyed(sample_records, store_url):
    from newsgraph.resolve.quotes import quote_key
    from newsgraph.store.committer import with_quote_keys
    from newsgraph.store.rows import COLUMNS

    text, key = COLUMNS["quotes"].index("text"), COLUMNS["quotes"].index("quote_key")
    rows = [tuple("x" if i == text else None for i in range(len(COLUMNS["quotes"]))),
            tuple("y" if i == text else ("given" if i == key else None) for i in range(len(COLUMNS["quotes"])))]
    keyed = with_quote_keys(rows)
    assert [row[key] for row in keyed] == [quote_key("x"), "given"]
    assert [row[:key] + row[key + 1:] for row in keyed] == [row[:key] + row[key + 1:] for row in rows]

    records = synthetic_records(sample_records, 12)
    with open_store(store_url) as store:
        Writer(store, batch_size=4, commit_process=False).write(records)
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT text, quote_key FROM quotes").all()
    assert len(stored) > 20 and all(k == quote_key(t) for t, k in stored)


@pytest.mark.parametrize("behind", [True, False])
def test_the_parent_takes_work_off_a_child_that_has_messages_waiting(sample_records, tmp_path, monkeypatch, behind):
    """While messages wait for the child, the parent keys the quotes of what it sends and pickles it
    (else the child keys them, and the message is marshalled): the same store either way."""
    from newsgraph.resolve.quotes import quote_key
    from newsgraph.store import committer
    from newsgraph.store.committer import CommitProcess, _QUOTE_KEY

    sent = []  # (pickled, whether every quote of the message had its key)
    encode = committer._encode

    def _encode(message, kind=committer._BATCH, pickled=False):
        quotes = [row for table, rows in message.children if table == "quotes" for row in rows]
        sent.append((pickled, all(row[_QUOTE_KEY] is not None for row in quotes)))
        return encode(message, kind, pickled)

    monkeypatch.setattr(CommitProcess, "_backlog", lambda process: behind)
    monkeypatch.setattr(committer, "_encode", _encode)
    monkeypatch.setattr(Writer, "PART_SIZE", 3)
    records = synthetic_records(sample_records, 20)
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        writer = Writer(store, batch_size=8, commit_process=True)
        writer.write(records)
        assert writer.batches_in_process == 3
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT text, quote_key FROM quotes").all()
    assert len(stored) > 20 and all(k == quote_key(t) for t, k in stored)
    # batches of 8, 8 and 4: two parts of 3 and the rest, twice; one part and the rest
    assert len(sent) == 8 and set(sent) == {(behind, behind)}
    with open_store(f"sqlite:///{tmp_path / 'in_thread.db'}") as store:
        Writer(store, batch_size=8, commit_process=False).write(records)
    assert store_contents(f"sqlite:///{tmp_path / 'store.db'}") == store_contents(f"sqlite:///{tmp_path / 'in_thread.db'}")


def test_the_committing_process_imports_no_actor_resolution():
    """The child process imports the committer alone: not the resolution index and its name
    matching (rapidfuzz), which it has no use for (~0.04 s of its start)."""
    code = ("import sys; import newsgraph.store.committer; "
            "print(sorted(m for m in ('newsgraph.resolve.actors', 'rapidfuzz', 'newsgraph.store.writer') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert out.stdout.strip() == "[]"
