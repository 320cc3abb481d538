"""FacetIndex: every article's filterable values in numpy arrays, so that a search's filters, total,
facets and counts per month take a few array operations over its matching articles instead of a
group-by per facet over joins of millions of rows (quotes, events, event sides).

It is read from the store in one pass and labelled with the store's data version (see
`freshness.DataVersion`); callers use it only while that version is unchanged, so its answers are
those of `views.count_articles`, `views.facets`, `views.counts_over_time` and the filters of
`views.articles` (tests/serve/test_facet_index.py compares them on every filter).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sqlalchemy import select

from newsgraph.store import schema as t
from newsgraph.store.engine import Store
from newsgraph.store.views import ArticleFilters

Row = dict[str, Any]
MAX_CELLS = 1 << 16  # (months + 1) x (sources + 1) up to which one bincount counts both
PRODUCT_SHARE = 1 / 8  # above this share of articles matched, a sparse product counts faster than gathering their pairs
_SEP = "\x1f"  # joins an event's type and status into one value: both filters must hold for the same event
_NULL = "\x1e"  # a NULL inside a per-article list of values


class _Column:
    """One column's values as codes: the distinct values sorted (so code order is value order, and SQL's
    tie-break on the value is a tie-break on the code), -1 for NULL."""

    def __init__(self, values: Sequence[str | None]):
        self.values = sorted(set(values) - {None, _NULL})
        code = {value: i for i, value in enumerate(self.values)}
        code[None] = code[_NULL] = -1
        self.codes = np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))
        self.code = code

    def __len__(self) -> int:
        return len(self.values)


class _Pairs:
    """(article pk, value code) pairs of a facet an article can have many values of, each pair once,
    sorted by pk and laid out both ways: the pairs of one article (`starts`, for counting a search's
    few thousand matches without reading millions of pairs) and the articles of one value (`by_code`)."""

    def __init__(self, pks: np.ndarray, column: _Column, size: int):
        keep = (column.codes >= 0) & (pks >= 0)
        width = max(len(column), 1)
        keys = np.sort(pks[keep] * width + column.codes[keep])
        unique = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
        self.pks, self.codes, self.column = unique // width, unique % width, column
        self.starts = np.searchsorted(self.pks, np.arange(size + 1))  # article pk's pairs: starts[pk]:starts[pk + 1]
        by_code = np.argsort(self.codes, kind="stable")
        self.by_code = self.pks[by_code]  # value code c's articles, in pk order: by_code[code_starts[c]:code_starts[c + 1]]
        self.code_starts = np.searchsorted(self.codes[by_code], np.arange(width + 1))
        self.sets = _ValueSets(self.pks, self.codes, size, width) if width <= _ValueSets.MAX_VALUES else None
        # (value x article) 0/1 matrix: a search of many articles counts with one sparse product over
        # every pair, in scipy's C loop (a third of numpy's passes over the same pairs)
        self.matrix = None if self.sets is not None else sparse.csr_matrix(
            (np.ones(len(self.pks), dtype=np.int32), (self.codes, self.pks)), shape=(width, size))

    def articles_with(self, value: str | None, size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        code = self.column.code.get(value)
        if code is not None and code >= 0:
            mask[self.by_code[self.code_starts[code]:self.code_starts[code + 1]]] = True
        return mask

    def counts(self, chosen: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Articles per value code among the articles `chosen` (the pks where `mask` holds, ascending)."""
        if self.sets is not None:
            return self.sets.counts(chosen)
        if len(chosen) > PRODUCT_SHARE * len(mask):
            return (self.matrix @ mask.astype(np.int32)).astype(np.int64)
        return np.bincount(self.codes_of(chosen, mask), minlength=self.matrix.shape[0])

    def codes_of(self, chosen: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The value codes of the pairs of the articles `chosen` (the pks where `mask` holds, ascending);
        `counts` asks for them only when few articles match (a product counts many faster)."""
        first = self.starts[chosen]
        lengths = self.starts[chosen + 1] - first
        ends = np.cumsum(lengths)
        # positions first[i], first[i] + 1, ... for each chosen article, without a Python loop
        return self.codes[np.repeat(first - ends + lengths, lengths) + np.arange(ends[-1] if len(ends) else 0)]


class _ValueSets:
    """A facet of few values (event types, statuses) as each article's set of values, one code per
    distinct set: a search's counts are one bincount over its articles' set codes, whatever their
    number, then a product with the (sets x values) table, where its pairs would be many more."""
    MAX_VALUES = 62  # a set is a bit mask in an int64

    def __init__(self, pks: np.ndarray, codes: np.ndarray, size: int, width: int):
        bits = np.zeros(size, dtype=np.int64)
        np.add.at(bits, pks, np.left_shift(1, codes))  # each (article, value) pair once: the sum is the union
        masks, self.set_of = np.unique(bits, return_inverse=True)
        self.table = ((masks[:, None] >> np.arange(width)) & 1).astype(np.int64)  # set code -> 0/1 per value

    def counts(self, chosen: np.ndarray) -> np.ndarray:
        return np.bincount(self.set_of[chosen], minlength=len(self.table)) @ self.table


def _top(counts: np.ndarray, top: int) -> np.ndarray:
    """Codes with the highest counts, ties to the smaller value (= code), as SQL's `ORDER BY n DESC, value`."""
    present = np.flatnonzero(counts)
    return present[np.lexsort((present, -counts[present]))[:top]]


class FacetIndex:
    def __init__(self, store: Store, version: Any):
        self.version = version
        a, ac = t.articles.c, t.actors.c
        with store.engine.connect() as conn:
            # millions of rows: through the driver's own cursor, as plain tuples (no SQLAlchemy rows)
            pks, ids, published, sources = _columns(conn, select(a.pk, a.id, a.published, a.source), 4)
            quote_ids, quote_n, (speakers,) = _per_article(conn, "quotes", ["speaker_actor_id"])
            event_ids, event_n, (types, statuses) = _per_article(conn, "events", ["type", "status"])
            side_ids, side_n, (sides,) = _per_article(conn, "event_participants", ["actor_id"],
                                                      "WHERE actor_id IS NOT NULL")
            self.names = dict(conn.execute(select(ac.id, ac.name)).all())
        self.size = size = max(pks, default=0) + 1
        pk_array = np.asarray(pks, dtype=np.int64)
        self.exists = np.zeros(size, dtype=bool)
        self.exists[pk_array] = True
        pk_of: defaultdict[str, int] = defaultdict(lambda: -1, zip(ids, pks))  # -1: a row whose article is not stored

        def article_pks(article_ids: Sequence[str]) -> np.ndarray:
            return np.fromiter(map(pk_of.__getitem__, article_ids), dtype=np.int64, count=len(article_ids))

        self.published = _Column(published)
        self.pub = np.full(size, -1, dtype=np.int64)
        self.pub[pk_array] = self.published.codes
        self.months = sorted({value[:7] for value in self.published.values})
        self.month_of = np.asarray([bisect_left(self.months, v[:7]) for v in self.published.values] or [0], dtype=np.int64)
        self.sources = _Column(sources)
        self.source = np.full(size, -1, dtype=np.int64)
        self.source[pk_array] = self.sources.codes
        self.id_rank = np.zeros(size, dtype=np.int64)
        self.id_rank[pk_array[np.argsort(np.asarray(ids, dtype=object), kind="stable")]] = np.arange(len(ids))

        self.quotes = np.zeros(size, dtype=np.int64)
        self.events = np.zeros(size, dtype=np.int64)
        for counts, article_ids, n in ((self.quotes, quote_ids, quote_n), (self.events, event_ids, event_n)):
            found = article_pks(article_ids)
            counts[found[found >= 0]] = np.asarray(n, dtype=np.int64)[found >= 0]
        quote_pks, event_pks, side_pks = (np.repeat(article_pks(ids), np.asarray(n, dtype=np.int64))
                                          for ids, n in ((quote_ids, quote_n), (event_ids, event_n), (side_ids, side_n)))
        self.pairs = {
            "speaker": _Pairs(quote_pks, _Column(speakers), size),
            "actor": _Pairs(side_pks, _Column(sides), size),
            "type": _Pairs(event_pks, _Column(types), size),
            "status": _Pairs(event_pks, _Column(statuses), size),
            "type+status": _Pairs(event_pks, _Column([f"{ty}{_SEP}{st}" if ty != _NULL and st != _NULL else _NULL
                                                      for ty, st in zip(types, statuses)]), size),
        }
        # speakers and event sides count in the facets only when they are stored actors (SQL joins `actors`)
        self.counted = {name: np.asarray([v in self.names for v in self.pairs[name].column.values] or [False])
                        for name in ("speaker", "actor")}
        # each article's month and source as one small code (undated / no source: one bin past the last),
        # and its numbers of quotes and events as the float weights bincount reads
        month_code = np.where(self.pub >= 0, self.month_of[np.maximum(self.pub, 0)], len(self.months))
        source_code = np.where(self.source >= 0, self.source, len(self.sources))
        self.month_code, self.source_code = month_code.astype(np.int32), source_code.astype(np.int32)
        self.cells = (len(self.months) + 1) * (len(self.sources) + 1)
        # (month, source) as one code, counted by one bincount, while there are few such cells
        self.cell = (month_code * (len(self.sources) + 1) + source_code).astype(np.int32) if self.cells <= MAX_CELLS else None
        self.quote_weights, self.event_weights = self.quotes.astype(np.float64), self.events.astype(np.float64)
        self.count = int(self.exists.sum())
        self.all = self._tallies(np.flatnonzero(self.exists), self.exists)  # every article's (see summary)

    # --- filters --------------------------------------------------------------------------------

    def matching(self, filters: ArticleFilters, word_matches: np.ndarray | None) -> np.ndarray:
        """Boolean mask over pks of the articles matching `filters`; `word_matches`: the pks of the articles
        containing the words of `filters.q` (from the full-text index), None without words."""
        mask = self.exists.copy()
        if word_matches is not None:
            words = np.zeros(self.size, dtype=bool)
            found = np.asarray(word_matches, dtype=np.int64)
            words[found[(found >= 0) & (found < self.size)]] = True
            mask &= words
        f = filters
        if f.source:
            mask &= self.source == self.sources.code.get(f.source, -2)
        if f.since:
            mask &= self.pub >= bisect_left(self.published.values, f.since)
        if f.until:
            mask &= (self.pub >= 0) & (self.pub < bisect_right(self.published.values, f.until + "\uffff"))
        if f.speaker:
            mask &= self.pairs["speaker"].articles_with(f.speaker, self.size)
        if f.actor:
            mask &= self.pairs["actor"].articles_with(f.actor, self.size)
        if f.type and f.status:
            mask &= self.pairs["type+status"].articles_with(f"{f.type.upper()}{_SEP}{f.status.lower()}", self.size)
        elif f.type:
            mask &= self.pairs["type"].articles_with(f.type.upper(), self.size)
        elif f.status:
            mask &= self.pairs["status"].articles_with(f.status.lower(), self.size)
        return mask

    def newest(self, mask: np.ndarray, limit: int, offset: int) -> list[int]:
        """Pks of matching articles, newest first (undated last, then by id), as `views.articles` without words."""
        chosen = np.flatnonzero(mask)
        pub = self.pub[chosen]
        order = np.lexsort((self.id_rank[chosen], -pub, pub < 0))
        return chosen[order[offset:offset + limit]].tolist()

    def busiest_actors(self, count: int) -> list[str]:
        """Ids of the stored actors taking part in events of the most articles, most first."""
        pairs = self.pairs["actor"]
        counts = np.bincount(pairs.codes, minlength=len(pairs.column))
        counts = np.where(self.counted["actor"][:len(counts)], counts, 0) if len(counts) else counts
        return [pairs.column.values[c] for c in _top(counts, count)]

    # --- summaries ------------------------------------------------------------------------------

    def _tallies(self, chosen: np.ndarray, mask: np.ndarray) -> dict[str, np.ndarray]:
        """Everything a summary counts among the articles `chosen` (the pks where `mask` holds), each a
        sum over those articles, so that the tallies of a set are those of all articles minus the rest's."""
        months = self.month_code[chosen]
        if self.cell is not None:
            found = {"cells": np.bincount(self.cell[chosen], minlength=self.cells)}
        else:
            found = {"months": np.bincount(months, minlength=len(self.months) + 1),
                     "sources": np.bincount(self.source_code[chosen], minlength=len(self.sources) + 1)}
        found["quotes"] = np.bincount(months, weights=self.quote_weights[chosen], minlength=len(self.months) + 1)
        found["events"] = np.bincount(months, weights=self.event_weights[chosen], minlength=len(self.months) + 1)
        for name in ("speaker", "actor", "type", "status"):
            found[name] = self.pairs[name].counts(chosen, mask)
        return found

    def summary(self, mask: np.ndarray, top: int = 12) -> Row:
        """The total, facets (as `views.facets`) and counts per month (as `views.counts_over_time`) of the
        articles where `mask` holds (stored ones, as `matching` gives). A search matching most articles
        is counted as all articles minus the others: its cost follows the smaller of the two sets."""
        chosen = np.flatnonzero(mask)
        if 2 * len(chosen) > self.count:
            rest = self.exists & ~mask
            tallies = {name: self.all[name] - part for name, part in self._tallies(np.flatnonzero(rest), rest).items()}
        else:
            tallies = self._tallies(chosen, mask)
        if "cells" in tallies:
            cells = tallies["cells"].reshape(len(self.months) + 1, len(self.sources) + 1)
            per_month, per_source = cells[:-1].sum(axis=1), cells[:, :-1].sum(axis=0)
        else:
            per_month, per_source = tallies["months"][:-1], tallies["sources"][:-1]
        facets: dict[str, list[Row]] = {
            "date": sorted(({"value": self.months[c], "count": int(per_month[c])} for c in _top(per_month, top)),
                           key=lambda r: r["value"], reverse=True)}
        facets["source"] = [{"value": self.sources.values[c], "count": int(per_source[c])} for c in _top(per_source, top)]
        for name in ("speaker", "actor", "type", "status"):
            values = self.pairs[name].column.values
            counts = tallies[name]
            if name in self.counted and len(counts):
                counts = np.where(self.counted[name][:len(counts)], counts, 0)
            rows = [{"value": values[c], "count": int(counts[c])} for c in _top(counts, top)]
            if name in self.counted:
                rows = [{"value": r["value"], "label": self.names[r["value"]], "count": r["count"]} for r in rows]
            facets[name] = rows
        quotes, events = tallies["quotes"], tallies["events"]
        counts_ = [{"period": self.months[c], "articles": int(per_month[c]), "quotes": int(round(quotes[c])),
                    "events": int(round(events[c]))} for c in np.flatnonzero(per_month)]
        return {"total": int(len(chosen)), "facets": facets, "counts": counts_}


def _per_article(conn, table: str, columns: list[str], where: str = "") -> tuple[Sequence, Sequence, list[list]]:
    """A child table read grouped by article (in its key's order, so without a sort): the article ids,
    their numbers of rows and, per column, every row's value (NULL as _NULL), article after article.
    A hundred thousand rows of joined values instead of millions of rows: far less for the driver."""
    if conn.dialect.name == "sqlite":
        joined = [f"group_concat(coalesce({c}, char(30)), char(31))" for c in columns]
    else:
        joined = [f"string_agg(coalesce({c}, chr(30)), chr(31))" for c in columns]
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(f"SELECT article_id, count(*), {', '.join(joined)} FROM {table} {where} GROUP BY article_id")
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return (), (), [[] for _ in columns]
    ids, counts, *lists = zip(*rows)
    return ids, counts, [_SEP.join(values).split(_SEP) for values in lists]


def _columns(conn, query, width: int) -> list[Sequence]:
    """The query's result as columns (tuples), `width` of them even when there are no rows."""
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(str(compiled))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return list(zip(*rows)) if rows else [()] * width
