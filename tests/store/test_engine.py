import pytest
from sqlalchemy import insert, select

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.store import open_store, schema
from newsgraph.store.engine import normalise_url
from newsgraph.store.migrations import LATEST


def test_urls():
    assert normalise_url("x/newsgraph.db") == "sqlite:///x/newsgraph.db"
    assert normalise_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"
    assert normalise_url("sqlite:///a.db") == "sqlite:///a.db"


def test_unsupported_database():
    with pytest.raises(NewsgraphError) as err:
        open_store("mysql://u@h/db")
    assert err.value.code is ErrorCode.BAD_STORE_URL


def test_sqlite_store_is_wal_with_fts5(tmp_path):
    with open_store(str(tmp_path / "n.db")) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "quotes", "events", "articles_fts", "quotes_fts"} <= names


def test_migrations_apply_once(store):
    with store.engine.connect() as conn:
        versions = [r.version for r in conn.execute(select(schema.schema_version))]
    assert versions == list(range(1, LATEST + 1))
    with open_store(store.url) as again, again.engine.connect() as conn:  # re-opening migrates nothing
        assert [r.version for r in conn.execute(select(schema.schema_version))] == versions


def test_a_newer_store_is_refused(store):
    with store.engine.begin() as conn:
        conn.execute(insert(schema.schema_version).values(version=LATEST + 1, name="future", applied_at="x"))
    with pytest.raises(NewsgraphError) as err:
        open_store(store.url)
    assert err.value.code is ErrorCode.STORE_TOO_NEW


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    not_a_store = tmp_path / "records.db"
    not_a_store.write_text('{"id": "a", "text": "not SQLite"}\n' * 200, encoding="utf-8")
    with pytest.raises(NewsgraphError) as raised:
        open_store(str(not_a_store))
    assert raised.value.code is ErrorCode.STORE_UNAVAILABLE and "not a database" in str(raised.value)
