"""DataVersion: a cheap token that changes whenever another connection commits to the store, so
what was computed from the store can be cached until then (and not a moment longer).

SQLite: `PRAGMA data_version`, whose value on a connection changes when any other connection
commits; a value is only comparable with earlier values of the same connection, so the token is an
epoch counter that a check bumps whenever its connection's value moved since that connection's
previous check. Checks run on a few connections kept for the purpose, taken from a queue: one
shared connection behind a lock made every request wait for whichever thread held it, and that
thread, having let go of the interpreter lock inside SQLite, waited for it to come back. A commit
is seen by the first check on each connection after it, and the epoch a check returns was bumped
no earlier than that connection's previous check, so no token outlives a commit.
Postgres: the current snapshot (`xmin:xmax:in-progress ids`), which is the same exactly when the
same transactions are visible; writes to other databases of the server change it too, which only
costs a recomputation.
"""
from __future__ import annotations

import queue
import threading
from typing import Any

from newsgraph.store.engine import Store

CHECK_CONNECTIONS = 4  # SQLite: connections that answer `PRAGMA data_version`


class DataVersion:
    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        # SQLite: settled() takes every check connection, one by one; two at once could each hold
        # some and wait for the others' forever
        self._settling = threading.Lock()
        self._connection: Any = None  # Postgres: one connection, its snapshots comparable across calls
        self._idle: queue.SimpleQueue | None = None  # SQLite: (DBAPI connection, its last data_version)
        self._all: list[Any] = []
        self._epoch = 0

    def current(self) -> Any:
        if self.store.dialect == "sqlite":
            return self._sqlite_epoch()
        with self._lock:
            if self._connection is None:
                self._connection = self.store.engine.connect()
            token = self._connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one()
            self._connection.rollback()  # hold no snapshot between calls
            return token

    def settled(self) -> Any:
        """The current token, checked on every connection: a commit made before this call bumps no
        later check, so a long computation labelled with it (an index) is not made stale by the
        other connections' first looks at that same commit."""
        if self.store.dialect != "sqlite":
            return self.current()
        idle = self._checks()
        with self._settling:
            taken = [idle.get() for _ in range(CHECK_CONNECTIONS)]
            try:
                taken = [(connection, self._check(connection, last)) for connection, last in taken]
            finally:
                for connection, last in taken:
                    idle.put((connection, last))
        with self._lock:
            return self._epoch

    def _checks(self) -> queue.SimpleQueue:
        with self._lock:
            if self._idle is None:
                self._idle = queue.SimpleQueue()
                for _ in range(CHECK_CONNECTIONS):
                    connection = self.store.engine.raw_connection()
                    self._all.append(connection)
                    self._idle.put((connection, _data_version(connection)))
            return self._idle

    def _check(self, connection: Any, last: int | None) -> int | None:
        """The connection's data_version now, the epoch bumped if it moved since `last`."""
        try:
            value = _data_version(connection)
        except BaseException:
            value = None  # unknown: the next check on it counts as a change
            raise
        finally:
            with self._lock:
                if value is None or value != last:
                    self._epoch += 1
        return value

    def _sqlite_epoch(self) -> int:
        idle = self._checks()
        connection, last = idle.get()
        value = None
        try:
            value = self._check(connection, last)
        finally:
            idle.put((connection, value))
        with self._lock:
            return self._epoch

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
            for connection in self._all:
                connection.close()
            self._all, self._idle = [], None


def _data_version(connection: Any) -> int:
    cursor = connection.cursor()
    try:
        return cursor.execute("PRAGMA data_version").fetchone()[0]
    finally:
        cursor.close()
