"""The store's tables, defined once (SQLAlchemy Core) for SQLite and Postgres alike.

Tables keyed by several text columns are WITHOUT ROWID on SQLite (one B-tree each, faster bulk
writes). Child rows carry the contract's own ids (`article_id`, `quote_id` "q1", `event_id` "v1", `entity_id`
"e1") so that a table read on its own, in Datasette or an export, says what it is. Articles and quotes
also have an integer `pk`: the rowid their full-text indexes point at.
"""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String, nullable=False),
    Column("applied_at", String, nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String, nullable=False, unique=True),
    Column("url", String, index=True),
    Column("content_hash", String, nullable=False, index=True),  # sha256 of the text: same text, same article
    Column("record_hash", String, nullable=False),  # sha256 of the whole record: changed extraction, changed article
    Column("title", Text),
    Column("published", String, index=True),  # ISO date
    Column("source", String, index=True),
    Column("byline", String),
    Column("language", String),
    Column("text", Text, nullable=False),
    Column("boilerplate", Text),  # JSON list of [start, end]
    Column("error", Text),
    Column("story_id", String, index=True),  # the story cluster it belongs to
    Column("duplicate_of", String),  # id of the article it is a near-duplicate / syndicated copy of
    Column("ingested_at", String, nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", String, primary_key=True),
    Column("name", String, nullable=False, index=True),
    Column("type", String),
    Column("country", String),
    Column("sector", String),
    Column("article_count", Integer, nullable=False, default=0),
)

actor_aliases = Table(
    "actor_aliases", metadata,
    Column("actor_id", String, ForeignKey("actors.id"), primary_key=True),
    Column("alias", String, primary_key=True),
    Index("ix_actor_aliases_alias", "alias"),
)

actor_roles = Table(
    "actor_roles", metadata,
    Column("actor_id", String, ForeignKey("actors.id"), primary_key=True),
    Column("role", String, primary_key=True),
    Column("first_seen", String),
    Column("last_seen", String),
)

