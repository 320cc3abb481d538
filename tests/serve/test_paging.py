"""Page tokens and whole-list downloads."""
from __future__ import annotations

import csv
import io
import re

import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.serve.paging import TOKEN_PATTERN, all_rows, csv_lines, decode_token, encode_token, jsonl_lines, page


def test_tokens_round_trip_and_are_opaque():
    token = encode_token(40)
    assert decode_token(token) == 40 and "40" not in token
    assert decode_token(None) == 0


def test_every_token_the_openapi_pattern_allows_is_a_page():
    assert re.fullmatch(TOKEN_PATTERN, encode_token(0)) and re.fullmatch(TOKEN_PATTERN, encode_token(36**6 - 1))
    assert [decode_token(encode_token(n)) for n in (0, 1, 35, 36, 1000, 36**6 - 1)] == [0, 1, 35, 36, 1000, 36**6 - 1]


@pytest.mark.parametrize("token", ["nonsense", "p", "p-1", "P10", "p10\n", "p1234567", "eyJvIjotMX0"])
def test_bad_tokens_raise_the_catalogued_error(token):
    with pytest.raises(NewsgraphError) as caught:
        decode_token(token)
    assert caught.value.code.value == "E602"


def test_page_knows_whether_there_is_a_next():
    rows = [{"i": i} for i in range(5)]
    fetch = lambda limit, offset: rows[offset:offset + limit]  # noqa: E731
    first, token, _ = page(fetch, None, 3)
    second, last, offset = page(fetch, token, 3)
    assert [r["i"] for r in first + second] == [0, 1, 2, 3, 4] and offset == 3 and last is None


def test_downloads_fetch_every_page():
    rows = [{"i": i, "sides": [{"name": "A"}, {"name": "B"}], "n": None} for i in range(1203)]
    fetched = list(all_rows(lambda limit, offset: rows[offset:offset + limit]))
    assert len(fetched) == 1203
    table = list(csv.DictReader(io.StringIO("".join(csv_lines(iter(rows[:2]))))))
    assert table[0] == {"i": "0", "sides": "A; B", "n": ""}
    assert "".join(jsonl_lines(iter(rows[:2]))).count("\n") == 2
