"""Sightings: every URL (or id) under which a stored article's text was seen, verbatim copies included."""
import copy

import pytest

from store_fixtures import store_contents, store_differences
from newsgraph.store import Writer, open_store, queries, views
from newsgraph.store.sightings import BatchSightings, seen_as


def _copy(record: dict, n: int, **changes) -> dict:
    """The same text run by another outlet, under its own id and URL."""
    return copy.deepcopy(record) | {"id": f"c{n}", "url": f"https://other{n}.example/wire", "source": f"Other {n}",
                                    "published": f"2024-03-0{n + 1}"} | changes


def _retold(record: dict) -> dict:
    """A new version of the article (same id and URL) with another text."""
    changed = copy.deepcopy(record)
    changed["text"] = changed["text"].replace("sanctions work", "sanctions bite")
    changed["quotes"][0]["text"] = "sanctions bite"
    return changed


def _ingest(url: str, records: list[dict], batch_size: int = 100):
    with open_store(url) as store:
        counts = Writer(store, batch_size=batch_size).write(records)
    assert counts.failed == 0, counts.errors
    return counts


def _sightings(url: str) -> list[tuple]:
    with open_store(url) as store, store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT article_id, url, record_id, source, published FROM sightings "
                                    "ORDER BY seen_as").all()


def _copy_counts(url: str) -> list[tuple]:
    with open_store(url) as store, store.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT article_count, copy_count FROM clusters ORDER BY id").all()


def test_two_urls_with_the_same_text_are_one_article_and_two_sightings(store, record):
    counts = Writer(store).write([record, _copy(record, 1)])
    assert (counts.new, counts.unchanged) == (1, 1)
    assert queries.table_counts(store)["articles"] == 1
    assert _sightings(store.url) == [("a1", "https://other1.example/wire", "c1", "Other 1", "2024-03-02"),
                                     ("a1", "https://x.example/a1", "a1", "X", "2024-03-01")]
    assert _copy_counts(store.url) == [(1, 1)]


def test_stories_and_the_article_list_every_outlet(store, record):
    Writer(store).write([record, _copy(record, 1), _copy(record, 2, url=None)])
    story, = views.stories(store, min_articles=2)  # one article and two verbatim copies: three runs
    assert (story["article_count"], story["copy_count"]) == (1, 2)
    member, = story["articles"]
    assert [(c["source"], c["url"], c["record_id"]) for c in member["also_published_by"]] == [
        ("Other 1", "https://other1.example/wire", "c1"), ("Other 2", None, "c2")]
    assert views.stories(store, min_articles=4) == []
    assert views.article(store, "a1")["also_published_by"] == member["also_published_by"]


