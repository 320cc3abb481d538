"""The read queries behind the web UI and HTTP API that `queries.py` does not answer.

An article back as a contract-shaped record (so a stored article and a freshly analysed one render
alike), filtered article lists with facets and counts over time, an actor's profile, the actor
network and story clusters. Same habits as `queries.py`: a Store and plain filters in, plain dicts
out, SQLAlchemy Core with bound parameters only.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, and_, exists, func, literal_column, or_, select, text

from newsgraph.store import schema as t
from newsgraph.store.engine import Store
from newsgraph.store.sightings import seen_as
from newsgraph.store.queries import _fts5_query

Row = dict[str, Any]
STATUSES = ("asserted", "negated", "conditional", "planned")


@dataclass
class ArticleFilters:
    """What the search page can narrow articles by; every field optional."""
    q: str | None = None  # words, full text
    source: str | None = None  # exact outlet name
    since: str | None = None  # YYYY-MM-DD (or a prefix: YYYY-MM)
    until: str | None = None
    speaker: str | None = None  # actor id of someone quoted in the article
    actor: str | None = None  # actor id taking part in an event of the article
    type: str | None = None  # PLOVER event type of an event in the article
    status: str | None = None  # status of an event in the article

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def active(self) -> dict[str, str]:
        return {name: value for name in self.names() if (value := getattr(self, name))}


# --- one article ------------------------------------------------------------------------------

def _loads(value: str | None) -> list:
    return json.loads(value) if value else []


def article(store: Store, article_id: str) -> Row | None:
    """The article as a contract-shaped record (entities, quotes, events, boilerplate), or None."""
    a, en, q, e, p = t.articles.c, t.entities.c, t.quotes.c, t.events.c, t.event_participants.c
    with store.engine.connect() as conn:
        row = conn.execute(select(t.articles).where(a.id == article_id)).mappings().first()
        if row is None:
            return None
        record = {k: row[k] for k in ("id", "url", "title", "published", "source", "byline", "language", "text",
                                      "error", "story_id", "duplicate_of")}
        record["boilerplate"] = _loads(row["boilerplate"])
        record["entities"] = [
            {"id": r["entity_id"], "name": r["name"], "type": r["type"], "country": r["country"], "sector": r["sector"],
             "roles": _loads(r["roles"]), "mentions": _loads(r["mentions"]), "kb_id": r["kb_id"],
             "actor_id": r["actor_id"]}
            for r in conn.execute(select(t.entities).where(en.article_id == article_id)
                                  .order_by(en.entity_id)).mappings()]
        mentions = {entity["id"]: entity["mentions"] for entity in record["entities"]}
        record["quotes"] = [_stored_quote(r, record["text"], mentions)
                            for r in conn.execute(select(t.quotes).where(q.article_id == article_id)
                                                  .order_by(q.start)).mappings()]
        sides: dict[str, dict[str, list[Row]]] = defaultdict(lambda: {"actor": [], "recipient": []})
        for r in conn.execute(select(t.event_participants).where(p.article_id == article_id)
                              .order_by(p.event_id, p.role, p.position)).mappings():
            sides[r["event_id"]][r["role"]].append({k: r[k] for k in ("entity_id", "actor_id", "name", "country",
                                                                       "sector", "start", "end")})
        record["events"] = []
        for r in conn.execute(select(t.events).where(e.article_id == article_id)
                              .order_by(e.trigger_start, e.event_id)).mappings():
            trigger = ({"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger"]}
                       if r["trigger_start"] is not None else None)
            sentence = [r["sentence_start"], r["sentence_end"]] if r["sentence_start"] is not None else None
            event = {k: r[k] for k in ("type", "mode", "quad", "status", "date", "confidence", "cameo")}
            event.update(id=r["event_id"], trigger=trigger, sentence=sentence, quote=r["quote_id"],
                         actor=sides[r["event_id"]]["actor"], recipient=sides[r["event_id"]]["recipient"])
            for side in event["actor"] + event["recipient"]:
                side["entity"] = side.pop("entity_id")
            record["events"].append(event)
        record["also_published_by"] = _copies(conn, {article_id: row["url"]}).get(article_id, [])
    return record


def _copies(conn, urls: dict[str, str | None]) -> dict[str, list[Row]]:
    """The verbatim copies of these articles ({id: its URL}): their sightings but their own, by date."""
    s = t.sightings.c
    found: dict[str, list[Row]] = defaultdict(list)
    query = (select(s.article_id, s.seen_as, s.record_id, s.url, s.source, s.published)
             .where(s.article_id.in_(sorted(urls))).order_by(s.article_id, s.published.nulls_first(), s.seen_as))
    for r in conn.execute(query).mappings():
        if r["seen_as"] != seen_as(urls[r["article_id"]], r["article_id"]):
            found[r["article_id"]].append({k: r[k] for k in ("url", "source", "published", "record_id")})
    return found


def _stored_quote(row, text_: str, mentions: dict[str, list[list[int]]]) -> Row:
    start, end = row["start"], row["end"]
    spans = _loads(row["spans"]) or [[start, end]]
    speaker = None
    if row["speaker_entity"] or row["speaker_name"] or row["speaker_text"]:
        speaker = {"entity": row["speaker_entity"], "name": row["speaker_name"], "text": row["speaker_text"],
                   "actor_id": row["speaker_actor_id"], "start": None, "end": None}
        # the store keeps the speaker's words, not their offsets: point at the nearest place they occur
        near = (_nearest_occurrence(text_, row["speaker_text"], spans) if row["speaker_text"] else None) or \
            _nearest_span(mentions.get(row["speaker_entity"] or "", []), spans)
        if near:
            speaker["start"], speaker["end"] = near
    cue = None
    if row["cue"]:
        spot = _nearest_occurrence(text_, row["cue"], spans)  # likewise the cue
        cue = {"text": row["cue"], "start": spot[0] if spot else None, "end": spot[1] if spot else None}
    return {"id": row["quote_id"], "start": start, "end": end, "spans": spans, "text": row["text"],
            "kind": row["kind"], "cue": cue, "speaker": speaker, "confidence": row["confidence"]}


def _distance(s: int, e: int, spans: list[list[int]]) -> int | None:
    """How far [s, e) lies from the quote's content, or None when it overlaps it."""
    if any(s < span_end and e > span_start for span_start, span_end in spans):
        return None
    return min(span_start - e if e <= span_start else s - span_end for span_start, span_end in spans)


