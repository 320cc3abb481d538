import pytest

from newsgraph.chunking import ChunkMerger, chunk_spans, forced_sentence_starts
from newsgraph.contract import record_problems
from newsgraph.records import base_record


def covers(spans, text):
    return spans[0][0] == 0 and spans[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


def test_short_text_is_one_chunk():
    assert chunk_spans("Novak spoke.", 100) == [(0, 12)]
    assert chunk_spans("", 100) == [(0, 0)]


def test_chunks_end_at_paragraph_breaks_first():
    paragraph = "Novak met Lavrov. They spoke for an hour. " * 3 + "\n\n"
    text = paragraph * 10
    spans = chunk_spans(text, 300)
    assert covers(spans, text)
    assert all(e - s <= 300 for s, e in spans)
    assert all(text[:e].endswith("\n\n") for s, e in spans[:-1])


def test_without_paragraphs_chunks_end_at_sentences_then_spaces_then_anywhere():
    sentences = "Novak met Lavrov in Geneva. " * 40
    spans = chunk_spans(sentences, 200)
    assert covers(spans, sentences) and all(sentences[:e].endswith(". ") for _, e in spans[:-1])

    words = "word " * 200
    spans = chunk_spans(words, 64)
    assert covers(spans, words) and all(words[e - 1] == " " for _, e in spans[:-1])

    blob = "x" * 1000
    spans = chunk_spans(blob, 64)
    assert covers(spans, blob) and all(e - s == 64 for s, e in spans[:-1])


def test_chunk_limit_must_be_sensible():
    with pytest.raises(ValueError):
        chunk_spans("abc", 1)


def test_forced_sentence_starts_only_in_long_runs():
    normal = "Novak met Lavrov. " * 200
    assert forced_sentence_starts(normal, 100) == []
    run = "the minister said, " * 100  # 1900 characters and no sentence end
    starts = forced_sentence_starts(run, 500)
    gaps = [b - a for a, b in zip([0, *starts], [*starts, len(run)])]
    assert starts and max(gaps) <= 500
    assert all(run[p - 2:p] == ", " for p in starts)  # cut after a comma


def test_forced_sentence_starts_in_a_run_without_spaces():
    starts = forced_sentence_starts("x" * 2500, 1000)
    assert starts == [1000, 2000]


def part(text, **lists):
    record = base_record("a", text)
    record.update(lists)
    return record


def entity(id_, name, mentions, type_="PERSON", roles=()):
    return {"id": id_, "name": name, "type": type_, "country": None, "sector": None, "roles": list(roles),
            "mentions": mentions, "kb_id": None}


def test_merger_shifts_offsets_and_keeps_ids_unique():
    first = "Novak said: \"We are ready.\"\n\n"
    second = "Lavrov warned Novak. \"No,\" Lavrov said."
    text = first + second
    offset = len(first)
    quote = {"id": "q1", "start": 12, "end": 26, "spans": [[13, 25]], "text": first[12:26], "kind": "direct",
             "cue": {"start": 6, "end": 10, "text": "said"},
             "speaker": {"entity": "e1", "name": "Novak", "start": 0, "end": 5, "text": "Novak"}, "confidence": 0.9}
    part1 = part(first, entities=[entity("e1", "Novak", [[0, 5]], roles=["speaker"])], quotes=[quote])
    quote2 = {"id": "q1", "start": 21, "end": 26, "spans": [[22, 24]], "text": second[21:26], "kind": "direct",
              "cue": {"start": 34, "end": 38, "text": "said"},
              "speaker": {"entity": "e1", "name": "Lavrov", "start": 27, "end": 33, "text": "Lavrov"}, "confidence": 0.8}
    event = {"id": "v1", "type": "THREATEN", "mode": None, "quad": "VX",
             "actor": [{"entity": "e1", "name": "Lavrov", "country": None, "sector": None, "start": 0, "end": 6}],
             "recipient": [{"entity": "e2", "name": "Novak", "country": None, "sector": None, "start": 14, "end": 19}],
             "status": "asserted", "date": None, "trigger": {"start": 7, "end": 13, "text": "warned"},
             "sentence": [0, 20], "quote": "q1", "confidence": 0.7}
    part2 = part(second, entities=[entity("e1", "Lavrov", [[0, 6], [27, 33]]), entity("e2", "Novak", [[14, 19]], roles=["recipient"])],
                 quotes=[quote2], events=[event], boilerplate=[[0, 3]])
    merger = ChunkMerger(base_record("a", text, {"boilerplate": [(0, 5)]}))
    merger.add(0, part1)
    merger.add(offset, part2)
    record = merger.finish()

    assert record_problems(record) == []
    assert [e["id"] for e in record["entities"]] == ["e1", "e2"]
    novak, lavrov = record["entities"]
    assert novak["mentions"] == [[0, 5], [offset + 14, offset + 19]] and novak["roles"] == ["speaker", "recipient"]
    assert lavrov["mentions"] == [[offset, offset + 6], [offset + 27, offset + 33]]
    assert [q["id"] for q in record["quotes"]] == ["q1", "q2"]
    q2 = record["quotes"][1]
    assert q2["speaker"]["entity"] == "e2" and text[q2["speaker"]["start"]:q2["speaker"]["end"]] == "Lavrov"
    [merged_event] = record["events"]
    assert merged_event["quote"] == "q2" and merged_event["recipient"][0]["entity"] == "e1"
    assert text[merged_event["trigger"]["start"]:merged_event["trigger"]["end"]] == "warned"
    assert merged_event["sentence"] == [offset, offset + 20]
    assert record["boilerplate"] == [[0, 5], [offset, offset + 3]]


def test_merger_drops_references_to_entities_it_never_saw():
    quote = {"id": "q1", "start": 0, "end": 4, "spans": [[0, 4]], "text": "\"Hi\"", "kind": "direct", "cue": None,
             "speaker": {"entity": "e9", "name": "X", "start": 0, "end": 1, "text": "\""}, "confidence": 0.5}
    merger = ChunkMerger(base_record("a", "\"Hi\""))
    merger.add(0, part("\"Hi\"", quotes=[quote]))
    record = merger.finish()
    assert record["quotes"][0]["speaker"]["entity"] is None
    assert record_problems(record) == []
