"""What each page shows, as plain dicts: the JSON API returns them as they are, the HTML pages
render them. One function per page kind, over the store's read queries."""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.serve import markup
from newsgraph.serve.facet_index import FacetIndex
from newsgraph.serve.freshness import DataVersion
from newsgraph.serve.paging import page
from newsgraph.serve.word_index import WordIndex, fts_path
from newsgraph.store import queries, views
from newsgraph.store.queries import RANK_WINDOW
from newsgraph.store.engine import Store
from newsgraph.store.views import ArticleFilters

Row = dict[str, Any]
log = logging.getLogger(__name__)
Fetch = Callable[[int, int], list[Row]]


def listing(fetch: Fetch, token: str | None, limit: int) -> Row:
    rows, next_token, offset = page(fetch, token, limit)
    return {"results": rows, "next": next_token, "offset": offset, "limit": limit}


def article_fetch(store: Store, filters: ArticleFilters, searches: Searches | None = None) -> Fetch:
    if searches is not None:
        return lambda limit, offset: searches.hits(filters, limit, offset)
    return lambda limit, offset: views.articles(store, filters, limit=limit, offset=offset)


class _Flight:
    """One computation in progress; the requests that want the same answer wait for it."""

    def __init__(self):
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class VersionedLRU:
    """The last `size` answers (least recently used out first), each kept while the store's data
    version is the one it was computed at. Requests asking for an answer that is being computed wait
    for it instead of computing it again: twenty clients opening the same hub actor's page after a
    commit cost one profile, not twenty competing for the same cores."""

    def __init__(self, version: DataVersion, size: int = 256):
        self.version, self.size = version, size
        self._entries: OrderedDict[Any, tuple[Any, Any]] = OrderedDict()
        self._flights: dict[tuple[Any, Any], _Flight] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any], version: Any = None) -> Any:
        version = self.version.current() if version is None else version
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == version:
                self._entries.move_to_end(key)
                return hit[1]
            flight = self._flights.get((key, version))
            leading = flight is None
            if leading:
                flight = self._flights[(key, version)] = _Flight()
        if not leading:
            flight.done.wait()
            return compute() if flight.failed else flight.value  # the leader's error is its own to report
        try:
            flight.value = compute()
        except BaseException:
            flight.failed = True
            raise
        finally:
            with self._lock:
                if not flight.failed:
                    self._entries[key] = (version, flight.value)
                    self._entries.move_to_end(key)
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
                del self._flights[(key, version)]
            flight.done.set()
        return flight.value