def _nearest_span(candidates: list[list[int]], spans: list[list[int]]) -> tuple[int, int] | None:
    scored = [(d, (s, e)) for s, e in candidates if (d := _distance(s, e, spans)) is not None]
    return min(scored)[1] if scored else None


def _nearest_occurrence(text_: str, words: str, spans: list[list[int]], reach: int = 300) -> tuple[int, int] | None:
    lo = max(0, min(s for s, _ in spans) - reach)
    hi = min(len(text_), max(e for _, e in spans) + reach)
    found = [[lo + m.start(), lo + m.end()] for m in re.finditer(re.escape(words), text_[lo:hi])]
    return _nearest_span(found, spans)


# --- article lists, facets, counts ------------------------------------------------------------

def _article_conditions(store: Store, f: ArticleFilters) -> list[ColumnElement[bool]]:
    a, q, e, p = t.articles.c, t.quotes.c, t.events.c, t.event_participants.c
    conditions: list[ColumnElement[bool]] = []
    if f.q and re.search(r"\w", f.q):
        if store.dialect == "sqlite":
            hits = text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :words").bindparams(
                words=_fts5_query(f.q))
            conditions.append(a.pk.in_(hits.columns(rowid=a.pk.type)))
        else:
            conditions.append(literal_column("articles.search").op("@@")(func.plainto_tsquery("english", f.q)))
    if f.source:
        conditions.append(a.source == f.source)
    if f.since:
        conditions.append(a.published >= f.since)
    if f.until:
        conditions.append(a.published <= f.until + "\uffff")  # a prefix ("2024-03") takes in the whole month
    if f.speaker:
        conditions.append(exists().where(and_(q.article_id == a.id, q.speaker_actor_id == f.speaker)))
    if f.actor:
        conditions.append(exists().where(and_(p.article_id == a.id, p.actor_id == f.actor)))
    if f.type or f.status:
        event_conditions = [e.article_id == a.id]
        if f.type:
            event_conditions.append(e.type == f.type.upper())
        if f.status:
            event_conditions.append(e.status == f.status.lower())
        conditions.append(exists().where(and_(*event_conditions)))
    return conditions


