"""Writing a planned batch in one transaction, in this process or in a child process of its own.

The writer (store/writer.py) decides what a batch writes (a `Batch` of plain values) and hands
it to a `BatchCommitter`. SQLite's inserts hold Python's GIL for most of their time (each row's
parameters are bound from Python objects), so a writing thread overlaps the planning of the next
batch very little; `CommitProcess` runs the committer in a child process instead, which gives the
two halves a core each at the price of sending the batch (~0.05 ms of CPU per article each way).

A batch that replaces no stored article and no article of its own can reach the child in parts
(`BatchPart`, its rows only) while the parent plans the rest, and the child inserts each part as it
comes, in the transaction that the batch's last message (a `Batch` with the rest) commits: the
child then writes while the parent plans, not only after, and the input's last batch keeps the
parent waiting for no more than its last part, its full-text rows, actors and commit.

A child must not outlive its parent's decision: killed with the parent (SIGKILL on Linux, via
PR_SET_PDEATHSIG) its open transaction is lost as the parent's own would be, so a killed ingest
leaves the store a re-run completes, as before.
"""
from __future__ import annotations

import logging
import marshal
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection as Pipe
from operator import itemgetter
from queue import Empty, SimpleQueue
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, bindparam, delete, func, insert, literal_column, select, update
from sqlalchemy.exc import DBAPIError

from newsgraph.resolve.actor_types import choose_type
from newsgraph.resolve.quotes import quote_key
from newsgraph.store import bulk, fulltext, sightings
from newsgraph.store import schema as t
from newsgraph.store.engine import Store, open_store
from newsgraph.store.schema import in_chunks
from newsgraph.store.rows import CHILD_TABLES, COLUMNS, ArticleRows
from newsgraph.store.sightings import BatchSightings

if TYPE_CHECKING:
    from newsgraph.resolve.actors import Actor

log = logging.getLogger(__name__)


# An entity's type as the actors' tallies take it (the resolution index's: none is an ORG).
STORED_TYPE = "COALESCE(NULLIF(type, ''), 'ORG')"
# Child tables whose rows are numbered as they are inserted (a rowid; the quotes' pk in Postgres too):
# a batch's rows go in by article id (make_part), so the parts' rows of these wait for the batch's
# last message, to be numbered as the whole batch's would be
_NUMBERED = tuple(name for name in COLUMNS if t.metadata.tables[name].dialect_options["sqlite"]["with_rowid"])
# (article_id, actor_id, type) of an entities row
_ENTITY_ACTOR = itemgetter(*(COLUMNS["entities"].index(c) for c in ("article_id", "actor_id", "type")))
_QUOTE_TEXT, _QUOTE_KEY = COLUMNS["quotes"].index("text"), COLUMNS["quotes"].index("quote_key")


class Batch(NamedTuple):
    """What one transaction writes, in plain values only (lists, tuples, dicts, str, int, float,
    bytes, None): `marshal` sends it to a child process at about half pickle's cost."""

    replaced: list[str]  # ids of stored articles whose rows go first
    places: dict[str, str]  # id of an article of the batch -> that of the replaced article whose pk it takes
    article_columns: tuple[str, ...]
    articles: list[tuple]  # in input order: pk order is the order stories were assigned
    children: list[tuple[str, list[tuple]]]  # (table, rows in COLUMNS[table] order)
    moved: dict[str, str]  # actor ids merged away -> the actor they joined
    actors: list[tuple]  # (id, name, type, country, sector, article_count): type and count are the committer's
    aliases: list[tuple]  # (actor_id, alias)
    roles: list[tuple]  # (actor_id, role, first_seen, last_seen)
    stories: list[str]  # story ids whose cluster rows are counted again
    # store/sightings.py: rows (sightings.COLUMNS), {new article id: replaced one whose sightings it takes},
    # keys whose stored row goes
    sightings: list[tuple]
    carried_sightings: dict[str, str]
    dropped_sightings: list[str]


