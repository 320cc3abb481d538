"""Exports: every table as JSONL, CSV or Parquet; events as PLOVER JSONL and a GDELT-style dyadic CSV."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from itertools import product
from pathlib import Path
from typing import Any

from sqlalchemy import Float, Integer, Table, select

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.store import schema as t
from newsgraph.store.engine import Store

FORMATS = ("jsonl", "csv", "parquet")
CHUNK = 5000
QUAD_CLASS = {"VC": 1, "MC": 2, "VX": 3, "MX": 4}  # GDELT's QuadClass numbering
GDELT_COLUMNS = ["GlobalEventID", "SQLDATE", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
                 "Actor2Name", "Actor2CountryCode", "Actor2Type1Code", "PloverType", "PloverMode",
                 "EventRootCode", "QuadClass", "Status", "Confidence", "SOURCEURL", "ArticleID"]


def _rows(store: Store, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns)
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=CHUNK).execute(select(*table.columns).order_by(*order))
        for row in result.mappings():
            yield dict(row)


def _write_jsonl(rows: Iterator[dict], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def _write_csv(rows: Iterator[dict], columns: list[str], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n


def _write_parquet(rows: Iterator[dict], table: Table, path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ModuleNotFoundError as exc:
        raise NewsgraphError(ErrorCode.MISSING_EXTRA, "Parquet export needs pyarrow (newsgraph[parquet])") from exc
    arrow_type = {Integer: pa.int64(), Float: pa.float64()}
    schema = pa.schema([(c.name, next((v for k, v in arrow_type.items() if isinstance(c.type, k)), pa.string()))
                        for c in table.columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        chunk: list[dict] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
        n += len(chunk)
    return n


def export_tables(store: Store, out_dir: str | Path, fmt: str = "jsonl") -> dict[str, int]:
    """Write every table to `out_dir/<table>.<fmt>`; returns rows written per file name."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for table in t.DATA_TABLES:
        path = out / f"{table.name}.{fmt}"
        rows = _rows(store, table)
        if fmt == "jsonl":
            written[path.name] = _write_jsonl(rows, path)
        elif fmt == "csv":
            written[path.name] = _write_csv(rows, [c.name for c in table.columns], path)
        else:
            written[path.name] = _write_parquet(rows, table, path)
    written["events.plover.jsonl"] = _write_jsonl(plover_events(store), out / "events.plover.jsonl")
    written["events.dyadic.csv"] = _write_csv(dyadic_rows(store), GDELT_COLUMNS, out / "events.dyadic.csv")
    return written


def _events_with_sides(store: Store) -> Iterator[tuple[dict, dict[str, list[dict]]]]:
    """Events in (article, event) order, each with its actor and recipient lists (read a chunk at a time)."""
    e, a, p = t.events.c, t.articles.c, t.event_participants.c
    events = (select(*t.events.columns, a.url, a.source, a.published, a.text)
              .join_from(t.events, t.articles, a.id == e.article_id).order_by(e.article_id, e.event_id))
    with store.engine.connect() as conn, store.engine.connect() as side_conn:
        for chunk in conn.execution_options(yield_per=CHUNK).execute(events).mappings().partitions():
            articles = sorted({row["article_id"] for row in chunk})
            sides: dict[tuple[str, str], dict[str, list[dict]]] = {}
            query = (select(t.event_participants).where(p.article_id.in_(articles)).order_by(p.role, p.position))
            for side in side_conn.execute(query).mappings():
                found = sides.setdefault((side["article_id"], side["event_id"]), {"actor": [], "recipient": []})
                found[side["role"]].append(dict(side))
            for event in chunk:
                yield dict(event), sides.get((event["article_id"], event["event_id"]), {"actor": [], "recipient": []})


def plover_events(store: Store) -> Iterator[dict]:
    """Events in the PLOVER event-data shape (one JSON object per event)."""
    for event, sides in _events_with_sides(store):
        sentence = None
        if event["sentence_start"] is not None:
            sentence = event["text"][event["sentence_start"]:event["sentence_end"]]
        yield {
            "id": f"{event['article_id']}:{event['event_id']}", "event_date": event["date"],
            "event_type": event["type"], "event_mode": event["mode"], "quad": event["quad"],
            "status": event["status"], "event_text": sentence, "trigger": event["trigger"],
            "actor": [_side(s) for s in sides["actor"]], "recipient": [_side(s) for s in sides["recipient"]],
            "cameo_root": event["cameo"], "confidence": event["confidence"],
            "source": {"article_id": event["article_id"], "url": event["url"], "outlet": event["source"],
                       "published": event["published"]},
        }


def _side(side: dict) -> dict:
    return {"name": side["name"], "actor_id": side["actor_id"], "country": side["country"], "sector": side["sector"]}


def dyadic_rows(store: Store) -> Iterator[dict]:
    """One row per (actor, recipient) pair, GDELT-style; an event without recipients has one row per actor."""
    for event, sides in _events_with_sides(store):
        recipients = sides["recipient"] or [None]
        for n, (actor, recipient) in enumerate(product(sides["actor"] or [None], recipients)):
            actor, recipient = actor or {}, recipient or {}
            yield {
                "GlobalEventID": f"{event['article_id']}:{event['event_id']}:{n}",
                "SQLDATE": (event["date"] or "").replace("-", "")[:8],
                "Actor1Name": actor.get("name"), "Actor1CountryCode": actor.get("country"),
                "Actor1Type1Code": actor.get("sector"),
                "Actor2Name": recipient.get("name"), "Actor2CountryCode": recipient.get("country"),
                "Actor2Type1Code": recipient.get("sector"),
                "PloverType": event["type"], "PloverMode": event["mode"], "EventRootCode": event["cameo"],
                "QuadClass": QUAD_CLASS.get(event["quad"] or ""), "Status": event["status"],
                "Confidence": event["confidence"], "SOURCEURL": event["url"], "ArticleID": event["article_id"],
            }
