"""The `newsgraph` command. Thin: parses arguments, calls the Python API, prints."""
from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(help="newsgraph: who said what, and who did what to whom, in news articles.",
                  no_args_is_help=True, add_completion=False)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help=".txt/.html/.jsonl/.warc(.gz) files, folders of them, or - for JSONL on stdin")],
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="jsonl: one record per line; json: one array; table: readable tables [default: jsonl, or table with -o]")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write records as JSONL to this file (the terminal then shows tables unless --format says otherwise)")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to use (default: NEWSGRAPH_MODEL or en_core_web_sm)")] = None,
    batch_size: Annotated[Optional[int], typer.Option(help="articles parsed per batch")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="progress bar on stderr (default: when stderr is a terminal)")] = None,
) -> None:
    """Extract entities, quotes and events from articles, one contract record per article."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline
    from newsgraph.render import print_records

    err = _stderr_console()
    try:
        pipeline = Pipeline(model=model, batch_size=batch_size)
    except NewsgraphError as exc:
        err.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from exc
    records = pipeline.pipe(read_articles(paths))
    show_progress = sys.stderr.isatty() if progress is None else progress
    if show_progress:
        records = _with_progress(records, err)
    out_file = output.open("w", encoding="utf-8") if output else nullcontext()
    format = format or (Format.table if output else Format.jsonl)
    collected: list[dict] = []
    with out_file as out:
        for record in records:
            if out is not None:
                out.write(_dumps(record) + "\n")
            if format is Format.table:
                print_records([record])
            elif format is Format.json:
                collected.append(record)
            elif out is None:
                sys.stdout.write(_dumps(record) + "\n")
                sys.stdout.flush()
        if format is Format.json:
            json.dump(collected, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
    counts = pipeline.counts
    for line in counts.errors:
        err.print(f"[yellow]failed[/yellow] {line}", markup=True, highlight=False)
    err.print(f"newsgraph extract: {counts.summary()}" + (f"; records in {output}" if output else ""))


def _with_progress(records, console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[last]}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("extract", total=None, last="")
        for record in records:
            bar.update(task, advance=1, last=record["id"])
            yield record


@app.command()
def show(
    path: Annotated[Path, typer.Argument(help="a JSONL file written by `newsgraph extract`")],
) -> None:
    """Show already-extracted records as readable tables."""
    from newsgraph.render import print_records

    with path.open(encoding="utf-8") as handle:
        print_records(json.loads(line) for line in handle if line.strip())


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="a JSONL file written by `newsgraph extract`")],
) -> None:
    """Check extracted records against the contract; exit 1 when any record breaks it."""
    from newsgraph.contract import record_problems

    bad = 0
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            for problem in record_problems(record):
                bad += 1
                typer.echo(f"{path}:{line_no} {record.get('id')}: {problem}")
    typer.echo(f"{'ok' if not bad else 'INVALID'}: {bad} problems")
    raise typer.Exit(1 if bad else 0)


@app.command()
def info() -> None:
    """Versions and the spaCy model in use."""
    import newsgraph
    from newsgraph.nlp import load_pipeline, model_info

    nlp = load_pipeline()
    details = model_info(nlp)
    typer.echo(f"newsgraph {newsgraph.__version__}")
    typer.echo(f"spaCy {details['spacy']}, model {details['name']} {details['version']}")
    typer.echo("pipeline: " + ", ".join(nlp.pipe_names))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
