"""The store's questions, one Python API for the CLI and (later) the HTTP API.

Every function takes a Store and plain filters, pages with `limit`/`offset`, and returns plain
dicts ready for JSON. Full-text matching is FTS5 on SQLite and tsvector on Postgres, behind
`_matches_articles` / `_matches_quotes`.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, text, tuple_

from newsgraph.contract import PLOVER_TYPES, STATUSES
from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.store import schema as t
from newsgraph.store.engine import Store

Row = dict[str, Any]
DEFAULT_LIMIT = 50


def query_words(words: str) -> list[str]:
    """The words of a user's search, each of them required."""
    return re.findall(r"\w+", words)


# YYYY-MM-DD, or a prefix of one (YYYY-MM, YYYY), or empty (no filter). Months and days are checked by
# range, not by calendar: as a bound "2023-02-30" means what the user meant, the end of February.
DATE_PATTERN = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"


# An event type or status in any case, or empty (no filter): what `checked_type`/`checked_status` take.
TYPE_PATTERN = "^(?i:" + "|".join(sorted(PLOVER_TYPES)) + ")?$"
STATUS_PATTERN = "^(?i:" + "|".join(sorted(STATUSES)) + ")?$"


def checked_date(value: str | None, name: str) -> str | None:
    """A since/until filter as given (stripped), once it is a date or a prefix of one (YYYY-MM, YYYY)."""
    if not value or not value.strip():
        return None
    if not re.match(DATE_PATTERN, value.strip()):
        raise NewsgraphError(ErrorCode.BAD_FILTER, f"{name} {value!r} is not a date")
    return value.strip()


def _on_or_before(column, until: str) -> ColumnElement[bool]:
    """`until` as the last day it names: a prefix ("2024-03") takes in the whole month."""
    return column <= until + "\uffff"


def checked_type(value: str | None) -> str | None:
    if value and value.upper() not in PLOVER_TYPES:
        raise NewsgraphError(ErrorCode.BAD_FILTER, f"no event type {value!r}; the types are {', '.join(sorted(PLOVER_TYPES))}")
    return value or None


def checked_status(value: str | None) -> str | None:
    if value and value.lower() not in STATUSES:
        raise NewsgraphError(ErrorCode.BAD_FILTER, f"no event status {value!r}; the statuses are {', '.join(sorted(STATUSES))}")
    return value or None


def check_filters(since: str | None = None, until: str | None = None, type: str | None = None,
                  status: str | None = None, **_others: Any) -> None:
    """Raise what `quotes`/`events` would for these filters, before any row is read (a download
    that has started cannot turn into an error)."""
    checked_date(since, "since")
    checked_date(until, "until")
    checked_type(type)
    checked_status(status)


def _fts5_query(words: str) -> str:
    """User text as an FTS5 query: every word required, none read as syntax."""
    return " ".join(f'"{token}"' for token in query_words(words))


def _matches_articles(store: Store, words: str) -> ColumnElement[bool]:
    if store.dialect == "sqlite":
        hits = text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q").bindparams(q=_fts5_query(words))
        return t.articles.c.pk.in_(hits.columns(rowid=t.articles.c.pk.type))
    return literal_column("articles.search").op("@@")(func.plainto_tsquery("english", words))


def _matches_quotes(store: Store, words: str) -> ColumnElement[bool]:
    if store.dialect == "sqlite":
        hits = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :qq").bindparams(qq=_fts5_query(words))
        return t.quotes.c.pk.in_(hits.columns(rowid=t.quotes.c.pk.type))
    return literal_column("quotes.search").op("@@")(func.plainto_tsquery("english", words))


