"""Schema migrations: one ordered list of steps that SQLite and Postgres both follow.

`schema_version` records every step applied. A new step goes at the end of STEPS with the next
number; a released step is never edited (a database that ran it would not run it again).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, bindparam, func, insert, inspect, select

from newsgraph.store import schema
from newsgraph.store.cameo import cameo_root

_SQLITE_FULL_TEXT = [
    # External-content FTS5 tables over articles and quotes, kept in step by triggers (step 4
    # re-declares them in the form Datasette recognises).
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='pk', tokenize='porter unicode61')",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
         INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text); END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
         INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
         INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text); END""",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker_name, content='quotes', content_rowid='pk', tokenize='porter unicode61')",
    """CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
         INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.pk, new.text, new.speaker_name); END""",
    """CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
         INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.pk, old.text, old.speaker_name); END""",
    """CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text, speaker_name ON quotes BEGIN
         INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.pk, old.text, old.speaker_name);
         INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.pk, new.text, new.speaker_name); END""",
]

_POSTGRES_FULL_TEXT = [
    # Generated tsvector columns (not in schema.py: nothing writes them) with GIN indexes.
    """ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS
         (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED""",
    "CREATE INDEX ix_articles_search ON articles USING GIN (search)",
    """ALTER TABLE quotes ADD COLUMN search tsvector GENERATED ALWAYS AS
         (to_tsvector('english', text || ' ' || coalesce(speaker_name, ''))) STORED""",
    "CREATE INDEX ix_quotes_search ON quotes USING GIN (search)",
]


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[*schema.DATA_TABLES, schema.story_signatures])


def _full_text(conn: Connection) -> None:
    statements = _SQLITE_FULL_TEXT if conn.dialect.name == "sqlite" else _POSTGRES_FULL_TEXT
    for statement in statements:
        conn.exec_driver_sql(statement)


