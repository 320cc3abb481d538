"""Property-based tests (hypothesis): the extractor never raises and always returns contract-valid
offsets on arbitrary Unicode, and the readers never hang and never raise on arbitrary bytes.

Budgets are small on purpose (the extractor runs the real model): the whole file takes well
under a minute.
"""
from __future__ import annotations

import io
import json
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.contract import record_problems
from newsgraph.ingest import Article, ReadError, read_articles

READER_SECONDS = 10  # one example of a reader taking longer than this counts as a hang

# Pieces of news text: what the extractors look for, mixed with any character at all.
NEWSY = st.sampled_from([
    "Novak", "Lavrov", "Blinken", "the minister", "Russia", "Washington", " said", " told reporters",
    " warned", " imposed sanctions on ", " met ", " on Friday", "\"", "“", "”", "‘", "’", "«", "»", "'",
    ", ", ". ", ": ", " — ", "\n", "\n\n", " ", "he", "she", "they", "We will", "(AP)", "WASHINGTON -",
])
NEWS_TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=8)), max_size=40).map("".join)
EXTRACT_SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
READER_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_valid(record: dict, text: str) -> None:
    assert "error" not in record, record["error"]
    assert record["text"] == text
    assert record_problems(record) == []
    ids = [e["id"] for e in record["entities"]] + [q["id"] for q in record["quotes"]] + [v["id"] for v in record["events"]]
    assert len(ids) == len(set(ids))


@pytest.mark.model
@EXTRACT_SETTINGS
@given(text=st.text(max_size=120))
def test_extractor_on_any_unicode(pipeline, text):
    assert_valid(pipeline.extract(text), text)


@pytest.mark.model
@EXTRACT_SETTINGS
@given(text=NEWS_TEXT)
def test_extractor_on_newsy_noise(pipeline, text):
    assert_valid(pipeline.extract(text), text)


@pytest.fixture(scope="module")
def chunking_pipeline(nlp):
    from newsgraph.pipeline import Pipeline

    return Pipeline(nlp=nlp, chunk_chars=40)


@pytest.mark.model
@EXTRACT_SETTINGS
@given(text=NEWS_TEXT)
def test_chunked_extraction_gives_one_valid_record(chunking_pipeline, text):
    assert_valid(chunking_pipeline.extract(text), text)


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    def hang(signum, frame):
        raise Hang(f"a reader took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_file(name: str, data: bytes) -> list[Article | ReadError]:
    """Write `data` as `name` in a fresh folder and read it, under the time limit."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with time_limit(READER_SECONDS):
            results = list(read_articles([str(path)]))
    assert results, "every file gives at least one article or error"
    for result in results:
        assert isinstance(result, (Article, ReadError))
        if isinstance(result, ReadError):
            assert result.message.startswith(result.code.value + ": ")
        else:
            assert result.text.strip()
    return results


TEXTY_BYTES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).flatmap(lambda t: st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1251", "latin-1", "gb18030"]).map(
        lambda enc: t.encode(enc, errors="replace"))),
)


@READER_SETTINGS
@given(data=TEXTY_BYTES)
def test_text_reader_on_any_bytes(data):
    read_file("any.txt", data)


JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40), st.lists(st.integers(), max_size=2))
JSON_RECORD = st.dictionaries(st.sampled_from(["id", "text", "html", "title", "published", "url", "source", "byline"]),
                              JSON_VALUE, max_size=6).map(json.dumps).map(str.encode)
JSONL_LINE = st.one_of(JSON_RECORD, st.binary(max_size=60).filter(lambda b: b"\n" not in b))


@READER_SETTINGS
@given(lines=st.lists(JSONL_LINE, max_size=6))
def test_jsonl_reader_on_any_lines(lines):
    results = read_file("any.jsonl", b"\n".join(lines))
    assert len(results) <= max(1, len(lines))


HTML_PIECES = st.sampled_from(["<html>", "</html>", "<head>", "<title>", "</title>", "<body>", "</body>", "<p>", "</p>",
                               "<article>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#0;", "<meta charset=\"x\">",
                               "<div", ">", "<", "Novak met Lavrov on Friday. ", "\x00", "\n"])
HTML = st.lists(st.one_of(HTML_PIECES, st.text(max_size=10)), max_size=30).map("".join)


@READER_SETTINGS
@given(html=HTML, encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_html_reader_on_any_markup(html, encoding):
    read_file("any.html", html.encode(encoding, errors="replace"))


def warc_bytes(bodies: list[bytes], gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n, body in enumerate(bodies):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{n:012}>", "WARC-Date": "2024-03-08T00:00:00Z"}
        writer.write_record(writer.create_warc_record(f"https://example.com/{n}.html", "response", payload=io.BytesIO(body),
                                                      http_headers=headers, warc_headers_dict=fixed))
    return buf.getvalue()


@st.composite
def damaged_warcs(draw) -> tuple[bytes, bool]:
    gz = draw(st.booleans())
    bodies = draw(st.lists(HTML.map(str.encode), min_size=1, max_size=3))
    data = warc_bytes(bodies, gz)
    how = draw(st.sampled_from(["whole", "cut", "flip", "noise"]))
    if how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    elif how == "noise":
        data = draw(st.sampled_from([b"WARC/1.0\r\n", b"\x1f\x8b", b""])) + draw(st.binary(max_size=200))
    return data, gz


@READER_SETTINGS
@given(warc=damaged_warcs())
def test_warc_reader_on_damaged_archives(warc):
    data, gz = warc
    read_file("any.warc.gz" if gz else "any.warc", data)
