"""Helpers the store's tests import (test modules import these, never conftest: the conftest
modules of several test folders share one module name)."""
from __future__ import annotations

import copy


def synthetic_records(records: list[dict], n: int) -> list[dict]:
    """`n` distinct records made from `records`: new ids and URLs, a numbered line appended to the text."""
    out = []
    for i in range(n):
        record = copy.deepcopy(records[i % len(records)])
        record["id"] = f"{record['id']}-{i}"
        record["url"] = f"https://synthetic.example/{record['id']}"
        record["text"] = record["text"] + f"\n\nSynthetic copy {i}."
        out.append(record)
    return out


# Surrogate keys and timestamps differ between runs by design. An actor's display name may too:
# newsgraph.resolve rebuilds its index from stored actors without how often each alias was seen,
# so after a restart a tie between two spellings ("BRUSSELS"/"Brussels") can break the other way.
VOLATILE = {"pk", "ingested_at"}
VOLATILE_BY_TABLE = {"actors": {"name"}}


def store_contents(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as sorted tuples of strings, but columns that differ between runs."""
    from sqlalchemy import select

    from newsgraph.store import open_store, schema

    with open_store(url) as store, store.engine.connect() as conn:
        contents = {}
        for table in (*schema.DATA_TABLES, schema.story_signatures, schema.actor_types):
            skip = VOLATILE | VOLATILE_BY_TABLE.get(table.name, set())
            columns = [c for c in table.columns if c.name not in skip]
            contents[table.name] = sorted(tuple(str(v) for v in row) for row in conn.execute(select(*columns)))
        return contents


def store_differences(url: str, other_url: str, tables=None) -> dict:
    """Per table that differs: (up to four rows only `other_url` has, up to four only `url` has)."""
    got, other = store_contents(url), store_contents(other_url)
    return {name: (sorted(set(other[name]) - set(rows))[:4], sorted(set(rows) - set(other[name]))[:4])
            for name, rows in got.items() if rows != other[name] and (tables is None or name in tables)}


def wait_for_other_sessions(url: str, timeout: float = 30.0) -> None:
    """Returns once no other session is connected to the Postgres database at `url` (no-op for SQLite).

    A client killed with SIGKILL may have sent COMMIT before it died; its server backend still runs
    that commit until it notices the closed socket, so rows can appear after the client is gone.
    """
    import time

    if not url.startswith("postgresql"):
        return
    from newsgraph.store import open_store

    others = ("SELECT count(*) FROM pg_stat_activity"
              " WHERE datname = current_database() AND pid <> pg_backend_pid()")
    deadline = time.monotonic() + timeout
    with open_store(url) as store, store.engine.connect() as conn:
        while conn.exec_driver_sql(others).scalar():
            assert time.monotonic() < deadline, f"sessions still open on {url} after {timeout} s"
            time.sleep(0.02)


def index_names(url: str, migrate: bool = True) -> set[tuple[str, str]]:
    """(table, index) of every named index of the store's tables (`migrate`: as open_store's)."""
    from sqlalchemy import inspect

    from newsgraph.store import open_store, schema

    with open_store(url, migrate=migrate) as store, store.engine.connect() as conn:
        inspector = inspect(conn)
        return {(table.name, index["name"]) for table in schema.metadata.sorted_tables
                for index in inspector.get_indexes(table.name)}
