"""A read-only view of the store: what every request reads through.

SQLite: each connection is `PRAGMA query_only` and reads a WAL snapshot, so a running ingest
neither blocks the UI nor is blocked by it. Postgres: each session's transactions are READ ONLY.
"""
from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url

from newsgraph.store.engine import Store, normalise_url, open_store

READ_CONNECTIONS = 40
READ_TIMEOUT_MS = 5000  # WAL readers wait only on a checkpoint's brief lock, never on a writer


def _sqlite_read_only(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")  # READ_TIMEOUT_MS
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _postgres_read_only(dbapi_connection, _record) -> None:
    dbapi_connection.read_only = True  # psycopg 3: every transaction of this session is READ ONLY


def open_read_only(url: str | None) -> Store:
    """Bring the store's schema up to date once (creating an empty store if there is none), then
    return a Store whose connections cannot write."""
    url = normalise_url(url)
    open_store(url).close()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        # as many kept connections as request threads (anyio runs up to 40): a connection beyond the
        # pool is closed on return, and its successor starts with an empty page cache
        engine = create_engine(parsed, pool_size=READ_CONNECTIONS, max_overflow=READ_CONNECTIONS)
    else:
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql")
    event.listen(engine, "connect", _sqlite_read_only if engine.dialect.name == "sqlite" else _postgres_read_only)
    return Store(engine, url)