actor_redirects = Table(  # actor ids merged away (by the overrides file) -> the actor they joined
    "actor_redirects", metadata,
    Column("old_id", String, primary_key=True),
    Column("new_id", String, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("article_id", String, ForeignKey("articles.id"), primary_key=True),
    Column("entity_id", String, primary_key=True),
    Column("actor_id", String, index=True),
    Column("name", String, nullable=False),
    Column("type", String),
    Column("country", String),
    Column("sector", String),
    Column("roles", Text),  # JSON list
    Column("kb_id", String),
    # JSON list of [start, end] in the text, by start: read only with the entity (migration 5 packed
    # the mentions table's rows here, a third of an article's rows)
    Column("mentions", Text),
    sqlite_with_rowid=False,
)

quotes = Table(
    "quotes", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String, ForeignKey("articles.id"), nullable=False),
    Column("quote_id", String, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("spans", Text),  # JSON list of [start, end]
    Column("text", Text, nullable=False),
    Column("kind", String),
    Column("cue", String),
    Column("speaker_entity", String),
    Column("speaker_name", String),
    Column("speaker_text", String),
    Column("speaker_actor_id", String, index=True),
    Column("confidence", Float),
    Column("quote_key", String),  # identical quotes across articles share it (no index: no query asks by it)
    Column("published", String, index=True),  # the article's, copied for date filters
    UniqueConstraint("article_id", "quote_id", name="uq_quotes_article_quote"),
)

events = Table(
    "events", metadata,
    Column("article_id", String, ForeignKey("articles.id"), primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("type", String, index=True),  # PLOVER category
    Column("mode", String),
    Column("quad", String),
    Column("status", String),
    Column("date", String, index=True),  # when it happened, else the article's date
    Column("cameo", String),  # CAMEO root code, when the extractor gives one
    Column("trigger", String),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("quote_id", String),
    Column("confidence", Float),
    sqlite_with_rowid=False,
)

event_participants = Table(
    "event_participants", metadata,
    Column("article_id", String, primary_key=True),
    Column("event_id", String, primary_key=True),
    Column("role", String, primary_key=True),  # actor | recipient
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("entity_id", String),
    Column("actor_id", String, index=True),
    Column("name", String, index=True),
    Column("country", String),
    Column("sector", String),
    Column("start", Integer),
    Column("end", Integer),
    sqlite_with_rowid=False,
)

clusters = Table(
    "clusters", metadata,
    Column("id", String, primary_key=True),  # the story id
    Column("label", Text),  # the title of its first article
    Column("first_published", String),
    Column("article_count", Integer, nullable=False, default=0),
    Column("copy_count", Integer, nullable=False, server_default="0"),  # verbatim copies of its articles: their other sightings
)

# How many of the stored entities each actor is, by entity type: an actor's type is the most
# common, kept exact (not rebuilt from the type alone after a restart) as articles come and are replaced.
actor_types = Table(
    "actor_types", metadata,
    Column("actor_id", String, primary_key=True),
    Column("type", String, primary_key=True),
    Column("entities", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# What the story index needs to be restored without reading every text again (MinHash values).
story_signatures = Table(
    "story_signatures", metadata,
    Column("article_id", String, ForeignKey("articles.id"), primary_key=True),
    Column("published", String),
    Column("digest", String, nullable=False),
    Column("copies", LargeBinary, nullable=False),
    Column("story", LargeBinary, nullable=False),
)

# Where a stored article's text was seen (store/sightings.py): under its own URL, and under those of
# the verbatim copies the writer stores no article for. One row per URL (or id, for a record without
# one): the text it was seen with last.
sightings = Table(
    "sightings", metadata,
    Column("seen_as", String, primary_key=True),  # the URL, else "id:" and the record's id
    Column("article_id", String, ForeignKey("articles.id"), nullable=False, index=True),
    Column("record_id", String, nullable=False),  # the id the record had (a copy's own, not the article's)
    Column("url", String),
    Column("source", String),
    Column("published", String),
    Column("ingested_at", String, nullable=False),
    sqlite_with_rowid=False,
)

# Secondary indexes a bulk ingest dropped, to be built again when it ends (store/bulk.py): a row
# left behind means the ingest was killed, and the next ingest (or open, once its owner is gone)
# builds them. `owner` is "host:pid" of the ingesting process.
deferred_indexes = Table(
    "deferred_indexes", metadata,
    Column("name", String, primary_key=True),
    Column("owner", String, nullable=False),
)

# Secondary indexes the writer reads by as it plans and commits batches: an article's URL and text
# hash find the stored version a record is; a batch's stories are recounted by story id, with their
# sightings by article id, which also finds those a replaced article's rows delete and a new version
# carries over; the entities of actors rebuilt for a replaced article (Writer._forget) and of actors
# merged into by the overrides file, by actor id. A bulk ingest keeps them, with every unique index
# (store/bulk.py): without one, each batch would scan a table the load grows (quadratic). Not kept:
# the quotes' and event participants' actor ids, read only by merges (committer._move_actors): an
# actor the overrides file merges away during a bulk load costs a scan of those two tables, once.
WRITER_INDEXES = frozenset({"ix_articles_url", "ix_articles_content_hash", "ix_articles_story_id",
                            "ix_sightings_article_id", "ix_entities_actor_id"})

IN_CHUNK = 5000  # values of one IN list the store's code sends (SQLite takes at most 32,766 parameters a statement)


def in_chunks(values: list, size: int | None = None) -> Iterator[list]:
    """`values` in slices of at most `size` (default IN_CHUNK, read when called), one IN list each."""
    size = size or IN_CHUNK
    for start in range(0, len(values), size):
        yield values[start:start + size]

# Child tables of an article, deleted before it is replaced (order matters only for readability).
ARTICLE_CHILDREN = (event_participants, events, quotes, entities, story_signatures, sightings)
# Every table of data, in export order (story_signatures is index state, not data).
DATA_TABLES = (articles, actors, actor_aliases, actor_roles, actor_redirects, entities, quotes, events,
               event_participants, clusters, sightings)
