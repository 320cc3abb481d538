"""The `newsgraph` command. Thin: parses arguments, calls the Python API, prints."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager, nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from newsgraph import config
from newsgraph.contract import PLOVER_TYPES

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
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="jsonl: one record per line; json: one array; table: readable tables \\[default: jsonl, or table with -o]")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="write records as JSONL to this file (the terminal then shows tables unless --format says otherwise)")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to use (default: NEWSGRAPH_MODEL or en_core_web_sm)")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="articles parsed per batch")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="progress bar on stderr (default: when stderr is a terminal)")] = None,
) -> None:
    """Extract entities, quotes and events from articles, one contract record per article."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline
    from newsgraph.render import print_records

    err = _stderr_console()
    try:
        pipeline = Pipeline(model=model, batch_size=batch_size)  # first: a bad --model leaves --output as it was
        out_file = _open_output(output) if output else nullcontext()
    except (NewsgraphError, ValueError) as exc:
        err.print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    records = pipeline.pipe(read_articles(paths))
    show_progress = sys.stderr.isatty() if progress is None else progress
    if show_progress:
        records = _with_progress(records, err)
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
    _print_problems(err, "failed", counts.errors)
    err.print(f"newsgraph extract: {counts.summary()}" + (f"; records in {_escaped(output)}" if output else ""),
              highlight=False, soft_wrap=True)


def _open_output(path: Path):
    from newsgraph.errors import ErrorCode, NewsgraphError

    try:
        return path.open("w", encoding="utf-8")
    except OSError as exc:
        raise NewsgraphError(ErrorCode.UNWRITABLE_OUTPUT, f"cannot write {path}: {exc.strerror or exc}") from exc


def _escaped(message: object) -> str:
    """A message as rich markup that shows it as it is: the "[path:line]" a message ends with is not a tag."""
    from rich.markup import escape

    return escape(str(message))


def _print_problems(console, label: str, lines) -> None:
    """One line per problem, unwrapped (a line per record to grep)."""
    for line in lines:
        console.print(f"[yellow]{label}[/yellow] " + _escaped(line), highlight=False, soft_wrap=True)


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class ShardFormat(str, Enum):
    parquet = "parquet"
    jsonl = "jsonl"