class Searches:
    """Article searches over one store: pages of hits, and each search's total, facets and counts per month.

    Filters, totals, facets and counts come from a FacetIndex (numpy arrays of every article's
    values) while it is current, otherwise from SQL while it is rebuilt in the background after a
    commit. Words are matched by the full-text index; on SQLite the best matches are ranked among
    the RANK_WINDOW most recently stored matching articles (as `newsgraph search`), since ranking
    every match of a common word costs time in proportion to the corpus. On a SQLite file both come
    from a WordIndex (FTS5's postings in numpy arrays, same matches and bm25 order) once it is read
    (in the background at start-up) and while it holds the current data version, else from FTS5.
    The last `size` summaries are kept (least recently used out first) until the store's data
    version changes: nothing is ever answered from data older than the last commit."""

    def __init__(self, store: Store, size: int = 256):
        self.store, self.size = store, size
        self.version = DataVersion(store)
        self.index: FacetIndex | None = None
        self.words: WordIndex | None = None
        self._words_path = fts_path(store)
        self._words_lock = threading.Lock()
        self.summaries = VersionedLRU(self.version, size)
        self.pages = VersionedLRU(self.version, size)  # pages of hits
        self.masks = VersionedLRU(self.version, 16)  # matching articles (an array over pks, 1 byte each)
        self.after_build: Callable[[FacetIndex], None] | None = None  # more work per data version (warm caches)
        self._lock = threading.Lock()
        self._building = False
        self._next_build = 0.0  # monotonic time before which no rebuild starts (an ingest commits often)

    def build_index(self, after_in_background: bool = False) -> None:
        """Read the facet index now, then bring the word index to it and run `after_build`, here or in a
        thread of its own (the server reads the facet index at start-up before it listens, the word
        index in the background while FTS5 answers; afterwards rebuilds run in the background)."""
        version = self.version.settled()  # read first: a commit during the build makes the index stale at once
        started = time.monotonic()
        index = FacetIndex(self.store, version)
        with self._lock:
            self.index = index

        def after() -> None:
            self._refresh_words()
            if self.after_build is not None:
                self.after_build(index)

        if after_in_background:
            threading.Thread(target=after, name="after-index", daemon=True).start()
        else:
            after()
        with self._lock:
            self._next_build = time.monotonic() + 3 * (time.monotonic() - started)  # busy a quarter of the time at most

    def _current(self) -> tuple[Any, FacetIndex | None]:
        version = self.version.current()
        index = self.index
        if index is not None and index.version == version:
            return version, index
        with self._lock:
            start = not self._building and time.monotonic() >= self._next_build
            self._building = self._building or start
        if start:
            threading.Thread(target=self._rebuild, name="facet-index", daemon=True).start()
        return version, None

    def state(self) -> str:
        """"ready" when searches are answered from the facet and word indexes (both at the current data
        version), "building" while SQL answers, "none" when there is no word index to build (not SQLite).
        Asking starts a rebuild that is due, as a search does: a server whose last search came while
        rebuilds were held back (an ingest commits often) would otherwise say "building" until the next."""
        if self._words_path is None:
            return "none"
        version, index = self._current()
        words = self.words
        return "ready" if index is not None and words is not None and words.version == version else "building"

    def _refresh_words(self) -> None:
        """Bring the word index to the facet index's version (read whole the first time, then from the
        last one). One refresh at a time, each to the newest facet index: the start-up read and a
        rebuild after an early commit may overlap, and the later one must not leave an older label."""
        if self._words_path is None:
            return
        with self._words_lock:
            version = self.index.version if self.index is not None else None
            old = self.words
            if old is not None and old.version == version:
                return
            try:
                self.words = (old.updated(self._words_path, version) if old is not None
                              else WordIndex.read(self._words_path, version))
            except sqlite3.Error:  # searches go on through FTS5 (the index keeps its old label)
                log.exception("the word index could not be read; searching through FTS5")

    def _terms(self, words: str, version: Any) -> tuple[WordIndex | None, list[str] | None]:
        """The current word index and the query's terms in it, or (None, None): ask FTS5."""
        index = self.words
        if index is None or index.version != version:
            return None, None
        terms = index.terms_of(queries.query_words(words))
        return (index, terms) if terms is not None else (None, None)

    def _word_matches(self, words: str, version: Any) -> np.ndarray:
        index, terms = self._terms(words, version)
        return index.matches(terms) if index is not None else views.word_matches(self.store, words)

    def _rebuild(self) -> None:
        try:
            self.build_index()
        finally:
            self._building = False

    def _mask(self, index: FacetIndex, filters: ArticleFilters, version: Any):
        """The articles matching `filters` (the hits and the summary of one search both need them)."""
        words = _words(filters)
        return self.masks.get(_key(filters), lambda: index.matching(
            filters, self._word_matches(words, version) if words else None), version)

    def hits(self, filters: ArticleFilters, limit: int, offset: int) -> list[Row]:
        version, index = self._current()
        words = _words(filters)
        if index is None or (words and self.store.dialect != "sqlite"):  # Postgres ranks by ts_rank in SQL
            return views.articles(self.store, filters, limit=limit, offset=offset)

        def compute() -> list[Row]:
            mask = self._mask(index, filters, version)
            counts = (index.quotes, index.events)
            if not words:
                return views.articles_at(self.store, index.newest(mask, limit, offset), counts=counts)
            window = np.flatnonzero(mask)[-max(RANK_WINDOW, limit + offset):]
            if not len(window):
                return []
            word_index, terms = self._terms(words, version)
            if word_index is not None:
                ranked = word_index.ranked(terms, window)[offset:offset + limit].tolist()
                return views.articles_at(self.store, ranked, words, counts)

            def ranked_hits(rows: int | None) -> tuple[int, np.ndarray]:
                found = np.asarray(views.ranked_word_matches(self.store, words, int(window[0]), rows), dtype=np.int64)
                known = found[found < index.size]
                return len(found), known[mask[known]]

            # words alone: every match in the window is a hit, so SQLite need return only the page's rows
            # (with filters, the matches they exclude come back too and are dropped here)
            wanted = offset + limit if set(filters.active()) == {"q"} else None
            returned, ranked = ranked_hits(wanted)
            if wanted is not None and len(ranked) < wanted and returned == wanted:  # a commit since the index
                _, ranked = ranked_hits(None)
            return views.articles_at(self.store, ranked[offset:offset + limit].tolist(), words, counts)

        return self.pages.get((_key(filters), limit, offset), compute, version)

    def summary(self, filters: ArticleFilters) -> Row:
        version, index = self._current()

        def compute() -> Row:
            if index is not None:
                return index.summary(self._mask(index, filters, version))
            return {"total": views.count_articles(self.store, filters), "facets": views.facets(self.store, filters),
                    "counts": views.counts_over_time(self.store, filters)}

        return self.summaries.get(_key(filters), compute, version)

    def close(self) -> None:
        self.version.close()


