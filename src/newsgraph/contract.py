"""Checks a record against the extraction contract; used by `newsgraph validate` and the tests."""
from __future__ import annotations

from typing import Any

PLOVER_TYPES = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
QUADS = frozenset({"VC", "MC", "VX", "MX"})
QUOTE_KINDS = frozenset({"direct", "indirect", "mixed"})
STATUSES = frozenset({"asserted", "negated", "conditional", "planned"})
REQUIRED_KEYS = ("id", "text", "title", "published", "byline", "source", "language", "boilerplate",
                 "entities", "quotes", "events")


def _in_range(start: Any, end: Any, size: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= size


def _offsets(label: str, obj: dict[str, Any] | None, text: str, problems: list[str]) -> None:
    if obj is None:
        return
    start, end = obj.get("start"), obj.get("end")
    if not _in_range(start, end, len(text)):
        problems.append(f"{label}: offsets {start}..{end} out of range")
    elif "text" in obj and obj["text"] != text[start:end]:
        problems.append(f"{label}: text does not match its offsets")


def record_problems(record: dict[str, Any]) -> list[str]:
    """Every way `record` breaks the contract; empty when it is valid."""
    problems = [f"missing key {key!r}" for key in REQUIRED_KEYS if key not in record]
    text = record.get("text")
    if not isinstance(text, str):
        return problems + ["text is not a string"]
    size = len(text)
    for span in record.get("boilerplate") or []:
        if not _in_range(*span, size):
            problems.append(f"boilerplate span {span} out of range")
    entity_ids = set()
    for entity in record.get("entities") or []:
        entity_ids.add(entity["id"])
        for mention in entity.get("mentions") or []:
            if not _in_range(*mention, size):
                problems.append(f"entity {entity['id']}: mention {mention} out of range")
    quote_ids = set()
    for quote in record.get("quotes") or []:
        qid = quote.get("id")
        quote_ids.add(qid)
        _offsets(f"quote {qid}", quote, text, problems)
        for piece in quote.get("spans") or []:
            if not _in_range(*piece, size) or piece[0] < quote["start"] or piece[1] > quote["end"]:
                problems.append(f"quote {qid}: span {piece} outside the quote")
        if quote.get("kind") not in QUOTE_KINDS:
            problems.append(f"quote {qid}: kind {quote.get('kind')!r}")
        _offsets(f"quote {qid} cue", quote.get("cue"), text, problems)
        speaker = quote.get("speaker")
        _offsets(f"quote {qid} speaker", speaker, text, problems)
        if speaker and speaker.get("entity") is not None and speaker["entity"] not in entity_ids:
            problems.append(f"quote {qid}: speaker entity {speaker['entity']} is not among the entities")
    for event in record.get("events") or []:
        vid = event.get("id")
        if event.get("type") not in PLOVER_TYPES:
            problems.append(f"event {vid}: type {event.get('type')!r} is not PLOVER")
        if event.get("quad") not in QUADS:
            problems.append(f"event {vid}: quad {event.get('quad')!r}")
        if event.get("status") not in STATUSES:
            problems.append(f"event {vid}: status {event.get('status')!r}")
        if not event.get("actor"):
            problems.append(f"event {vid}: no actor")
        for side in ("actor", "recipient"):
            for participant in event.get(side) or []:
                _offsets(f"event {vid} {side}", participant, text, problems)
                if participant.get("entity") is not None and participant["entity"] not in entity_ids:
                    problems.append(f"event {vid}: {side} entity {participant['entity']} is not among the entities")
        _offsets(f"event {vid} trigger", event.get("trigger"), text, problems)
        if event.get("quote") is not None and event["quote"] not in quote_ids:
            problems.append(f"event {vid}: quote {event['quote']} is not among the quotes")
    return problems
