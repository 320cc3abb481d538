"""The two kinds of fact, "X said Y" and "X sanctioned Z", found by CLI query on the sample store."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.store import open_store, queries

runner = CliRunner()


def _jsonl(*args: str) -> list[dict]:
    result = runner.invoke(app, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_who_said_what(sample_store_url):
    rows = _jsonl("quotes", "--speaker", "Blinken", "--db", sample_store_url)
    assert rows and {r["speaker_name"] for r in rows} == {"Antony Blinken"}
    assert any("on their way" in r["text"] for r in rows)
    about = _jsonl("quotes", "--speaker", "Blinken", "--about", "weapons", "--db", sample_store_url)
    assert about and all("weapons" in r["text"].lower() for r in about)


def test_who_sanctioned_whom(sample_store_url):
    rows = _jsonl("events", "--actor", "European Union", "--type", "sanction", "--db", sample_store_url)
    assert rows and all(r["type"] == "SANCTION" for r in rows)
    assert any(side["name"] == "Russia" for r in rows for side in r["recipient"])
    against_russia = _jsonl("events", "--recipient", "Russia", "--type", "SANCTION", "--db", sample_store_url)
    assert any(side["name"] == "European Union" for r in against_russia for side in r["actor"])


def test_filters_and_paging(sample_store_url):
    with open_store(sample_store_url) as store:
        since = queries.quotes(store, since="2024-05-01", until="2024-05-31", limit=500)
        assert since and all("2024-05-01" <= r["published"] <= "2024-05-31" for r in since)
        page1, page2 = (queries.events(store, limit=5, offset=o) for o in (0, 5))
        assert len(page1) == 5 and not {r["event_id"] + r["article_id"] for r in page1} & {
            r["event_id"] + r["article_id"] for r in page2}
        wire = queries.quotes(store, source="wire", limit=500)
        assert wire and all("wire" in r["source"].lower() for r in wire)
        assert queries.events(store, status="negated", limit=500)


def test_search_and_actor(sample_store_url):
    rows = _jsonl("search", "drone", "--db", sample_store_url)
    assert rows and all("[" in r["snippet"] for r in rows)
    profile = _jsonl("actor", "Antony Blinken", "--db", sample_store_url)[0]
    assert profile["name"] == "Antony Blinken" and profile["quotes"] and profile["events"]
    assert profile["counterparts"]
    table = runner.invoke(app, ["actor", "Blinken", "--db", sample_store_url])
    assert table.exit_code == 0 and "Antony Blinken" in table.stdout
    assert runner.invoke(app, ["actor", "Nobody Atall", "--db", sample_store_url]).exit_code == 1


def test_csv_and_table_output(sample_store_url):
    result = runner.invoke(app, ["events", "--type", "SANCTION", "--format", "csv", "--db", sample_store_url])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0])[:7] == ["date", "actor", "type", "recipient", "status", "trigger", "article_id"]
    assert {"event_id", "quad", "sentence", "url"} <= set(rows[0])  # what the JSONL carries, for analysis elsewhere
    table = runner.invoke(app, ["quotes", "--speaker", "Blinken", "--db", sample_store_url])
    assert table.exit_code == 0 and "Blinken" in table.stdout


def test_until_a_month_takes_in_the_whole_month(sample_store_url):
    with open_store(sample_store_url) as store:
        march = queries.quotes(store, since="2024-03-01", until="2024-03-31", limit=500)
        assert march and queries.quotes(store, since="2024-03", until="2024-03", limit=500) == march
        events = queries.events(store, since="2024-03-01", until="2024-03-31", limit=500)
        assert events and queries.events(store, since="2024-03", until="2024-03", limit=500) == events


@pytest.mark.parametrize("value", ["2024", "2024-03", "2024-02-29", " 2024-03-08 ", "2023-02-30"])
def test_checked_date_takes_dates_and_their_prefixes(value):
    assert queries.checked_date(value, "since") == value.strip()


@pytest.mark.parametrize("value", ["2024-13", "2024-00-10", "2024-01-32", "24-03-01", "03/01/2024", "yesterday",
                                   "2024-3-1", "2024-03-08T10:00"])
def test_checked_date_refuses_what_is_not_a_date(value):
    with pytest.raises(NewsgraphError) as refused:
        queries.checked_date(value, "until")
    assert refused.value.code is ErrorCode.BAD_FILTER and f"until {value!r} is not a date" in str(refused.value)


def test_unknown_event_type_or_status_is_refused_not_an_empty_list():
    with pytest.raises(NewsgraphError, match="no event type 'SANCTIONS'; the types are ACCUSE"):
        queries.checked_type("SANCTIONS")
    with pytest.raises(NewsgraphError, match="no event status 'denied'"):
        queries.checked_status("denied")
    assert queries.checked_type("sanction") == "sanction" and queries.checked_status("Planned") == "Planned"