def _filtered_ids(store: Store, f: ArticleFilters) -> Select:
    return select(t.articles.c.id).where(*_article_conditions(store, f))


def word_matches(store: Store, words: str) -> np.ndarray:
    """`articles.pk` of every article whose title or text contains every word (int64, in no particular order)."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            # tens of thousands of rowids for a common word: joined in SQLite and parsed by numpy, a few
            # times faster than a Python tuple per row
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.execute("SELECT group_concat(rowid) FROM articles_fts WHERE articles_fts MATCH ?",
                               (_fts5_query(words),))
                joined = cursor.fetchone()[0]
            finally:
                cursor.close()
            return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)
        found = conn.execute(select(t.articles.c.pk).where(*_article_conditions(store, ArticleFilters(q=words))))
        return np.fromiter(found.scalars(), dtype=np.int64)


def ranked_word_matches(store: Store, words: str, lowest_pk: int, limit: int | None = None) -> list[int]:
    """SQLite: pks of the articles from `lowest_pk` on that contain every word, best match (bm25) first
    (the first `limit` of them)."""
    with store.engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? "
                           "ORDER BY rank, rowid LIMIT ?", (_fts5_query(words), lowest_pk, -1 if limit is None else limit))
            return [row[0] for row in cursor.fetchall()]
        finally:
            cursor.close()


def articles_at(store: Store, pks: list[int], words: str | None = None,
                counts: tuple[Any, Any] | None = None) -> list[Row]:
    """The list rows of `views.articles` for the articles `pks`, in that order. `counts`: each pk's
    numbers of quotes and events (two arrays, as the server's facet index holds them), else counted here."""
    if not pks:
        return []
    marks = ", ".join(("?" if store.dialect == "sqlite" else "%s",) * len(pks))
    # the driver's own statement and plain tuples: twenty rows are read for every page of hits
    sql = (f"SELECT a.pk, {_AT_COLUMNS}{'' if counts else _AT_COUNTS} FROM articles a WHERE a.pk IN ({marks})")
    with store.engine.connect() as conn:
        cursor = conn.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql, tuple(pks))
            found = {row[0]: row[1:] for row in cursor.fetchall()}
        finally:
            cursor.close()
    rows = []
    for pk in pks:
        if pk in found:
            row = dict(zip(_LIST_COLUMNS, found[pk]))
            if counts:
                row["quotes"], row["events"] = int(counts[0][pk]), int(counts[1][pk])
            row["snippet"] = snippet(row.pop("text") or "", words)
            rows.append(row)
    return rows


_LIST_COLUMNS = ("id", "title", "published", "source", "url", "story_id", "text", "quotes", "events")
_AT_COLUMNS = "a.id, a.title, a.published, a.source, a.url, a.story_id, a.text"
_AT_COUNTS = (", (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)"
              ", (SELECT count(*) FROM events e WHERE e.article_id = a.id)")


def articles(store: Store, filters: ArticleFilters | None = None, limit: int = 20, offset: int = 0) -> list[Row]:
    """Articles matching the filters: best match first when there are words, else newest first."""
    f = filters or ArticleFilters()
    a = t.articles.c
    counts = _child_counts()
    query = (select(a.id, a.title, a.published, a.source, a.url, a.story_id, a.text,
                    counts["quotes"], counts["events"])
             .where(*_article_conditions(store, f)))
    words = f.q if f.q and re.search(r"\w", f.q) else None
    if words and store.dialect == "sqlite":
        ranks = (text("SELECT rowid AS pk, rank AS rank FROM articles_fts WHERE articles_fts MATCH :ranked")
                 .bindparams(ranked=_fts5_query(words)).columns(pk=a.pk.type, rank=t.quotes.c.confidence.type)
                 .subquery("ranks"))
        query = query.join(ranks, ranks.c.pk == a.pk).order_by(ranks.c.rank, a.id)
    elif words:
        vector = literal_column("articles.search")
        query = query.order_by(func.ts_rank(vector, func.plainto_tsquery("english", words)).desc(), a.id)
    else:
        query = query.order_by(a.published.desc().nulls_last(), a.id)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query.limit(limit).offset(offset)).mappings()]
    for row in rows:
        row["snippet"] = snippet(row.pop("text") or "", words)
    return rows


