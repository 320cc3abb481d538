import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, read_articles


def page(n: int) -> str:
    paragraphs = "".join(f"<p>Paragraph {k} of story {n}: the minister spoke with his counterpart on Friday about the talks.</p>" for k in range(8))
    return f"<html><head><title>Story {n}</title></head><body><article>{paragraphs}</article></body></html>"


def response(writer, uri, body: bytes, content_type="text/html; charset=utf-8", status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def make_warc(records, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for record in records:
        if record[0] == "request":
            writer.write_record(writer.create_warc_record(record[1], "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        else:
            response(writer, *record[1:])
    return buf.getvalue()


STORIES = [("response", f"https://example.com/world/story-{n}.html", page(n).encode()) for n in range(3)]


@pytest.mark.parametrize("gz, name", [(True, "a.warc.gz"), (False, "a.warc")])
def test_reads_html_responses(write, gz, name):
    path = write(name, make_warc(STORIES, gz))
    results = list(read_articles([path]))
    assert [r.id for r in results] == ["story-0", "story-1", "story-2"]
    assert all(isinstance(r, Article) for r in results)
    assert results[1].url == "https://example.com/world/story-1.html"
    assert results[1].title == "Story 1"
    assert results[1].origin == f"{path}#2"
    assert "Paragraph 0 of story 1" in results[1].text


def test_skips_non_html_non_200_and_non_response_records(write):
    records = [
        ("request", "https://example.com/world/story-0.html"),
        STORIES[0],
        ("response", "https://example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("response", "https://example.com/missing.html", page(9).encode(), "text/html", "404 Not Found"),
        ("response", "https://example.com/data.json", b'{"a": 1}', "application/json"),
        STORIES[1],
    ]
    results = list(read_articles([write("mixed.warc.gz", make_warc(records, gz=True))]))
    assert [r.id for r in results] == ["story-0", "story-1"]


def test_body_decoded_by_http_charset(write):
    body = page(1).replace("spoke with", "spoke — briefly — with").encode("cp1252")
    warc = make_warc([("response", "https://example.com/a/cp.html", body, "text/html; charset=windows-1252")], gz=False)
    [article] = read_articles([write("cp.warc", warc)])
    assert "spoke — briefly — with" in article.text


def test_id_falls_back_to_record_id(write):
    [article] = read_articles([write("root.warc", make_warc([("response", "https://example.com/", page(1).encode())], gz=False))])
    assert article.id and "example" not in article.id and "<" not in article.id


@pytest.mark.parametrize("gz, name", [(True, "cut.warc.gz"), (False, "cut.warc")])
def test_truncated_archive_yields_records_then_bad_archive_and_run_goes_on(write, gz, name):
    data = make_warc(STORIES, gz)
    cut = write(name, data[: len(data) - len(data) // 5])  # into the third record
    after = write("after.txt", "The next input is still read.")
    results = list(read_articles([cut, after]))
    assert [type(r) for r in results] == [Article, Article, ReadError, Article]
    assert [r.id for r in results[:2]] == ["story-0", "story-1"]
    assert results[2].code is ErrorCode.BAD_ARCHIVE
    assert cut in results[2].detail
    assert results[3].id == "after"


def test_archive_cut_inside_a_record_header_is_bad_archive(write):
    data = make_warc(STORIES, gz=False)
    third = data.rindex(b"WARC/1.0")
    results = list(read_articles([write("cuthead.warc", data[: third + 60])]))
    assert [r.id for r in results[:2]] == ["story-0", "story-1"]
    assert results[2].code is ErrorCode.BAD_ARCHIVE
    assert len(results) == 3


def test_warcinfo_and_odd_uris(write):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    response(writer, "https://[bad-host/world/odd.html", page(1).encode())
    response(writer, "https://example.com/a/b/article.php?id=3", page(2).encode())
    results = list(read_articles([write("x.warc.gz", buf.getvalue())]))
    assert all(isinstance(r, Article) for r in results)
    assert results[1].id == "article"
    assert len(results) == 2


def test_not_a_warc_is_bad_archive(write):
    [error] = read_articles([write("junk.warc", "this is not an archive\n" * 20)])
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.BAD_ARCHIVE


def test_empty_warc_is_empty_input(write):
    [error] = read_articles([write("empty.warc.gz", b"")])
    assert error.code is ErrorCode.EMPTY_INPUT


def test_archive_without_html_pages_is_empty_input_not_silence(write):
    records = [
        ("request", "https://example.com/world/story-0.html"),
        ("response", "https://example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("response", "https://example.com/missing.html", page(9).encode(), "text/html", "404 Not Found"),
    ]
    path = write("nopages.warc.gz", make_warc(records, gz=True))
    [error] = read_articles([path])
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.EMPTY_INPUT
    assert path in error.detail and "3 records" in error.detail
