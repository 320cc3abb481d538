"""The writer: idempotent, replacing changed articles, counting what it read."""
import copy

import pytest

from newsgraph.store import ingest_records, queries, views
from newsgraph.store.sources import iter_records


def _counts(store):
    return queries.table_counts(store)


def test_samples_twice_leave_the_same_store(store, sample_jsonl):
    first = ingest_records(store, iter_records([str(sample_jsonl)]), batch_size=7)
    after_first = _counts(store)
    second = ingest_records(store, iter_records([str(sample_jsonl)]))
    assert (first.read, first.new, first.failed) == (34, 34, 0)
    assert (second.read, second.new, second.updated, second.unchanged) == (34, 0, 0, 34)
    assert _counts(store) == after_first
    assert after_first["articles"] == 34 and after_first["quotes"] > 100 and after_first["events"] > 100


def test_a_changed_article_replaces_its_rows(store, record):
    ingest_records(store, [record])
    changed = copy.deepcopy(record)
    changed["text"] = "Blinken said nothing new. The EU sanctioned Russia."
    changed["quotes"][0].update(text="nothing new", end=25)
    changed["events"] = []
    counts = ingest_records(store, [changed])
    assert (counts.new, counts.updated, counts.unchanged) == (0, 1, 0)
    tables = _counts(store)
    assert tables["articles"] == 1 and tables["quotes"] == 1 and tables["events"] == 0
    assert tables["event_participants"] == 0
    assert [q["text"] for q in queries.quotes(store)] == ["nothing new"]
    assert queries.search(store, "nothing") and not queries.search(store, "work")
    assert queries.quotes(store, about="nothing") and not queries.quotes(store, about="sanctions work")


def test_the_same_text_under_another_url_is_a_copy(store, record):
    copy_ = dict(record, id="a1-copy", url="https://mirror.example/a1")
    counts = ingest_records(store, [record, copy_])
    assert (counts.new, counts.unchanged) == (1, 1)


def test_the_same_article_twice_in_a_batch(store, record):
    later = copy.deepcopy(record)
    later["title"] = "Later"
    ingest_records(store, [record, later])
    assert _counts(store)["articles"] == 1
    assert queries.search(store, "Later")[0]["title"] == "Later"


def test_bad_records_fail_alone(store, record):
    bad = [{"id": "x"}, "not a record", {"id": "y", "text": "t", "error": "E201: boom"},
           {"id": "z", "text": "t", "entities": [{"id": "e1"}]}]
    counts = ingest_records(store, [*bad, record])
    assert (counts.read, counts.new, counts.failed) == (5, 1, 4)
    assert any("E404" in line for line in counts.errors)
    assert _counts(store)["articles"] == 1

def test_a_record_with_a_bad_mention_fails_alone(store, record):
    bad = copy.deepcopy(record)
    bad.update(id="a2", url="https://x.example/a2", text=record["text"] + " More.")
    bad["entities"][0]["mentions"] = [["x", 3]]  # stored, it would break every view of the article
    counts = ingest_records(store, [bad, record])
    assert (counts.new, counts.failed) == (1, 1) and "a2: E404" in counts.errors[0]
    assert views.article(store, "a2") is None and views.article(store, "a1")["entities"][0]["mentions"] == [[0, 7]]


def test_actors_resolve_across_articles(store, record):
    second = copy.deepcopy(record)
    second.update(id="a2", url="https://x.example/a2", text="Blinken spoke again. " + record["text"])
    ingest_records(store, [record])
    ingest_records(store, [second])  # a later run: the index is rebuilt from the store
    with store.engine.connect() as conn:
        ids = {r[0] for r in conn.exec_driver_sql("SELECT actor_id FROM entities WHERE name = 'Antony Blinken'")}
    assert len(ids) == 1
    assert queries.actor(store, "Antony Blinken")["article_count"] == 2


def test_overrides_merge_stored_actors(store, record, tmp_path):
    ingest_records(store, [record])
    with store.engine.connect() as conn:
        ids = dict(conn.exec_driver_sql("SELECT name, actor_id FROM entities").all())
    keep, gone = ids["Antony Blinken"], ids["Russia"]
    overrides = tmp_path / "overrides.tsv"
    overrides.write_text(f"merge\t{keep}\t{gone}\nbogus line\n")
    counts = ingest_records(store, [record], overrides=overrides)  # nothing new: the file still applies
    assert counts.unchanged == 1 and len(counts.warnings) == 1
    with store.engine.connect() as conn:
        assert {r[0] for r in conn.exec_driver_sql("SELECT actor_id FROM entities")} == {keep}
        assert conn.exec_driver_sql("SELECT new_id FROM actor_redirects").scalars().all() == [keep]
        assert gone not in conn.exec_driver_sql("SELECT id FROM actors").scalars().all()
    assert queries.events(store, recipient="Antony Blinken")  # Russia's side now points at the merged actor


