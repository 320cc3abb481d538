import csv
import io
import json

import pytest
from hand_record import hand_record
from typer.testing import CliRunner

from newsgraph.cli import app

runner = CliRunner()


@pytest.mark.parametrize("command", [[], ["extract"], ["show"], ["validate"], ["info"]])
def test_help_works(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


@pytest.mark.model
def test_extract_reads_jsonl_on_stdin_and_counts(nlp):
    lines = [
        json.dumps({"id": "a1", "text": '"We will not back down," Foreign Minister Ana Novak said on Friday.'}),
        "this line is not json",
        json.dumps({"id": "a3", "text": "Washington imposed sanctions on Moscow."}),
    ]
    result = runner.invoke(app, ["extract", "--format", "jsonl", "-"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["id"] for r in records][0] == "a1" and len(records) == 3
    assert "error" in records[1] and "E106" in records[1]["error"]
    assert records[0]["text"] == json.loads(lines[0])["text"]
    assert "read 3, written 2, failed 1" in result.stderr


@pytest.mark.model
def test_extract_writes_jsonl_file_and_shows_tables(tmp_path, nlp):
    article = tmp_path / "talks.txt"
    article.write_text('"Sanctions are coming," Novak said.\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["id"] == "talks"
    assert "Quotes" in result.stdout and "Novak" in result.stdout
    valid = runner.invoke(app, ["validate", str(out)])
    assert valid.exit_code == 0 and "ok" in valid.stdout


def test_validate_rejects_broken_records(tmp_path):
    bad = {"id": "x", "text": "abc", "title": None, "published": None, "byline": None, "source": None,
           "language": "en", "boilerplate": [], "entities": [],
           "quotes": [{"id": "q1", "start": 0, "end": 2, "spans": [[0, 2]], "text": "ab!", "kind": "direct",
                       "cue": None, "speaker": None, "confidence": 1.0}], "events": []}
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "text does not match" in result.stdout


# --- the store's commands, over a store of one hand-built record (no model) -----------------------

RECORD = hand_record(title="Sanctions work", published="2024-03-08")
RECORD["entities"][2]["country"] = RECORD["events"][0]["actor"][0]["country"] = None
RECORD["events"][0]["date"] = "2024-03-08"


@pytest.fixture(scope="module")
def store_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("cli_store")
    records = folder / "records.jsonl"
    records.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = str(folder / "ng.db")
    result = runner.invoke(app, ["ingest", str(records), "--db", db])
    assert result.exit_code == 0 and "read 1, new 1" in result.stderr, result.output
    return db


def _flat(text: str) -> str:
    """Help text without rich's box and line breaks."""
    return " ".join(text.replace("│", " ").split())


@pytest.mark.parametrize("command", ["batch", "ingest", "quotes", "events", "actor", "search", "stories", "export", "serve"])
def test_store_commands_help_works(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output, result.output


def test_help_shows_the_defaults_written_in_brackets():
    # rich reads an unescaped "[default: ...]" as a markup tag and drops it
    assert "[default: jsonl, or table with -o]" in _flat(runner.invoke(app, ["extract", "--help"]).stdout)
    assert "[default: NEWSGRAPH_DB or sqlite:///newsgraph.db]" in _flat(runner.invoke(app, ["quotes", "--help"]).stdout)
    assert "[default: every core]" in _flat(runner.invoke(app, ["batch", "--help"]).stdout)


def test_failed_input_with_an_absolute_path_is_reported_not_a_crash(tmp_path):
    missing = tmp_path / "missing.jsonl"  # its message ends "[/tmp/.../missing.jsonl]", once a MarkupError
    result = runner.invoke(app, ["ingest", str(missing), "--db", str(tmp_path / "ng.db")])
    assert result.exit_code == 0, result.output
    assert f"E101: no such file or folder: {missing}" in result.stderr
    assert f"[{missing}]" in result.stderr  # the "where" of the message is shown, not eaten as markup
    assert "read 1, new 0, updated 0, unchanged 0, failed 1" in result.stderr


def test_queries_on_a_missing_store_say_so_and_create_nothing(tmp_path):
    db = tmp_path / "typo.db"
    for command in (["quotes"], ["events"], ["search", "x"], ["actor", "x"], ["export", "--out", str(tmp_path / "ex")]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2 and "E406" in result.stderr and str(db) in result.stderr, result.output
    assert not db.exists() and not (tmp_path / "ex").exists()


def test_a_file_that_is_not_a_store_is_an_error_not_a_traceback(tmp_path):
    not_a_store = tmp_path / "records.db"
    not_a_store.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    for command in (["quotes"], ["ingest", str(tmp_path / "none.jsonl")]):
        result = runner.invoke(app, [*command, "--db", str(not_a_store)])
        assert result.exit_code == 2 and "E402" in result.stderr and "not a database" in result.stderr, result.output


@pytest.mark.parametrize("args, says", [
    (["events", "--type", "SANCTIONS"], "no event type 'SANCTIONS'; the types are"),
    (["events", "--status", "denied"], "no event status 'denied'"),
    (["quotes", "--since", "2024-13-45"], "since '2024-13-45' is not a date"),
    (["events", "--since", "03/01/2024"], "since '03/01/2024' is not a date"),
    (["quotes", "--until", "yesterday"], "until 'yesterday' is not a date"),
])
def test_bad_filters_are_errors_not_empty_answers(store_db, args, says):
    result = runner.invoke(app, [*args, "--db", store_db])
    assert result.exit_code == 2 and "E407" in result.stderr and says in result.stderr, result.output


def test_good_filters_of_every_form_answer(store_db):
    for args in (["events", "--type", "sanction"], ["events", "--status", "ASSERTED"], ["quotes", "--since", "2024"],
                 ["quotes", "--since", "2024-03", "--until", "2024-03"], ["events", "--until", "2024-03"],
                 ["quotes", "--until", "2024-03-08"]):
        result = runner.invoke(app, [*args, "--db", store_db, "--format", "jsonl"])
        assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1, (args, result.output)
    before = runner.invoke(app, ["quotes", "--until", "2024-02", "--db", store_db, "--format", "jsonl"])
    assert before.exit_code == 0 and before.stdout == ""


def test_csv_carries_what_the_jsonl_does(store_db):
    quotes = list(csv.DictReader(io.StringIO(runner.invoke(app, ["quotes", "--db", store_db, "-f", "csv"]).stdout)))
    assert len(quotes) == 1 and quotes[0]["kind"] == "indirect" and quotes[0]["cue"] == "said"
    assert quotes[0]["quote_id"] == "q1" and quotes[0]["url"] == "https://x.example/a1"
    events = list(csv.DictReader(io.StringIO(runner.invoke(app, ["events", "--db", store_db, "-f", "csv"]).stdout)))
    assert len(events) == 1 and events[0]["actor"] == "European Union" and events[0]["recipient"] == "Russia"
    assert events[0]["quad"] == "MX" and events[0]["event_id"] == "v1"
    assert events[0]["sentence"] == "The EU sanctioned Russia."
    actor = list(csv.DictReader(io.StringIO(runner.invoke(app, ["actor", "Blinken", "--db", store_db, "-f", "csv"]).stdout)))
    assert actor[0]["aliases"] == "Antony Blinken"
    assert actor[0]["roles"] == "Secretary of State (2024-03-08 to 2024-03-08)"


def test_empty_answers_say_so_and_keep_their_csv_header(store_db):
    table = runner.invoke(app, ["search", "nothingmatchesthis", "--db", store_db])
    assert table.exit_code == 0 and table.stdout == "" and "no articles" in table.stderr
    header = runner.invoke(app, ["events", "--type", "ASSAULT", "--db", store_db, "-f", "csv"])
    assert header.exit_code == 0 and header.stdout.splitlines() == [
        "date,actor,type,recipient,status,trigger,article_id,event_id,mode,quad,cameo,confidence,sentence,source,title,url"]


def test_a_full_table_page_says_how_to_get_the_next(store_db):
    result = runner.invoke(app, ["quotes", "--db", store_db, "--limit", "1"])
    assert result.exit_code == 0 and "more with --offset 1" in result.stderr


def test_export_into_a_path_that_cannot_be_a_folder_is_an_error(store_db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", "--db", store_db, "--out", str(blocker / "export")])
    assert result.exit_code == 2 and "E303: cannot write" in result.stderr, result.output


def test_ingest_warns_of_a_missing_overrides_file(store_db, tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(records), "--db", store_db, "--overrides", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 0 and "no overrides file at" in result.stderr and "unchanged 1" in result.stderr


def test_ingest_help_names_the_writers_defaults():
    """The help's numbers are the writer's (it imports them from newsgraph.config, without the writer)."""
    import re

    from newsgraph.store.writer import DEFAULT_BATCH, Writer

    result = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "400"})
    text = re.sub(r"[\s│]+", " ", result.output)
    assert result.exit_code == 0
    assert f"of {Writer.BULK_AFTER:,} records at least" in text and f"default: {DEFAULT_BATCH}" in text


@pytest.mark.parametrize("flag, deferred", [("--bulk", True), ("--no-bulk", False), (None, False)])
def test_ingest_bulk_builds_the_indexes_after_the_load(tmp_path, monkeypatch, flag, deferred):
    from sqlalchemy import inspect

    from newsgraph.store import bulk, open_store

    calls = []
    defer = bulk.defer
    monkeypatch.setattr(bulk, "defer", lambda store: calls.append(1) or defer(store))
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = str(tmp_path / "ng.db")
    result = runner.invoke(app, ["ingest", str(records), "--db", db, *([flag] if flag else [])])
    assert result.exit_code == 0 and "new 1" in result.stderr, result.output
    assert bool(calls) is deferred  # a one-record input is not a bulk load unless asked
    with open_store(db) as store, store.engine.connect() as conn:
        names = {ix["name"] for table in ("events", "event_participants") for ix in inspect(conn).get_indexes(table)}
        assert {"ix_events_type", "ix_event_participants_name"} <= names
        assert conn.exec_driver_sql("SELECT count(*) FROM deferred_indexes").scalar() == 0


def test_show_and_validate_say_what_is_wrong_with_a_file(tmp_path):
    for command in ("show", "validate"):
        missing = runner.invoke(app, [command, str(tmp_path / "none.jsonl")])
        assert missing.exit_code == 2 and "does not exist" in missing.output
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text(json.dumps(RECORD) + "\n{broken\n" + json.dumps({"id": "raw", "text": "x"}) + "\n", encoding="utf-8")
    shown = runner.invoke(app, ["show", str(mixed)])
    assert shown.exit_code == 0 and "a1" in shown.stdout
    assert f"{mixed}:2: not JSON" in shown.stderr and f"{mixed}:3: not an extracted record" in shown.stderr
    checked = runner.invoke(app, ["validate", str(mixed)])
    assert checked.exit_code == 1 and f"{mixed}:2 ?: not JSON" in checked.stdout and "INVALID" in checked.stdout


@pytest.mark.parametrize("args", [
    ["extract", "-", "--batch-size", "0"],  # 0 once read no article and reported "read 0, written 0"
    ["ingest", "x.jsonl", "--batch-size", "0"],  # likewise: nothing ingested, "read 0"
    ["batch", "x.jsonl", "--out", "o", "--workers", "0"],
    ["quotes", "--limit", "0"], ["events", "--offset", "-1"], ["search", "x", "--limit", "-1"],
    ["actor", " "],  # a blank name is part of every name
])
def test_numbers_and_names_that_cannot_work_are_usage_errors(args):
    result = runner.invoke(app, args, input="")
    assert result.exit_code == 2 and "Invalid value" in result.output, result.output


def test_a_bad_batch_size_in_the_environment_is_said(monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "lots")
    result = runner.invoke(app, ["extract", "-"], input="")
    assert result.exit_code == 2 and "NEWSGRAPH_BATCH_SIZE must be a whole number" in result.stderr


def test_serve_on_a_missing_store_warns_that_it_serves_an_empty_one(tmp_path, monkeypatch):
    import newsgraph.serve.run

    served = []
    monkeypatch.setattr(newsgraph.serve.run, "serve", lambda web, host, port, workers, limits: served.append(port))
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "new.db"), "--port", "8123"])
    assert result.exit_code == 0 and served == [8123], result.output
    assert f"no store at {tmp_path / 'new.db'}: serving a new, empty one" in result.stderr
    again = runner.invoke(app, ["serve", "--db", str(tmp_path / "new.db"), "--port", "8123"])
    assert again.exit_code == 0 and "no store at" not in again.stderr


def test_show_and_validate_read_the_array_of_extract_format_json(tmp_path):
    array = tmp_path / "records.json"
    array.write_text(json.dumps([RECORD, RECORD | {"id": "a2"}], indent=2), encoding="utf-8")
    shown = runner.invoke(app, ["show", str(array)])
    assert shown.exit_code == 0 and "a1" in shown.stdout and "a2" in shown.stdout and shown.stderr == ""
    assert runner.invoke(app, ["validate", str(array)]).exit_code == 0


def test_stories_lists_which_outlets_ran_the_same_story(tmp_path):
    wire = hand_record(published="2024-03-08")
    wire["text"] += (" Brussels said the package freezes the assets of forty companies and bans exports of"
                     " machine tools, drones and their parts to Moscow from next month.")
    copy = hand_record(id="a2", url="https://other.example/a2", source="Other Daily", published="2024-03-09",
                       text=wire["text"] + " Reporting by Other Daily staff.")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in (wire, copy)), encoding="utf-8")
    db = str(tmp_path / "ng.db")
    assert runner.invoke(app, ["ingest", str(records), "--db", db]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["stories", "--db", db, "-f", "csv"]).stdout)))
    assert [(r["article_count"], r["sources"], r["copies"], r["article_ids"]) for r in rows] == [
        ("2", "Other Daily; Wire", "1", "a1; a2")]
    table = runner.invoke(app, ["stories", "--db", db])
    assert table.exit_code == 0 and "Other" in table.stdout and "Wire" in table.stdout


def test_stories_list_the_outlets_that_ran_a_text_verbatim(tmp_path):
    wire = hand_record()
    verbatim = hand_record(id="c1", url="https://other.example/c1", source="Other Daily")  # the same text
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in (wire, verbatim)), encoding="utf-8")
    db = str(tmp_path / "ng.db")
    for _ in range(2):  # the second time changes nothing
        assert runner.invoke(app, ["ingest", str(records), "--db", db]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["stories", "--db", db, "-f", "csv"]).stdout)))
    assert [(r["article_count"], r["sources"], r["copies"], r["article_ids"], r["copy_urls"]) for r in rows] == [
        ("1", "Other Daily; Wire", "1", "a1", "https://other.example/c1")]


def test_stories_of_one_article_are_left_out_unless_asked(store_db):
    assert "no stories" in runner.invoke(app, ["stories", "--db", store_db]).stderr
    rows = [json.loads(line) for line in runner.invoke(app, ["stories", "--db", store_db, "--min-articles", "1",
                                                             "-f", "jsonl"]).stdout.splitlines()]
    assert [[a["id"] for a in r["articles"]] for r in rows] == [["a1"]]