def _child_counts() -> dict[str, Any]:
    a, q, e = t.articles.c, t.quotes.c, t.events.c
    return {"quotes": select(func.count()).where(q.article_id == a.id).scalar_subquery().label("quotes"),
            "events": select(func.count()).where(e.article_id == a.id).scalar_subquery().label("events")}


def snippet(text_: str, words: str | None, width: int = 220) -> str:
    """Plain text around the first word searched for (or the start), on one line."""
    at = 0
    if words:
        for word in re.findall(r"\w+", words):
            found = _word_start(text_, word)
            if found is not None:
                at = max(0, found - width // 3)
                break
    piece = " ".join(text_[at:at + width].split())
    return ("…" if at else "") + piece + ("…" if at + width < len(text_) else "")


def _word_start(text_: str, word: str) -> int | None:
    """Where `word` first starts a word of `text_`, case aside (`\\b` + word, IGNORECASE): str.find
    over the lowered text where that finds the same, the regex otherwise (a non-ASCII word, or a
    text with a letter that lowers to other lengths, or that IGNORECASE also equates with an ASCII
    one: ſ is s, ı is i)."""
    lowered = text_.lower()
    if not word.isascii() or len(lowered) != len(text_) or (
            not text_.isascii() and any(letter in text_ for letter in _IGNORECASE_ASCII)):
        found = re.search(r"\b" + re.escape(word), text_, re.IGNORECASE)
        return found.start() if found else None
    word = word.lower()
    at = lowered.find(word)
    while at > 0 and (lowered[at - 1].isalnum() or lowered[at - 1] == "_"):  # inside a word: not \b
        at = lowered.find(word, at + 1)
    return at if at >= 0 else None


# ſ, ı: IGNORECASE matches them to s, i; lower() keeps them (`in` per letter: a regex class scans ~40x slower)
_IGNORECASE_ASCII = ("\u017f", "\u0131")


def count_articles(store: Store, filters: ArticleFilters | None = None) -> int:
    f = filters or ArticleFilters()
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.articles).where(*_article_conditions(store, f))).scalar_one()


def facets(store: Store, filters: ArticleFilters | None = None, top: int = 12) -> dict[str, list[Row]]:
    """For each facet, its values with the number of matching articles, most first."""
    f = filters or ArticleFilters()
    a, q, e, p, ac = t.articles.c, t.quotes.c, t.events.c, t.event_participants.c, t.actors.c
    ids = _filtered_ids(store, f).subquery("matching")
    out: dict[str, list[Row]] = {}
    with store.engine.connect() as conn:
        def grouped(value, *, frm, join_on, label=None, extra=()):
            # one row per article in `articles` itself: count(*) spares SQLite a DISTINCT b-tree
            n = func.count(func.distinct(frm.c.article_id)) if hasattr(frm.c, "article_id") else func.count()
            columns = [value.label("value")] + ([label.label("label")] if label is not None else [])
            query = (select(*columns, n.label("count")).select_from(frm).join(ids, join_on)
                     .where(value.is_not(None), *extra).group_by(*columns).order_by(n.desc(), value).limit(top))
            return [dict(r) for r in conn.execute(query).mappings()]

        out["date"] = grouped(func.substr(a.published, 1, 7), frm=t.articles, join_on=ids.c.id == a.id)
        out["date"].sort(key=lambda r: r["value"], reverse=True)
        out["source"] = grouped(a.source, frm=t.articles, join_on=ids.c.id == a.id)
        speakers = (select(q.article_id, q.speaker_actor_id, ac.name).join(t.actors, ac.id == q.speaker_actor_id)
                    .subquery("speakers"))
        out["speaker"] = grouped(speakers.c.speaker_actor_id, frm=speakers, join_on=ids.c.id == speakers.c.article_id,
                                 label=speakers.c.name)
        actors = (select(p.article_id, p.actor_id, ac.name).join(t.actors, ac.id == p.actor_id)
                  .subquery("participants"))
        out["actor"] = grouped(actors.c.actor_id, frm=actors, join_on=ids.c.id == actors.c.article_id,
                               label=actors.c.name)
        out["type"] = grouped(e.type, frm=t.events, join_on=ids.c.id == e.article_id)
        out["status"] = grouped(e.status, frm=t.events, join_on=ids.c.id == e.article_id)
    return out


