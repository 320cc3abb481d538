"""VersionedLRU: answers kept per data version, and one computation per answer however many ask at once."""
from __future__ import annotations

import threading
import time

import pytest

from newsgraph.serve.data import VersionedLRU


class FixedVersion:
    def __init__(self, value: int = 1):
        self.value = value

    def current(self) -> int:
        return self.value


def test_answers_are_kept_until_the_version_changes():
    version, calls = FixedVersion(), []
    cache = VersionedLRU(version, size=2)
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert cache.get("a", compute) == 1 and cache.get("a", compute) == 1
    version.value = 2
    assert cache.get("a", compute) == 2
    cache.get("b", compute), cache.get("c", compute)  # "a" is the least recently used: out
    assert cache.get("a", compute) == 5


def test_concurrent_requests_for_one_answer_compute_it_once():
    cache, calls = VersionedLRU(FixedVersion()), []
    entered, release = threading.Event(), threading.Event()

    def slow() -> str:
        calls.append(threading.current_thread().name)
        entered.set()
        release.wait(5)
        return "profile"

    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get("hub", slow)), name=f"t{i}") for i in range(5)]
    threads[0].start()
    assert entered.wait(5)
    for thread in threads[1:]:
        thread.start()
    time.sleep(0.2)  # the others reach the wait while the first still computes
    assert all(thread.is_alive() for thread in threads)
    release.set()
    for thread in threads:
        thread.join(5)
    assert answers == ["profile"] * 5 and calls == ["t0"]


def test_a_failed_computation_is_not_kept_and_waiters_compute_their_own():
    cache = VersionedLRU(FixedVersion())
    entered, release = threading.Event(), threading.Event()

    def failing() -> str:
        entered.set()
        release.wait(5)
        raise RuntimeError("store unavailable")

    errors: list[Exception] = []

    def leader() -> None:
        try:
            cache.get("x", failing)
        except RuntimeError as exc:
            errors.append(exc)

    first = threading.Thread(target=leader)
    first.start()
    assert entered.wait(5)
    answers: list[str] = []
    second = threading.Thread(target=lambda: answers.append(cache.get("x", lambda: "fresh")))
    second.start()
    time.sleep(0.1)
    release.set()
    first.join(5), second.join(5)
    assert len(errors) == 1 and answers == ["fresh"]
    assert cache.get("x", lambda: "again") == "again"  # the failure was not kept
    with pytest.raises(ZeroDivisionError):
        cache.get("y", lambda: 1 / 0)


def test_hub_profiles_are_computed_with_the_index(hand_store_url):
    from newsgraph.serve.data import Searches, warm_actor_profiles
    from newsgraph.serve.readonly import open_read_only
    from newsgraph.store import views

    with open_read_only(hand_store_url) as store:
        searches = Searches(store)
        recent = VersionedLRU(searches.version)
        searches.after_build = lambda index: warm_actor_profiles(store, recent, index, 2)
        searches.build_index()
        hubs = searches.index.busiest_actors(2)
        assert len(hubs) == 2
        for actor_id in hubs:  # kept, and what SQL says
            assert recent.get(("actor", actor_id), lambda: pytest.fail("not computed with the index")) == \
                views.actor_profile(store, actor_id)
        searches.close()
