"""Bulk loading: a large ingest into a small store builds its secondary indexes after the load.

Each index entry inserted row by row lands at a random place in its B-tree; `CREATE INDEX` sorts
the whole column once and writes the tree in order (as pg_restore and SQLite's own advice for bulk
loads do). A bulk ingest drops the deferrable indexes (`deferrable`: neither unique, which keep
re-ingest idempotent, nor read by the writer itself as it plans and commits batches,
`schema.WRITER_INDEXES`) before its first batch and creates them again in its last batch's
transaction (store/committer.py: `BatchCommitter.commit`, `CommitProcess.build_indexes`; the
writer knows the last batch by reading one record ahead, which on a stream waits for that record;
an input of one batch builds them after it, in a transaction of their own). Queries stay
correct meanwhile, only slower; full-text indexing stays per batch (store/fulltext.py): rebuilding
it costs as much and would come last.

Crash safety: the drop and the rows that name the dropped indexes (`deferred_indexes`) commit in
one transaction, and the rows' deletion and the indexes' creation in another, the last batch's
(on SQLite too: see `restore_in`). The build runs in a savepoint of that transaction: one the
database refuses (a full disk, say) is rolled back alone and logged, the last batch commits,
and the ingest's clean-up tries the build once more after it (raising if it fails again; the
next run or open then builds what is still deferred). A killed
ingest leaves the rows, and the next `Writer` (or
`open_store`, once the process that dropped them is gone) creates what they name: the store is then the one a clean run
would have left. Of two processes restoring at once, the one that deletes the rows first creates
the indexes; the other finds no rows (or, on SQLite, may find the store locked: `open_store` then
goes on without, and leaves them to the next).
"""
from __future__ import annotations

import logging
import os
import socket
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Index, delete, func, insert, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.schema import CreateIndex

from newsgraph.store import schema as t

if TYPE_CHECKING:
    from newsgraph.store.engine import Store

log = logging.getLogger(__name__)


def known_indexes() -> dict[str, Index]:
    """The schema's non-unique indexes, by name."""
    return {index.name: index for table in t.metadata.sorted_tables for index in table.indexes if not index.unique}


def deferrable() -> dict[str, Index]:
    """Indexes a bulk ingest builds after the load, by name."""
    return {name: index for name, index in known_indexes().items() if name not in t.WRITER_INDEXES}


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def defer(store: Store) -> list[str]:
    """Drop the deferrable indexes, recorded as to be built again; returns their names."""
    names = sorted(deferrable())
    with store.engine.begin() as conn:
        recorded = set(conn.execute(select(t.deferred_indexes.c.name)).scalars())
        me = owner()
        conn.execute(delete(t.deferred_indexes))
        conn.execute(insert(t.deferred_indexes), [{"name": name, "owner": me} for name in sorted(recorded | set(names))])
        for name in names:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {conn.dialect.identifier_preparer.quote(name)}")
    return names


def restore(store: Store) -> list[str]:
    """Create every index recorded as deferred (by this process or a killed one); returns their names."""
    with store.engine.begin() as conn:
        return restore_in(conn)


def restore_in(conn: Connection) -> list[str]:
    """Create the indexes recorded as deferred, in `conn`'s transaction, and delete the record.

    The rows go first: on Postgres another process restoring at once waits for them and then finds
    none, and on SQLite the DELETE opens the transaction (pysqlite begins one before a DML
    statement only, and no longer commits before DDL), so the CREATE INDEX statements commit with
    it, not one by one."""
    d = t.deferred_indexes.c
    if conn.execute(select(d.name).limit(1)).first() is None:
        return []  # the usual case, answered without taking the write lock
    if conn.dialect.delete_returning:
        names = sorted(conn.execute(delete(t.deferred_indexes).returning(d.name)).scalars())
    else:  # SQLite before 3.35: the DELETE still opens the transaction the indexes commit with
        names = sorted(conn.execute(select(d.name)).scalars())
        conn.execute(delete(t.deferred_indexes).where(d.name.in_(names)))
    indexes = known_indexes()
    for name in names:
        if name in indexes:  # a name this version does not know is dropped from the list
            conn.execute(CreateIndex(indexes[name], if_not_exists=True))
    return names


def restore_orphaned(store: Store) -> list[str]:
    """Create the deferred indexes of a bulk ingest that is gone: its process no longer runs on
    this host. (Another host's, or a live one's, are left to the next Writer.) On a database error
    (another process restoring them, say) logs it and leaves them to the next Writer or open."""
    try:
        with store.engine.begin() as conn:
            owners = set(conn.execute(select(t.deferred_indexes.c.owner)).scalars())
            if not owners or any(_alive(o) for o in owners):
                return []
            return restore_in(conn)
    except DatabaseError as exc:
        log.warning("could not build the indexes a killed bulk ingest left (the next ingest will): %s",
                    str(exc.orig or exc).strip().splitlines()[0])
        return []


def _alive(owned_by: str) -> bool:
    host, _, pid = owned_by.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # cannot tell: assume it runs
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user
        return True
    return True


def stored_articles(conn: Connection, up_to: int) -> int:
    """The number of stored articles, counted up to `up_to` (a large store is not scanned)."""
    return conn.execute(select(func.count()).select_from(select(t.articles.c.pk).limit(up_to).subquery())).scalar_one()
