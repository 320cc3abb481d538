"""The SQLite store opens in Datasette as it is: tables browsable, full-text search detected."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from datasette.app import Datasette

from newsgraph.store import ingest_records, open_store


def _get(ds: Datasette, path: str):
    # A thread of its own: the browser tests may leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, ds.client.get(path)).result()


def test_store_opens_in_datasette_with_its_tables_and_full_text_search(record, tmp_path):
    path = tmp_path / "newsgraph.db"
    with open_store(f"sqlite:///{path}") as store:
        assert ingest_records(store, iter([record])).failed == 0
    ds = Datasette([str(path)])

    tables = {t["name"] for t in _get(ds, "/newsgraph.json").json()["tables"]}
    assert {"articles", "quotes", "events", "actors", "event_participants"} <= tables

    quotes = _get(ds, "/newsgraph/quotes.json?_shape=array").json()
    assert [(q["text"], q["speaker_name"]) for q in quotes] == [("sanctions work", "Antony Blinken")]

    found = _get(ds, "/newsgraph/articles.json?_search=sanctioned&_shape=array").json()
    assert [a["id"] for a in found] == [record["id"]]
    assert _get(ds, "/newsgraph/articles.json?_search=zebra&_shape=array").json() == []
