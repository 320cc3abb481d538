import io
import sys

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, read_articles

LINES = '{"id": "s1", "text": "Café talks.\\r\\nOn Friday."}\n\nnot json\n{"text": "Second."}\n'


def check(results):
    assert [type(r) for r in results] == [Article, ReadError, Article]
    assert results[0].text == "Café talks.\r\nOn Friday."
    assert results[0].origin == "<stdin>:1"
    assert results[1].code is ErrorCode.BAD_JSON and results[1].origin == "<stdin>:3"
    assert results[2].id == "stdin-4"


def test_text_stream():
    check(list(read_articles(["-"], stdin=io.StringIO(LINES))))


def test_binary_stream():
    check(list(read_articles(["-"], stdin=io.BytesIO(LINES.encode("utf-8")))))


def test_text_wrapper_reads_the_bytes_underneath():
    # A stdin opened with a non-UTF-8 locale encoding must still read UTF-8 JSONL.
    stream = io.TextIOWrapper(io.BytesIO(LINES.encode("utf-8")), encoding="ascii")
    check(list(read_articles(["-"], stdin=stream)))


def test_defaults_to_sys_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(LINES))
    check(list(read_articles(["-"])))
