"""One article extracted by hand (a quote of Blinken's, the EU sanctioning Russia): the store's,
the CLI's and the web UI's tests build their stores from it, without the model."""
from __future__ import annotations

import copy

_RECORD = {
    "id": "a1", "text": "Blinken said sanctions work. The EU sanctioned Russia.", "title": "Sanctions work, Blinken says",
    "published": "2024-03-01", "url": "https://x.example/a1", "source": "Wire", "byline": None, "language": "en",
    "boilerplate": [],
    "entities": [{"id": "e1", "name": "Antony Blinken", "type": "PERSON", "country": "USA", "sector": "GOV",
                  "roles": ["Secretary of State"], "mentions": [[0, 7]], "kb_id": None},
                 {"id": "e2", "name": "Russia", "type": "GPE", "country": "RUS", "sector": "GOV", "roles": [],
                  "mentions": [[47, 53]], "kb_id": None},
                 {"id": "e3", "name": "European Union", "type": "ORG", "country": "EUR", "sector": "IGO", "roles": [],
                  "mentions": [[29, 35]], "kb_id": None}],
    "quotes": [{"id": "q1", "start": 13, "end": 27, "spans": [[13, 27]], "text": "sanctions work", "kind": "indirect",
                "cue": {"start": 8, "end": 12, "text": "said"},
                "speaker": {"entity": "e1", "name": "Antony Blinken", "start": 0, "end": 7, "text": "Blinken"},
                "confidence": 0.9}],
    "events": [{"id": "v1", "type": "SANCTION", "mode": None, "quad": "MX",
                "actor": [{"entity": "e3", "name": "European Union", "country": "EUR", "sector": "IGO", "start": 29, "end": 35}],
                "recipient": [{"entity": "e2", "name": "Russia", "country": "RUS", "sector": "GOV", "start": 47, "end": 53}],
                "status": "asserted", "date": None, "trigger": {"start": 36, "end": 46, "text": "sanctioned"},
                "sentence": [29, 54], "quote": None, "confidence": 0.8}],
}


def hand_record(**changes) -> dict:
    """A fresh copy of the record, with top-level fields replaced."""
    return copy.deepcopy(_RECORD) | changes
