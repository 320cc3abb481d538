"""The single writer: records in, rows out, one transaction per batch.

Idempotent: an article is known by its URL (or, without one, its id) and by the hash of its text.
The same record again changes nothing; a changed record (same URL or id, other content) replaces
the old article's rows, in its place (its pk), and the resolution index forgets the old version's
entities (`_forget`); the same text under another URL counts as unchanged (a copy), and is kept
as a sighting of the stored article (store/sightings.py).
Resumable: each batch commits on its own, and a re-run skips what is already there, so a killed
run re-run ends with the store a clean run would have built.
"""
from __future__ import annotations

import gc
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, MetaData, String, Table, delete, func, insert, or_, select

from newsgraph import config
from newsgraph.errors import ErrorCode, NewsgraphError, describe
from newsgraph.resolve.actors import Actor
from newsgraph.resolve.stories import StorySignature
from newsgraph.store import bulk as bulk_module
from newsgraph.store import schema as t
from newsgraph.store.schema import in_chunks
from newsgraph.store.committer import (Batch, BatchCommitter, BatchPart, CommitProcess, can_commit_elsewhere,
                                       make_batch, make_part)
from newsgraph.store.engine import Store
from newsgraph.store.resolution import Resolution
from newsgraph.store.rows import COLUMNS, ArticleRows, article_rows, content_hash, record_hash, record_problem
from newsgraph.store.sightings import BatchSightings, seen_as

log = logging.getLogger(__name__)
Record = dict[str, Any]
DEFAULT_BATCH = config.INGEST_BATCH  # records per transaction: see BENCHMARKS section 7 (fewer page writes per article in a large store)


@dataclass
class BatchPlan:
    """One batch, decided before its transaction starts: what it writes, and what later batches
    planned while it is being written must take as stored."""

    batch: Batch
    known: dict[tuple[str, Any], dict]  # ("id" | "url" | "hash", value) -> the article this batch writes


@dataclass
class IngestCounts:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. overrides lines that could not be applied

    def summary(self) -> str:
        return (f"read {self.read}, new {self.new}, updated {self.updated}, "
                f"unchanged {self.unchanged}, failed {self.failed}")

    def fail(self, record_id: str, message: str) -> None:
        self.failed += 1
        self.errors.append(f"{record_id}: {message}")


def load_actors(conn: Connection) -> list[Actor]:
    actors = {row.id: Actor(row.id, row.name, row.type, row.country, row.sector, [], [], row.article_count)
              for row in conn.execute(select(t.actors))}
    for row in conn.execute(select(t.actor_aliases).order_by(t.actor_aliases.c.actor_id, t.actor_aliases.c.alias)):
        actors[row.actor_id].aliases.append(row.alias)
    for row in conn.execute(select(t.actor_roles).order_by(t.actor_roles.c.actor_id, t.actor_roles.c.role)):
        actors[row.actor_id].roles.append((row.role, row.first_seen, row.last_seen))
    return list(actors.values())


def load_redirects(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(t.actor_redirects.c.old_id, t.actor_redirects.c.new_id)).all())


_RARE_COLLECTIONS = 50  # batches between collections while batches leave few cycles
_FEW_CYCLES = 500  # objects a batch leaves unreachable, at most, for collections to be rare


@contextmanager
def _without_cyclic_garbage_collector() -> Iterator[Callable[[], None]]:
    """Keep the cyclic garbage collector out of the ingest; yields what to call after each batch.

    A batch allocates a few hundred thousand containers (decoded records, rows) and one batch is
    always alive (planned, or being written); any collection, even of the young generations only,
    walks all of them, which cost a seventh of the ingest. Decoded records and rows are trees
    that reference counting frees, and the cycles a batch of them leaves (about a hundred objects,
    from the database layer) are collected every `_RARE_COLLECTIONS` batches. Records extracted on
    the way may leave many more (parsed documents): then it collects after every batch."""
    enabled = gc.isenabled()
    gc.disable()
    batches, every = 0, 1

    def batch_done() -> None:
        nonlocal batches, every
        batches += 1
        if enabled and batches % every == 0:
            found_per_batch = gc.collect(1) / every
            every = _RARE_COLLECTIONS if found_per_batch <= _FEW_CYCLES else 1

    try:
        yield batch_done
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)