@app.command()
def batch(
    paths: Annotated[list[str], typer.Argument(help=".txt/.html/.jsonl/.warc(.gz) files or folders of them")],
    out: Annotated[Path, typer.Option("--out", help="folder for the shards (part-00000.parquet, ...) and manifest.json")],
    engine: Annotated[Engine, typer.Option(help="local: processes on this machine; ray: Ray Data (pip install 'newsgraph\\[ray]')")] = Engine.local,
    workers: Annotated[Optional[int], typer.Option(min=1, help="worker processes \\[default: every core]")] = None,
    format: Annotated[ShardFormat, typer.Option("--format", "-f", help="shard format")] = ShardFormat.parquet,
    shard_size: Annotated[int, typer.Option(min=1, help="articles per shard (a re-run must use the same)")] = 1000,
    address: Annotated[Optional[str], typer.Option(help="address of an existing Ray cluster (--engine ray)")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline to use (default: NEWSGRAPH_MODEL or en_core_web_sm)")] = None,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="articles parsed per batch inside a worker")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="progress bar on stderr (default: when stderr is a terminal)")] = None,
) -> None:
    """Extract many, large inputs into resumable shards, on local processes or Ray."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.scale import BatchOptions, run_batch

    err = _stderr_console()
    options = BatchOptions(engine=engine.value, workers=workers, fmt=format.value, shard_size=shard_size,
                           address=address, model=model, batch_size=batch_size)
    show_progress = sys.stderr.isatty() if progress is None else progress
    bar = _shard_progress(err) if show_progress else nullcontext(None)
    try:
        with bar as advance:
            summary = run_batch(paths, out, options, on_shard=advance)
    except (NewsgraphError, ValueError) as exc:
        err.print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    _print_problems(err, "failed", summary.errors)
    err.print(f"newsgraph batch: {summary.summary()}; shards in {_escaped(out)}", highlight=False, soft_wrap=True)


@contextmanager
def _shard_progress(console):
    from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("extracting"), MofNCompleteColumn(), TextColumn("articles"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("batch", total=None)

        def advance(shard) -> None:
            bar.update(task, advance=shard["read"] if isinstance(shard, dict) else shard.read)

        yield advance


def _with_progress(records, console):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[last]}"))
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("extract", total=None, last="")
        for record in records:
            bar.update(task, advance=1, last=record["id"])
            yield record


RecordsFile = Annotated[Path, typer.Argument(help="a JSONL file (or JSON array) written by `newsgraph extract`", exists=True,
                                             dir_okay=False, readable=True)]


def _jsonl_lines(path: Path):
    """(line number, record or None, problem) for each non-blank line of an extracted JSONL file
    (or, for the array `extract --format json` writes, (position, record, problem) for each item)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        if handle.read(4096).lstrip().startswith("["):
            handle.seek(0)
            try:
                items = json.load(handle)
            except json.JSONDecodeError as exc:
                yield exc.lineno, None, f"not a JSON array ({exc.msg})"
                return
            for position, item in enumerate(items if isinstance(items, list) else [items], 1):
                yield position, item if isinstance(item, dict) else None, None if isinstance(item, dict) else "not a JSON object"
            return
        handle.seek(0)
        for line_no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield line_no, None, f"not JSON ({exc.msg})"
                continue
            if not isinstance(record, dict):
                yield line_no, None, "not a JSON object"
                continue
            yield line_no, record, None


@app.command()
def show(path: RecordsFile) -> None:
    """Show already-extracted records as readable tables."""
    from newsgraph.render import print_records

    err = _stderr_console()

    def records():
        for line_no, record, problem in _jsonl_lines(path):
            if not problem and "quotes" not in record and "events" not in record and not record.get("error"):
                problem = "not an extracted record (no quotes, events or error): run `newsgraph extract` on it first"
            if problem:
                _print_problems(err, "skipped", [f"{path}:{line_no}: {problem}"])
            else:
                yield record

    print_records(records())


@app.command()
def validate(path: RecordsFile) -> None:
    """Check extracted records against the contract; exit 1 when any record breaks it."""
    from newsgraph.contract import record_problems

    bad = 0
    for line_no, record, problem in _jsonl_lines(path):
        for problem in [problem] if problem else record_problems(record):
            bad += 1
            typer.echo(f"{path}:{line_no} {record.get('id') if record else '?'}: {problem}")
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


# --- the knowledge store (src/newsgraph/store) ---------------------------------------------------

class RowFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


DbOption = Annotated[Optional[str], typer.Option("--db", help="store URL: a path, sqlite:///FILE or postgresql://... \\[default: NEWSGRAPH_DB or sqlite:///newsgraph.db]")]
RowFormatOption = Annotated[RowFormat, typer.Option("--format", "-f", help="table, jsonl or csv")]
LimitOption = Annotated[int, typer.Option(min=1, help="rows per page")]
OffsetOption = Annotated[int, typer.Option(min=0, help="rows to skip (paging)")]


def _missing_store_file(db: str | None) -> str | None:
    """The SQLite file a store URL names, when there is no such file (opening would create an empty store)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from newsgraph.store.engine import normalise_url

    try:
        parsed = make_url(normalise_url(db))
    except ArgumentError:
        return None  # open_store says what is wrong with it
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database in (None, "", ":memory:") or database.startswith("file:") or Path(database).exists():
        return None
    return database


def _open_store(db: str | None, must_exist: bool = False):
    """The store at `db`; a store to read from must exist (a typo in --db is not an empty store)."""
    from newsgraph.errors import ErrorCode, NewsgraphError
    from newsgraph.store import open_store

    try:
        missing = _missing_store_file(db) if must_exist else None
        if missing:
            raise NewsgraphError(ErrorCode.STORE_NOT_FOUND, f"no store at {missing}")
        return open_store(db)
    except NewsgraphError as exc:
        _stderr_console().print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc


@contextmanager
def _reading_store(db: str | None):
    """The store, for a query: a filter it refuses (a date that is not one, an unknown type) exits 2 with the reason."""
    from newsgraph.errors import NewsgraphError

    with _open_store(db, must_exist=True) as store:
        try:
            yield store
        except NewsgraphError as exc:
            _stderr_console().print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc


def _print_rows(rows: list[dict], format: RowFormat, columns: list[str], title: str | None = None,
                csv_extra: tuple[str, ...] = ()) -> None:
    """Rows as a rich table (the listed columns), JSONL (everything) or CSV (the listed columns, then
    `csv_extra`: a CSV is for analysis elsewhere, so it carries what the JSONL does, lists flattened)."""
    if format is RowFormat.jsonl:
        for row in rows:
            sys.stdout.write(_dumps(row) + "\n")
        return
    if format is RowFormat.csv:
        import csv

        fieldnames = [*columns, *(c for c in csv_extra if c not in columns)]
        writer = csv.DictWriter(sys.stdout, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _cell(row.get(c)) for c in fieldnames} for row in rows)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        _stderr_console().print(f"no {title or 'rows'}", highlight=False)
        return
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))  # Text: "[sanctions]" in a snippet is not markup
    Console().print(table)


def _say_more(rows: list[dict], format: RowFormat, limit: int, offset: int) -> None:
    """Under a full table page, how to get the next one (JSONL and CSV stay data only)."""
    if format is RowFormat.table and rows and len(rows) == limit:
        _stderr_console().print(f"rows {offset + 1}-{offset + len(rows)}; more with --offset {offset + limit}",
                                highlight=False)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v.get("name") or v.get("role") or v.get("text")) if isinstance(v, dict) else _cell(v)
                         for v in value)
    if isinstance(value, dict):
        return _dumps(value)
    return str(value)


QUOTE_COLUMNS = ["published", "speaker_name", "speaker_text", "text", "source", "article_id"]
QUOTE_CSV_EXTRA = ("quote_id", "kind", "cue", "confidence", "speaker_actor_id", "quote_key", "title", "url")
EVENT_COLUMNS = ["date", "actor", "type", "recipient", "status", "trigger", "article_id"]
STORY_MEMBERS = 50  # articles listed per story (the count is always whole)
EVENT_CSV_EXTRA = ("event_id", "mode", "quad", "cameo", "confidence", "sentence", "source", "title", "url")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="raw articles (as for extract), extracted JSONL, or Parquet shards from `newsgraph batch`")],
    db: DbOption = None,
    extracted: Annotated[bool, typer.Option("--extracted", help="treat every .jsonl and piped input (-, a FIFO) as already extracted (otherwise detected from the first record)")] = False,
    batch_size: Annotated[int, typer.Option(min=1, help="records per transaction")] = config.INGEST_BATCH,
    overrides: Annotated[Optional[Path], typer.Option(envvar="NEWSGRAPH_OVERRIDES", help="actor merges/splits/renames file (README: Actors and stories), re-applied on every ingest")] = None,
    model: Annotated[Optional[str], typer.Option(help="spaCy pipeline for raw input")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="progress bar on stderr (default: when stderr is a terminal)")] = None,
    bulk: Annotated[Optional[bool], typer.Option("--bulk/--no-bulk", help=(
        "build secondary indexes after the load, not row by row (default: when the store holds fewer articles than "
        f"the first batch and that batch is full, of {config.BULK_AFTER:,} records at least)"))] = None,
) -> None:
    """Extract (or read extracted) articles and write them into the store; re-running is harmless."""
    from newsgraph.errors import NewsgraphError
    from sqlalchemy.exc import SQLAlchemyError

    from newsgraph.store import Writer
    from newsgraph.store.sources import iter_records

    err = _stderr_console()

    def extract_raw(raw_paths: list[str], opened=None):
        from newsgraph.ingest import read_articles
        from newsgraph.pipeline import Pipeline

        return Pipeline(model=model).pipe(read_articles(raw_paths, opened=opened))

    if overrides is not None and not overrides.is_file():
        err.print(f"[yellow]warning[/yellow] no overrides file at {_escaped(overrides)}: ingesting without overrides",
                  highlight=False, soft_wrap=True)
    store = _open_store(db)
    try:
        writer = Writer(store, batch_size=batch_size, overrides=overrides, bulk=bulk)
        records = iter_records(paths, extracted=extracted, extract=extract_raw)
        show_progress = sys.stderr.isatty() if progress is None else progress
        if show_progress:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} records"),
                          TimeElapsedColumn(), console=err, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                counts = writer.write(records, on_record=lambda _r: bar.update(task, advance=1))
        else:
            counts = writer.write(records)
    except NewsgraphError as exc:
        err.print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    except SQLAlchemyError as exc:  # the batch in progress was rolled back; committed ones stay
        from newsgraph.errors import ErrorCode, describe

        err.print("[red]error[/red] " + _escaped(describe(ErrorCode.STORE_UNAVAILABLE, str(exc).splitlines()[0])), highlight=False,
                  soft_wrap=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    _print_problems(err, "warning", counts.warnings)
    _print_problems(err, "failed", counts.errors)
    err.print(f"newsgraph ingest: {counts.summary()}", highlight=False, soft_wrap=True)


@app.command()
def quotes(
    speaker: Annotated[Optional[str], typer.Option(help="speaker name or alias (part of it is enough)")] = None,
    about: Annotated[Optional[str], typer.Option(help="words the quote contains (full-text)")] = None,
    since: Annotated[Optional[str], typer.Option(help="published on or after (YYYY-MM-DD, YYYY-MM or YYYY)")] = None,
    until: Annotated[Optional[str], typer.Option(help="published on or before (YYYY-MM-DD, or YYYY-MM / YYYY: to its end)")] = None,
    source: Annotated[Optional[str], typer.Option(help="outlet name (part of it is enough)")] = None,
    db: DbOption = None, format: RowFormatOption = RowFormat.table, limit: LimitOption = 50, offset: OffsetOption = 0,
) -> None:
    """Who said what: quotes from the store, newest first."""
    from newsgraph.store import queries

    with _reading_store(db) as store:
        rows = queries.quotes(store, speaker=speaker, about=about, since=since, until=until, source=source,
                              limit=limit, offset=offset)
    _print_rows(rows, format, QUOTE_COLUMNS, "quotes", QUOTE_CSV_EXTRA)
    _say_more(rows, format, limit, offset)


@app.command()
def events(
    actor: Annotated[Optional[str], typer.Option(help="actor name or alias (part of it is enough)")] = None,
    recipient: Annotated[Optional[str], typer.Option(help="recipient name or alias")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="PLOVER category, any case: " + ", ".join(sorted(PLOVER_TYPES)))] = None,
    status: Annotated[Optional[str], typer.Option(help="asserted, negated, conditional or planned")] = None,
    since: Annotated[Optional[str], typer.Option(help="on or after (YYYY-MM-DD, YYYY-MM or YYYY)")] = None,
    until: Annotated[Optional[str], typer.Option(help="on or before (YYYY-MM-DD, or YYYY-MM / YYYY: to its end)")] = None,
    db: DbOption = None, format: RowFormatOption = RowFormat.table, limit: LimitOption = 50, offset: OffsetOption = 0,
) -> None:
    """Who did what to whom: PLOVER events from the store, newest first."""
    from newsgraph.store import queries

    with _reading_store(db) as store:
        rows = queries.events(store, actor=actor, recipient=recipient, type=type, status=status, since=since,
                              until=until, limit=limit, offset=offset)
    _print_rows(rows, format, EVENT_COLUMNS, "events", EVENT_CSV_EXTRA)
    _say_more(rows, format, limit, offset)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(help="a name or alias")],
    db: DbOption = None, format: RowFormatOption = RowFormat.table, limit: LimitOption = 50,
) -> None:
    """One actor: aliases, roles, quote and event timeline, top counterparts."""
    from newsgraph.store import queries

    if not name.strip():  # "" is part of every name: it would show whichever actor is in most articles
        raise typer.BadParameter("give a name or part of one", param_hint="NAME")

    with _reading_store(db) as store:
        found = queries.actor(store, name, limit=limit)
    if found is None:
        _stderr_console().print(f"no actor matches {name!r}")
        raise typer.Exit(1)
    if format is RowFormat.jsonl:
        sys.stdout.write(_dumps(found) + "\n")
        return
    if format is RowFormat.csv:
        roles = [{"name": f"{r['role']} ({r['first_seen'] or '?'} to {r['last_seen'] or '?'})"} for r in found["roles"]]
        _print_rows([{**found, "roles": roles}], format, ["id", "name", "type", "country", "sector", "article_count",
                                                          "aliases", "roles"])
        return
    typer.echo(f"{found['name']} ({found['id']}): {found['type'] or '?'}, {found['country'] or '?'}/{found['sector'] or '?'}, "
               f"in {found['article_count']} articles")
    typer.echo("aliases: " + ", ".join(found["aliases"]))
    _print_rows(found["roles"], format, ["role", "first_seen", "last_seen"], "roles")
    _print_rows(found["quotes"], format, ["published", "text", "source", "article_id"], "quotes")
    _print_rows(found["events"], format, ["date", "role", "type", "status", "trigger", "article_id"], "events")
    _print_rows(found["counterparts"], format, ["name", "events"], "top counterparts")


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="words every article found contains")],
    db: DbOption = None, format: RowFormatOption = RowFormat.table, limit: LimitOption = 20, offset: OffsetOption = 0,
) -> None:
    """Full-text search over the stored articles, best match first."""
    from newsgraph.store import queries

    with _reading_store(db) as store:
        rows = queries.search(store, words, limit=limit, offset=offset)
    _print_rows(rows, format, ["id", "published", "source", "title", "snippet"], "articles", ("url",))
    _say_more(rows, format, limit, offset)


@app.command()
def stories(
    db: DbOption = None, format: RowFormatOption = RowFormat.table, limit: LimitOption = 20, offset: OffsetOption = 0,
    min_articles: Annotated[int, typer.Option(min=1, help="only stories told by at least this many articles, verbatim copies counted")] = 2,
) -> None:
    """Same-story articles, syndicated and verbatim copies: which outlets ran a story, biggest story first."""
    from newsgraph.store import views

    with _reading_store(db) as store:
        rows = views.stories(store, limit=limit, offset=offset, min_articles=min_articles, per_story=STORY_MEMBERS)
    for row in rows:
        members = row["articles"]  # the first STORY_MEMBERS: sources, article ids and copy URLs are theirs
        verbatim = [copy for m in members for copy in m["also_published_by"]]
        row["sources"] = sorted({m["source"] for m in members + verbatim if m["source"]})
        # near-duplicate articles listed, and every verbatim copy of the story's articles (listed or not: copy_count)
        row["copies"] = sum(1 for m in members if m["duplicate_of"]) + row["copy_count"]
        row["article_ids"] = [m["id"] for m in members]
        row["copy_urls"] = [copy["url"] or copy["record_id"] for copy in verbatim]  # a copy without a URL: its record id
    _print_rows(rows, format, ["id", "article_count", "first_published", "sources", "copies", "label"], "stories",
                ("article_ids", "copy_urls"))
    _say_more(rows, format, limit, offset)


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="folder to write into")],
    db: DbOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv or parquet")] = ExportFormat.jsonl,
) -> None:
    """Every table of the store as files, plus events as PLOVER JSONL and a GDELT-style dyadic CSV."""
    from newsgraph.errors import ErrorCode, NewsgraphError
    from newsgraph.store.export import export_tables

    with _open_store(db, must_exist=True) as store:
        try:
            try:
                written = export_tables(store, out, format.value)
            except OSError as exc:
                raise NewsgraphError(ErrorCode.UNWRITABLE_OUTPUT, f"cannot write {exc.filename or out}: "
                                                                  f"{exc.strerror or exc}") from exc
        except NewsgraphError as exc:
            _stderr_console().print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
            raise typer.Exit(2) from exc
    for name, n in written.items():
        typer.echo(f"{out / name}: {n} rows")


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="address to listen on; 127.0.0.1 keeps it on this machine")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on")] = 8000,
    token: Annotated[Optional[str], typer.Option(envvar="NEWSGRAPH_TOKEN", help="require this token (Authorization: Bearer TOKEN) on POST /api/analyze and the /analyze form")] = None,
    rate: Annotated[float, typer.Option(min=0, help="analyze requests per second each client earns back")] = 1.0,
    burst: Annotated[int, typer.Option(min=1, help="analyze requests each client may make at once")] = 10,
    max_body: Annotated[int, typer.Option(min=1, help="largest analyze request body, in bytes (larger: 413)")] = 1_048_576,
    workers: Annotated[int, typer.Option(min=1, help="server processes, each with its own connections and facet index (up to one per core)")] = 1,
) -> None:
    """The web UI and HTTP API over the store (read-only): /search, /articles/ID, /actors/ID, /network, /analyze; JSON under /api/, OpenAPI at /docs."""
    from newsgraph.errors import NewsgraphError
    from newsgraph.serve import create_app, run
    from newsgraph.serve.guard import WriteLimits

    missing = _missing_store_file(db)
    if missing:
        _stderr_console().print(f"[yellow]warning[/yellow] no store at {_escaped(missing)}: serving a new, empty one "
                                "(newsgraph ingest PATH... --db FILE fills it while it serves)", highlight=False,
                                soft_wrap=True)
    try:
        web = create_app(db, limits=WriteLimits(token=token or None, rate=rate, burst=burst, max_body_bytes=max_body))
    except NewsgraphError as exc:
        _stderr_console().print("[red]error[/red] " + _escaped(exc), highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    _stderr_console().print(f"newsgraph serve: {web.state.store.url} on http://{host}:{port} (Ctrl+C stops it)",
                            highlight=False, soft_wrap=True)
    if not token and host not in ("127.0.0.1", "localhost", "::1"):
        _stderr_console().print(f"[yellow]warning[/yellow] listening on {host} without --token: anyone who can "
                                "reach it may run /analyze (rate-limited per address)", highlight=False, soft_wrap=True)
    run.serve(web, host, port, workers, web.state.limits)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
