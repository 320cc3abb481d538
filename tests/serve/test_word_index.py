"""The word index answers as FTS5 does: the same matching articles, in the same bm25 order, and it
follows commits (new articles appended, replaced ones dropped) to what a fresh read gives."""
from __future__ import annotations

import random
import re
import sqlite3

import numpy as np
import pytest
from serve_fixtures import build_store

from newsgraph.serve.data import Searches
from newsgraph.serve.readonly import open_read_only
from newsgraph.serve.word_index import WordIndex, varints
from newsgraph.store import ingest_records, open_store, views
from newsgraph.store.queries import _fts5_query
from newsgraph.store.views import ArticleFilters

WORDS = ["sanctions", "sanction", "sanctioned", "talks", "minister", "ministers", "café", "Cafe", "drone", "attack",
         "Kyiv", "the", "running", "runs", "ceasefire", "Élysée"]
QUERIES = ["sanctions", "sanction talks", "talks talks", "café", "CAFE drone", "running", "Kyiv attack minister",
           "the", "elysee ministers", "nothing-like-this", "sanctioned: the (drone)*"]


def word_records(count: int, seed: int, prefix: str = "w") -> list[dict]:
    """Articles of random lengths over a few words (and their stems, accents, cases): varied bm25 scores."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60))) + "."
        records.append({"id": f"{prefix}{i}", "url": f"https://w.example/{prefix}{i}", "title": rng.choice(WORDS),
                        "text": text, "published": f"2024-0{1 + i % 9}-01", "source": "Wire", "byline": None,
                        "language": "en", "boilerplate": [], "entities": [], "quotes": [], "events": []})
    return records


@pytest.fixture
def word_store(tmp_path) -> str:
    path = tmp_path / "words.db"
    build_store(f"sqlite:///{path}", word_records(150, seed=5))
    return str(path)


def fts5(path: str, words: str, lowest: int = 0) -> list[int]:
    """FTS5's own answer: rowids from `lowest` on holding every word, best first."""
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? "
                                         "ORDER BY rank, rowid", (_fts5_query(words), lowest))]


