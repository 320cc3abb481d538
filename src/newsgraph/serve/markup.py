"""An article record as marked-up text: the pieces between every highlight boundary, each with its
classes (quote per speaker, cue, speaker mention, event trigger, boilerplate). The template prints
the pieces, escaped; nothing here builds HTML."""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]
PALETTE = 10  # speaker colours sp0..sp9 in style.css; more speakers share the last
QUADS = {"VC": "verbal cooperation", "MC": "material cooperation", "VX": "verbal conflict", "MX": "material conflict"}


@dataclass
class Piece:
    text: str
    classes: list[str] = field(default_factory=list)
    title: str = ""
    anchor: str = ""  # an id for the first piece of a quote or event, so the side panel can link to it
    more_anchors: list[str] = field(default_factory=list)  # others starting here (an element has one id)


def speaker_key(quote: Record) -> str:
    speaker = quote.get("speaker") or {}
    return speaker.get("name") or speaker.get("text") or "unknown speaker"


def speakers(record: Record) -> list[dict[str, Any]]:
    """The legend: speakers by number of quotes, each with its colour class."""
    counted = Counter(speaker_key(q) for q in record.get("quotes") or [])
    legend = []
    for i, (name, n) in enumerate(sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))):
        actor_id = next(((q.get("speaker") or {}).get("actor_id") for q in record["quotes"]
                         if speaker_key(q) == name and (q.get("speaker") or {}).get("actor_id")), None)
        colour = "sp-none" if name == "unknown speaker" else f"sp{min(i, PALETTE - 1)}"
        legend.append({"name": name, "quotes": n, "colour": colour, "actor_id": actor_id})
    return legend


def pieces(record: Record) -> list[Piece]:
    text = record.get("text") or ""
    n = len(text)
    colour = {s["name"]: s["colour"] for s in speakers(record)}
    marks: list[tuple[int, int, str, str, str]] = []  # start, end, class, title, anchor

    def mark(start, end, cls, title="", anchor=""):
        if start is None or end is None:
            return
        start, end = max(0, int(start)), min(n, int(end))
        if start < end:
            marks.append((start, end, cls, title, anchor))

    for start, end in record.get("boilerplate") or []:
        mark(start, end, "boilerplate", "not article body (site chrome, caption or byline)")
    for quote in record.get("quotes") or []:
        who = speaker_key(quote)
        title = f"{who} · {quote.get('kind') or 'quote'}"
        for i, (start, end) in enumerate(quote.get("spans") or [[quote["start"], quote["end"]]]):
            mark(start, end, f"quote {colour[who]}", title, f"text-{quote['id']}" if i == 0 else "")
        speaker = quote.get("speaker") or {}
        mark(speaker.get("start"), speaker.get("end"), f"speaker {colour[who]}", f"speaker: {who}")
        cue = quote.get("cue") or {}
        mark(cue.get("start"), cue.get("end"), "cue", f"cue of {who}'s quote")
    for event in record.get("events") or []:
        trigger = event.get("trigger") or {}
        quad = event.get("quad") or "none"
        title = f"{event.get('type') or 'event'} ({QUADS.get(quad, 'no quad')}), {event.get('status') or ''}"
        mark(trigger.get("start"), trigger.get("end"), f"trigger quad-{quad}", title, f"text-{event['id']}")

    bounds = sorted({0, n, *(m[0] for m in marks), *(m[1] for m in marks)})
    covering: list[list[int]] = [[] for _ in bounds]
    for index, (start, end, *_rest) in enumerate(marks):
        for b in range(bisect_left(bounds, start), bisect_left(bounds, end)):
            covering[b].append(index)
    out = []
    used_anchors: set[str] = set()
    for b in range(len(bounds) - 1):
        start, end = bounds[b], bounds[b + 1]
        classes, titles, anchors = [], [], []
        for index in covering[b]:
            _s, _e, cls, title, mark_anchor = marks[index]
            classes.extend(c for c in cls.split() if c not in classes)
            if title and title not in titles:
                titles.append(title)
            if mark_anchor and mark_anchor not in used_anchors:
                anchors.append(mark_anchor)
                used_anchors.add(mark_anchor)
        out.append(Piece(text[start:end], classes, " | ".join(titles), anchors[0] if anchors else "", anchors[1:]))
    return out
