import csv
import json

import pytest

from newsgraph.store import open_store, queries
from newsgraph.store.export import GDELT_COLUMNS, export_tables


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_every_table_exported(sample_store_url, tmp_path, fmt):
    with open_store(sample_store_url) as store:
        written = export_tables(store, tmp_path, fmt)
        counts = queries.table_counts(store)
    for table, n in counts.items():
        assert written[f"{table}.{fmt}"] == n
        assert (tmp_path / f"{table}.{fmt}").exists()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(tmp_path / "quotes.parquet").num_rows == counts["quotes"]
    plover = [json.loads(line) for line in (tmp_path / "events.plover.jsonl").read_text().splitlines()]
    assert len(plover) == counts["events"]
    assert {"event_type", "event_date", "actor", "recipient", "cameo_root"} <= set(plover[0])
    with (tmp_path / "events.dyadic.csv").open() as handle:
        dyads = list(csv.DictReader(handle))
    assert list(dyads[0]) == GDELT_COLUMNS
    sanctions = [d for d in dyads if d["PloverType"] == "SANCTION" and d["Actor2Name"] == "Russia"]
    assert sanctions and all(d["QuadClass"] == "4" for d in sanctions)


def test_cli_export(sample_store_url, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["export", "--db", sample_store_url, "--out", str(tmp_path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "articles.csv").exists() and "events.dyadic.csv" in result.stdout
