"""Helpers the store's tests import (test modules import these, never conftest: the conftest
modules of several test folders share one module name)."""
from __future__ import annotations

import copy


def synthetic_records(records: list[dict], n: int) -> list[dict]:
    """`n` distinct records made from `records`: new ids and URLs, a numbered line appended to the text."""
    out = []
    for i in range(n):
        record = copy.deepcopy(records[i % len(records)])
        record["id"] = f"{record['id']}-{i}"
        record["url"] = f"https://synthetic.example/{record['id']}"
        record["text"] = record["text"] + f"\n\nSynthetic copy {i}."
        out.append(record)
    return out