def counts_over_time(store: Store, filters: ArticleFilters | None = None, by: str = "month") -> list[Row]:
    """Articles, quotes and events per month (or day, or year) among the matching articles."""
    width = {"year": 4, "month": 7, "day": 10}[by]
    f = filters or ArticleFilters()
    a, q, e = t.articles.c, t.quotes.c, t.events.c
    ids = _filtered_ids(store, f).subquery("matching")
    period = func.substr(a.published, 1, width)
    table: dict[str, Row] = {}
    with store.engine.connect() as conn:
        for name, query in (
            ("articles", select(period, func.count()).join(ids, ids.c.id == a.id)),
            ("quotes", select(period, func.count()).select_from(t.quotes).join(t.articles, a.id == q.article_id)
             .join(ids, ids.c.id == a.id)),
            ("events", select(period, func.count()).select_from(t.events).join(t.articles, a.id == e.article_id)
             .join(ids, ids.c.id == a.id)),
        ):
            for value, n in conn.execute(query.where(a.published.is_not(None)).group_by(period)):
                table.setdefault(value, {"period": value, "articles": 0, "quotes": 0, "events": 0})[name] = n
    return [table[k] for k in sorted(table)]


# --- actors -----------------------------------------------------------------------------------

def resolve_actor_id(store: Store, actor_id: str) -> str | None:
    """The id itself if it is an actor, the actor it was merged into if it was one, else None."""
    with store.engine.connect() as conn:
        if conn.execute(select(t.actors.c.id).where(t.actors.c.id == actor_id)).first():
            return actor_id
        moved = conn.execute(select(t.actor_redirects.c.new_id).where(t.actor_redirects.c.old_id == actor_id)).first()
    return moved[0] if moved else None


