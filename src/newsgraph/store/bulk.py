"""Bulk loading: a large ingest into a small store builds its secondary indexes after the load.

Each index entry inserted row by row lands at a random place in its B-tree; `CREATE INDEX` sorts
the whole column once and writes the tree in order (as pg_restore and SQLite's own advice for bulk
loads do). A bulk ingest drops the deferrable indexes (`deferrable`: neither unique, which keep
re-ingest idempotent, nor read by the writer itself, `schema.WRITER_INDEXES`) before its first
batch and creates them again when it ends. Queries stay correct meanwhile, only slower; full-text
indexing stays per batch (store/fulltext.py): rebuilding it costs as much and would come last.

Crash safety: the drop and the rows that name the dropped indexes (`deferred_indexes`) commit in
one transaction, and the indexes are created and the rows deleted in another. A killed ingest
leaves the rows, and the next `Writer` (or `open_store`, once the process that dropped them is
gone) creates what they name: the store is then the one a clean run would have left.
"""
from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Index, delete, func, insert, select

from newsgraph.store import schema as t

if TYPE_CHECKING:
    from newsgraph.store.engine import Store


def deferrable() -> dict[str, Index]:
    """Indexes a bulk ingest builds after the load, by name."""
    return {index.name: index for table in t.metadata.sorted_tables for index in table.indexes
            if not index.unique and index.name not in t.WRITER_INDEXES}


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
    names = list(conn.execute(select(t.deferred_indexes.c.name).order_by(t.deferred_indexes.c.name)).scalars())
    if not names:
        return []
    indexes = deferrable()
    for name in names:
        if name in indexes:  # a name this version no longer defers (or knows) is dropped from the list
            indexes[name].create(conn, checkfirst=True)
    conn.execute(delete(t.deferred_indexes))
    return names


def restore_orphaned(conn: Connection) -> list[str]:
    """Create the deferred indexes of a bulk ingest that is gone: its process no longer runs on
    this host. (Another host's, or a live one's, are left to the next Writer.)"""
    owners = set(conn.execute(select(t.deferred_indexes.c.owner)).scalars())
    if not owners or any(_alive(o) for o in owners):
        return []
    return restore_in(conn)


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
