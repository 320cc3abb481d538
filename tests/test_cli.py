import json

import pytest
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