def actor_list(store: Store, name: str | None = None, limit: int = 50, offset: int = 0) -> list[Row]:
    """Actors, most articles first, with their numbers of quotes and events; `name` matches names and aliases."""
    ac, q, p, al = t.actors.c, t.quotes.c, t.event_participants.c, t.actor_aliases.c
    quotes_n = select(func.count()).where(q.speaker_actor_id == ac.id).scalar_subquery().label("quotes")
    events_n = select(func.count()).where(p.actor_id == ac.id).scalar_subquery().label("events")
    query = select(ac.id, ac.name, ac.type, ac.country, ac.sector, ac.article_count, quotes_n, events_n)
    if name:
        like = f"%{name.lower()}%"
        query = query.where(or_(func.lower(ac.name).like(like),
                                ac.id.in_(select(al.actor_id).where(func.lower(al.alias).like(like)))))
    query = query.order_by(ac.article_count.desc(), ac.name, ac.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def actor_profile(store: Store, actor_id: str, latest: int = 10, top: int = 10) -> Row | None:
    """One actor: aliases, roles, quotes and events per month, top counterparts, latest quotes and events."""
    ac, al, ro, q, a, e, p = (t.actors.c, t.actor_aliases.c, t.actor_roles.c, t.quotes.c, t.articles.c, t.events.c,
                              t.event_participants.c)
    with store.engine.connect() as conn:
        found = conn.execute(select(t.actors).where(ac.id == actor_id)).mappings().first()
        if found is None:
            return None
        profile = dict(found)
        profile["aliases"] = [r[0] for r in conn.execute(select(al.alias).where(al.actor_id == actor_id).order_by(al.alias))]
        profile["roles"] = [dict(r) for r in conn.execute(
            select(ro.role, ro.first_seen, ro.last_seen).where(ro.actor_id == actor_id)
            .order_by(ro.first_seen, ro.role)).mappings()]
        month_q = func.substr(q.published, 1, 7)
        month_e = func.substr(e.date, 1, 7)
        mine = select(p.article_id, p.event_id, p.role).where(p.actor_id == actor_id).distinct().subquery("mine")
        # each event once, whichever sides the actor is on
        mine_events = select(p.article_id, p.event_id).where(p.actor_id == actor_id).distinct().subquery("mine_events")
        timeline: dict[str, Row] = {}
        for month, n in conn.execute(select(month_q, func.count()).where(q.speaker_actor_id == actor_id,
                                                                          q.published.is_not(None)).group_by(month_q)):
            timeline.setdefault(month, {"period": month, "quotes": 0, "events": 0})["quotes"] = n
        for month, n in conn.execute(
                select(month_e, func.count())
                .join_from(t.events, mine_events, and_(mine_events.c.article_id == e.article_id,
                                                       mine_events.c.event_id == e.event_id))
                .where(e.date.is_not(None)).group_by(month_e)):
            timeline.setdefault(month, {"period": month, "quotes": 0, "events": 0})["events"] = n
        profile["timeline"] = [timeline[k] for k in sorted(timeline)]
        profile["quote_count"] = conn.execute(select(func.count()).where(q.speaker_actor_id == actor_id)).scalar_one()
        profile["event_count"] = conn.execute(select(func.count()).select_from(mine)).scalar_one()
        profile["latest_quotes"] = [dict(r) for r in conn.execute(
            select(q.article_id, q.quote_id, q.published, q.text, q.kind, a.title, a.source)
            .join_from(t.quotes, t.articles, a.id == q.article_id).where(q.speaker_actor_id == actor_id)
            .order_by(q.published.desc().nulls_last(), q.article_id, q.start).limit(latest)).mappings()]
        newest = (select(e.article_id, e.event_id, e.date, e.type, e.quad, e.status, e.trigger, mine.c.role)
                  .join_from(t.events, mine, and_(mine.c.article_id == e.article_id, mine.c.event_id == e.event_id))
                  .order_by(e.date.desc().nulls_last(), e.article_id, e.event_id).limit(latest).subquery("newest"))
        # the titles of the newest only: joining articles before the sort would read one per event
        profile["latest_events"] = [dict(r) for r in conn.execute(
            select(*newest.c, a.title).join_from(newest, t.articles, a.id == newest.c.article_id)
            .order_by(newest.c.date.desc().nulls_last(), newest.c.article_id, newest.c.event_id)).mappings()]
        # the other side of each event, or a co-actor of a joint one, counted in SQL per (actor, name, type)
        others = conn.execute(
            select(p.actor_id, p.name, e.type, func.count())
            .join_from(t.event_participants, mine, and_(mine.c.article_id == p.article_id, mine.c.event_id == p.event_id))
            .join(t.events, and_(e.article_id == p.article_id, e.event_id == p.event_id))
            .where(or_(p.actor_id.is_(None), p.actor_id != actor_id), or_(p.role != mine.c.role, p.role == "actor"))
            .group_by(p.actor_id, p.name, e.type)).all()
        counted: Counter[tuple[str | None, str]] = Counter()
        types: dict[tuple[str | None, str], Counter[str]] = defaultdict(Counter)
        for other_id, other_name, event_type, n in others:
            key = (other_id, other_name or other_id or "?")
            counted[key] += n
            types[key][event_type or "?"] += n
        names = dict(conn.execute(select(ac.id, ac.name).where(ac.id.in_([k[0] for k in counted if k[0]]))).all())
    merged: Counter[tuple[str | None, str]] = Counter()
    merged_types: dict[tuple[str | None, str], Counter[str]] = defaultdict(Counter)
    for (other_id, other_name), n in counted.items():
        key = (other_id, names.get(other_id, other_name)) if other_id else (None, other_name)
        merged[key] += n
        merged_types[key].update(types[(other_id, other_name)])
    ranked = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][0] or ""))[:top]  # ties by name
    profile["counterparts"] = [{"actor_id": k[0], "name": k[1], "events": n,
                                "types": [ty for ty, _ in sorted(merged_types[k].items(), key=lambda x: (-x[1], x[0]))[:3]]}
                               for k, n in ranked]
    return profile


# --- the network ------------------------------------------------------------------------------