def check_as_fts5(index: WordIndex, path: str) -> None:
    for query in QUERIES:
        terms = index.terms_of(re.findall(r"\w+", query))
        assert terms is not None, query
        found = index.matches(terms)
        assert found.tolist() == sorted(fts5(path, query)), query
        for window in (found, found[len(found) // 2:], found[-3:]):
            if len(window):
                assert index.ranked(terms, window).tolist() == fts5(path, query, int(window[0])), query


def test_matches_and_bm25_order_are_fts5s(word_store):
    index = WordIndex.read(word_store, version=None)
    check_as_fts5(index, word_store)
    with sqlite3.connect(word_store) as db:  # the order is decided by scores, not by rowid ties alone
        ranks = [r[0] for r in db.execute("SELECT rank FROM articles_fts WHERE articles_fts MATCH 'sanction'")]
    assert len(set(ranks)) > 10
    assert index.terms_of(["Sanctioned", "CAFÉ"]) == ["sanction", "cafe"]  # porter stems, folded case and accents


def test_words_fts5_reads_as_phrases_are_left_to_it(word_store):
    index = WordIndex.read(word_store, version=None)
    assert index.terms_of(["a_b"]) is None  # two tokens: a phrase
    assert index.terms_of(["_"]) is None  # no token


def arrays_of(index: WordIndex) -> dict:
    postings = {term: tuple(a.tolist() for a in index.postings(term)) for term in index.terms}
    return {"postings": {t: p for t, p in postings.items() if p[0]}, "lengths": np.trim_zeros(index.lengths, "b").tolist(),
            "totals": index.totals}


def test_commits_are_followed_without_reading_everything(word_store, monkeypatch):
    index = WordIndex.read(word_store, version=1)
    with open_store(f"sqlite:///{word_store}") as store:
        ingest_records(store, word_records(40, seed=7, prefix="new"))

    def no_full_read(*_args, **_kwargs):
        raise AssertionError("read whole")

    with monkeypatch.context() as patched:
        patched.setattr(WordIndex, "read", no_full_read)
        updated = index.updated(word_store, version=2)
    assert updated.version == 2 and index.version == 1
    fresh = WordIndex.read(word_store, version=2)
    assert arrays_of(updated) == arrays_of(fresh)
    assert (updated.docs.dtype, updated.counts.dtype) == (np.int32, np.uint16)  # 6 bytes a posting still
    check_as_fts5(updated, word_store)


def test_a_replaced_article_is_followed_even_with_as_many_words(word_store):
    index = WordIndex.read(word_store, version=1)
    first = word_records(1, seed=5)[0]
    words = first["text"].rstrip(".").split()
    swapped = {"drone": "talks", "talks": "drone"}  # the same number of tokens, other words
    changed = dict(first, text=" ".join(swapped.get(w, "Kyiv" if w != "Kyiv" else "attack") for w in words) + ".")
    with open_store(f"sqlite:///{word_store}") as store:  # the writer keeps its pk
        ingest_records(store, [changed] + word_records(5, seed=7, prefix="new"))
    updated = index.updated(word_store, version=2)
    assert arrays_of(updated) == arrays_of(WordIndex.read(word_store, version=2))
    check_as_fts5(updated, word_store)


def test_an_edit_in_place_is_read_whole(word_store):
    index = WordIndex.read(word_store, version=1)
    with sqlite3.connect(word_store) as db:  # not the writer's way (it replaces), but the triggers index it
        db.execute("UPDATE articles SET text = 'ceasefire talks' WHERE pk = 1")
    updated = index.updated(word_store, version=2)
    assert arrays_of(updated) == arrays_of(WordIndex.read(word_store, version=2))
    check_as_fts5(updated, word_store)


def test_varints():
    assert varints(bytes([0x86, 0x8D, 0x20, 0x7F, 0x81, 0x00])) == [100_000, 127, 128]
    assert varints(bytes([0xFF] * 8 + [0x01])) == [(2**56 - 1) << 8 | 1]


def fts5_searches(store) -> Searches:
    """Searches as they are while no word index is current: FTS5 matches and ranks."""
    searches = Searches(store)
    searches._words_path = None
    searches.build_index()
    return searches


def test_searches_answer_from_the_word_index_and_follow_commits(word_store, monkeypatch):
    url = f"sqlite:///{word_store}"
    queries = [ArticleFilters(q="sanctions minister"), ArticleFilters(q="the", since="2024-03"),
               ArticleFilters(q="talks", source="Wire"), ArticleFilters(q="a_b talks")]
    with open_read_only(url) as store:
        searches = Searches(store)
        searches.build_index()
        assert searches.words is not None and searches.words.version == searches.version.current()
        with monkeypatch.context() as patched:
            patched.setattr(views, "word_matches", lambda *_: pytest.fail("asked FTS5"))
            patched.setattr(views, "ranked_word_matches", lambda *_: pytest.fail("asked FTS5"))
            answers = [(searches.hits(f, 7, 3), searches.summary(f)) for f in queries[:3]]
        plain = fts5_searches(store)
        assert answers == [(plain.hits(f, 7, 3), plain.summary(f)) for f in queries[:3]]
        assert searches.hits(queries[3], 5, 0) == plain.hits(queries[3], 5, 0)  # a phrase: FTS5 answers
        with open_store(url) as writer:
            ingest_records(writer, word_records(10, seed=11, prefix="later") + word_records(2, seed=12))
        searches.build_index()
        assert searches.words.version == searches.version.current()
        plain = fts5_searches(store)
        for f in queries:
            assert searches.hits(f, 20, 0) == plain.hits(f, 20, 0) and searches.summary(f) == plain.summary(f)
        searches.close()
        plain.close()


def test_snippets_find_words_as_the_regex_does():
    from newsgraph.store.views import _word_start

    texts = ["Sanctions, said the minister; re-sanctions and SANCTIONS_x.", "x_sanctions sanctions", "ſanctions", "Kyiv's talks",
             "no match here", "talks", "a\u212akelvin kelvin", "“Talks”, said Kyiv’s minister", "İstanbul talks",
             "ıstanbul, istanbul", "café talks", "Éclair eclair", "_talks talks"]
    for text in texts:
        for word in ("sanctions", "SANCTIONS", "talks", "s", "kelvin", "x", "ſ", "Kyiv", "istanbul", "i", "eclair", "café"):
            found = re.search(r"\b" + re.escape(word), text, re.IGNORECASE)
            assert _word_start(text, word) == (found.start() if found else None), (text, word)


def test_the_server_says_when_its_search_index_is_ready(word_store):
    import time

    from fastapi.testclient import TestClient

    from newsgraph.serve import create_app

    with TestClient(create_app(f"sqlite:///{word_store}")) as client:
        deadline = time.monotonic() + 60
        while client.get("/api/overview").json()["search_index"] != "ready":  # read in the background
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert client.get("/api/search", params={"q": "talks"}).json()["total"] == len(fts5(word_store, "talks"))


def test_a_store_path_that_needs_quoting_in_a_uri(tmp_path):
    from newsgraph.serve.word_index import fts_path

    url = f"sqlite:///{tmp_path / 'a store #1%.db'}"
    build_store(url, word_records(5, seed=3))
    with open_read_only(url) as store:
        path = fts_path(store)
    assert path == str(tmp_path / "a store #1%.db")
    index = WordIndex.read(path, version=None)
    assert index.matches(index.terms_of(["talks"])).tolist() == sorted(fts5(path, "talks"))


def test_asking_for_the_state_starts_a_rebuild_no_search_asked_for(word_store):
    """A commit after the last search: the state is "building" until a rebuild runs, and asking for
    the state is enough to start it once it is due."""
    import time

    url = f"sqlite:///{word_store}"
    with open_read_only(url) as store:
        searches = Searches(store)
        searches.build_index()
        assert searches.state() == "ready"
        with open_store(url) as writer:
            ingest_records(writer, word_records(3, seed=21, prefix="after"))
        searches._next_build = 0.0  # the rebuild is due
        deadline = time.monotonic() + 60
        while searches.state() != "ready":
            assert time.monotonic() < deadline, "no rebuild started"
            time.sleep(0.05)
        searches.close()