def test_ingesting_again_changes_nothing(store_url, record):
    records = [record, _copy(record, 1), _copy(record, 2, url=None), _retold(record) | {"id": "b1", "url": "https://x.example/b1"}]
    _ingest(store_url, records)
    before = store_contents(store_url)
    with open_store(store_url) as store:
        counts_before = queries.table_counts(store)
    assert _ingest(store_url, records).unchanged == len(records)
    with open_store(store_url) as store:
        assert queries.table_counts(store) == counts_before
    assert store_contents(store_url) == before


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_new_version_with_the_same_text_keeps_its_copies(store_url, record, batch_size):
    moved = copy.deepcopy(record) | {"title": "Changed", "source": "X Wire", "published": "2024-03-05"}
    _ingest(store_url, [record, _copy(record, 1), moved], batch_size)
    assert _sightings(store_url) == [("a1", "https://other1.example/wire", "c1", "Other 1", "2024-03-02"),
                                     ("a1", "https://x.example/a1", "a1", "X Wire", "2024-03-05")]
    assert _copy_counts(store_url) == [(1, 1)]


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_new_id_under_the_same_url_takes_the_sightings(store_url, record, batch_size):
    renamed = copy.deepcopy(record) | {"id": "a1-v2"}
    _ingest(store_url, [record, _copy(record, 1), renamed], batch_size)
    assert [(row[0], row[2]) for row in _sightings(store_url)] == [("a1-v2", "c1"), ("a1-v2", "a1-v2")]


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_new_text_drops_the_copies_of_the_old_one(store_url, record, batch_size):
    late_copy = _copy(record, 2)  # of the old text, after it was replaced: an article of its own
    counts = _ingest(store_url, [record, _copy(record, 1), _retold(record), late_copy], batch_size)
    assert (counts.new, counts.updated, counts.unchanged) == (2, 1, 1)
    assert _sightings(store_url) == [("c2", "https://other2.example/wire", "c2", "Other 2", "2024-03-03"),
                                     ("a1", "https://x.example/a1", "a1", "X", "2024-03-01")]
    assert {n for _, n in _copy_counts(store_url)} == {0}  # (the two texts may be one story)


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_url_that_runs_another_text_leaves_the_first_story(store_url, record, batch_size):
    other = copy.deepcopy(record) | {"id": "b1", "url": "https://x.example/b1",
                                     "text": "Kirby told reporters the talks in Geneva would resume on Monday."}
    other.update(entities=[], quotes=[], events=[])
    switched = _copy(other, 1)  # the outlet that ran a1 verbatim now runs b1
    _ingest(store_url, [record, other, _copy(record, 1), switched], batch_size)
    assert [(row[0], row[2]) for row in _sightings(store_url) if row[2] == "c1"] == [("b1", "c1")]
    with open_store(store_url) as store, store.engine.connect() as conn:
        copies = dict(conn.exec_driver_sql("SELECT a.id, c.copy_count FROM clusters c JOIN articles a "
                                           "ON a.story_id = c.id").all())
    assert copies == {"a1": 0, "b1": 1}


def test_batches_of_one_and_of_all_give_the_same_store(store_url, new_store_url, record):
    """The batch's own bookkeeping (rows re-pointed or dropped within it) ends where committed
    batches of one record each do."""
    other = copy.deepcopy(record) | {"id": "b1", "url": "https://x.example/b1", "text": "Another story. " + record["text"]}
    records = [record, other, _copy(record, 1), _copy(other, 2), _copy(other, 1), _retold(record),
               _copy(record, 3), copy.deepcopy(other) | {"id": "b2"}, _copy(other, 4, url=None)]
    _ingest(store_url, records, batch_size=100)
    one_by_one = new_store_url()
    _ingest(one_by_one, records, batch_size=1)
    assert not store_differences(store_url, one_by_one)


@pytest.mark.parametrize("batch_size", [100, 1])
def test_a_copy_of_a_text_replaced_in_its_batch_leaves_no_sighting(store_url, record, batch_size):
    """Its URL's stored sighting (of another article) was overwritten by the copy, which then went."""
    other = copy.deepcopy(record) | {"id": "b1", "url": "https://x.example/b1",
                                     "text": "Kirby told reporters the talks in Geneva would resume on Monday."}
    other.update(entities=[], quotes=[], events=[])
    _ingest(store_url, [other, _copy(other, 1)])
    _ingest(store_url, [record, _copy(record, 1), _retold(record)], batch_size)
    assert [row[2] for row in _sightings(store_url)] == ["a1", "b1"]


def test_migration_9_gives_stored_articles_their_own_sightings(store_url, record):
    _ingest(store_url, [record, _copy(record, 1, id="b1", url=None, text="Another text.")])
    with open_store(store_url) as store, store.engine.begin() as conn:  # a version-8 store
        conn.exec_driver_sql("DROP TABLE sightings")
        conn.exec_driver_sql("ALTER TABLE clusters DROP COLUMN copy_count")
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 9")
    assert _sightings(store_url) == [("a1", "https://x.example/a1", "a1", "X", "2024-03-01"),
                                     ("b1", None, "b1", "Other 1", "2024-03-02")]
    assert _copy_counts(store_url) == [(1, 0), (1, 0)]
    _ingest(store_url, [_copy(record, 2)])  # and the writer goes on from there
    assert _copy_counts(store_url)[0] == (1, 1)