class BatchPart(NamedTuple):
    """Rows of some of a batch's articles, sent before the rest (see the module's docstring)."""

    article_columns: tuple[str, ...]
    articles: list[tuple]
    children: list[tuple[str, list[tuple]]]


def make_part(rows: list[ArticleRows]) -> BatchPart:
    articles = [r.article for r in rows]
    columns = tuple(articles[0]) if articles else ()
    # child rows by article id: keyed by it, they then go into neighbouring B-tree pages
    by_id = sorted(rows, key=lambda r: r.article["id"])
    children = [(table, [row for r in by_id for row in getattr(r, attribute)]) for attribute, table in CHILD_TABLES.items()]
    return BatchPart(columns, list(map(itemgetter(*columns), articles)) if columns else [], children)


def make_batch(replaced: list[str], rows: list[ArticleRows], actors: list[Actor], moved: dict[str, str],
               stories: set[str], places: dict[str, str] | None = None,
               sightings: BatchSightings | None = None) -> Batch:
    """The batch's last message: `rows` are those of its articles not sent in parts before."""
    part = make_part(rows)
    roles = {(a.id, role): (a.id, role, first, last) for a in actors for role, first, last in a.roles}
    seen = sightings or BatchSightings()
    return Batch(replaced, places or {}, part.article_columns, part.articles, part.children, moved,
                 [(a.id, a.name, a.type, a.country, a.sector, a.article_count) for a in actors],
                 [(a.id, alias) for a in actors for alias in sorted(set(a.aliases))], list(roles.values()),
                 sorted(stories), list(seen.rows.values()), seen.carried, sorted(seen.dropped))


@dataclass
class _OpenBatch:
    """The transaction of a batch whose parts came first, until its Batch commits it."""

    connection: Connection
    transaction: Any
    marks: dict[str, int] | None  # fulltext.high_water before the first part
    entities: list[tuple] = field(default_factory=list)  # (article_id, actor_id, type) of the parts' entities
    numbered: dict[str, list[tuple]] = field(default_factory=dict)  # the parts' rows of _NUMBERED tables