def _like(column, value: str) -> ColumnElement[bool]:
    """Case-insensitive "contains", with the user's % and _ taken literally."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(column).like(f"%{escaped}%", escape="\\")


def _actor_ids_named(name: str):
    """Ids of actors whose name or an alias contains `name` (case-insensitive), as a subquery."""
    by_name = select(t.actors.c.id).where(_like(t.actors.c.name, name))
    by_alias = select(t.actor_aliases.c.actor_id).where(_like(t.actor_aliases.c.alias, name))
    return by_name.union(by_alias)


def quotes(store: Store, speaker: str | None = None, about: str | None = None, since: str | None = None,
           until: str | None = None, source: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[Row]:
    """Quotes, newest first: who said what, where and when."""
    since, until = checked_date(since, "since"), checked_date(until, "until")
    q, a = t.quotes.c, t.articles.c
    query = (select(q.article_id, q.quote_id, q.published, a.source, q.speaker_name, q.speaker_text,
                    q.speaker_actor_id, q.text, q.kind, q.cue, q.confidence, q.quote_key, a.title, a.url)
             .join_from(t.quotes, t.articles, a.id == q.article_id))
    if speaker:
        # through the actors table (small, and every named speaker has an actor): no scan of quotes
        query = query.where(q.speaker_actor_id.in_(_actor_ids_named(speaker)))
    if about and re.search(r"\w", about):  # no word ("*", "("): no filter, as in search, not an FTS5 syntax error
        query = query.where(_matches_quotes(store, about))
    if since:
        query = query.where(q.published >= since)
    if until:
        query = query.where(_on_or_before(q.published, until))
    if source:
        query = query.where(_like(a.source, source))
    query = query.order_by(q.published.desc().nulls_last(), q.article_id, q.start).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def _side_matches(role: str, name: str) -> ColumnElement[bool]:
    """Events with `name` on the given side: a known actor by any of its names, or an unresolved
    side ("protesters") by its exact words. Driven from the participants' indexes, not per event."""
    p, e = t.event_participants.c, t.events.c
    sides = select(p.article_id, p.event_id).where(
        p.role == role, or_(p.actor_id.in_(_actor_ids_named(name)), p.name == name))
    return tuple_(e.article_id, e.event_id).in_(sides)


