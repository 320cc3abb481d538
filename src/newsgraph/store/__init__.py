"""The knowledge store: schema and migrations, the single writer, queries and exports.

    from newsgraph.store import open_store, ingest_records
    with open_store("sqlite:///newsgraph.db") as store:
        counts = ingest_records(store, records)
"""
from __future__ import annotations

from newsgraph.store.engine import DEFAULT_URL, Store, open_store
from newsgraph.store.writer import IngestCounts, Writer, ingest_records

__all__ = ["DEFAULT_URL", "IngestCounts", "Store", "Writer", "ingest_records", "open_store"]
