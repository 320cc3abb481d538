"""Schema migrations that convert stored data (both back ends)."""
from sqlalchemy import Column, Integer, MetaData, String, Table, inspect

from newsgraph.store import ingest_records, open_store, views
from newsgraph.store.rows import mentions_json


def _as_version_4(url: str) -> None:
    """Turn a new store back into the layout of schema version 4: mentions as rows of their own,
    quotes.quote_key indexed."""
    with open_store(url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 5")
        conn.exec_driver_sql("ALTER TABLE entities DROP COLUMN mentions")
        old = MetaData()
        Table("mentions", old, Column("article_id", String, primary_key=True), Column("entity_id", String, primary_key=True),
              Column("start", Integer, primary_key=True, autoincrement=False), Column("end", Integer, nullable=False),
              Column("text", String))
        old.create_all(conn)
        conn.exec_driver_sql("CREATE INDEX ix_quotes_quote_key ON quotes (quote_key)")
        conn.exec_driver_sql("""INSERT INTO articles (id, content_hash, record_hash, text, ingested_at)
                                VALUES ('old', 'h', 'r', 'Ana Novak spoke. Nobody answered. Then Novak left.', 'then')""")
        conn.exec_driver_sql("""INSERT INTO entities (article_id, entity_id, name) VALUES
                                ('old', 'e1', 'Ana Novak'), ('old', 'e2', 'Nobody')""")
        conn.exec_driver_sql("""INSERT INTO mentions (article_id, entity_id, start, "end", text) VALUES
                                ('old', 'e1', 40, 45, 'Novak'), ('old', 'e1', 0, 9, 'Ana Novak')""")


def test_mentions_move_into_their_entities(store_url, record):
    _as_version_4(store_url)
    with open_store(store_url) as store:
        with store.engine.connect() as conn:
            found = inspect(conn)
            assert not found.has_table("mentions")
            assert "ix_quotes_quote_key" not in {ix["name"] for ix in found.get_indexes("quotes")}
            stored = conn.exec_driver_sql("SELECT mentions FROM entities WHERE article_id = 'old' ORDER BY entity_id")
            assert [text for text, in stored] == [mentions_json([[40, 45], [0, 9]]), "[]"]  # as the writer stores them
        entities = {e["id"]: e["mentions"] for e in views.article(store, "old")["entities"]}
        assert entities == {"e1": [[0, 9], [40, 45]], "e2": []}
        ingest_records(store, [record])  # new rows in the new layout
        entities = {e["id"]: e["mentions"] for e in views.article(store, "a1")["entities"]}
        assert entities == {"e1": [[0, 7]], "e2": [[47, 53]]}


def _actor_tables(url: str) -> tuple[list, list]:
    with open_store(url) as store, store.engine.connect() as conn:
        actors = conn.exec_driver_sql("SELECT id, type, article_count FROM actors ORDER BY id").all()
        types = conn.exec_driver_sql("SELECT actor_id, type, entities FROM actor_types ORDER BY actor_id, type").all()
    return [tuple(r) for r in actors], [tuple(r) for r in types]


def test_actor_counts_and_types_are_recounted_from_stored_entities(store_url, record):
    with open_store(store_url) as store:
        ingest_records(store, [record])
    clean = _actor_tables(store_url)
    assert clean[0] and clean[1]
    with open_store(store_url) as store, store.engine.begin() as conn:  # a version-5 store, counted the old way
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 6")
        conn.exec_driver_sql("DROP TABLE actor_types")
        conn.exec_driver_sql("UPDATE actors SET article_count = article_count + 1, type = 'WRONG'")
    assert _actor_tables(store_url) == clean  # reopening migrates: tallies rebuilt, counts and types recounted


def test_an_actor_no_stored_entity_names_is_gone_after_the_recount(store_url, record):
    """A version-5 store kept the actors of a replaced article's old version with their old count;
    a clean store (and the committer from version 6 on) has no actor no stored article names."""
    with open_store(store_url) as store:
        ingest_records(store, [record])
    clean = _actor_tables(store_url)
    with open_store(store_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 6")
        conn.exec_driver_sql("DROP TABLE actor_types")
        conn.exec_driver_sql("INSERT INTO actors (id, name, type, article_count) VALUES ('person:gone', 'Gone', 'PERSON', 1)")
        conn.exec_driver_sql("INSERT INTO actor_aliases (actor_id, alias) VALUES ('person:gone', 'Gone')")
        conn.exec_driver_sql("INSERT INTO actor_roles (actor_id, role) VALUES ('person:gone', 'minister')")
    assert _actor_tables(store_url) == clean
    with open_store(store_url) as store, store.engine.connect() as conn:
        for table in ("actor_aliases", "actor_roles"):
            assert not conn.exec_driver_sql(f"SELECT * FROM {table} WHERE actor_id = 'person:gone'").all()


def test_merges_into_a_deleted_actor_are_gone_after_migration_7(store_url, record):
    """A version-6 store kept the merges into an actor deleted with the only article naming it."""
    with open_store(store_url) as store:
        ingest_records(store, [record])
    with open_store(store_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 7")
        conn.exec_driver_sql("INSERT INTO actor_redirects (old_id, new_id) VALUES "
                             "('person:tony-blinken', 'person:antony-blinken'), ('org:kremlin', 'org:gone')")
    with open_store(store_url) as store, store.engine.connect() as conn:  # reopening migrates
        assert conn.exec_driver_sql("SELECT old_id, new_id FROM actor_redirects").all() == [
            ("person:tony-blinken", "person:antony-blinken")]


def test_events_stored_without_a_cameo_root_get_their_plover_types_after_migration_8(store_url, record):
    with open_store(store_url) as store:
        ingest_records(store, [record])
    with open_store(store_url) as store, store.engine.begin() as conn:  # a version-7 store: no roots
        conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 8")
        conn.exec_driver_sql("UPDATE events SET cameo = NULL")
        conn.exec_driver_sql("UPDATE events SET type = 'ACCUSE', mode = 'investigate' WHERE event_id = 'v1'")
    with open_store(store_url) as store, store.engine.connect() as conn:  # reopening migrates
        assert conn.exec_driver_sql("SELECT type, mode, cameo FROM events").all() == [("ACCUSE", "investigate", "09")]