class Writer:
    """Writes contract records into the store. One Writer per store at a time.

    `commit_process`: write the batches in a child process (store/committer.py), True or False;
    None (the default) starts one once an input has given `PROCESS_AFTER` records (as the batch that
    reaches it is read, so that the child starts while the rest of it is read and planned) in full
    batches (a shorter one is the input's last: nothing would be planned while the child writes it;
    a child started as it was read is closed unused), when the
    store is one a child can open, and writes batches in a thread of this process until it is ready
    (it takes a second or so to start). A child that cannot start leaves the writing to the thread.

    `bulk`: build the secondary indexes with the input's last batch instead of row by row (store/bulk.py),
    True or False; None (the default) does when the input's first batch is full, of `BULK_AFTER`
    records at least (on fewer it saves nothing measurable, and leaves readers without the indexes
    meanwhile: BENCHMARKS section 7),
    and the store holds fewer articles than it (so that the indexes are built over at most twice
    what this input brings). Indexes a killed bulk ingest left to build are built first, in any
    case. `indexes_built_after`: those the last `write` built with its last batch (or after it)."""

    PROCESS_AFTER = 1000
    BULK_AFTER = config.BULK_AFTER  # records of a first batch, at least, for a bulk load by default
    PART_SIZE = 250  # articles of a batch sent to the child process at a time, while the rest is planned

    def __init__(self, store: Store, batch_size: int = DEFAULT_BATCH, overrides: str | Path | None = None,
                 stories: bool = True, commit_process: bool | None = None, bulk: bool | None = None):
        if batch_size < 1:  # islice(..., 0) reads nothing: the run would end at once, "read 0"
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.store = store
        self.batch_size = batch_size
        self.bulk = bulk
        self.indexes_built_after: list[str] = []
        bulk_module.restore(store)  # those a killed bulk ingest dropped
        with store.engine.connect() as conn:
            self.resolution = Resolution(load_actors(conn), load_redirects(conn), overrides=overrides, stories=stories)
        self.counts = IngestCounts(warnings=list(self.resolution.problems))
        self.committer = BatchCommitter(store)
        self.commit_process = commit_process if can_commit_elsewhere(store) else False
        # of the batch planned and handed to the committer, not yet committed: the ids it replaces,
        # and what it writes (BatchPlan.known); not its rows, which are garbage once sent
        self._in_flight: tuple[list[str], dict[tuple[str, Any], dict]] | None = None
        self.batches_in_process = 0  # written by a child process

    def write(self, records: Iterable[Record], on_record: Callable[[Record], None] | None = None) -> IngestCounts:
        """Write every record, a batch per transaction, in order.

        While one batch is written (by a child process, or a thread), the next one is read and
        turned into rows. Batches still commit one at a time and in input order, and the planning
        of a batch sees the one being written as if it were stored. A child process is sent a
        batch in parts as they are planned (store/committer.py), unless a batch is being written
        in the thread (the child would wait for its lock, and find its snapshot stale)."""
        deferred: list[str] = []
        self.indexes_built_after = []
        try:
            return self._write(_Input(records), on_record, deferred)
        finally:
            if deferred:  # a failed run's, once the child and the thread are done
                self._restore_after_failure()

    def _restore_after_failure(self) -> None:
        """Build the indexes a failed bulk write dropped; if that fails too (the database went away,
        say), leave them to the next Writer or open: the write's own exception is the one to raise."""
        try:
            bulk_module.restore(self.store)
        except Exception as exc:  # noqa: BLE001 - logged; the exception being raised stays
            log.warning("could not build the indexes this bulk ingest dropped (the next ingest, or opening the "
                        "store, will): %s", exc, exc_info=True)

    def _write(self, iterator: _Input, on_record: Callable[[Record], None] | None,
               deferred: list[str]) -> IngestCounts:
        writing: tuple[Future | CommitProcess, list[Any]] | None = None
        process: CommitProcess | None = None
        read_before = self.counts.read
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsgraph-writer") as thread, \
                _without_cyclic_garbage_collector() as batch_done:
            try:
                while True:
                    # records are decoded (or extracted) here; the child may start before the batch is all
                    # read, as the input reaches PROCESS_AFTER records (then its start overlaps the reading)
                    head = self._records_before_start(process, self.counts.read - read_before)
                    batch = list(islice(iterator, head or self.batch_size))
                    early = None
                    if head and len(batch) == head:
                        early = process = self._start_process()
                        batch += islice(iterator, self.batch_size - head)
                    if early is not None and len(batch) < self.batch_size:  # the input's last batch after all
                        early.close()
                        process = None
                    if not batch:
                        break
                    if self.counts.read == read_before and self._bulk_load(batch):
                        deferred += bulk_module.defer(self.store)
                    # counted with this batch: a first batch of PROCESS_AFTER records starts the child
                    # while it is planned, so that no batch is written by the thread beside planning;
                    # not for a short batch, the input's last, whose writing no planning overlaps (one
                    # of 1,500 articles took 0.3-0.55 s more CPU with the child: BENCHMARKS section 7)
                    if process is None and (self.commit_process or (self.commit_process is None and (
                            len(batch) == self.batch_size
                            and self.counts.read - read_before + len(batch) >= self.PROCESS_AFTER))):
                        process = self._start_process()
                    in_parts = (process is not None and process.failed is None
                                and (writing is None or writing[0] is process))
                    # a bulk load's last batch builds the deferred indexes in its transaction (in the
                    # child as soon as it would wait for this batch's parts, else before it commits)
                    last = bool(deferred) and self.counts.read > read_before and (
                        len(batch) < self.batch_size or iterator.at_end())
                    if last and process is not None and process.failed is None:
                        process.build_indexes()
                    def settle() -> None:
                        nonlocal writing
                        if writing is not None:
                            self._finish(*writing, on_record)
                            writing = None

                    with self.store.engine.connect() as conn:
                        plan = self._plan_batch(conn, batch, process.send_part if in_parts else None, settle)
                    if writing is not None:
                        self._finish(*writing, on_record)
                    self._in_flight = (plan.batch.replaced, plan.known)
                    if not on_record:
                        batch = []  # the records are garbage now, before the collector may walk them
                    if process is not None and process.ready(wait=bool(self.commit_process) or process.holds_parts):
                        writing = (process.submit(plan.batch), batch)
                    else:  # parts kept for a child that could not start are written here, with the rest
                        parts = process.take_back() if process is not None else []
                        writing = (thread.submit(self.committer.commit, plan.batch, parts, last), batch)
                    del batch, plan
                    batch_done()
                if writing is not None:
                    self._finish(*writing, on_record)
                    writing = None  # the last batch is garbage before the collector returns
                if deferred:  # every batch committed: built with the last, or else here
                    if process is not None:
                        process.end()
                    deferred.clear()  # built here, or, if this fails, by the next Writer or open
                    self.indexes_built_after += bulk_module.restore(self.store)
            finally:
                if process is not None:
                    process.close()  # after the batch it is writing, if the loop was left by an exception
                    self.batches_in_process += process.batches
                    if process.failed:
                        self.counts.warnings.append(f"batches were written in this process: {process.failed}")
        return self.counts

    def _records_before_start(self, process: CommitProcess | None, read: int) -> int:
        """How many of the next batch's records to read before starting a child by default (0: read the
        batch, then decide): those that reach PROCESS_AFTER, when fewer than a batch. The child is
        then closed unused if the batch turns out short (the input's last), as for a child not started."""
        if process is not None or self.commit_process is not None:
            return 0
        head = self.PROCESS_AFTER - read
        return head if 0 < head < self.batch_size else 0

    def _bulk_load(self, first_batch: list[Any]) -> bool:
        if self.bulk is not None:
            return self.bulk
        if len(first_batch) < max(self.batch_size, self.BULK_AFTER):
            return False
        with self.store.engine.connect() as conn:
            return bulk_module.stored_articles(conn, len(first_batch)) < len(first_batch)

    def _start_process(self) -> CommitProcess | None:
        try:
            return CommitProcess(self.store.url)
        except OSError as exc:  # no interpreter to start (an embedded Python), no processes left, ...
            self.commit_process = False
            self.counts.warnings.append(f"batches were written in this process: cannot start another ({exc})")
            return None

    def _finish(self, committed: Future | CommitProcess, batch: list[Any],
                on_record: Callable[[Record], None] | None) -> None:
        # a failed batch raises here, before anything later is written; the last of a bulk load builds the indexes
        self.indexes_built_after += committed.result() or []
        self._in_flight = None
        if on_record:
            for record in batch:
                on_record(record)

    def _plan_batch(self, conn: Connection, batch: list[Any], send_part: Callable[[BatchPart], None] | None = None,
                    settle: Callable[[], None] | None = None) -> BatchPlan:
        """Everything a batch will write, decided: counts, rows, actors, clusters. Only reads the store.

        `send_part`: given the rows of each `PART_SIZE` articles as they are planned, when the batch
        replaces no article (stored, being written, or its own): the plan's batch then holds the
        rest. An article replaced would have its rows deleted before any row of the batch is
        inserted, and one of the batch replaced by a later one is not written at all.
        `settle`: waits for the batch being written, whose rows a batch that replaces articles reads
        (`_forget`)."""
        good: list[Record] = []
        for record in batch:
            self.counts.read += 1
            record_id = str(record.get("id")) if isinstance(record, dict) else "?"
            problem = record_problem(record)
            if problem:
                self.counts.fail(record_id, describe(ErrorCode.BAD_RECORD, problem))
            elif record.get("error"):
                self.counts.fail(record_id, str(record["error"]))
            else:
                good.append(record)
        text_hashes = [content_hash(record) for record in good]
        whole_hashes = [record_hash(record) for record in good]
        known = self._known(conn, good, text_hashes)
        if self._in_flight is not None:  # the batch being written, as if it were stored already
            in_flight_replaced, in_flight_known = self._in_flight
            gone = set(in_flight_replaced)
            known = {key: row for key, row in known.items() if row["id"] not in gone}
            known.update(in_flight_known)
        if send_part is not None and not self._replaces_none(good, known):
            send_part = None
        replacing = sorted({row["id"] for record, whole_hash in zip(good, whole_hashes)
                            if (row := self._existing(record, known)) is not None and row["record_hash"] != whole_hash})
        if replacing:  # their old versions' actors are built again without them, before any entity is assigned
            if settle is not None:
                settle()
            self._forget(self._stored_actors(replacing), replacing, {})
        unsent: list[ArticleRows] = []  # rows of articles planned since the last part sent
        written: dict[tuple[str, Any], dict] = {}
        pending: dict[str, ArticleRows] = {}  # by article id, in input order
        stories: set[str] = set()
        replaced: list[str] = []
        places: dict[str, str] = {}  # an article of the batch -> the replaced one whose place it takes
        sightings = BatchSightings()
        ingested_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")  # orders batches (serve/word_index.py)
        for at, (record, text_hash, whole_hash) in enumerate(zip(good, text_hashes, whole_hashes)):
            if at % self.PART_SIZE == 0:  # story signatures a part at a time (few numpy calls), as it is planned
                self._prepare_stories(conn, good[at:at + self.PART_SIZE], text_hashes[at:at + self.PART_SIZE],
                                      whole_hashes[at:at + self.PART_SIZE], known)
            article_id = str(record["id"])
            existing = self._existing(record, known)
            if existing is not None and existing["record_hash"] == whole_hash:
                self.counts.unchanged += 1
                continue
            if existing is None and ("hash", text_hash) in known:
                self.counts.unchanged += 1  # the same text under another URL: a copy, stored as a sighting
                original = known[("hash", text_hash)]
                sightings.see(record, original["id"], ingested_at)
                if original.get("story_id"):  # its copies are counted again
                    stories.add(original["story_id"])
                continue
            earlier = pending.get(existing["id"]) if existing is not None else None
            if earlier is not None:  # the same article twice in one batch: forget the earlier one's entities first
                self._forget(self._pending_actors(earlier), replacing,
                             {key: rows for key, rows in pending.items() if rows is not earlier})
            try:
                article = article_rows(record, self.resolution.actor_ids(record), ingested_at, (text_hash, whole_hash))
                story = self.resolution.story(record, lambda: self._stored_signatures(conn),
                                              existing["id"] if existing is not None else None)
            except (NewsgraphError, KeyError, TypeError, ValueError, IndexError) as exc:
                self.counts.fail(article_id, str(exc) if isinstance(exc, NewsgraphError)
                                 else describe(ErrorCode.BAD_RECORD, f"{type(exc).__name__}: {exc}"))
                if earlier is not None:  # it stays: its entities count again
                    self._forget(self._pending_actors(earlier), replacing, pending)
                continue
            article.article["story_id"] = story.story_id
            article.article["duplicate_of"] = story.duplicate_of
            if story.signature is not None:
                sig = story.signature
                article.story_signatures.append((article_id, sig.published, sig.digest, sig.copies, sig.story))
            stories.add(story.story_id)
            if existing is not None:
                same_text = existing["content_hash"] == text_hash
                sightings.replace(existing["id"], article_id, same_text, earlier is None,
                                  seen_as(existing.get("url"), existing["id"]), seen_as(record.get("url"), article_id))
                if not same_text:  # its old text is no longer stored: a later copy of it is new
                    self._no_longer_known(existing, ("hash", existing["content_hash"]), known, written)
                if existing.get("url") and existing["url"] != record.get("url"):  # nor its old URL
                    self._no_longer_known(existing, ("url", existing["url"]), known, written)
            sightings.see(record, article_id, ingested_at)
            if earlier is not None:  # the later one wins, in the earlier one's place
                pending = {(article_id if rows is earlier else key): (article if rows is earlier else rows)
                           for key, rows in pending.items()}
                if existing["id"] in places:
                    places[article_id] = places.pop(existing["id"])
                if earlier.article.get("story_id"):
                    stories.add(earlier.article["story_id"])
                self.counts.updated += 1
            elif existing is not None:
                replaced.append(existing["id"])
                places[article_id] = existing["id"]
                if existing.get("story_id"):
                    stories.add(existing["story_id"])
                self.counts.updated += 1
            else:
                self.counts.new += 1
            # later records in this batch, and the next batch's plan, see this one
            entry = {"id": article_id, "url": record.get("url"), "record_hash": whole_hash, "content_hash": text_hash,
                     "story_id": story.story_id}
            keys = [("id", article_id), ("hash", text_hash)] + ([("url", record["url"])] if record.get("url") else [])
            for key in keys:
                known[key] = written[key] = entry
            pending[article_id] = article
            if send_part is not None:
                unsent.append(article)
                if len(unsent) == self.PART_SIZE:
                    send_part(make_part(unsent))
                    unsent = []
        actors, moved = self.resolution.changes()
        rest = unsent if send_part is not None else list(pending.values())
        return BatchPlan(make_batch(replaced, rest, actors, moved, stories, places, sightings), written)

    def _prepare_stories(self, conn: Connection, records: list[Record], text_hashes: list[str], whole_hashes: list[str],
                         known: dict[tuple[str, Any], dict]) -> None:
        """Story signatures of these records, but those that will be found unchanged or copies (as
        far as the batch's articles planned so far tell: a miss is computed when asked for)."""
        wanted = [record for record, text_hash, whole_hash in zip(records, text_hashes, whole_hashes)
                  if ((existing := self._existing(record, known)) is None and ("hash", text_hash) not in known)
                  or (existing is not None and existing["record_hash"] != whole_hash)]
        self.resolution.prepare_stories(wanted, lambda: self._stored_signatures(conn))

    @staticmethod
    def _no_longer_known(replaced: dict, key: tuple[str, Any], *knowns: dict[tuple[str, Any], dict]) -> None:
        """The text or URL (`key`) of an article replaced by another is no longer known as that article's."""
        for known in knowns:
            if known.get(key, {}).get("id") == replaced["id"]:
                del known[key]

    @staticmethod
    def _existing(record: Record, known: dict[tuple[str, Any], dict]) -> dict | None:
        """The known article this record is a version of: by URL, else by id."""
        existing = known.get(("url", record.get("url"))) if record.get("url") else None
        return existing or known.get(("id", str(record["id"])))

    def _stored_actors(self, article_ids: list[str]) -> set[str]:
        """The actors of these stored articles' entities."""
        e = t.entities.c
        found: set[str] = set()
        with self.store.engine.connect() as conn:  # a connection of its own: it sees the batch just committed
            for chunk in in_chunks(article_ids):
                found.update(conn.execute(select(e.actor_id).distinct().where(
                    e.article_id.in_(chunk), e.actor_id.is_not(None))).scalars())
        return found

    @staticmethod
    def _pending_actors(article: ArticleRows) -> set[str]:
        return {row[2] for row in article.entities if row[2] is not None}

    def _forget(self, actor_ids: set[str], gone: list[str], pending: dict[str, ArticleRows]) -> None:
        """Build these actors of the resolution index again from the entities still assigned to
        them: those stored, but of the articles `gone` (replaced), and those of the batch's
        `pending` articles. What only a replaced version brought (a spelling, a role, a country)
        is forgotten, as it is by an index loaded from the store after a restart."""
        if not actor_ids:
            return
        actor_ids = self.resolution.current_ids(actor_ids)
        wanted = sorted(actor_ids | self.resolution.merged_into(actor_ids))  # rows not re-pointed yet
        e, a = t.entities.c, t.articles.c
        profile = (e.actor_id, e.name, e.type, e.country, e.sector, e.roles, e.kb_id)
        observations: list[tuple] = []
        article_counts: dict[str, int] = {}
        with self.store.engine.connect() as conn:
            not_gone = _not_among(conn, e.article_id, gone)
            for chunk in in_chunks(wanted):
                still = (e.actor_id.in_(chunk), not_gone)
                rows = conn.execute(select(*profile, func.count(), func.min(a.published), func.max(a.published))
                                    .join_from(t.entities, t.articles, a.id == e.article_id).where(*still)
                                    .group_by(*profile).order_by(func.min(a.pk), e.actor_id, e.name))
                for actor_id, name, type_, country, sector, roles, kb_id, n, first, last in rows:
                    entity = {"name": name, "type": type_, "country": country, "sector": sector,
                              "roles": json.loads(roles) if roles else [], "kb_id": kb_id}
                    observations.append((actor_id, entity, n, first, last))
                article_counts.update(conn.execute(select(e.actor_id, func.count(e.article_id.distinct()))
                                                   .where(*still).group_by(e.actor_id)).all())
        columns = COLUMNS["entities"]
        for article in pending.values():
            published = article.article.get("published")
            named = set()
            for row in article.entities:
                if row[2] in wanted:
                    entity = dict(zip(columns, row))
                    entity["roles"] = json.loads(entity["roles"]) if entity["roles"] else []
                    observations.append((row[2], entity, 1, published, published))
                    named.add(row[2])
            for actor_id in named:
                article_counts[actor_id] = article_counts.get(actor_id, 0) + 1
        self.resolution.rebuild_actors(actor_ids, observations, article_counts)

    @staticmethod
    def _replaces_none(records: list[Record], known: dict[tuple[str, Any], dict]) -> bool:
        """Whether no record has the id or URL of an article known already or of another record."""
        ids = [str(r["id"]) for r in records]
        urls = [r["url"] for r in records if r.get("url")]
        return (len(set(ids)) == len(ids) and len(set(urls)) == len(urls)
                and not any(("id", i) in known for i in ids) and not any(("url", u) in known for u in urls))

    def _known(self, conn: Connection, records: list[Record], hashes: list[str]) -> dict[tuple[str, Any], dict]:
        """Stored articles these records may be: by id, URL or content hash (`hashes`, one per record)."""
        if not records:
            return {}
        a = t.articles.c
        known: dict[tuple[str, Any], dict] = {}
        for chunk in t.in_chunks(list(zip(records, hashes, strict=True)), t.IN_CHUNK // 3):  # three IN lists a statement
            ids = [str(r["id"]) for r, _ in chunk]
            urls = [r["url"] for r, _ in chunk if r.get("url")]
            query = select(a.id, a.url, a.record_hash, a.content_hash, a.story_id).where(
                or_(a.id.in_(ids), a.url.in_(urls), a.content_hash.in_([h for _, h in chunk])))
            for row in conn.execute(query).mappings():
                known[("id", row["id"])] = dict(row)
                if row["url"]:
                    known[("url", row["url"])] = dict(row)
                known[("hash", row["content_hash"])] = dict(row)
        return known

    @staticmethod
    def _stored_signatures(conn: Connection) -> Iterator[StorySignature]:
        a, sig = t.articles.c, t.story_signatures.c
        query = (select(sig.article_id, sig.published, sig.digest, sig.copies, sig.story, a.duplicate_of, a.story_id)
                 .join_from(t.story_signatures, t.articles, a.id == sig.article_id).order_by(a.pk))
        for row in conn.execute(query.execution_options(yield_per=2000)):
            yield StorySignature(row.article_id, row.published, row.digest, bytes(row.copies), bytes(row.story),
                                 row.duplicate_of, row.story_id)


# the ids `_not_among` excludes when they are too many for one IN list
_AMONG = Table("newsgraph_among", MetaData(), Column("value", String, primary_key=True), prefixes=["TEMPORARY"])


def _not_among(conn: Connection, column: Any, values: list[str]) -> ColumnElement[bool]:
    """`column NOT IN values`; more values than an IN list takes (`schema.IN_CHUNK`: SQLite takes at
    most 32,766 parameters a statement) are put in a temporary table of `conn`'s, read by a subquery."""
    if len(values) <= t.IN_CHUNK:
        return column.not_in(values)
    _AMONG.create(conn, checkfirst=True)
    conn.execute(delete(_AMONG))
    conn.execute(insert(_AMONG), [{"value": value} for value in values])
    return column.not_in(select(_AMONG.c.value))


class _Input:
    """The records, with a look one ahead (`at_end`) that raises nothing: an exception reading the
    next record is raised when it is read, as without the look."""

    _NOTHING = object()

    def __init__(self, records: Iterable[Record]):
        self._records = iter(records)
        self._next: Any = self._NOTHING
        self._error: Exception | None = None

    def __iter__(self) -> _Input:
        return self

    def __next__(self) -> Record:
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        if self._next is not self._NOTHING:
            record, self._next = self._next, self._NOTHING
            return record
        return next(self._records)

    def at_end(self) -> bool:
        """Whether no record is left. Waits for the next one, on a stream."""
        if self._next is self._NOTHING and self._error is None:
            try:
                self._next = next(self._records)
            except StopIteration:
                return True
            except Exception as exc:  # noqa: BLE001 - raised when the record is read
                self._error = exc
        return False


def ingest_records(store: Store, records: Iterable[Record], **options: Any) -> IngestCounts:
    """Write contract records into `store`; see Writer."""
    return Writer(store, **options).write(records)
