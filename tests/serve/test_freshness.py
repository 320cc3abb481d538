"""DataVersion: steady without commits, and changed on every check after a commit, whichever of its
connections answers."""
from __future__ import annotations

import threading

import pytest
from serve_fixtures import build_store, hand_records

from newsgraph.serve.freshness import CHECK_CONNECTIONS, DataVersion
from newsgraph.serve.readonly import open_read_only
from newsgraph.store import ingest_records, open_store


def _record(n: int) -> dict:
    record = dict(hand_records(copies=0)[0])
    record.update(id=f"fresh-{n}", url=f"https://example.org/fresh-{n}", text=f"Fresh article {n}. " + record["text"])
    return record


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, hand_records(copies=0))
    return url


@pytest.fixture
def version(store_url):
    with open_read_only(store_url) as store:
        version = DataVersion(store)
        yield version
        version.close()


def test_every_check_after_a_commit_sees_it(store_url, version):
    before = {version.current() for _ in range(3 * CHECK_CONNECTIONS)}
    assert len(before) == 1  # steady
    with open_store(store_url) as writer:
        ingest_records(writer, [_record(1)])
    after = [version.current() for _ in range(3 * CHECK_CONNECTIONS)]
    assert before.isdisjoint(after)  # no connection answers with the old token
    assert len({version.current() for _ in range(3 * CHECK_CONNECTIONS)}) == 1  # steady again


def test_concurrent_checks_agree_without_commits(version):
    first = version.current()
    seen: list[int] = []
    threads = [threading.Thread(target=lambda: seen.extend(version.current() for _ in range(50))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen) == {first} and len(seen) == 400


def test_a_settled_token_stays_until_the_next_commit(store_url, version):
    first = version.current()
    with open_store(store_url) as writer:
        ingest_records(writer, [_record(1)])
    settled = version.settled()  # every connection has looked at the commit: no later check bumps for it
    assert settled != first
    assert {version.current() for _ in range(3 * CHECK_CONNECTIONS)} == {settled}
    with open_store(store_url) as writer:
        ingest_records(writer, [_record(2)])
    assert settled not in {version.current() for _ in range(3 * CHECK_CONNECTIONS)}


class _MeetingQueue:
    """The check connections' queue, where each thread's first take waits a moment for another
    thread's: two settled() calls let in together then each hold some of the connections."""

    def __init__(self, connections):
        self.connections = connections
        self.meeting = threading.Barrier(2, timeout=0.5)
        self.taken = threading.local()

    def get(self):
        item = self.connections.get()
        if not getattr(self.taken, "once", False):
            self.taken.once = True
            try:
                self.meeting.wait()
            except threading.BrokenBarrierError:  # no other taker came (or it came and left)
                pass
        return item

    def put(self, item) -> None:
        self.connections.put(item)


def test_two_settled_calls_at_once_both_return(version):
    version._idle = _MeetingQueue(version._checks())
    tokens: list[int] = []
    threads = [threading.Thread(target=lambda: tokens.append(version.settled()), daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "settled() calls waited for each other's connections"
    assert len(tokens) == 2 and tokens[0] == tokens[1] == version.current()
