"""The facet index gives the SQL queries' answers (filters, order, totals, facets, counts), and searches
are never answered from data older than the last commit."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from serve_fixtures import build_store, hand_records

from newsgraph.serve.data import Searches
from newsgraph.serve.facet_index import FacetIndex
from newsgraph.serve.freshness import DataVersion
from newsgraph.serve.readonly import open_read_only
from newsgraph.store import ingest_records, open_store, views
from newsgraph.store.views import ArticleFilters

FILTERS = [ArticleFilters(), ArticleFilters(q="sanctions"), ArticleFilters(q="Blinken Kuleba"),
           ArticleFilters(q="nothing-like-this"), ArticleFilters(source="Wire"), ArticleFilters(type="CONSULT"),
           ArticleFilters(status="asserted", since="2024-05", until="2024-05"),
           ArticleFilters(q="sanctions", speaker="person:antony-blinken"), ArticleFilters(actor="person:dmytro-kuleba"),
           ArticleFilters(q="copy", since="2024-02-03", until="2024-02-10")]


def sql_summary(store, filters: ArticleFilters) -> dict:
    return {"total": views.count_articles(store, filters), "facets": views.facets(store, filters),
            "counts": views.counts_over_time(store, filters)}


@pytest.fixture(scope="module")
def store(hand_store_url):
    with open_read_only(hand_store_url) as read_only:
        yield read_only


def index_mask(index: FacetIndex, store, filters: ArticleFilters):
    return index.matching(filters, views.word_matches(store, filters.q) if filters.q else None)


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f.active()))
def test_index_answers_as_sql(store, filters):
    index = FacetIndex(store, version=None)
    expected = sql_summary(store, filters)
    assert expected["total"] or filters.q == "nothing-like-this"  # the filters select something
    assert index.summary(index_mask(index, store, filters)) == expected


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f.active()))
def test_hits_come_in_the_order_sql_gives(store, filters):
    searches = Searches(store)
    searches.build_index()
    for limit, offset in ((5, 0), (7, 3), (50, 0)):
        assert searches.hits(filters, limit, offset) == views.articles(store, filters, limit=limit, offset=offset)
    searches.close()


def test_facets_break_ties_and_cut_like_sql(store):
    index = FacetIndex(store, version=None)
    everything = index_mask(index, store, ArticleFilters())
    for top in (1, 2, 3):
        assert index.summary(everything, top=top)["facets"] == views.facets(store, top=top)


def test_searches_matching_most_articles_count_as_all_minus_the_rest(store):
    index = FacetIndex(store, version=None)
    assert index.count > 4
    rng = np.random.default_rng(3)
    direct = copy.copy(index)
    direct.count = 2 * index.size + 1  # never "most articles": every set counted directly
    for share in (0.5, 0.7, 0.9, 1.0):
        for _ in range(5):
            mask = index.exists & (rng.random(index.size) < share)
            assert index.summary(mask) == direct.summary(mask)


def _record(i: int) -> dict:
    record = copy.deepcopy(hand_records(copies=0)[1])  # the Blinken-Kuleba meeting
    record.update(id=f"later-{i}", url=f"https://z.example/later-{i}", source="Courier", published="2025-01-02",
                  text=record["text"].replace("Kyiv", f"Kyiv{i}"))
    return record


def test_summaries_follow_every_commit(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, hand_records(copies=3))
    with open_read_only(url) as store:
        searches = Searches(store)
        searches.build_index()
        assert searches.index is not None
        filters = ArticleFilters(q="Kuleba")
        before = searches.summary(filters)
        assert before == sql_summary(store, filters) and before["total"] == 1
        assert searches.summary(filters) is before  # cached while nothing is committed
        version = searches.version.current()
        with open_store(url) as writer:
            ingest_records(writer, [_record(1), _record(2)])
        assert searches.version.current() != version
        after = searches.summary(filters)  # the index is stale now: SQL answers, the index rebuilds behind
        assert after["total"] == 3 and after == sql_summary(store, filters)
        assert {"value": "Courier", "count": 2} in after["facets"]["source"]
        assert [r["id"] for r in searches.hits(ArticleFilters(source="Courier"), 5, 0)] == ["later-1", "later-2"]
        searches.build_index()
        assert searches.index.version == searches.version.current()
        assert searches.summary(ArticleFilters(source="Courier"))["total"] == 2
        assert [r["id"] for r in searches.hits(ArticleFilters(source="Courier"), 5, 0)] == ["later-1", "later-2"]
        searches.close()


def test_data_version_is_steady_without_commits(hand_store_url):
    with open_read_only(hand_store_url) as store:
        version = DataVersion(store)
        assert version.current() == version.current()
        version.close()


def test_recent_answers_are_kept_until_a_commit(tmp_path):
    from newsgraph.serve.data import VersionedLRU, actor, overview

    url = f"sqlite:///{tmp_path / 'store.db'}"
    build_store(url, hand_records(copies=1))
    with open_read_only(url) as store:
        recent = VersionedLRU(DataVersion(store), size=2)
        first = overview(store, recent)
        assert overview(store, recent) is first
        kuleba = actor(store, "person:dmytro-kuleba", recent)
        assert actor(store, "person:dmytro-kuleba", recent) is kuleba and kuleba["quote_count"] == 0
        with open_store(url) as writer:
            ingest_records(writer, [_record(1)])
        assert overview(store, recent)["articles"] == first["articles"] + 1
        assert actor(store, "person:dmytro-kuleba", recent)["event_count"] == kuleba["event_count"] + 1
        recent.version.close()


def test_index_answers_as_sql_on_postgres(postgres_url):
    with open_read_only(postgres_url) as pg:
        index = FacetIndex(pg, version=None)
        for filters in FILTERS:
            assert index.summary(index_mask(index, pg, filters)) == sql_summary(pg, filters), filters.active()
        version = DataVersion(pg)
        assert version.current() == version.current()  # the snapshot, as text: steady without commits
        version.close()


def test_busiest_actors_are_those_in_events_of_the_most_articles(store):
    index = FacetIndex(store, version=None)
    with store.engine.connect() as conn:
        expected = [row[0] for row in conn.exec_driver_sql(
            "SELECT p.actor_id FROM event_participants p JOIN actors a ON a.id = p.actor_id "
            "GROUP BY p.actor_id ORDER BY count(DISTINCT p.article_id) DESC, p.actor_id LIMIT 3")]
    assert len(expected) == 3 and index.busiest_actors(3) == expected