class BatchCommitter:
    """Writes one Batch per transaction."""

    def __init__(self, store: Store):
        self.store = store
        self._insert_sql: dict[tuple[str, tuple[str, ...]], str] = {}
        self._open: _OpenBatch | None = None

    def insert_part(self, part: BatchPart) -> None:
        """Insert a part of the batch that the next `commit` ends, in its transaction. Only for a
        batch that replaces nothing: its parts' rows go in before anything of the batch is deleted."""
        if self._open is None:
            connection = self.store.engine.connect()
            try:
                transaction = connection.begin()
                self._open = _OpenBatch(connection, transaction, fulltext.high_water(connection))
            except BaseException:
                connection.close()
                raise
        try:
            numbered = self._open.numbered
            for table, rows in part.children:
                if table in _NUMBERED:
                    numbered.setdefault(table, []).extend(with_quote_keys(rows) if table == "quotes" else rows)
            self._insert_rows(self._open.connection, part.article_columns, part.articles,
                              [(table, rows) for table, rows in part.children if table not in _NUMBERED])
            self._open.entities += _entity_actors(part.children)
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        """Roll back the transaction that parts opened, if any."""
        opened, self._open = self._open, None
        if opened is not None:
            try:
                opened.transaction.rollback()
            finally:
                opened.connection.close()

    @property
    def in_batch(self) -> bool:
        """Whether parts of a batch have opened its transaction."""
        return self._open is not None

    def build_indexes(self) -> list[str]:
        """Build the indexes a bulk load deferred (store/bulk.py) in the transaction that parts
        opened: they then commit with the batch, and the batch's later rows are indexed row by row."""
        assert self._open is not None
        try:
            return _build_in_savepoint(self._open.connection)
        except BaseException:
            self.abandon()
            raise

    def commit(self, batch: Batch, parts: Iterable[BatchPart] = (), build: bool = False) -> list[str]:
        """Write the batch in one transaction: that of its parts, inserted before (by `insert_part`,
        or here: `parts`), or a new one. `build`: and build the deferred indexes (store/bulk.py) in
        it, once its rows are in (a sorted build, not row by row); returns their names."""
        for part in parts:
            self.insert_part(part)
        opened, self._open = self._open, None
        if opened is None:
            with self.store.engine.begin() as conn:
                self._write(conn, batch, None)
                return _build_in_savepoint(conn) if build else []
        with opened.connection as conn, opened.transaction:
            self._write(conn, batch, opened)
            return _build_in_savepoint(conn) if build else []

    def _write(self, conn: Connection, batch: Batch, opened: _OpenBatch | None) -> None:
        removed = self._actors_of(conn, batch.replaced)
        pks = self._pks(conn, batch.places)
        carried = sightings.carried_rows(conn, batch.carried_sightings, set(batch.dropped_sightings))
        self._delete_articles(conn, batch.replaced)
        self._insert(conn, batch, opened, pks)
        recount = sightings.write(conn, carried + batch.sightings, batch.dropped_sightings,
                                  lambda rows: self._insert_many(conn, t.sightings.name, sightings.COLUMNS, rows))
        self._move_actors(conn, batch.moved)
        self._write_actors(conn, batch, removed, (opened.entities if opened else []) + _entity_actors(batch.children))
        self._write_clusters(conn, sorted(recount.union(batch.stories)))

    @staticmethod
    def _actors_of(conn: Connection, article_ids: list[str]) -> list[tuple]:
        """(article_id, actor_id, type) of the stored entities of these articles, about to be replaced."""
        if not article_ids:
            return []
        e = t.entities.c
        return [tuple(row) for chunk in in_chunks(article_ids) for row in conn.execute(
            select(e.article_id, e.actor_id, e.type).where(e.article_id.in_(chunk), e.actor_id.is_not(None)))]

    @staticmethod
    def _pks(conn: Connection, places: dict[str, str]) -> dict[str, int]:
        """The pk each new version takes from the article it replaces: the articles' order (story
        clusters are restored in it, and labelled by their first article) is that of a clean run
        of the final articles, in which the new version stands where the old one did."""
        if not places:
            return {}
        a = t.articles.c
        stored = {}
        for chunk in in_chunks(sorted(set(places.values()))):
            stored.update(conn.execute(select(a.id, a.pk).where(a.id.in_(chunk))).all())
        return {new: stored[old] for new, old in places.items() if old in stored}

    @staticmethod
    def _delete_articles(conn: Connection, article_ids: list[str]) -> None:
        if not article_ids:
            return
        for chunk in in_chunks(article_ids):
            for table in t.ARTICLE_CHILDREN:
                conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
            conn.execute(delete(t.articles).where(t.articles.c.id.in_(chunk)))

    def _insert(self, conn: Connection, batch: Batch, opened: _OpenBatch | None = None,
                pks: dict[str, int] | None = None) -> None:
        """Insert the batch's rows and index them (with those of its parts, `opened`) for full-text
        search; `pks`: article id -> the pk it takes (`_pks`)."""
        if opened is None:
            if not batch.articles:
                return
            marks = fulltext.high_water(conn)  # after the deletes: see fulltext.index_since
        else:
            marks = opened.marks
        children = [(table, with_quote_keys(rows) if table == "quotes" else rows) for table, rows in batch.children]
        if opened is not None and opened.numbered:  # in article id order over the whole batch (make_part)
            children = [(table, sorted(opened.numbered.get(table, []) + rows, key=itemgetter(0))
                         if table in _NUMBERED else rows) for table, rows in children]
        articles = batch.articles
        if pks:
            at_id = batch.article_columns.index("id")
            placed = [row + (pks[row[at_id]],) for row in articles if row[at_id] in pks]
            self._insert_many(conn, t.articles.name, (*batch.article_columns, "pk"), placed)
            articles = [row for row in articles if row[at_id] not in pks]
        self._insert_rows(conn, batch.article_columns, articles, children)
        fulltext.index_since(conn, marks)
        if pks and marks is not None:  # those above the marks are indexed already
            fulltext.index_rows(conn, "articles", [pk for pk in pks.values() if pk <= marks["articles"]])

    def _insert_rows(self, conn: Connection, article_columns: tuple[str, ...], articles: list[tuple],
                     children: list[tuple[str, list[tuple]]]) -> None:
        self._insert_many(conn, t.articles.name, article_columns, articles)
        for table, rows in children:
            self._insert_many(conn, table, COLUMNS[table], rows)

    def _insert_many(self, conn: Connection, table: str, columns: tuple[str, ...], values: list[tuple]) -> None:
        """executemany straight through the driver: SQLAlchemy's per-row parameter processing
        costs more than SQLite's insert itself at ~100 rows per article."""
        if not values:
            return
        sql = self._insert_sql.get((table, columns))
        if sql is None:
            quote = conn.dialect.identifier_preparer.quote
            mark = "?" if conn.dialect.name == "sqlite" else "%s"
            sql = self._insert_sql[(table, columns)] = (
                f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES ({', '.join([mark] * len(columns))})")
        conn.exec_driver_sql(sql, values)

    @staticmethod
    def _move_actors(conn: Connection, moved: dict[str, str]) -> None:
        """Point rows of actors merged away at the actor they joined, and remember the redirect."""
        if not moved:
            return
        for old, new in moved.items():
            for table, column in ((t.entities, "actor_id"), (t.quotes, "speaker_actor_id"),
                                  (t.event_participants, "actor_id")):
                conn.execute(update(table).where(table.c[column] == old).values({column: new}))
        for old_ids in in_chunks(list(moved)):
            for table in (t.actor_aliases, t.actor_roles, t.actor_types):
                conn.execute(delete(table).where(table.c.actor_id.in_(old_ids)))
            conn.execute(delete(t.actors).where(t.actors.c.id.in_(old_ids)))
            conn.execute(delete(t.actor_redirects).where(t.actor_redirects.c.old_id.in_(old_ids)))
        conn.execute(insert(t.actor_redirects), [{"old_id": o, "new_id": n} for o, n in moved.items()])

    def _write_actors(self, conn: Connection, batch: Batch, removed: list[tuple], entities: list[tuple]) -> None:
        """Rewrite these actors (every batch touches most actors it names: their article counts change),
        with the article count and type of the store's rows, not the resolution index's.

        An actor's article count is the number of stored articles with an entity of it, and its type
        the most common type of those entities (`actor_types`). Both are kept by difference: what the
        actor had, plus this batch's entities, minus those of the articles it replaces; an actor a
        merge (overrides) just grew is counted again from its rows. The index's own count goes on from
        what it loaded, and cannot tell an article it saw again (replaced) from a new one; its
        tallies of types are rebuilt from the stored type alone. `entities`: (article_id, actor_id,
        type) of the batch's entity rows (`_entity_actors`)."""
        moved = batch.moved
        targets = set(moved.values())
        articles: Counter[str] = Counter()
        types: Counter[tuple[str, str]] = Counter()
        for sign, rows in ((1, entities), (-1, removed)):
            pairs = set()
            for article_id, actor_id, type_ in rows:
                actor_id = moved.get(actor_id, actor_id)
                types[actor_id, type_ or "ORG"] += sign  # as STORED_TYPE
                pairs.add((article_id, actor_id))
            for _, actor_id in pairs:
                articles[actor_id] += sign
        written = {a[0]: a for a in batch.actors}
        ids = sorted((set(written) | set(articles)) - set(moved))
        if not ids:
            return
        a, at = t.actors.c, t.actor_types.c
        counts: dict[str, int] = {}
        tallies: dict[str, dict[str, int]] = {}
        for chunk in in_chunks(ids):
            counts.update(conn.execute(select(a.id, a.article_count).where(a.id.in_(chunk))).all())
            for actor_id, type_, n in conn.execute(select(at.actor_id, at.type, at.entities).where(at.actor_id.in_(chunk))):
                tallies.setdefault(actor_id, {})[type_] = n
        for (actor_id, type_), n in types.items():
            if n and actor_id not in targets:
                tally = tallies.setdefault(actor_id, {})
                tally[type_] = tally.get(type_, 0) + n
        for actor_id in targets:  # merged into: its rows (its own and those moved to it) say
            counts[actor_id], tallies[actor_id] = 0, {}
        if targets:
            e = t.entities.c
            stored_type = literal_column(STORED_TYPE)
            for chunk in in_chunks(sorted(targets)):
                counts.update(conn.execute(select(e.actor_id, func.count(e.article_id.distinct()))
                                           .where(e.actor_id.in_(chunk)).group_by(e.actor_id)).all())
                for actor_id, type_, n in conn.execute(select(e.actor_id, stored_type, func.count())
                                                       .where(e.actor_id.in_(chunk)).group_by(e.actor_id, stored_type)):
                    tallies[actor_id][type_] = n
        kept = {}  # actor id -> (article count, type): actors no stored article names are deleted
        for actor_id in ids:
            n = counts.get(actor_id, 0) + (0 if actor_id in targets else articles.get(actor_id, 0))
            if n > 0:
                kept[actor_id] = (n, choose_type(tallies.get(actor_id, {}), actor_id))
        gone = set(ids) - kept.keys()
        rewritten = sorted(written.keys() | gone)
        for chunk in in_chunks(sorted(gone)):  # merges into an actor deleted lead nowhere (ActorIndex.rebuild too)
            conn.execute(delete(t.actor_redirects).where(t.actor_redirects.c.new_id.in_(chunk)))
        for chunk in in_chunks(rewritten):
            for table in (t.actor_aliases, t.actor_roles, t.actors):
                conn.execute(delete(table).where((table.c.id if table is t.actors else table.c.actor_id).in_(chunk)))
        for chunk in in_chunks(ids):
            conn.execute(delete(t.actor_types).where(t.actor_types.c.actor_id.in_(chunk)))
        self._insert_many(conn, t.actors.name, ("id", "name", "type", "country", "sector", "article_count"),
                          [(*row[:2], kept[i][1] or row[2], *row[3:5], kept[i][0])
                           for i, row in written.items() if i in kept])
        self._insert_many(conn, t.actor_aliases.name, ("actor_id", "alias"), [r for r in batch.aliases if r[0] in kept])
        self._insert_many(conn, t.actor_roles.name, ("actor_id", "role", "first_seen", "last_seen"),
                          [r for r in batch.roles if r[0] in kept])
        untouched = [(n, type_, i) for i, (n, type_) in kept.items() if i not in written]  # named by a replaced article only
        if untouched:
            conn.execute(update(t.actors).where(t.actors.c.id == bindparam("i"))
                         .values(article_count=bindparam("n"), type=bindparam("t")),
                         [{"n": n, "t": type_, "i": i} for n, type_, i in untouched])
        self._insert_many(conn, t.actor_types.name, ("actor_id", "type", "entities"),
                          [(i, type_, n) for i in kept for type_, n in sorted(tallies.get(i, {}).items()) if n > 0])

    def _write_clusters(self, conn: Connection, ids: list[str]) -> None:
        for chunk in in_chunks(ids):
            self._write_cluster_rows(conn, chunk)

    def _write_cluster_rows(self, conn: Connection, ids: list[str]) -> None:
        a = t.articles.c
        conn.execute(delete(t.clusters).where(t.clusters.c.id.in_(ids)))
        counts = conn.execute(select(a.story_id, func.count(), func.min(a.published), func.min(a.pk))
                              .where(a.story_id.in_(ids)).group_by(a.story_id)).all()
        if not counts:
            return
        titles = dict(conn.execute(select(a.pk, a.title).where(a.pk.in_([row[3] for row in counts]))).all())
        s = t.sightings.c  # each article has its own sighting: those beyond it are verbatim copies
        seen = dict(conn.execute(select(a.story_id, func.count()).join_from(t.sightings, t.articles, a.id == s.article_id)
                                 .where(a.story_id.in_(ids)).group_by(a.story_id)).all())
        self._insert_many(conn, t.clusters.name, ("id", "label", "first_published", "article_count", "copy_count"),
                          [(story, titles.get(first_pk), first, n, max(0, seen.get(story, n) - n))
                           for story, n, first, first_pk in counts])


def _build_in_savepoint(conn: Connection) -> list[str]:
    """Build the deferred indexes (store/bulk.py) in a savepoint of the batch's transaction: a build
    the database refuses (a full disk, say) is rolled back alone, the batch still commits, and the
    indexes stay recorded as deferred for the writer's clean-up (`bulk.restore`) or the next open
    to build. Returns the names built. An error that took the whole transaction with it (SQLite
    may roll everything back on some I/O errors) fails the batch: rolling back to the savepoint
    then raises."""
    savepoint = conn.begin_nested()
    try:
        names = bulk.restore_in(conn)
    except DBAPIError as exc:
        savepoint.rollback()
        if not _in_transaction(conn):
            raise
        log.warning("building the deferred indexes with the last batch failed; the batch commits and "
                    "they are built after it: %s", exc)
        return []
    savepoint.commit()
    return names


def _in_transaction(conn: Connection) -> bool:
    """Whether the database still holds the connection's transaction (pysqlite's view of SQLite's;
    other drivers raise on a transaction the server ended)."""
    driver = conn.connection.dbapi_connection
    return getattr(driver, "in_transaction", True)


def with_quote_keys(rows: list[tuple]) -> list[tuple]:
    """Quotes rows with their `quote_key` (resolve/quotes.py) where the writer left it None: a
    function of the quote's text alone, computed here, beside the inserts, rather than in the
    process that plans the batch (the busier one with story clustering)."""
    return [row if row[_QUOTE_KEY] is not None
            else (*row[:_QUOTE_KEY], quote_key(row[_QUOTE_TEXT]), *row[_QUOTE_KEY + 1:]) for row in rows]


def _entity_actors(children: list[tuple[str, list[tuple]]]) -> list[tuple]:
    """(article_id, actor_id, type) of the entity rows among `children` that name an actor."""
    rows = next((rows for table, rows in children if table == "entities"), [])
    return [row for row in map(_ENTITY_ACTOR, rows) if row[1] is not None]


def can_commit_elsewhere(store: Store) -> bool:
    """Whether a child process can open this store (not an in-memory SQLite database) and be tied
    to its parent's life (Linux)."""
    if not sys.platform.startswith("linux"):
        return False
    database = store.engine.url.database
    return store.dialect != "sqlite" or database not in (None, "", ":memory:")


# The child's first lines: only the standard library until this process's import path is set.
_BOOTSTRAP = ("import sys; from multiprocessing.connection import Connection; pipe = Connection(int(sys.argv[1])); "
              "sys.path[:] = pipe.recv(); from newsgraph.store.committer import serve; serve(pipe, int(sys.argv[2]))")


class CommitProcess:
    """A BatchCommitter in a child process: one batch at a time (in parts, then the rest), sent,
    then its outcome received.

    The child is a fresh interpreter (not multiprocessing's spawn, which would run the main
    script of the caller again) told this process's import path and the store's URL over a
    socket pair. A thread of this process sends the messages, so that planning goes on while the
    child, still writing the batch before, has not read them yet."""

    def __init__(self, store_url: str):
        mine, theirs = socket.socketpair()
        try:
            self._process = subprocess.Popen([sys.executable, "-c", _BOOTSTRAP, str(theirs.fileno()), str(os.getpid())],
                                             pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL)
        except OSError:  # the writer falls back to its thread: leave no socket behind
            mine.close()
            raise
        finally:
            theirs.close()  # the child's end lives in the child only: it reads EOF when this process dies
        self._pipe = Pipe(mine.detach())
        self._pipe.send(sys.path)
        self._pipe.send(store_url)
        self._ready = False
        self.failed: str | None = None  # why the child could not start
        self.batches = 0  # sent to it
        self._held: list[bytes] = []  # parts of the batch being planned, kept until the child is ready
        self._outbox: SimpleQueue[bytes | None] = SimpleQueue()
        self._sender = threading.Thread(target=self._send_all, name="newsgraph-commit-sender", daemon=True)
        self._sender.start()
        self._send_error: OSError | None = None

    def ready(self, wait: bool = False) -> bool:
        """True once the child has opened the store; it starts while the first batches are planned.
        `wait`: block until it has, or has failed to."""
        if not self._ready and self.failed is None and (wait or self._pipe.poll()):
            try:
                message = self._pipe.recv()
            except EOFError:
                message = f"the committer process ended (exit code {self._process.wait()})"
            if message == "ready":
                self._ready = True
            else:
                self.failed = str(message)
        return self._ready

    def send_part(self, part: BatchPart) -> None:
        """Send a part of the batch being planned, or keep it until the child is ready."""
        self._held.append(self._message(part, _PART))
        if self.ready():
            self._release_held()

    def build_indexes(self) -> None:
        """Have the child build the indexes a bulk load deferred (store/bulk.py) in the transaction
        of the batch whose parts come next (the input's last): as soon as it would wait for a
        message of that batch (it is ahead of this process's planning, and the build overlaps it),
        else when the batch's last message comes, before it commits. `result` returns their names."""
        self._held.append(_BUILD_MESSAGE)
        if self.ready():
            self._release_held()

    @property
    def holds_parts(self) -> bool:
        return any(message[:1] == _PART for message in self._held)

    def take_back(self) -> list[BatchPart]:
        """The parts kept for a child that never became ready: the batch is written elsewhere (and
        a build kept with them is left to this process)."""
        parts, self._held = [_decode(message)[1] for message in self._held if message[:1] == _PART], []
        return parts

    def submit(self, batch: Batch) -> CommitProcess:
        """Send the rest of the batch (the child is ready): the child commits it with its parts."""
        self._release_held()
        self._outbox.put(self._message(batch, _BATCH))
        self.batches += 1
        return self

    def _message(self, message: BatchPart | Batch, kind: bytes) -> bytes:
        """The message as sent. While messages wait for the child (it is the busier process: it starts
        later, and writes a sample article with more CPU than this process plans it), this process
        takes work off it: the quotes' keys (with_quote_keys; else the child computes them, the same
        keys) and pickle (the child decodes it in about half marshal's time, for ~1.7x the encoding)."""
        if not self._backlog():
            return _encode(message, kind)
        keyed = message._replace(children=[(table, with_quote_keys(rows) if table == "quotes" else rows)
                                           for table, rows in message.children])
        return _encode(keyed, kind, pickled=True)

    def _backlog(self) -> bool:
        """Whether messages wait for the child (beyond the one being sent): parts held for it, or queued."""
        return bool(self._held) or self._outbox.qsize() > 0

    def _release_held(self) -> None:
        for message in self._held:
            self._outbox.put(message)
        self._held = []

    def _send_all(self) -> None:
        while (message := self._outbox.get()) is not None:
            if self._send_error is None:
                try:
                    self._pipe.send_bytes(message)
                except OSError as exc:  # the child is gone: result() says how
                    self._send_error = exc

    def result(self) -> list[str]:
        """Wait for the batch sent last; raise what its commit raised. Returns the indexes built
        with it (`build_indexes`)."""
        try:
            outcome = self._pipe.recv()
        except EOFError:
            raise RuntimeError(f"the committer process ended (exit code {self._process.wait()})") from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def close(self) -> None:
        """Let the child finish the batch it is writing, then end it: it reads the end of the pipe
        (and rolls back the parts of a batch it was sent no rest of). A child not ready yet has been
        sent nothing: it is stopped at once."""
        self.end()
        self._process.wait()

    def end(self) -> None:
        """`close` without waiting for the child to exit (it ends on its own); `close` may follow."""
        try:
            while True:  # messages not sent yet: parts of a batch that will not be committed
                self._outbox.get_nowait()
        except Empty:
            pass
        self._outbox.put(None)
        self._sender.join()
        self._pipe.close()
        if not self._ready:
            self._process.kill()


def serve(pipe: Pipe, parent_pid: int) -> None:
    """The child: open the store, then commit each batch received, answering as `_commit_each` does.
    Once the store is closed, the child exits without tearing its interpreter down (a quarter of
    a second after an ingest's batches, which the parent, waiting for it, would spend idle)."""
    try:
        _serve(pipe, parent_pid)
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(0)


def _serve(pipe: Pipe, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends this batch, then the child
    try:
        try:
            store = open_store(pipe.recv(), migrate=False)
        except Exception as exc:  # noqa: BLE001 - the parent goes on committing in its own process
            pipe.send(f"cannot open the store: {exc}")
            return
        with store:
            _commit_each(BatchCommitter(store), pipe)
    except OSError:  # the parent closed its end (done, or stopped on an exception of its own) or died
        return


def _commit_each(committer: BatchCommitter, pipe: Pipe) -> None:
    """Insert each part, commit each batch; answer each batch (not part) with the names of the
    indexes built with it (`CommitProcess.build_indexes`) or the exception. A failed part fails its
    batch: its later parts are not inserted."""
    pipe.send("ready")
    failed: Exception | None = None  # by a part of the batch being received
    build: bool = False  # the deferred indexes, still to build with the batch being received
    built: list[str] = []
    try:
        while True:
            if build and failed is None and committer.in_batch and not pipe.poll():
                build = False  # nothing to write meanwhile
                try:
                    built = committer.build_indexes()
                except Exception as exc:  # noqa: BLE001 - fails the batch, as a part's failure does
                    failed = exc
            try:
                message = pipe.recv_bytes()
            except EOFError:  # the parent is done, or gone
                return
            kind, received = _decode(message)
            if kind == _BUILD:
                build = True
                continue
            try:
                if kind == _PART:
                    if failed is None:
                        committer.insert_part(received)
                    continue
                if failed is not None:
                    raise failed
                built += committer.commit(received, build=build)
            except Exception as exc:  # noqa: BLE001 - sent back, raised by the parent
                if kind == _PART:
                    failed = exc
                    continue
                pipe.send(exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
            else:
                pipe.send(built)
            failed, build, built = None, False, []
    finally:
        committer.abandon()


# marshal's format 2 writes each object in full; later formats look every object up in a table of
# those written (to write repeats as references), which costs twice the writing itself on a batch's
# ~1.5 M values in an ingesting process (0.19 -> 0.10 ms of CPU per sample article), for a message
# a third larger.
_MARSHAL_VERSION = 2


# what a message holds: a Batch, a BatchPart, or nothing (_BUILD: the next batch builds the deferred indexes)
_BATCH, _PART, _BUILD = b"B", b"P", b"I"
_BUILD_MESSAGE = _BUILD  # no body


def _encode(message: Batch | BatchPart, kind: bytes = _BATCH, pickled: bool = False) -> bytes:
    """`kind`, then marshal, which takes plain values only: values of other types (a record built
    in Python may hold a float subclass, say) go by pickle, as all do if `pickled`."""
    if pickled:
        return kind + b"p" + pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        return kind + b"m" + marshal.dumps(tuple(message), _MARSHAL_VERSION)
    except ValueError:
        return kind + b"p" + pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def _decode(message: bytes) -> tuple[bytes, Batch | BatchPart]:
    kind, body = message[:1], memoryview(message)[2:]
    if kind == _BUILD:
        return kind, None
    if message[1:2] == b"m":
        return kind, (Batch if kind == _BATCH else BatchPart)(*marshal.loads(body))
    return kind, pickle.loads(body)


def _die_with_parent(parent_pid: int) -> None:
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)


def _picklable(exc: BaseException) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any failure means: send a plain description instead
        return False
    return True
