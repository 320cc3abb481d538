"""A contract record as table rows: pure functions, no database."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import orjson

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


@dataclass
class ArticleRows:
    article: Row
    entities: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    quotes: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    participants: list[Row] = field(default_factory=list)
    story_signatures: list[Row] = field(default_factory=list)


def article_rows(record: Record, actor_ids: dict[str, str], quote_keys: dict[str, str], ingested_at: str,
                 hashes: tuple[str, str] | None = None) -> ArticleRows:
    """Rows of one record. `actor_ids` maps the record's entity ids to store actor ids; `hashes` is
    (content_hash, record_hash) when the caller has them already."""
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
        rows.entities.append({
            "article_id": article_id, "entity_id": entity_id, "actor_id": actor_ids.get(entity_id),
            "name": entity.get("name") or "", "type": entity.get("type"), "country": entity.get("country"),
            "sector": entity.get("sector"), "roles": _json(entity.get("roles") or []), "kb_id": entity.get("kb_id"),
        })
        seen: set[int] = set()
        for start, end in entity.get("mentions") or []:
            if start in seen:
                continue
            seen.add(start)
            rows.mentions.append({"article_id": article_id, "entity_id": entity_id, "start": start, "end": end,
                                  "text": text[start:end]})
    for quote in record.get("quotes") or []:
        speaker = quote.get("speaker") or {}
        cue = quote.get("cue") or {}
        rows.quotes.append({
            "article_id": article_id, "quote_id": quote["id"], "start": quote["start"], "end": quote["end"],
            "spans": _json(quote.get("spans") or []), "text": quote.get("text") or "", "kind": quote.get("kind"),
            "cue": cue.get("text"), "speaker_entity": speaker.get("entity"), "speaker_name": speaker.get("name"),
            "speaker_text": speaker.get("text"), "speaker_actor_id": actor_ids.get(speaker.get("entity") or ""),
            "confidence": quote.get("confidence"), "quote_key": quote_keys.get(quote["id"]), "published": published,
        })
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        sentence = event.get("sentence") or [None, None]
        rows.events.append({
            "article_id": article_id, "event_id": event["id"], "type": event.get("type"), "mode": event.get("mode"),
            "quad": event.get("quad"), "status": event.get("status"), "date": event.get("date") or published,
            "cameo": _cameo_root(event), "trigger": trigger.get("text"), "trigger_start": trigger.get("start"),
            "trigger_end": trigger.get("end"), "sentence_start": sentence[0], "sentence_end": sentence[1],
            "quote_id": event.get("quote"), "confidence": event.get("confidence"),
        })
        for role in ("actor", "recipient"):
            for position, side in enumerate(event.get(role) or []):
                rows.participants.append({
                    "article_id": article_id, "event_id": event["id"], "role": role, "position": position,
                    "entity_id": side.get("entity"), "actor_id": actor_ids.get(side.get("entity") or ""),
                    "name": side.get("name"), "country": side.get("country"), "sector": side.get("sector"),
                    "start": side.get("start"), "end": side.get("end"),
                })
    return rows


def _cameo_root(event: Record) -> str | None:
    """The two-digit CAMEO root, if the extractor gave a CAMEO code (`cameo` or `cameo_code`)."""
    code = event.get("cameo") or event.get("cameo_code")
    if code is None:
        return None
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
