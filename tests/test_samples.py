"""The bundled sample corpus end to end with the real model: every input format, the contract,
the furniture, and how much of the hand-annotated quotes and events the extractors find."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.contract import record_problems
from newsgraph.ingest import read_articles

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = {e["id"]: e for e in map(json.loads, (ROOT / "tests/fixtures/sample_expected.jsonl").open(encoding="utf-8"))}

# Last measured on the sample corpus (see the closing notes); a drop below fails the build.
QUOTE_CONTENT_RECALL_FLOOR = 0.981  # measured 0.986 (2026-12-07, issue 3: attribution tagger ReLU 128x2; was 0.983)
QUOTE_SPEAKER_RECALL_FLOOR = 0.934  # measured 0.939 (2026-12-07 19:50 UTC, issue 3: stance verbs as belief cues took it from 0.942)
EVENT_RECALL_FLOOR = 0.530  # measured 0.535 (2026-12-07 21:10 UTC, issue 4: date prepositions, phone calls, expelled aid workers, acl main verbs, agreements reached; re-shipped weights)


@pytest.fixture(scope="module")
def records(pipeline):
    return {r["id"]: r for r in pipeline.pipe(read_articles([str(SAMPLES)]))}


def test_every_sample_is_read_without_error_and_keeps_the_contract(records):
    assert set(records) == set(EXPECTED)
    for record in records.values():
        assert "error" not in record, record.get("error")
        assert record_problems(record) == [], record["id"]
        assert "\n" not in json.dumps(record, ensure_ascii=False)


def test_all_four_formats_are_in_the_corpus():
    assert {e["format"] for e in EXPECTED.values()} == {"txt", "html", "jsonl", "warc"}


def test_text_files_come_back_byte_for_byte(records):
    for path in (SAMPLES / "text").glob("*.txt"):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue  # legacy encodings: decoded, so not byte-identical by design
        assert records[path.stem]["text"] == text


def test_titles_and_furniture(records):
    for article_id, expected in EXPECTED.items():
        record = records[article_id]
        if expected.get("title") and expected["format"] == "txt":
            assert record["title"] == expected["title"], article_id
        spans = [record["text"][s:e] for s, e in record["boilerplate"]]
        for line in expected.get("boilerplate") or []:
            assert any(line.strip() in span for span in spans), f"{article_id}: {line!r} not marked as furniture"
        if expected.get("byline") and expected["format"] == "txt":
            assert record["byline"] == expected["byline"], article_id


def _quote_found(record: dict, expected: dict) -> tuple[bool, bool]:
    position = record["text"].find(expected["contains"])
    if position < 0:
        return False, False
    end = position + len(expected["contains"])
    for quote in record["quotes"]:
        pieces = quote["spans"] or [[quote["start"], quote["end"]]]
        if any(s <= position + 3 and end - 3 <= e for s, e in pieces):
            speaker = quote["speaker"] or {}
            wanted = expected.get("speaker")
            right = (wanted is None and not speaker) or bool(
                wanted and speaker.get("name") and speaker["name"].lower().split()[-1] in wanted.lower())
            return True, right
    return False, False


def test_quote_recall_on_the_sample_corpus(records):
    found = attributed = total = 0
    missed = []
    for article_id, expected in EXPECTED.items():
        for quote in expected["quotes"]:
            total += 1
            hit, right = _quote_found(records[article_id], quote)
            found += hit
            attributed += right
            if not right:
                missed.append(f"{article_id} [{quote.get('phenomenon')}] {quote['contains'][:40]!r}")
    content, speaker = found / total, attributed / total
    print(f"sample quotes: content recall {content:.3f}, with right speaker {speaker:.3f} (n={total})")
    print("\n".join(missed))
    assert content >= QUOTE_CONTENT_RECALL_FLOOR
    assert speaker >= QUOTE_SPEAKER_RECALL_FLOOR


def _event_found(record: dict, expected: dict) -> bool:
    for event in record["events"]:
        if event["type"] != expected["type"]:
            continue
        actors = {p["country"] for p in event["actor"]}
        others = actors | {p["country"] for p in event["recipient"]}
        if set(expected.get("actor") or []) <= actors and set(expected.get("recipient") or []) <= others:
            return True
    return False


def test_event_recall_on_the_sample_corpus(records):
    total = sum(len(e["events"]) for e in EXPECTED.values())
    found = sum(_event_found(records[i], ev) for i, e in EXPECTED.items() for ev in e["events"])
    print(f"sample events: recall {found / total:.3f} (n={total})")
    assert found / total >= EVENT_RECALL_FLOOR


def test_a_wire_dateline_dates_an_undated_article_and_is_no_quotes_content(records):
    record = records["kyiv_aid_package"]  # "WASHINGTON, March 8, 2024 (Wire) – The United States is preparing ..."
    assert (record["published"], record["published_from"]) == ("2024-03-08", "dateline")
    dateline_end = record["text"].index("The United States")
    assert record["quotes"] and all(not s < dateline_end for q in record["quotes"] for s, _ in q["spans"])