def test_batch_sightings_keep_the_last_row_of_a_key_and_follow_replacements():
    seen = BatchSightings()
    seen.see({"id": "c1", "url": "u1"}, "a1", "t")
    seen.see({"id": "c2"}, "a1", "t")
    seen.see({"id": "c1", "url": "u1", "source": "S"}, "a2", "t")  # the same URL, another text: the later wins
    assert {k: (r[1], r[4]) for k, r in seen.rows.items()} == {"u1": ("a2", "S"), "id:c2": ("a1", None)}
    seen.replace("a1", "a1-v2", same_text=True, stored=True, old_key="u0", new_key="u0")
    assert seen.rows["id:c2"][1] == "a1-v2" and seen.carried == {"a1-v2": "a1"} and seen.dropped == set()
    # a new text: its copies go, stored ones too
    seen.replace("a1-v2", "a1-v3", same_text=False, stored=False, old_key="u0", new_key="u0")
    assert "id:c2" not in seen.rows and seen.dropped == {"id:c2"} and seen.carried == {}
    seen.see({"id": "c2"}, "a3", "t")
    assert seen.dropped == set()
    seen.see({"id": "a3", "url": "u3"}, "a3", "t")
    seen.replace("a3", "a3", same_text=True, stored=False, old_key="u3", new_key="u4")  # moved: u3 is no copy of it
    assert set(seen.rows) == {"u1", "id:c2"} and seen.rows["id:c2"][1] == "a3" and seen.dropped == {"u3"}
    seen.replace("a0", "a0", same_text=True, stored=True, old_key="u5", new_key="u6")  # its stored u5 is not carried
    assert seen.dropped == {"u3", "u5"} and seen.carried == {"a0": "a0"}
    assert seen_as("https://u", "x") == "https://u" and seen_as(None, "x") == seen_as("", "x") == "id:x"


def _version(record: dict, id_: str, url: str, text: str, **changes) -> dict:
    return copy.deepcopy(record) | {"id": id_, "url": url, "text": f"{record['text']} {text}"} | changes


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 0, 2)])
def test_a_sighting_dropped_in_a_batch_is_not_carried_back(store_url, new_store_url, record, order):
    """c/ ran s's text, then (in the batch that gives s a new version of the same text) q's, whose
    text is then replaced: c/ goes, as it does when each record is a batch of its own."""
    first = [_version(record, "s", "https://s/", "T"), _version(record, "q", "https://q/", "U"),
             _version(record, "c", "https://c/", "T")]
    second = [_version(record, "s", "https://s/", "T", title="New title"), _version(record, "c", "https://c/", "U"),
              _version(record, "q", "https://q/", "U2")]
    second = [second[i] for i in order]
    one_by_one = new_store_url()
    for records in (first, second):
        _ingest(store_url, records, batch_size=100)
        _ingest(one_by_one, records, batch_size=1)
    assert [(row[0], row[2]) for row in _sightings(store_url)] == [("q", "q"), ("s", "s")]
    assert not store_differences(store_url, one_by_one)


@pytest.mark.parametrize("batch_size", [100, 1])
@pytest.mark.parametrize("together", [False, True])
def test_an_article_moved_to_a_new_url_is_no_copy_of_itself(store_url, record, batch_size, together):
    moved = copy.deepcopy(record) | {"url": "https://x.example/moved/a1"}
    first, second = [record, _copy(record, 1)], [moved]
    if together:
        first, second = first + second, []
    _ingest(store_url, first, batch_size)
    _ingest(store_url, second, batch_size)
    assert [(row[0], row[1]) for row in _sightings(store_url)] == [("a1", "https://other1.example/wire"),
                                                                    ("a1", "https://x.example/moved/a1")]
    assert _copy_counts(store_url) == [(1, 1)]


@pytest.mark.parametrize("changes", [{}, {"source": "Changed"}])
def test_an_article_moved_and_moved_back_in_one_batch_ends_where_it_would_one_by_one(
        store_url, new_store_url, record, changes):
    """Its old URL no longer points at the old version once a new one moved away from it."""
    moved = copy.deepcopy(record) | {"url": "https://x.example/moved/a1"}
    back = copy.deepcopy(record) | changes
    one_by_one = new_store_url()
    for records in ([record], [moved, back]):
        _ingest(store_url, records, batch_size=100)
        _ingest(one_by_one, records, batch_size=1)
    assert [row[1] for row in _sightings(store_url)] == [record["url"]]
    assert not store_differences(store_url, one_by_one)
