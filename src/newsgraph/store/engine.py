"""open_store(): the one place that opens the store, SQLite or Postgres, and brings its schema up to date."""
from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.store import bulk, migrations

DEFAULT_URL = "sqlite:///newsgraph.db"


@dataclass
class Store:
    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name  # "sqlite" or "postgresql"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def normalise_url(url: str | None) -> str:
    """The URL given, else NEWSGRAPH_DB, else the default; a bare path means a SQLite file; postgresql:// means psycopg 3."""
    url = url or os.environ.get("NEWSGRAPH_DB") or DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each commit's checkpoint; safe with WAL
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_store(url: str | None = None, migrate: bool = True) -> Store:
    """Open (creating when needed) the store at `url` and apply pending migrations."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise NewsgraphError(ErrorCode.BAD_STORE_URL, f"cannot read store URL {url!r}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise NewsgraphError(ErrorCode.BAD_STORE_URL, f"unsupported database {parsed.get_backend_name()!r}")
    try:
        engine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql")
    except ModuleNotFoundError as exc:
        raise NewsgraphError(ErrorCode.MISSING_EXTRA, f"the Postgres driver is not installed ({exc.name})") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine, url)
    try:
        with engine.begin() as conn:
            version = migrations.current_version(conn)
            if version > migrations.LATEST:
                raise NewsgraphError(ErrorCode.STORE_TOO_NEW,
                                     f"store schema version {version}, this newsgraph knows up to {migrations.LATEST}")
            if migrate:
                migrations.migrate(conn)
    except DatabaseError as exc:  # OperationalError (unreachable, locked) and "file is not a database"
        engine.dispose()
        raise NewsgraphError(ErrorCode.STORE_UNAVAILABLE, f"cannot open {parsed.render_as_string(hide_password=True)}: "
                             f"{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}") from exc
    if migrate:
        bulk.restore_orphaned(store)  # indexes a killed bulk ingest dropped (store/bulk.py); never fails the open
    return store
