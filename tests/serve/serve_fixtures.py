"""Records built by hand for the web UI's tests, and a stand-in for the model's extract()."""
from __future__ import annotations

import copy
import socket
from pathlib import Path

from hand_record import hand_record

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"  # the browser tests' artefacts

XSS = '<script>alert("xss")</script>'
XSS_IMG = '<img src=x onerror=alert(1)>'

_BASE = hand_record()


def _meeting() -> dict:
    text = "Blinken met Kuleba in Kyiv. \"We stand with Ukraine,\" Blinken said. Menu | Subscribe"
    return {
        "id": "a2", "text": text, "title": "Blinken meets Kuleba", "published": "2024-05-14",
        "url": "https://y.example/a2", "source": "Dispatch", "byline": "A. Writer", "language": "en",
        "boilerplate": [[67, 83]],
        "entities": [{"id": "e1", "name": "Antony Blinken", "type": "PERSON", "country": "USA", "sector": "GOV",
                      "roles": [], "mentions": [[0, 7], [53, 60]], "kb_id": None},
                     {"id": "e2", "name": "Dmytro Kuleba", "type": "PERSON", "country": "UKR", "sector": "GOV",
                      "roles": ["Foreign Minister"], "mentions": [[12, 18]], "kb_id": None}],
        "quotes": [{"id": "q1", "start": 29, "end": 50, "spans": [[29, 50]], "text": text[29:50], "kind": "direct",
                    "cue": {"start": 61, "end": 65, "text": "said"},
                    "speaker": {"entity": "e1", "name": "Antony Blinken", "start": 53, "end": 60, "text": "Blinken"},
                    "confidence": 0.95}],
        "events": [{"id": "v1", "type": "CONSULT", "mode": "visit", "quad": "VC",
                    "actor": [{"entity": "e1", "name": "Antony Blinken", "country": "USA", "sector": "GOV", "start": 0, "end": 7},
                              {"entity": "e2", "name": "Dmytro Kuleba", "country": "UKR", "sector": "GOV", "start": 12, "end": 18}],
                    "recipient": [], "status": "asserted", "date": "2024-05-14",
                    "trigger": {"start": 8, "end": 11, "text": "met"}, "sentence": [0, 27], "quote": None,
                    "confidence": 0.9}],
    }


def hostile_record() -> dict:
    """An article whose every field a page shows carries markup that must come out as text."""
    text = f"{XSS} Officials said {XSS_IMG} was posted."
    start = text.index(XSS_IMG)
    return {
        "id": "xss", "text": text, "title": f"Title {XSS}", "published": "2024-04-01",
        "url": "javascript:alert(1)", "source": "<b onmouseover=alert(1)>Evil</b>", "byline": XSS, "language": "en",
        "boilerplate": [],
        "entities": [{"id": "e1", "name": f"Officials {XSS_IMG}", "type": "ORG", "country": None, "sector": None,
                      "roles": [XSS], "mentions": [[len(XSS) + 1, len(XSS) + 10]], "kb_id": None}],
        "quotes": [{"id": "q1", "start": start, "end": start + len(XSS_IMG), "spans": [[start, start + len(XSS_IMG)]],
                    "text": XSS_IMG, "kind": "indirect", "cue": {"start": len(XSS) + 11, "end": len(XSS) + 15, "text": "said"},
                    "speaker": {"entity": "e1", "name": f"Officials {XSS_IMG}", "start": len(XSS) + 1,
                                "end": len(XSS) + 10, "text": "Officials"}, "confidence": 0.5}],
        "events": [],
    }


def hand_records(copies: int = 25) -> list[dict]:
    """Two articles and a hostile one, plus `copies` numbered variants of the first (for paging)."""
    records = [copy.deepcopy(_BASE), _meeting(), hostile_record()]
    for i in range(copies):
        record = copy.deepcopy(_BASE)
        record["id"] = f"a1-{i:02d}"
        record["url"] = f"https://x.example/a1-{i:02d}"
        record["title"] = f"Sanctions copy {i}"
        record["published"] = f"2024-02-{i + 1:02d}"
        record["text"] = record["text"] + f" Copy {i}."
        records.append(record)
    return records


def build_store(url: str, records: list[dict]) -> None:
    from newsgraph.store import ingest_records, open_store

    with open_store(url) as store:
        counts = ingest_records(store, records)
    assert counts.failed == 0, counts.errors


def fake_extract(text: str, **metadata) -> dict:
    """A stand-in for the model: one quote of everything after the first colon, said by "Someone"."""
    start = text.index(":") + 1 if ":" in text else 0
    return {"id": metadata.get("id", "doc1"), "text": text, "title": metadata.get("title"),
            "published": metadata.get("published"), "byline": None, "source": None, "language": "en",
            "boilerplate": [], "entities": [],
            "quotes": [{"id": "q1", "start": start, "end": len(text), "spans": [[start, len(text)]],
                        "text": text[start:], "kind": "direct", "cue": None,
                        "speaker": {"entity": None, "name": "Someone", "start": None, "end": None, "text": "Someone"},
                        "confidence": 0.5}],
            "events": []}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