def _key(filters: ArticleFilters) -> tuple:
    return tuple(sorted(filters.active().items()))


def _words(filters: ArticleFilters) -> str | None:
    return filters.q if filters.q and re.search(r"\w", filters.q) else None


def search(store: Store, filters: ArticleFilters, token: str | None, limit: int, searches: Searches,
           summaries: bool = True) -> Row:
    """A page of hits; with `summaries` also the total, the facets and the counts per month."""
    out = listing(article_fetch(store, filters, searches), token, limit)
    out["query"] = filters.active()
    out.update(searches.summary(filters) if summaries else {"total": None, "facets": {}, "counts": []})
    return out


def article(store: Store, article_id: str) -> Row:
    record = views.article(store, article_id)
    if record is None:
        raise NewsgraphError(ErrorCode.NOT_FOUND, f"no article with id {article_id!r}")
    record["speakers"] = markup.speakers(record)
    return record


def quote_fetch(store: Store, **filters: Any) -> Fetch:
    queries.check_filters(**filters)
    return lambda limit, offset: queries.quotes(store, limit=limit, offset=offset, **filters)


def event_fetch(store: Store, **filters: Any) -> Fetch:
    queries.check_filters(**filters)
    return lambda limit, offset: queries.events(store, limit=limit, offset=offset, **filters)


def actor_fetch(store: Store, name: str | None) -> Fetch:
    return lambda limit, offset: views.actor_list(store, name, limit=limit, offset=offset)


def story_fetch(store: Store) -> Fetch:
    return lambda limit, offset: views.stories(store, limit=limit, offset=offset)


def warm_actor_profiles(store: Store, recent: VersionedLRU, index: FacetIndex, count: int) -> None:
    """Compute the profiles of the `count` actors in events of the most articles into `recent`, labelled
    with the index's data version: a hub's profile costs about a second of SQL at 100,000 articles (it
    reads each of its ~100,000 event sides and their counterparts), the rest's a few milliseconds.
    Stops as soon as the store has moved on (those answers would be labelled stale anyway)."""
    for actor_id in index.busiest_actors(count):
        if recent.version.current() != index.version:
            return
        recent.get(("actor", actor_id), lambda: views.actor_profile(store, actor_id), index.version)


def actor(store: Store, actor_id: str, recent: VersionedLRU | None = None) -> Row:
    """An actor's profile; `recent` keeps the latest ones (an actor's page, API, timeline and
    counterparts read the same profile, which costs most for the actors with the most events)."""
    found = views.resolve_actor_id(store, actor_id)
    profile = None
    if found:
        profile = (recent.get(("actor", found), lambda: views.actor_profile(store, found)) if recent
                   else views.actor_profile(store, found))
    if profile is None:
        raise NewsgraphError(ErrorCode.NOT_FOUND, f"no actor with id {actor_id!r}")
    return profile


def overview(store: Store, recent: VersionedLRU) -> Row:
    """How much the store holds (four counts over the biggest tables: kept until the next commit)."""
    return recent.get(("overview",), lambda: views.overview(store))


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