def test_copies_are_marked_and_survive_a_restart(store, record):
    original = dict(record, text=" ".join(f"word{i} of the long wire story" for i in range(60)))
    original["quotes"], original["events"], original["entities"] = [], [], []
    syndicated = dict(original, id="a1-syndicated", url="https://other.example/a1", text=original["text"] + " Ends.")
    ingest_records(store, [original])
    ingest_records(store, [syndicated])  # a later run restores the story index from stored signatures
    with store.engine.connect() as conn:
        rows = dict(conn.exec_driver_sql("SELECT id, duplicate_of FROM articles").all())
        story_ids = set(conn.exec_driver_sql("SELECT story_id FROM articles").scalars())
        clusters = conn.exec_driver_sql("SELECT id, article_count FROM clusters").all()
    assert rows == {"a1": None, "a1-syndicated": "a1"}
    assert len(story_ids) == 1 and clusters == [(story_ids.pop(), 2)]


def test_each_batch_sees_the_one_being_written(store, record):
    """Batches are planned while the one before is written: an article updated there, or its old
    text under another URL, is judged as if that batch were stored already."""
    changed = copy.deepcopy(record)
    changed["text"] = "Blinken said nothing new. The EU sanctioned Russia."
    old_text_elsewhere = dict(record, id="a9", url="https://other.example/a9")
    counts = ingest_records(store, [record, changed, old_text_elsewhere, changed], batch_size=1)
    assert (counts.new, counts.updated, counts.unchanged) == (2, 1, 1)
    with store.engine.connect() as conn:
        texts = dict(conn.exec_driver_sql("SELECT id, text FROM articles").all())
    assert texts == {"a1": changed["text"], "a9": record["text"]}


def test_a_batch_that_cannot_be_written_stops_the_ingest_after_the_batches_before(store, record, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from newsgraph.store.committer import BatchCommitter
    from newsgraph.store.writer import Writer

    records = []
    for i in range(6):
        one = copy.deepcopy(record)
        one.update(id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])
        records.append(one)
    real_insert, calls = BatchCommitter._insert, []

    def insert_failing_the_third(self, conn, batch, *opened):
        calls.append(len(batch.articles))
        if len(calls) == 3:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        real_insert(self, conn, batch, *opened)

    monkeypatch.setattr(BatchCommitter, "_insert", insert_failing_the_third)
    seen = []
    writer = Writer(store, batch_size=2, commit_process=False)  # the patch is in this process
    with pytest.raises(OperationalError):
        writer.write(records, on_record=lambda r: seen.append(r["id"]))
    assert len(calls) == 3  # nothing after the failed batch was written
    assert seen == ["a0", "a1", "a2", "a3"]  # progress reports committed batches only
    assert _counts(store)["articles"] == 4


class _Cyclic(dict):
    """A dict holding itself: garbage only the cyclic collector frees."""


def test_the_garbage_collector_runs_each_batch_only_when_batches_leave_cycles(store, record, monkeypatch):
    import gc

    def records(n, cycles_each):
        for i in range(n):
            for _ in range(cycles_each):
                junk = _Cyclic()
                junk["self"] = junk
            yield dict(record, id=f"a{i}", url=f"https://x.example/a{i}", text=f"Article {i}. " + record["text"])

    found = []
    real_collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *a: found.append(real_collect(*a)) or found[-1])
    ingest_records(store, records(60, 0), batch_size=2, commit_process=False)
    assert len(found) == 2  # after the first batch, then at the end: 30 batches leave few cycles
    found.clear()
    ingest_records(store, records(60, 600), batch_size=2, commit_process=False)
    assert len(found) == 31 and min(found[:-1]) >= 1200  # after every batch (its cycles), and at the end


def test_a_batch_size_below_one_is_refused(store):
    from newsgraph.store.writer import Writer

    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        Writer(store, batch_size=0)


def test_in_lists_stay_below_sqlites_parameter_limit(tmp_path, record, monkeypatch):
    """Every IN list goes in slices of `schema.IN_CHUNK` values (a NOT IN of more, through a
    temporary table): SQLite takes at most 32,766 parameters a statement, which the lists of a batch
    of ~10,900 records passed. Here the limit and the slices are small, with batches of 30 records:
    new articles in distinct stories, then a new version of each (replaced articles, their actors)."""
    import sqlite3

    from sqlalchemy import event

    from newsgraph.store import open_store, schema
    from store_fixtures import store_contents, synthetic_records

    def batches():
        records = synthetic_records([record], 30)
        for i, one in enumerate(records):  # words of its own: a story of its own
            one["text"] += " " + " ".join(f"word{i}x{j}" for j in range(40))
        changed = copy.deepcopy(records)
        for one in changed:
            one["title"] = "Changed"
        return records, changed

    monkeypatch.setattr(schema, "IN_CHUNK", 8)
    limited = f"sqlite:///{tmp_path / 'limited.db'}"
    with open_store(limited) as store:
        event.listen(store.engine, "connect",
                     lambda dbapi, _record: dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 20))
        store.engine.dispose()  # the connection open_store pooled has no limit
        for batch in batches():
            counts = ingest_records(store, batch, commit_process=False)
            assert counts.failed == 0, counts.errors
    assert (counts.updated, counts.new) == (30, 0)
    monkeypatch.undo()
    unlimited = f"sqlite:///{tmp_path / 'unlimited.db'}"
    with open_store(unlimited) as store:
        for batch in batches():
            ingest_records(store, batch, commit_process=False)
    assert store_contents(limited) == store_contents(unlimited)
    assert len({row for row in store_contents(limited)["clusters"]}) == 30
