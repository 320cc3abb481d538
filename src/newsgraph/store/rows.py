"""A contract record as table rows: pure functions, no database."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import orjson

from newsgraph.store.cameo import cameo_root

Record = dict[str, Any]
Row = dict[str, Any]


def _canonical(value: Any) -> bytes:
    """Compact UTF-8 JSON with sorted keys. orjson writes it several times faster than json (the
    same bytes, but for floats below 1e-4: 0.00001, not 1e-05); json takes what orjson refuses
    (lone surrogates, integers beyond 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8", "surrogatepass")


def _json(value: Any) -> str:
    if not value:
        return "[]" if isinstance(value, list) else json.dumps(value)
    return _canonical(value).decode("utf-8", "surrogatepass")


def content_hash(record: Record) -> str:
    return hashlib.sha256(record.get("text", "").encode("utf-8")).hexdigest()


def record_hash(record: Record) -> str:
    return hashlib.sha256(_canonical(record)).hexdigest()


# Column order of the child rows, which are tuples: ~100 rows an article, and a dict per row (and
# turning it into the driver's tuple) cost the writer more than SQLite's insert of it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "entities": ("article_id", "entity_id", "actor_id", "name", "type", "country", "sector", "roles", "kb_id",
                 "mentions"),
    "quotes": ("article_id", "quote_id", "start", "end", "spans", "text", "kind", "cue", "speaker_entity",
               "speaker_name", "speaker_text", "speaker_actor_id", "confidence", "quote_key", "published"),
    "events": ("article_id", "event_id", "type", "mode", "quad", "status", "date", "cameo", "trigger",
               "trigger_start", "trigger_end", "sentence_start", "sentence_end", "quote_id", "confidence"),
    "event_participants": ("article_id", "event_id", "role", "position", "entity_id", "actor_id", "name", "country",
                           "sector", "start", "end"),
    "story_signatures": ("article_id", "published", "digest", "copies", "story"),
}
# ArticleRows attribute -> table
CHILD_TABLES = {"entities": "entities", "quotes": "quotes", "events": "events",
                "participants": "event_participants", "story_signatures": "story_signatures"}


@dataclass
class ArticleRows:
    """An article's row (a dict: the writer fills in its story) and its child rows (tuples in COLUMNS order)."""

    article: Row
    entities: list[tuple] = field(default_factory=list)
    quotes: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    participants: list[tuple] = field(default_factory=list)
    story_signatures: list[tuple] = field(default_factory=list)

    def as_dicts(self, attribute: str) -> list[Row]:
        """Child rows as dicts by column name (e.g. `as_dicts("quotes")`)."""
        columns = COLUMNS[CHILD_TABLES[attribute]]
        return [dict(zip(columns, row)) for row in getattr(self, attribute)]


def article_rows(record: Record, actor_ids: dict[str, str], ingested_at: str,
                 hashes: tuple[str, str] | None = None) -> ArticleRows:
    """Rows of one record. `actor_ids` maps the record's entity ids to store actor ids; `hashes` is
    (content_hash, record_hash) when the caller has them already. Quotes' `quote_key` is left None:
    the committer computes it (committer.with_quote_keys)."""
    article_id = str(record["id"])
    text = record.get("text") or ""
    published = record.get("published")
    text_hash, whole_hash = hashes or (content_hash(record), record_hash(record))
    article = {
        "id": article_id, "url": record.get("url"), "content_hash": text_hash,
        "record_hash": whole_hash, "title": record.get("title"), "published": published,
        "source": record.get("source"), "byline": record.get("byline"), "language": record.get("language"),
        "text": text, "boilerplate": _json(record.get("boilerplate") or []), "error": record.get("error"),
        "story_id": None, "duplicate_of": None, "ingested_at": ingested_at,
    }
    rows = ArticleRows(article)
    for entity in record.get("entities") or []:
        entity_id = entity["id"]
        rows.entities.append((
            article_id, entity_id, actor_ids.get(entity_id), entity.get("name") or "", entity.get("type"),
            entity.get("country"), entity.get("sector"), _json(entity.get("roles") or []), entity.get("kb_id"),
            mentions_json(entity.get("mentions")),
        ))
    for quote in record.get("quotes") or []:
        speaker = quote.get("speaker") or {}
        cue = quote.get("cue") or {}
        rows.quotes.append((
            article_id, quote["id"], quote["start"], quote["end"], _json(quote.get("spans") or []),
            quote.get("text") or "", quote.get("kind"), cue.get("text"), speaker.get("entity"), speaker.get("name"),
            speaker.get("text"), actor_ids.get(speaker.get("entity") or ""), quote.get("confidence"),
            None, published,
        ))
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        sentence = event.get("sentence") or [None, None]
        event_id = event["id"]
        rows.events.append((
            article_id, event_id, event.get("type"), event.get("mode"), event.get("quad"), event.get("status"),
            event.get("date") or published, _cameo_root(event), trigger.get("text"), trigger.get("start"),
            trigger.get("end"), sentence[0], sentence[1], event.get("quote"), event.get("confidence"),
        ))
        for role in ("actor", "recipient"):
            for position, side in enumerate(event.get(role) or []):
                entity_id = side.get("entity")
                rows.participants.append((
                    article_id, event_id, role, position, entity_id, actor_ids.get(entity_id or ""),
                    side.get("name"), side.get("country"), side.get("sector"), side.get("start"), side.get("end"),
                ))
    return rows


def mentions_json(mentions: list | None) -> str:
    """An entity's mentions as stored: [start, end] pairs by start, one per start (the first given).
    ValueError for a mention that is not two integer offsets: the article view measures distances
    with them, so one stored as given would fail every later view of the article."""
    if not mentions:
        return "[]"
    previous = None
    for start, end in mentions:
        if not (isinstance(start, int) and isinstance(end, int)):
            raise ValueError(f"entity mention {[start, end]!r} is not [start, end] character offsets")
        if previous is not None and start <= previous:
            break
        previous = start
    else:  # by start, one each, as the extractor writes them: stored as given
        return _json(mentions)
    by_start: dict[int, list] = {}
    for start, end in mentions:
        if not (isinstance(start, int) and isinstance(end, int)):
            raise ValueError(f"entity mention {[start, end]!r} is not [start, end] character offsets")
        by_start.setdefault(start, [start, end])
    return _json(sorted(by_start.values()))


def _cameo_root(event: Record) -> str | None:
    """The two-digit CAMEO root: of the CAMEO code the extractor gave (`cameo` or `cameo_code`), or
    else the root of its PLOVER category and mode."""
    code = event.get("cameo") or event.get("cameo_code")
    if code is None:
        return cameo_root(event.get("type"), event.get("mode"))
    code = str(code)
    return code[:2] if len(code) >= 2 else code


def record_problem(record: Any) -> str | None:
    """Why a decoded record cannot be stored, or None."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not record.get("id"):
        return "no 'id'"
    if not isinstance(record.get("text"), str):
        return "no 'text'"
    for key in ("entities", "quotes", "events"):
        if not isinstance(record.get(key, []), list):
            return f"'{key}' is not a list"
    return None
