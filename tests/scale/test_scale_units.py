"""Shards, rows and the pure function, on hand-built inputs and a stub pipeline (no model, no workers)."""
from __future__ import annotations

import json

import pytest

from newsgraph.errors import ErrorCode
from newsgraph.ingest.article import Article, ReadError
from newsgraph.records import base_record
from newsgraph.scale.extract import extract_rows, run_shard
from newsgraph.scale.rows import input_item, input_row
from newsgraph.scale.shards import cut_shards, read_shard_records, remove_temp_files, shard_counts, write_shard


class StubPipeline:
    """Empty records; raises on the text 'boom' (in a batch and alone), like a bug in an extractor."""

    def pipe(self, items):
        items = list(items)
        for item in items:
            if getattr(item, "text", "") == "boom":
                raise RuntimeError("extractor bug")
        for item in items:
            if isinstance(item, ReadError):
                record = base_record(item.id, "")
                record["error"] = item.message
                yield record
            else:
                yield base_record(item.id, item.text)


def rows(*texts):
    return [input_row(Article(id=f"a{i}", text=t)) for i, t in enumerate(texts)]


def test_input_rows_round_trip_articles_and_read_errors():
    article = Article(id="a", text="x", title="t", boilerplate=[(0, 1)], origin="f.jsonl:1")
    error = ReadError("b", ErrorCode.BAD_JSON, "line 2 is not JSON", "f.jsonl:2")
    for item in (article, error):
        assert input_item(json.loads(json.dumps(input_row(item)))) == item


def test_shard_boundaries_depend_only_on_input_order():
    cut = list(cut_shards(iter(range(7)), 3))
    assert cut == [(0, [0, 1, 2]), (1, [3, 4, 5]), (2, [6])]


def test_a_record_that_breaks_the_batch_becomes_an_error_row_and_the_others_survive():
    out = extract_rows(StubPipeline(), rows("fine", "boom", "also fine"))
    assert [r["id"] for r in out] == ["a0", "a1", "a2"]
    assert [bool(r["error"]) for r in out] == [False, True, False]
    assert out[1]["error"].startswith(ErrorCode.EXTRACTION_FAILED.value)
    assert json.loads(out[1]["record"])["error"] == out[1]["error"]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_shards_are_written_whole_and_read_back(tmp_path, fmt):
    result = run_shard(StubPipeline(), 3, rows("one", "boom"), tmp_path, fmt)
    assert (result.read, result.written, result.failed) == (2, 1, 1)
    path = tmp_path / f"part-00003.{fmt}"
    assert [r["id"] for r in read_shard_records(path)] == ["a0", "a1"]
    assert shard_counts(path) == {"read": 2, "written": 1, "failed": 1}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


def test_parquet_shards_have_the_columns_the_store_reads(tmp_path):
    import pyarrow.parquet as pq

    write_shard(tmp_path, 0, "parquet", [{"id": "a", "error": None, "record": "{}", "n_entities": 0,
                                          "n_quotes": 0, "n_events": 0}])
    table = pq.read_table(tmp_path / "part-00000.parquet")
    assert table.column_names[:3] == ["id", "error", "record"]
    assert str(table.schema.field("error").type) == "string"


def test_a_failed_shard_is_retried(tmp_path, monkeypatch):
    import newsgraph.scale.extract as extract

    failures = iter([OSError("disk full"), OSError("disk full")])

    def flaky_write(*args):
        if (exc := next(failures, None)) is not None:
            raise exc
        return write_shard(*args)

    monkeypatch.setattr(extract, "write_shard", flaky_write)
    result = run_shard(StubPipeline(), 0, rows("x", "y"), tmp_path, "jsonl", retries=2)
    assert (result.attempts, result.written, result.failed) == (3, 2, 0)
    assert [r["id"] for r in read_shard_records(tmp_path / "part-00000.jsonl")] == ["a0", "a1"]


def test_a_shard_that_keeps_failing_becomes_error_rows(tmp_path, monkeypatch):
    import newsgraph.scale.extract as extract

    def broken_extract(pipeline, rows):
        raise MemoryError("worker out of memory")

    monkeypatch.setattr(extract, "extract_rows", broken_extract)
    result = run_shard(StubPipeline(), 0, rows("x", "y"), tmp_path, "jsonl", retries=1)
    assert (result.attempts, result.failed) == (2, 2)
    records = read_shard_records(tmp_path / "part-00000.jsonl")
    assert all(r["error"].startswith(ErrorCode.SHARD_FAILED.value) for r in records)


def test_half_written_shards_of_a_killed_run_are_removed(tmp_path):
    (tmp_path / "part-00000.parquet.tmp-123").write_text("half")
    (tmp_path / "part-00001.parquet").write_text("done")
    assert remove_temp_files(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["part-00001.parquet"]


def test_the_store_reads_our_parquet_shards(tmp_path):
    sources = pytest.importorskip("newsgraph.store.sources", reason="the store is not in this tree")
    run_shard(StubPipeline(), 0, rows("one", "two"), tmp_path, "parquet")
    records = list(sources.read_parquet_shard(tmp_path / "part-00000.parquet"))
    assert [r["id"] for r in records] == ["a0", "a1"]
