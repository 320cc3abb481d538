"""SQLite's full-text indexes, filled by the writer a batch at a time (store/fulltext.py, migration 3)."""
import copy

import pytest
from sqlalchemy import insert

from newsgraph.store import ingest_records, open_store, queries, schema
from newsgraph.store.migrations import STEPS


def _index_matches_the_tables(store) -> None:
    """FTS5 compares its index with the content tables (rank 1): a missing or stale row fails it."""
    with store.engine.connect() as conn:
        for fts in ("articles_fts", "quotes_fts"):
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")


@pytest.fixture
def sqlite_store(tmp_path):
    with open_store(str(tmp_path / "n.db")) as store:
        yield store


def test_the_integrity_check_sees_a_row_left_out(sqlite_store, record):
    ingest_records(sqlite_store, [record])
    _index_matches_the_tables(sqlite_store)
    with sqlite_store.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO articles (id, content_hash, record_hash, text, ingested_at) "
                             "VALUES ('by-hand', 'h', 'r', 'unindexed words', 'now')")
    with pytest.raises(Exception, match="malformed"):
        _index_matches_the_tables(sqlite_store)


def test_batches_updates_and_repeats_leave_the_index_whole(sqlite_store, record):
    records = []
    for i in range(12):
        one = copy.deepcopy(record)
        one.update(id=f"a{i}", url=f"https://x.example/a{i}", text=record["text"] + f" Story number{i}.")
        records.append(one)
    ingest_records(sqlite_store, records, batch_size=5)
    changed = copy.deepcopy(records[3])
    changed["text"] = changed["text"].replace("Blinken said", "Kirby said")
    changed["quotes"][0]["speaker"]["name"] = "John Kirby"
    later = copy.deepcopy(changed)
    later["title"] = "Later title"
    last = dict(records[11], title="The last one, changed")  # the highest pk: deleted, its number reused
    counts = ingest_records(sqlite_store, [records[0], changed, last, records[5], later], batch_size=3)
    assert (counts.unchanged, counts.updated) == (2, 3)
    _index_matches_the_tables(sqlite_store)
    assert [hit["id"] for hit in queries.search(sqlite_store, "number3")] == ["a3"]
    assert queries.search(sqlite_store, "number3")[0]["title"] == "Later title"
    assert [q["article_id"] for q in queries.quotes(sqlite_store, about="Kirby")] == ["a3"]
    assert len(queries.search(sqlite_store, "sanctioned")) == 12
    assert queries.search(sqlite_store, "number11")[0]["title"] == "The last one, changed"


def test_a_store_made_with_insert_triggers_is_migrated(tmp_path, record):
    """A store of schema version 2 (rows indexed by triggers) keeps its index and indexes new rows once."""
    from sqlalchemy import create_engine

    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        schema.schema_version.create(conn)
        for version, name, step in STEPS[:2]:
            step(conn)
            conn.execute(insert(schema.schema_version).values(version=version, name=name, applied_at="then"))
        conn.exec_driver_sql("INSERT INTO articles (id, content_hash, record_hash, text, ingested_at) "
                             "VALUES ('old', 'h', 'r', 'stored before the upgrade', 'then')")
    engine.dispose()
    with open_store(str(path)) as store:
        with store.engine.connect() as conn:
            triggers = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
        assert "articles_fts_insert" not in triggers and "articles_fts_delete" in triggers
        ingest_records(store, [record])
        _index_matches_the_tables(store)
        assert [hit["id"] for hit in queries.search(store, "upgrade")] == ["old"]
        assert [hit["id"] for hit in queries.search(store, "sanctioned")] == ["a1"]
