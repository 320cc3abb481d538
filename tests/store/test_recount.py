"""Actors' article counts and types after a restart: a later run (a new Writer, its resolution
index rebuilt from stored actors) that replaces an article, or goes on where a killed run
stopped, ends with the actors a clean run of the final articles would have written."""
import copy

import pytest

from store_fixtures import store_differences as _differences
from newsgraph.store import ingest_records, open_store


def _ingest(url: str, records: list[dict], **options) -> None:
    with open_store(url) as store:  # a session of its own: a new Writer, its index rebuilt from the store
        counts = ingest_records(store, records, **options)
    assert counts.failed == 0, counts.errors


def _actors(url: str) -> dict[str, tuple]:
    with open_store(url) as store, store.engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.exec_driver_sql("SELECT id, type, article_count FROM actors")}


def _other(record: dict, n: int) -> dict:
    other = copy.deepcopy(record)
    other.update(id=f"b{n}", url=f"https://x.example/b{n}", text=f"Story {n}. " + record["text"])
    return other


def _changed(record: dict) -> dict:
    changed = copy.deepcopy(record)  # same URL and id, other text: it replaces the stored article
    changed["title"] = "Changed"
    changed["quotes"][0]["confidence"] = 0.5
    return changed


@pytest.mark.parametrize("between", [0, 2], ids=["right after", "after other articles"])
def test_a_replaced_article_in_a_later_run_counts_once(store_url, new_store_url, record, between):
    first = [record] + [_other(record, n) for n in range(between)]
    _ingest(store_url, first)
    _ingest(store_url, [_changed(record)])  # a new process: the replaced article's actors are in the store

    clean_url = new_store_url()
    _ingest(clean_url, [_changed(record)] + first[1:])
    assert _actors(store_url) == _actors(clean_url)
    assert {count for _, count in _actors(store_url).values()} == {1 + between}
    assert not _differences(store_url, clean_url)


def test_a_replaced_article_in_the_same_run_counts_once(store_url, new_store_url, record):
    records = [record, _other(record, 1), _changed(record)]
    _ingest(store_url, records, batch_size=1)
    clean_url = new_store_url()
    _ingest(clean_url, records[2:] + records[1:2])  # the new version in the old one's place
    assert _actors(store_url) == _actors(clean_url)
    assert not _differences(store_url, clean_url)


def test_an_actor_only_the_replaced_version_named_is_gone(store_url, new_store_url, record):
    _ingest(store_url, [record])
    changed = _changed(record)
    changed["entities"] = changed["entities"][:1]  # Russia no longer named
    changed["events"] = []
    _ingest(store_url, [changed])
    clean_url = new_store_url()
    _ingest(clean_url, [changed])
    assert _actors(store_url) == _actors(clean_url)
    assert not _differences(store_url, clean_url)


def test_an_actor_typed_differently_by_its_entities_keeps_its_type_across_a_restart(store_url, new_store_url, record):
    """Types are tallied per entity: two entities of one article (ORG, GPE) and one of the next (GPE)
    make a GPE, whether or not the second article is written by a later run."""
    first = copy.deepcopy(record)
    first["entities"][1]["type"] = "ORG"
    first["entities"].append(dict(first["entities"][1], id="e3", type="GPE", mentions=[[47, 53]]))
    second = _other(record, 1)
    _ingest(store_url, [first])
    _ingest(store_url, [second])
    clean_url = new_store_url()
    _ingest(clean_url, [first, second])
    assert _actors(clean_url)["org:russia"] == ("GPE", 2)
    assert _actors(store_url) == _actors(clean_url)
    assert not _differences(store_url, clean_url)


def test_samples_resumed_after_any_batch_give_the_clean_store(store_url, new_store_url, sample_records):
    """The sample corpus (some stories in several formats), its ingest stopped after each batch of
    four in turn and run again in a new session."""
    clean_url = new_store_url()
    _ingest(clean_url, sample_records, batch_size=4)
    for cut in (8, 16, 28):
        url = new_store_url()
        _ingest(url, sample_records[:cut], batch_size=4)
        _ingest(url, sample_records, batch_size=4)
        assert not _differences(url, clean_url), f"stopped after {cut} records"
