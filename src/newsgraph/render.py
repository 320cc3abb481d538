"""Contract records as readable terminal tables (rich): quotes with speakers, events, per article."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

MAX_QUOTE_CHARS = 160


def _short(text: str, limit: int = MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _side(participants: list[dict[str, Any]]) -> str:
    parts = []
    for p in participants:
        code = "/".join(c for c in (p.get("country"), p.get("sector")) if c)
        parts.append(f"{p['name']} ({code})" if code else p["name"])
    return "; ".join(parts) or "—"


def _speaker(quote: dict[str, Any]) -> str:
    speaker = quote.get("speaker")
    if not speaker:
        return "—"
    name, mention = speaker.get("name"), speaker.get("text")
    if name and mention and name.lower() != mention.lower():
        return f"{name} ({mention})"
    return name or mention or "—"


def quotes_table(record: dict[str, Any]) -> Table:
    table = Table(title="Quotes", title_justify="left", expand=True, show_lines=True)
    table.add_column("speaker", style="bold cyan", ratio=2)
    table.add_column("quote", ratio=7)
    for quote in record["quotes"]:
        cue = (quote.get("cue") or {}).get("text")
        cell = Text(_short(quote["text"]))
        cell.append(f"\n{quote['kind']}" + (f" · {cue}" if cue else ""), style="dim")
        table.add_row(_speaker(quote), cell)
    return table


def events_table(record: dict[str, Any]) -> Table:
    table = Table(title="Events", title_justify="left", expand=True, show_lines=True)
    table.add_column("event", style="bold yellow", ratio=2)
    table.add_column("actor", ratio=3)
    table.add_column("recipient", ratio=3)
    table.add_column("trigger", style="magenta", ratio=1)
    for event in record["events"]:
        cell = Text(event["type"] + (f"/{event['mode']}" if event.get("mode") else ""))
        cell.append(f"\n{event['status']}" + (f" · {event['date']}" if event.get("date") else ""),
                    style="dim")
        table.add_row(cell, _side(event["actor"]), _side(event["recipient"]), event["trigger"]["text"])
    return table


def print_records(records: Iterable[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console()
    for record in records:
        heading = Text(str(record.get("id") or "?"), style="bold")
        if record.get("title"):
            heading.append(f"  {record['title']}", style="italic")
        if record.get("published"):
            heading.append(f"  {record['published']}", style="dim")
        console.rule(heading)
        if record.get("error"):
            console.print(Text(f"error: {record['error']}", style="red"))
            continue
        if record.get("quotes"):
            console.print(quotes_table(record))
        else:
            console.print(Text("no quotes", style="dim"))
        if record.get("events"):
            console.print(events_table(record))
        else:
            console.print(Text("no events", style="dim"))
