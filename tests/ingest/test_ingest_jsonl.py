import json

import pytest

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, read_articles
from newsgraph.ingest.dates import normalize_date


def jsonl(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_text_records_are_used_exactly(write):
    text = "  Novak said \"no\".\r\nSecond line\u2028still the same record \n"
    path = write("batch.jsonl", jsonl({"id": "a1", "text": text, "title": "T", "url": "https://x.org/a", "source": "Wire"}))
    [article] = read_articles([path])
    assert isinstance(article, Article)
    assert article.text == text
    assert (article.id, article.title, article.url, article.source) == ("a1", "T", "https://x.org/a", "Wire")
    assert article.origin == f"{path}:1"


def test_default_id_is_stem_and_line_number(write):
    path = write("batch.jsonl", jsonl({"text": "One."}, "", {"text": "Three.", "id": 7}))
    results = list(read_articles([path]))
    assert [r.id for r in results] == ["batch-1", "7"]
    assert [r.origin for r in results] == [f"{path}:1", f"{path}:3"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-07-29", "2022-07-29"),
        ("2022-07-29T23:30:00-05:00", "2022-07-29"),
        ("July 29, 2022", "2022-07-29"),
        ("Fri, 29 Jul 2022 10:00:00 GMT", "2022-07-29"),
        ("29 July 2022", "2022-07-29"),
        ("2022", None),
        ("Friday", None),
        ("not a date", None),
        ("2022-13-45", None),
        (20220729, None),
        (None, None),
    ],
)
def test_published_is_normalised_or_none(value, expected):
    assert normalize_date(value) == expected


def test_published_field(write):
    path = write("p.jsonl", jsonl({"text": "A.", "published": "July 29, 2022"}, {"text": "B.", "published": "sometime"}))
    assert [a.published for a in read_articles([path])] == ["2022-07-29", None]


def test_html_record_is_extracted_and_record_fields_win(write):
    html = "<html><head><title>Page title</title></head><body><p>Novak met Lavrov in Geneva on Friday.</p><p>They spoke for an hour.</p></body></html>"
    path = write("h.jsonl", jsonl({"id": "h", "html": html, "title": "Given title"}))
    [article] = read_articles([path])
    assert article.title == "Given title"
    assert article.text == "Novak met Lavrov in Geneva on Friday.\n\nThey spoke for an hour."


def test_bad_lines_become_errors_and_reading_goes_on(write):
    path = write(
        "mixed.jsonl",
        jsonl(
            {"id": "ok1", "text": "First."},
            '{"id": "broken", "text": ',
            "[1, 2]",
            {"id": "notext"},
            {"id": "emptytext", "text": "   "},
            {"id": "listtext", "text": ["a"]},
            {"id": "ok2", "text": "Last."},
        ),
    )
    results = list(read_articles([path]))
    assert [type(r).__name__ for r in results] == ["Article", "ReadError", "ReadError", "ReadError", "ReadError", "ReadError", "Article"]
    errors = results[1:6]
    assert [e.code for e in errors] == [ErrorCode.BAD_JSON, ErrorCode.BAD_JSON, ErrorCode.MISSING_TEXT, ErrorCode.MISSING_TEXT, ErrorCode.BAD_FIELD]
    assert [e.origin for e in errors] == [f"{path}:{n}" for n in range(2, 7)]
    assert errors[0].id == "mixed-2"
    assert "not valid JSON" in errors[0].detail
    assert "an array" in errors[1].detail
    assert "'text'" in errors[4].detail


def test_html_record_without_body(write):
    path = write("nb.jsonl", jsonl({"id": "nb", "html": "<html><body></body></html>"}))
    [error] = read_articles([path])
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.NO_HTML_BODY
    assert error.origin == f"{path}:1"


def test_non_string_optional_field_is_bad_field(write):
    [error] = read_articles([write("f.jsonl", jsonl({"text": "A.", "title": ["x"]}))])
    assert error.code is ErrorCode.BAD_FIELD


def test_bom_and_crlf_line_ends(write):
    data = b"\xef\xbb\xbf" + b'{"text": "A."}\r\n{"text": "B."}\r\n'
    assert [a.text for a in read_articles([write("w.jsonl", data)])] == ["A.", "B."]


def test_empty_jsonl_file_is_empty_input(write):
    [error] = read_articles([write("none.jsonl", "\n\n  \n")])
    assert error.code is ErrorCode.EMPTY_INPUT


def test_binary_line_is_an_error_and_reading_goes_on(write):
    path = write("bin.jsonl", b'{"text": "A."}\n\x00\x01\x02\x03\n{"text": "B."}\n')
    results = list(read_articles([path]))
    assert [getattr(r, "code", None) for r in results] == [None, ErrorCode.BINARY_INPUT, None]
    assert results[1].origin == f"{path}:2"
