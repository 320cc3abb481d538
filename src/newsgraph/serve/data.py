"""What each page shows, as plain dicts: the JSON API returns them as they are, the HTML pages
render them. One function per page kind, over the store's read queries."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.serve import markup
from newsgraph.serve.paging import page
from newsgraph.store import queries, views
from newsgraph.store.engine import Store
from newsgraph.store.views import ArticleFilters

Row = dict[str, Any]
Fetch = Callable[[int, int], list[Row]]


def listing(fetch: Fetch, token: str | None, limit: int) -> Row:
    rows, next_token, offset = page(fetch, token, limit)
    return {"results": rows, "next": next_token, "offset": offset, "limit": limit}


def article_fetch(store: Store, filters: ArticleFilters) -> Fetch:
    return lambda limit, offset: views.articles(store, filters, limit=limit, offset=offset)


class SummaryCache:
    """The total, facets and counts of recent searches, kept `ttl` seconds: they cost most of a search
    (a group-by over every matching article per facet) and the same few searches come back often.
    They may thus lag a running ingest by up to `ttl` seconds; the hits themselves never do."""

    def __init__(self, ttl: float = 2.0, size: int = 256):
        self.ttl, self.size = ttl, size
        self._entries: dict[tuple, tuple[float, Row]] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, filters: ArticleFilters) -> Row:
        key = (store.url, id(store), tuple(sorted(filters.active().items())))
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        summary = {"total": views.count_articles(store, filters), "facets": views.facets(store, filters),
                   "counts": views.counts_over_time(store, filters)}
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries = {k: v for k, v in self._entries.items() if now - v[0] < self.ttl}
                if len(self._entries) >= self.size:
                    self._entries.clear()
            self._entries[key] = (now, summary)
        return summary


SUMMARIES = SummaryCache()


def search(store: Store, filters: ArticleFilters, token: str | None, limit: int, summaries: bool = True) -> Row:
    """A page of hits; with `summaries` also the total, the facets and the counts per month (most of the
    cost, so cached a moment: SummaryCache)."""
    out = listing(article_fetch(store, filters), token, limit)
    out["query"] = filters.active()
    summary = SUMMARIES.get(store, filters) if summaries else {"total": None, "facets": {}, "counts": []}
    out.update(summary)
    return out


def article(store: Store, article_id: str) -> Row:
    record = views.article(store, article_id)
    if record is None:
        raise NewsgraphError(ErrorCode.NOT_FOUND, f"no article with id {article_id!r}")
    record["speakers"] = markup.speakers(record)
    return record


def quote_fetch(store: Store, **filters: Any) -> Fetch:
    return lambda limit, offset: queries.quotes(store, limit=limit, offset=offset, **filters)


def event_fetch(store: Store, **filters: Any) -> Fetch:
    return lambda limit, offset: queries.events(store, limit=limit, offset=offset, **filters)


def actor_fetch(store: Store, name: str | None) -> Fetch:
    return lambda limit, offset: views.actor_list(store, name, limit=limit, offset=offset)


def story_fetch(store: Store) -> Fetch:
    return lambda limit, offset: views.stories(store, limit=limit, offset=offset)


def actor(store: Store, actor_id: str) -> Row:
    found = views.resolve_actor_id(store, actor_id)
    profile = views.actor_profile(store, found) if found else None
    if profile is None:
        raise NewsgraphError(ErrorCode.NOT_FOUND, f"no actor with id {actor_id!r}")
    return profile


def network(store: Store, since: str | None, until: str | None, types: list[str] | None, min_weight: int) -> Row:
    graph = views.network(store, since=since, until=until, types=types or None, min_weight=min_weight)
    graph["query"] = {k: v for k, v in {"since": since, "until": until, "type": types, "min_weight": min_weight}.items()
                      if v}
    graph["types"] = [row["value"] for row in views.event_types(store)]
    return graph


def analyzed(record: Row) -> Row:
    record = dict(record)
    record["speakers"] = markup.speakers(record)
    return record
