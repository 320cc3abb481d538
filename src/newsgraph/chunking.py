"""Long texts in pieces spaCy can take, and the pieces' records merged back into one record.

spaCy refuses a text longer than `nlp.max_length`, its parser and NER need memory in proportion
to the text they are given, and the extractors cost more than linear time in the length of a
sentence. So an article longer than a chunk limit is cut at paragraph, line or sentence ends,
each chunk is extracted on its own, and the chunk records are merged with every offset moved
back into the full text; and a stretch of text with no sentence end gets sentence starts
forced into it.
"""
from __future__ import annotations

import re
from typing import Any

Record = dict[str, Any]

DEFAULT_CHUNK_CHARS = 20_000
MAX_SENTENCE_CHARS = 1_000

# Where to end a chunk, best first: a blank line, a line break, a sentence end, any space.
_BREAKS = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),
    re.compile(r"\s+"),
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)|\n")
_SOFT_BREAKS = (re.compile(r"[,;:]\s+"), re.compile(r"\s+"))


def chunk_spans(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Half-open spans that cover `text` in order, none longer than `max_chars`."""
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        end = _last_break(text, start + max_chars // 2, start + max_chars, _BREAKS)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def forced_sentence_starts(text: str, max_chars: int = MAX_SENTENCE_CHARS) -> list[int]:
    """Character positions where a sentence must start so that no stretch between sentence ends
    (or line breaks) is longer than `max_chars`; cut after a comma or at a space when there is one."""
    starts: list[int] = []
    previous = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    for end in ends:
        position = previous
        while end - position > max_chars:
            position = _last_break(text, position + max_chars // 2, position + max_chars, _SOFT_BREAKS)
            starts.append(position)
        previous = end
    return starts


def _last_break(text: str, floor: int, limit: int, patterns: tuple[re.Pattern[str], ...]) -> int:
    """The end of the last match in text[floor:limit] of the first pattern that has one, else `limit`."""
    for pattern in patterns:
        last = None
        for last in pattern.finditer(text, floor, limit):
            pass
        if last is not None and last.end() > floor:
            return last.end()
    return limit


class ChunkMerger:
    """Collects the records of an article's chunks, in text order, into one record.

    Offsets move by the chunk's start; ids are renumbered so they stay unique (e1.., q1.., v1..);
    entities of the same name and type in different chunks become one entity.
    """

    def __init__(self, record: Record):
        self.record = record  # the full article's record with empty lists; filled in place
        self._entities: dict[tuple[str, str], Record] = {}
        self._boilerplate = {(s, e) for s, e in record["boilerplate"]}

    def add(self, offset: int, part: Record) -> None:
        entity_ids = {entity["id"]: self._add_entity(offset, entity) for entity in part["entities"]}
        quote_ids: dict[str, str] = {}
        for quote in part["quotes"]:
            quote_ids[quote["id"]] = self._add_quote(offset, quote, entity_ids)
        for event in part["events"]:
            self._add_event(offset, event, entity_ids, quote_ids)
        self._boilerplate.update((s + offset, e + offset) for s, e in part["boilerplate"])

    def finish(self) -> Record:
        """The merged record (call once, after the last chunk)."""
        self.record["boilerplate"] = _merged(self._boilerplate)
        return self.record

    def _add_entity(self, offset: int, entity: Record) -> str:
        mentions = [[s + offset, e + offset] for s, e in entity["mentions"]]
        key = (entity["name"], entity["type"])
        merged = self._entities.get(key)
        if merged is None:
            entities = self.record["entities"]
            merged = {**entity, "id": f"e{len(entities) + 1}", "roles": list(entity["roles"]), "mentions": mentions}
            entities.append(merged)
            self._entities[key] = merged
            return merged["id"]
        merged["mentions"].extend(mentions)  # chunks do not overlap, and come in text order
        merged["roles"].extend(r for r in entity["roles"] if r not in merged["roles"])
        for name in ("country", "sector", "kb_id"):
            if merged.get(name) is None:
                merged[name] = entity.get(name)
        return merged["id"]

    def _add_quote(self, offset: int, quote: Record, entity_ids: dict[str, str]) -> str:
        quotes = self.record["quotes"]
        new_id = f"q{len(quotes) + 1}"
        speaker = quote["speaker"]
        quotes.append({
            **quote,
            "id": new_id,
            "start": quote["start"] + offset,
            "end": quote["end"] + offset,
            "spans": [[s + offset, e + offset] for s, e in quote["spans"]],
            "cue": _shifted(quote["cue"], offset),
            "speaker": None if speaker is None else {**_shifted(speaker, offset), "entity": entity_ids.get(speaker["entity"])},
        })
        return new_id

    def _add_event(self, offset: int, event: Record, entity_ids: dict[str, str], quote_ids: dict[str, str]) -> None:
        events = self.record["events"]

        def participant(p: Record) -> Record:
            return {**_shifted(p, offset), "entity": entity_ids.get(p["entity"])}

        events.append({
            **event,
            "id": f"v{len(events) + 1}",
            "actor": [participant(p) for p in event["actor"]],
            "recipient": [participant(p) for p in event["recipient"]],
            "trigger": _shifted(event["trigger"], offset),
            "sentence": [event["sentence"][0] + offset, event["sentence"][1] + offset],
            "quote": quote_ids.get(event["quote"]),
        })


def _shifted(span: Record | None, offset: int) -> Record | None:
    if span is None:
        return None
    return {**span, "start": span["start"] + offset, "end": span["end"] + offset}


def _merged(spans: set[tuple[int, int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return out