def network(store: Store, since: str | None = None, until: str | None = None, types: list[str] | None = None,
            min_weight: int = 1, max_edges: int = 300) -> Row:
    """Actors as nodes and events as weighted, typed edges (actor -> recipient; co-actors of a joint event)."""
    e, p, ac = t.events.c, t.event_participants.c, t.actors.c
    query = (select(p.article_id, p.event_id, p.role, p.actor_id, e.type, e.quad)
             .join(t.events, and_(e.article_id == p.article_id, e.event_id == p.event_id))
             .where(p.actor_id.is_not(None)))
    if since:
        query = query.where(e.date >= since)
    if until:
        query = query.where(e.date <= until + "\uffff")
    if types:
        query = query.where(e.type.in_([ty.upper() for ty in types]))
    sides: dict[tuple[str, str], dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for article_id, event_id, role, actor_id, event_type, quad in conn.execute(query):
            event = sides.setdefault((article_id, event_id), {"type": event_type, "quad": quad, "actor": [],
                                                               "recipient": []})
            if actor_id not in event[role]:
                event[role].append(actor_id)
        weights: Counter[tuple[str, str, str, str]] = Counter()
        for event in sides.values():
            pairs = [(x, y) for x in event["actor"] for y in event["recipient"] if x != y]
            if not event["recipient"]:
                joint = sorted(event["actor"])
                pairs = [(x, y) for i, x in enumerate(joint) for y in joint[i + 1:]]
            for x, y in pairs:
                weights[(x, y, event["type"] or "?", event["quad"] or "?")] += 1
        edges = [{"source": x, "target": y, "type": ty, "quad": quad, "weight": n}
                 for (x, y, ty, quad), n in weights.most_common() if n >= min_weight][:max_edges]
        degree: Counter[str] = Counter()
        for edge in edges:
            degree[edge["source"]] += edge["weight"]
            degree[edge["target"]] += edge["weight"]
        nodes = [dict(r) for r in conn.execute(
            select(ac.id, ac.name, ac.type, ac.country, ac.sector).where(ac.id.in_(sorted(degree)))).mappings()]
    for node in nodes:
        node["weight"] = degree[node["id"]]
    nodes.sort(key=lambda n: (-n["weight"], n["name"]))
    return {"nodes": nodes, "edges": edges}


def event_types(store: Store) -> list[Row]:
    e = t.events.c
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(e.type.label("value"), func.count().label("count"))
                                              .where(e.type.is_not(None)).group_by(e.type).order_by(e.type)).mappings()]


# --- story clusters ---------------------------------------------------------------------------

def stories(store: Store, limit: int = 20, offset: int = 0, min_articles: int = 1, per_story: int = 5) -> list[Row]:
    """Story clusters, biggest (articles and verbatim copies) and then newest first, each with its
    first articles and who else ran each of them verbatim (`also_published_by`). `min_articles`
    counts the verbatim copies too: a wire story run word for word by three outlets is one article
    and two copies."""
    c, a = t.clusters.c, t.articles.c
    runs = c.article_count + c.copy_count
    query = (select(c.id, c.label, c.first_published, c.article_count, c.copy_count).where(runs >= min_articles)
             .order_by(runs.desc(), c.first_published.desc().nulls_last(), c.id).limit(limit).offset(offset))
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        if rows:
            members: dict[str, list[Row]] = defaultdict(list)
            urls: dict[str, str | None] = {}
            for r in conn.execute(select(a.story_id, a.id, a.title, a.published, a.source, a.url, a.duplicate_of)
                                  .where(a.story_id.in_([row["id"] for row in rows]))
                                  .order_by(a.story_id, a.published, a.id)).mappings():
                if len(members[r["story_id"]]) < per_story:
                    members[r["story_id"]].append({k: r[k] for k in ("id", "title", "published", "source",
                                                                     "duplicate_of")})
                    urls[r["id"]] = r["url"]
            copies = _copies(conn, urls) if urls else {}
            for row in rows:
                row["articles"] = members[row["id"]]
                for member in row["articles"]:
                    member["also_published_by"] = copies.get(member["id"], [])
    return rows


def overview(store: Store) -> Row:
    """Numbers for the header and empty states."""
    with store.engine.connect() as conn:
        return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (("articles", t.articles), ("quotes", t.quotes), ("events", t.events),
                                    ("actors", t.actors))}
