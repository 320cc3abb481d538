"""The extraction contract (../shared/eval/CONTRACT.md) as types, and Doc -> record conversion.

Extractors fill these types on `Doc._`; `doc_to_record` turns a processed Doc into the JSON-ready
dict that `newsgraph extract` prints. Offsets are Python str indices into the record's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.extract.extensions import doc_text
from newsgraph.ingest.article import PUBLISHED_FROM_INPUT

Span = tuple[int, int]


@dataclass
class TextSpan:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    id: str
    name: str
    type: str  # spaCy label: PERSON, ORG, GPE, NORP, ...
    country: str | None = None
    sector: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    kb_id: str | None = None
    gender: str | None = None  # "m" / "f" when known; used by pronoun resolution, not printed

    def add_mention(self, start: int, end: int) -> None:
        if (start, end) not in self.mentions:
            self.mentions.append((start, end))
            self.mentions.sort()


@dataclass
class Speaker:
    entity: str | None
    name: str | None
    start: int
    end: int
    text: str


@dataclass
class Quote:
    id: str
    start: int
    end: int
    spans: list[Span]
    text: str
    kind: str  # direct | indirect | mixed
    cue: TextSpan | None
    speaker: Speaker | None
    confidence: float
    # what is attributed: speech (said, told, according to), belief (thinks, hopes, fears) or
    # evidence (a poll, report or study "shows", "found"); PolNeAR annotates all three
    category: str = "speech"


@dataclass
class Participant:
    entity: str | None
    name: str
    country: str | None
    sector: str | None
    start: int
    end: int


@dataclass
class Event:
    id: str
    type: str  # PLOVER category
    mode: str | None
    quad: str  # VC | MC | VX | MX
    actor: list[Participant]
    recipient: list[Participant]
    status: str  # asserted | negated | conditional | planned
    date: str | None
    trigger: TextSpan
    sentence: Span
    quote: str | None
    confidence: float


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return None if span is None else {"start": span.start, "end": span.end, "text": span.text}


def entity_record(entity: Entity) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "type": entity.type, "country": entity.country,
            "sector": entity.sector, "roles": list(entity.roles),
            "mentions": [[s, e] for s, e in entity.mentions], "kb_id": entity.kb_id}


def quote_record(quote: Quote) -> dict[str, Any]:
    speaker = quote.speaker
    return {
        "id": quote.id, "start": quote.start, "end": quote.end,
        "spans": [[s, e] for s, e in quote.spans], "text": quote.text, "kind": quote.kind,
        "cue": _span(quote.cue),
        "speaker": None if speaker is None else {
            "entity": speaker.entity, "name": speaker.name, "start": speaker.start, "end": speaker.end,
            "text": speaker.text},
        "confidence": quote.confidence,
        "category": quote.category,
    }


def _participant(p: Participant) -> dict[str, Any]:
    return {"entity": p.entity, "name": p.name, "country": p.country, "sector": p.sector,
            "start": p.start, "end": p.end}


def event_record(event: Event) -> dict[str, Any]:
    return {
        "id": event.id, "type": event.type, "mode": event.mode, "quad": event.quad,
        "actor": [_participant(p) for p in event.actor],
        "recipient": [_participant(p) for p in event.recipient],
        "status": event.status, "date": event.date, "trigger": _span(event.trigger),
        "sentence": list(event.sentence), "quote": event.quote, "confidence": event.confidence,
    }


def base_record(article_id: str, text: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    """An empty record in contract field order; extraction fills the lists."""
    meta = metadata or {}
    return {
        "id": article_id,
        "text": text,
        "title": meta.get("title"),
        "published": meta.get("published"),
        # not in the contract: where the date came from ("input", "dateline"), null when undated
        "published_from": meta.get("published_from") or (PUBLISHED_FROM_INPUT if meta.get("published") else None),
        "byline": meta.get("byline"),
        "source": meta.get("source"),
        "url": meta.get("url"),
        "language": "en",
        "boilerplate": [list(s) for s in meta.get("boilerplate") or []],
        "entities": [],
        "quotes": [],
        "events": [],
    }


def error_record(article_id: str, text: str, message: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    record = base_record(article_id, text, metadata)
    record["error"] = message
    return record


def doc_to_record(doc, article_id: str, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    record = base_record(article_id, doc_text(doc), metadata)
    record["boilerplate"] = [list(s) for s in doc._.boilerplate]
    record["entities"] = [entity_record(e) for e in doc._.entities if e.mentions]
    record["quotes"] = [quote_record(q) for q in doc._.quotes]
    record["events"] = [event_record(v) for v in doc._.events]
    return record
