"""DataVersion: a cheap token that changes whenever another connection commits to the store, so
what was computed from the store can be cached until then (and not a moment longer).

SQLite: `PRAGMA data_version` on one connection kept for the purpose; its value changes when any
other connection commits (a value is only comparable with earlier values of the same connection).
Postgres: the current snapshot (`xmin:xmax:in-progress ids`), which is the same exactly when the
same transactions are visible; writes to other databases of the server change it too, which only
costs a recomputation.
"""
from __future__ import annotations

import threading
from typing import Any

from newsgraph.store.engine import Store


class DataVersion:
    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._connection: Any = None

    def current(self) -> Any:
        with self._lock:
            if self._connection is None:
                self._connection = self.store.engine.connect()
            if self.store.dialect == "sqlite":  # asked twice per search: the driver's own cursor, no transaction
                cursor = self._connection.connection.dbapi_connection.cursor()
                try:
                    return cursor.execute("PRAGMA data_version").fetchone()[0]
                finally:
                    cursor.close()
            token = self._connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()
            self._connection.rollback()  # hold no snapshot between calls
            return token

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
