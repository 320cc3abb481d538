"""The knowledge store: schema and migrations, the single writer, queries and exports.

    from newsgraph.store import open_store, ingest_records
    with open_store("sqlite:///newsgraph.db") as store:
        counts = ingest_records(store, records)
"""
from __future__ import annotations

from typing import Any

from newsgraph.store.engine import DEFAULT_URL, Store, open_store

_FROM_WRITER = ("IngestCounts", "Writer", "ingest_records")


def __getattr__(name: str) -> Any:
    """The writer is imported when first asked for: it brings the story index (datasketch, scipy),
    which a process that only reads or only commits batches (store/committer.py) does without."""
    if name in _FROM_WRITER:
        from newsgraph.store import writer

        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_URL", "IngestCounts", "Store", "Writer", "ingest_records", "open_store"]
