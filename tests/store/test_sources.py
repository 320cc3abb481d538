import json

import pytest

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import ingest_records, open_store, queries
from newsgraph.store.sources import is_extracted_jsonl, iter_records


def test_extracted_jsonl_is_recognised(tmp_path, record):
    extracted = tmp_path / "x.jsonl"
    extracted.write_text(json.dumps(record) + "\n")
    raw = tmp_path / "raw.jsonl"
    raw.write_text(json.dumps({"id": "r1", "text": "Hello."}) + "\n")
    assert is_extracted_jsonl(extracted) and not is_extracted_jsonl(raw)
    seen = []
    records = list(iter_records([str(extracted), str(raw)], extract=lambda paths: seen.extend(paths) or iter([])))
    assert [r["id"] for r in records] == ["a1"] and seen == [str(raw)]


def test_bad_lines_become_failed_records(store, tmp_path, record):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(record) + "\n{not json\n[1]\n")
    counts = ingest_records(store, iter_records([str(path)]))
    assert (counts.read, counts.new, counts.failed) == (3, 1, 2)


def test_a_line_that_is_not_utf8_fails_alone(store, tmp_path, record):
    path = tmp_path / "x.jsonl"
    other = dict(record, id="a2", url="https://example.org/a2", text=record["text"] + " ")
    path.write_bytes(json.dumps(record).encode() + b'\n{"id": "\xff"}\n' + json.dumps(other).encode())
    counts = ingest_records(store, iter_records([str(path)], extracted=True))
    assert (counts.read, counts.new, counts.failed) == (3, 2, 1)
    assert "line 2" in counts.errors[0] and "UTF-8" in counts.errors[0]


def test_extracted_jsonl_after_a_byte_order_mark(tmp_path, record):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record).encode() + b"\n")
    assert is_extracted_jsonl(path)
    assert [r["id"] for r in iter_records([str(path)])] == ["a1"]


def test_lines_may_end_with_a_carriage_return_alone(tmp_path, record):
    path = tmp_path / "x.jsonl"
    other = dict(record, id="a2")
    path.write_bytes(json.dumps(record).encode() + b"\r\r" + json.dumps(other).encode() + b"\r{bad\r\n")
    records = list(iter_records([str(path)], extracted=True))
    assert [r["id"] for r in records] == ["a1", "a2", "x.jsonl:4"]  # lines counted as text mode counts them


def test_parquet_shards(store, tmp_path, record):
    import pyarrow as pa
    import pyarrow.parquet as pq

    shards = tmp_path / "shards"
    shards.mkdir()
    table = pa.table({"id": ["a1", "bad"], "error": [None, "E201: boom"], "record": [json.dumps(record), None]})
    pq.write_table(table, shards / "part-00000.parquet")
    counts = ingest_records(store, iter_records([str(shards)]))
    assert (counts.read, counts.new, counts.failed) == (2, 1, 1)
    assert queries.table_counts(store)["quotes"] == 1


def test_cli_ingest_counts(store_url, tmp_path, record):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(record) + "\n")
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", store_url, "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "read 1, new 1, updated 0, unchanged 0, failed 0" in result.output
    with open_store(store_url) as store:
        assert queries.table_counts(store)["articles"] == 1


def test_cli_ingest_raw_text(tmp_path, pipeline, monkeypatch):
    """Raw input is extracted on the way (the session's pipeline stands in for a fresh one)."""
    import newsgraph.pipeline

    monkeypatch.setattr(newsgraph.pipeline, "Pipeline", lambda **_: pipeline)
    article = tmp_path / "a.txt"
    article.write_text("“We are ready,” the minister said on Tuesday.\n")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        assert queries.table_counts(store)["quotes"] == 1


def _fifo_fed(tmp_path, name: str, data: bytes):
    """A FIFO at tmp_path/name, written `data` by a thread once a reader opens it."""
    import os
    import threading

    path = tmp_path / name
    os.mkfifo(path)

    def feed():
        with open(path, "wb") as pipe:
            pipe.write(data)

    threading.Thread(target=feed, daemon=True).start()
    return path


def test_a_pipe_of_extracted_records_is_recognised_from_its_first_record(tmp_path, record):
    """A FIFO can be read once: its first record is looked at as it is read, then read on."""
    other = dict(record, id="a2")
    fifo = _fifo_fed(tmp_path, "feed.jsonl", b"\n" + json.dumps(record).encode() + b"\r" + json.dumps(other).encode())
    assert not is_extracted_jsonl(fifo)  # not a regular file: not opened to look
    records = list(iter_records([str(fifo)], extract=lambda *_: pytest.fail("extracted records extracted again")))
    assert [r["id"] for r in records] == ["a1", "a2"]


def test_a_pipe_of_raw_articles_goes_to_the_raw_reader_whole(tmp_path):
    from newsgraph.ingest import Article, read_articles

    lines = [{"id": "r1", "text": "Hello."}, {"text": "No id."}]
    fifo = _fifo_fed(tmp_path, "feed", "".join(json.dumps(line) + "\n" for line in lines).encode())
    seen = []

    def extract(paths, opened=None):
        seen.append(paths)
        return iter(list(read_articles(paths, opened=opened)))

    articles = list(iter_records([str(fifo)], extract=extract))
    assert seen == [[str(fifo)]]
    assert all(isinstance(a, Article) for a in articles)
    assert [(a.id, a.text) for a in articles] == [("r1", "Hello."), ("feed-2", "No id.")]


def test_standard_input_of_extracted_records_is_recognised(monkeypatch, tmp_path, record):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(record).encode() + b"\n")))
    assert [r["id"] for r in iter_records(["-"], extract=lambda *_: pytest.fail("extracted again"))] == ["a1"]


def test_a_shard_error_row_keeps_its_own_code(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    shard = tmp_path / "part-00000.parquet"
    errors = ["E101: no such file or folder: nope.txt", "worker died"]
    pq.write_table(pa.table({"id": ["nope", "odd"], "error": errors, "record": [None, None]}), shard)
    failed = [r["error"] for r in iter_records([str(shard)])]
    assert failed[0] == errors[0]  # not "E201: E101: ... (this is a bug in newsgraph ...)"
    assert failed[1].startswith("E201: worker died")