def events(store: Store, actor: str | None = None, recipient: str | None = None, type: str | None = None,
           status: str | None = None, since: str | None = None, until: str | None = None,
           limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[Row]:
    """PLOVER events, newest first, with their actors and recipients."""
    since, until = checked_date(since, "since"), checked_date(until, "until")
    type, status = checked_type(type), checked_status(status)
    e, a = t.events.c, t.articles.c
    query = (select(e.article_id, e.event_id, e.date, e.type, e.mode, e.quad, e.status, e.cameo, e.trigger,
                    e.confidence, a.source, a.title, a.url, func.substr(a.text, e.sentence_start + 1,
                                                                       e.sentence_end - e.sentence_start).label("sentence"))
             .join_from(t.events, t.articles, a.id == e.article_id))
    if actor:
        query = query.where(_side_matches("actor", actor))
    if recipient:
        query = query.where(_side_matches("recipient", recipient))
    if type:
        query = query.where(func.upper(e.type) == type.upper())
    if status:
        query = query.where(func.lower(e.status) == status.lower())
    if since:
        query = query.where(e.date >= since)
    if until:
        query = query.where(_on_or_before(e.date, until))
    query = query.order_by(e.date.desc().nulls_last(), e.article_id, e.event_id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
        _attach_participants(conn, rows)
    return rows


def _attach_participants(conn, rows: list[Row]) -> None:
    if not rows:
        return
    p = t.event_participants.c
    articles = sorted({r["article_id"] for r in rows})
    sides: dict[tuple[str, str], dict[str, list[Row]]] = {}
    query = select(t.event_participants).where(p.article_id.in_(articles)).order_by(p.article_id, p.event_id, p.role, p.position)
    for side in conn.execute(query).mappings():
        sides.setdefault((side["article_id"], side["event_id"]), {}).setdefault(side["role"], []).append(
            {"name": side["name"], "actor_id": side["actor_id"], "country": side["country"], "sector": side["sector"]})
    for row in rows:
        found = sides.get((row["article_id"], row["event_id"]), {})
        row["actor"] = found.get("actor", [])
        row["recipient"] = found.get("recipient", [])


RANK_WINDOW = 1000


def search(store: Store, words: str, limit: int = 20, offset: int = 0, rank_window: int = RANK_WINDOW) -> list[Row]:
    """Articles whose title or text contain every word, best first (bm25 on SQLite, ts_rank on Postgres).

    On SQLite only the `rank_window` most recently stored matches are ranked (a rowid range FTS5 can
    use): ranking every match of a common word costs time in proportion to the corpus.
    """
    a = t.articles.c
    if not re.search(r"\w", words):
        return []
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            sql = text("""SELECT a.id, a.title, a.published, a.source, a.url,
                                 snippet(articles_fts, 1, '[', ']', '…', 12) AS snippet
                          FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid
                          WHERE articles_fts MATCH :q AND articles_fts.rowid >= coalesce((
                              SELECT min(r) FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH :q
                                                  ORDER BY rowid DESC LIMIT :window)), 0)
                          ORDER BY rank LIMIT :limit OFFSET :offset""")
            result = conn.execute(sql, {"q": _fts5_query(words), "limit": limit, "offset": offset,
                                        "window": max(rank_window, limit + offset)})
        else:
            query = func.plainto_tsquery("english", words)
            vector = literal_column("articles.search")
            page = (select(a.id, a.title, a.published, a.source, a.url, a.text)
                    .where(vector.op("@@")(query)).order_by(func.ts_rank(vector, query).desc(), a.id)
                    .limit(limit).offset(offset).subquery())
            result = conn.execute(select(page.c.id, page.c.title, page.c.published, page.c.source, page.c.url,
                                         func.ts_headline("english", page.c.text, query,
                                                          "StartSel=[,StopSel=],MaxWords=24,MinWords=8").label("snippet")))
        return [dict(row) for row in result.mappings()]


def find_actor(store: Store, name: str) -> Row | None:
    """The actor best matching `name`: exact name, then exact alias, then a part; most articles wins."""
    ac, al = t.actors.c, t.actor_aliases.c
    lowered = name.lower()
    with store.engine.connect() as conn:
        for condition in (func.lower(ac.name) == lowered,
                          ac.id.in_(select(al.actor_id).where(func.lower(al.alias) == lowered)),
                          ac.id.in_(_actor_ids_named(name))):
            row = conn.execute(select(t.actors).where(condition)
                               .order_by(ac.article_count.desc(), ac.id).limit(1)).mappings().first()
            if row:
                return dict(row)
    return None


def actor(store: Store, name: str, limit: int = DEFAULT_LIMIT) -> Row | None:
    """One actor: aliases, roles, quote and event timelines (oldest first), top counterparts."""
    found = find_actor(store, name)
    if found is None:
        return None
    actor_id = found["id"]
    q, p, e, a = t.quotes.c, t.event_participants.c, t.events.c, t.articles.c
    with store.engine.connect() as conn:
        found["aliases"] = [r[0] for r in conn.execute(
            select(t.actor_aliases.c.alias).where(t.actor_aliases.c.actor_id == actor_id).order_by(t.actor_aliases.c.alias))]
        found["roles"] = [dict(r) for r in conn.execute(
            select(t.actor_roles.c.role, t.actor_roles.c.first_seen, t.actor_roles.c.last_seen)
            .where(t.actor_roles.c.actor_id == actor_id).order_by(t.actor_roles.c.first_seen, t.actor_roles.c.role)).mappings()]
        found["quotes"] = [dict(r) for r in conn.execute(
            select(q.published, q.article_id, q.quote_id, q.text, a.source)
            .join_from(t.quotes, t.articles, a.id == q.article_id)
            .where(q.speaker_actor_id == actor_id).order_by(q.published, q.article_id, q.start).limit(limit)).mappings()]
        mine = select(p.article_id, p.event_id, p.role).where(p.actor_id == actor_id).subquery()
        found["events"] = [dict(r) for r in conn.execute(
            select(e.date, e.article_id, e.event_id, e.type, e.status, mine.c.role, e.trigger)
            .join_from(t.events, mine, and_(mine.c.article_id == e.article_id, mine.c.event_id == e.event_id))
            .order_by(e.date, e.article_id, e.event_id).limit(limit)).mappings()]
        others = conn.execute(
            select(p.actor_id, p.name, p.role, mine.c.role.label("my_role"))
            .join_from(t.event_participants, mine, and_(mine.c.article_id == p.article_id, mine.c.event_id == p.event_id))
            .where(or_(p.actor_id.is_(None), p.actor_id != actor_id))).all()
    counterparts: Counter[str] = Counter()
    for other_id, other_name, role, my_role in others:
        if role != my_role or role == "actor":  # the other side, or a co-actor of a joint event
            counterparts[other_name or other_id] += 1
    found["counterparts"] = [{"name": n, "events": c} for n, c in counterparts.most_common(10)]
    return found


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for table in t.DATA_TABLES}