def _writer_fills_full_text(conn: Connection) -> None:
    """SQLite: the writer indexes each batch's new rows in one statement (store/fulltext.py), far
    cheaper than these per-row triggers. Deletes and updates keep their triggers."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS articles_fts_insert")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS quotes_fts_insert")


def _full_text_datasette_can_find(conn: Connection) -> None:
    """SQLite: Datasette finds a table's search index only when the FTS table names its content
    table as content="t" or content=[t]; re-declare both and rebuild them from their tables
    (the triggers refer to them by name and keep working)."""
    if conn.dialect.name != "sqlite":
        return
    for table, columns in (("articles", "title, text"), ("quotes", "text, speaker_name")):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}_fts")
        conn.exec_driver_sql(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({columns}, content=[{table}], "
                             "content_rowid='pk', tokenize='porter unicode61')")
        conn.exec_driver_sql(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")


def _mentions_in_entities(conn: Connection) -> None:
    """An entity's mentions as one JSON column of its row instead of a row each in `mentions`
    (38 of an article's ~118 rows; only the article view reads them, with the entity), and no
    index on quotes.quote_key (no query asks by it). A store created by step 1 of this version
    has the column and neither the table nor the index."""
    if "mentions" not in {c["name"] for c in inspect(conn).get_columns("entities")}:
        conn.exec_driver_sql("ALTER TABLE entities ADD COLUMN mentions TEXT")
    if inspect(conn).has_table("mentions"):
        if conn.dialect.name == "sqlite":
            listed = """SELECT json_group_array(json_array(start, "end")) FROM
                          (SELECT start, "end" FROM mentions m
                           WHERE m.article_id = entities.article_id AND m.entity_id = entities.entity_id ORDER BY start)"""
        else:  # json_agg's text has spaces after commas; without them it is what the writer stores
            listed = """SELECT replace(coalesce(json_agg(json_build_array(m.start, m."end") ORDER BY m.start)::text, '[]'),
                                   ' ', '')
                          FROM mentions m WHERE m.article_id = entities.article_id AND m.entity_id = entities.entity_id"""
        conn.exec_driver_sql(f"UPDATE entities SET mentions = ({listed})")
        conn.exec_driver_sql("DROP TABLE mentions")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_quotes_quote_key")


def _actor_counts_from_rows(conn: Connection) -> None:
    """Actors' entity tallies by type (the new `actor_types`), and every actor's article count and
    type recounted from its stored entities: a store written before counted a replaced article's
    actors twice, and kept those only its old version named."""
    from newsgraph.store.committer import STORED_TYPE, choose_type  # the committer keeps them from now on

    schema.actor_types.create(conn, checkfirst=True)
    conn.exec_driver_sql("DELETE FROM actor_types")
    conn.exec_driver_sql(f"INSERT INTO actor_types (actor_id, type, entities) SELECT actor_id, {STORED_TYPE}, count(*) "
                         f"FROM entities WHERE actor_id IS NOT NULL GROUP BY actor_id, {STORED_TYPE}")
    conn.exec_driver_sql("UPDATE actors SET article_count = (SELECT count(DISTINCT e.article_id) FROM entities e "
                         "WHERE e.actor_id = actors.id)")
    # an actor no stored article names (one only a replaced article's old version did) goes, as the committer's
    for table in ("actor_aliases", "actor_roles"):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE actor_id IN (SELECT id FROM actors WHERE article_count = 0)")
    conn.exec_driver_sql("DELETE FROM actors WHERE article_count = 0")
    tallies: dict[str, dict[str, int]] = {}
    for actor_id, type_, n in conn.exec_driver_sql("SELECT actor_id, type, entities FROM actor_types"):
        tallies.setdefault(actor_id, {})[type_] = n
    stored = dict(conn.exec_driver_sql("SELECT id, type FROM actors").all())
    chosen = {actor_id: choose_type(types, actor_id) for actor_id, types in tallies.items() if actor_id in stored}
    changed = [{"t": type_, "i": actor_id} for actor_id, type_ in chosen.items() if stored[actor_id] != type_]
    if changed:
        conn.execute(schema.actors.update().where(schema.actors.c.id == bindparam("i")).values(type=bindparam("t")),
                     changed)


def _no_merges_into_deleted_actors(conn: Connection) -> None:
    """Merges (actor_redirects) into an actor deleted since, because no stored article names it
    any more, lead nowhere: the committer deletes them with the actor from now on."""
    conn.exec_driver_sql("DELETE FROM actor_redirects WHERE new_id NOT IN (SELECT id FROM actors)")


def _cameo_roots_of_plover_types(conn: Connection) -> None:
    """Events stored without a CAMEO root get the root of their PLOVER category and mode."""
    events = schema.events
    kinds = conn.execute(select(events.c.type, events.c.mode).where(events.c.cameo.is_(None)).distinct()).all()
    for type_, mode in kinds:
        root = cameo_root(type_, mode)
        if root is not None:
            conn.execute(events.update().where(events.c.cameo.is_(None), events.c.type == type_,
                                               events.c.mode.is_not_distinct_from(mode))
                         .values(cameo=root))


def _sightings(conn: Connection) -> None:
    """Where each article's text was seen (store/sightings.py), from the articles' own URL, source and
    date: copies ingested before were not kept. Clusters count the copies beyond their articles."""
    schema.sightings.create(conn, checkfirst=True)
    if "copy_count" not in {c["name"] for c in inspect(conn).get_columns("clusters")}:
        conn.exec_driver_sql("ALTER TABLE clusters ADD COLUMN copy_count INTEGER NOT NULL DEFAULT 0")
    # sightings.seen_as in SQL: the URL, else "id:" and the id
    conn.exec_driver_sql("""INSERT INTO sightings (seen_as, article_id, record_id, url, source, published, ingested_at)
                            SELECT CASE WHEN url IS NULL OR url = '' THEN 'id:' || id ELSE url END,
                                   id, id, url, source, published, ingested_at
                            FROM articles WHERE true ORDER BY pk  -- WHERE: SQLite's upsert after a SELECT needs one
                            ON CONFLICT DO NOTHING""")


def _deferred_indexes(conn: Connection) -> None:
    """The table a bulk ingest records the indexes it dropped in (store/bulk.py)."""
    schema.deferred_indexes.create(conn, checkfirst=True)


STEPS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "tables", _create_tables),
    (2, "full-text indexes", _full_text),
    (3, "full-text rows indexed by the writer", _writer_fills_full_text),
    (4, "full-text indexes Datasette can find", _full_text_datasette_can_find),
    (5, "mentions packed into entities, no quote_key index", _mentions_in_entities),
    (6, "actors' types tallied, article counts recounted", _actor_counts_from_rows),
    (7, "no merges into deleted actors", _no_merges_into_deleted_actors),
    (8, "CAMEO roots of PLOVER types", _cameo_roots_of_plover_types),
    (9, "sightings: where each article's text was seen", _sightings),
    (10, "secondary indexes a bulk ingest defers", _deferred_indexes),
]
LATEST = STEPS[-1][0]


def current_version(conn: Connection) -> int:
    schema.schema_version.create(conn, checkfirst=True)
    return conn.execute(select(func.coalesce(func.max(schema.schema_version.c.version), 0))).scalar_one()


def migrate(conn: Connection) -> list[int]:
    """Apply the steps this database has not had yet, in order; returns their numbers."""
    done = current_version(conn)
    applied = []
    for version, name, step in STEPS:
        if version <= done:
            continue
        step(conn)
        conn.execute(insert(schema.schema_version).values(
            version=version, name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        applied.append(version)
    return applied
