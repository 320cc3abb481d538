"""SQLite's full-text indexes are filled by the writer, one statement per table and batch.

`articles_fts` and `quotes_fts` are external-content FTS5 tables (migration 2). Their insert
triggers made one FTS5 insert per row, which cost more than all other inserts of an article
together; migration 3 dropped them, and the writer indexes a batch's new rows with one
INSERT ... SELECT per table instead. The delete and update triggers stay, so replaced or edited
rows leave the index as before. Rows inserted by other means are indexed by `index_since` too, or
by FTS5's own `INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')`.

Postgres needs none of this: its tsvector columns are generated.
"""
from __future__ import annotations

from sqlalchemy import Connection

from newsgraph.store.schema import in_chunks

# content table -> (FTS5 table, indexed columns)
INDEXED = {
    "articles": ("articles_fts", ("title", "text")),
    "quotes": ("quotes_fts", ("text", "speaker_name")),
}


def high_water(conn: Connection) -> dict[str, int] | None:
    """The largest `pk` of each indexed table now (None on Postgres): rows above it are new."""
    if conn.dialect.name != "sqlite":
        return None
    return {table: conn.exec_driver_sql(f"SELECT coalesce(max(pk), 0) FROM {table}").scalar_one() for table in INDEXED}


def index_since(conn: Connection, marks: dict[str, int] | None) -> None:
    """Index the rows inserted since `high_water` gave `marks`.

    SQLite gives a new row max(rowid) + 1, so within one write transaction the rows above the
    marks are exactly the ones inserted after them (take the marks after any deletes)."""
    if marks is None:
        return
    for table, (fts, columns) in INDEXED.items():
        listed = ", ".join(columns)
        conn.exec_driver_sql(f"INSERT INTO {fts} (rowid, {listed}) SELECT pk, {listed} FROM {table} WHERE pk > ?",
                             (marks[table],))


def index_rows(conn: Connection, table: str, pks: list[int]) -> None:
    """Index these rows of `table` (SQLite only): rows inserted with a pk of their own (a new version
    of an article takes the old one's), below the marks `index_since` starts above."""
    if conn.dialect.name != "sqlite" or not pks:
        return
    fts, columns = INDEXED[table]
    listed = ", ".join(columns)
    for chunk in in_chunks(pks):
        conn.exec_driver_sql(f"INSERT INTO {fts} (rowid, {listed}) SELECT pk, {listed} FROM {table} "
                             f"WHERE pk IN ({', '.join('?' * len(chunk))})", tuple(chunk))
