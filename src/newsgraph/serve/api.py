"""The JSON API: every HTML page's twin under /api/, lists with `next` tokens and CSV/JSONL downloads."""
from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Optional

import orjson
from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel, Field

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.serve import data
from newsgraph.serve.paging import TOKEN_PATTERN, all_rows, csv_lines, decode_token, jsonl_lines
from newsgraph.store import views
from newsgraph.store.queries import DATE_PATTERN, STATUS_PATTERN, TYPE_PATTERN  # empty: no filter (a blank form field)
from newsgraph.store.views import ArticleFilters

Item = dict[str, Any]


class ErrorDetail(BaseModel):
    code: str = Field(description="newsgraph error code (E601 not found, E602 bad page token, E604 bad parameter, ...)")
    status: int = Field(description="the HTTP status, repeated")
    message: str = Field(description="what went wrong")
    hint: str = Field(description="what to do about it")


class ErrorBody(BaseModel):
    error: ErrorDetail


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


# Every route reads the store; 400 (a bad parameter) is documented per route by app.py's OpenAPI
NOT_FOUND = {404: _error("no such article or actor (E601)")}
router = APIRouter(prefix="/api", tags=["api"], responses={503: _error("the store cannot be read (E402)")})


class Page(BaseModel):
    results: list[Item]
    next: Optional[str] = Field(description="token of the next page; null on the last")
    offset: int
    limit: int


class SearchPage(Page):
    query: dict[str, str] = Field(description="the filters in force")
    total: Optional[int] = Field(description="articles matching, over all pages (null with summaries=false)")
    facets: dict[str, list[Item]] = Field(description="per facet: values with their numbers of matching articles")
    counts: list[Item] = Field(description="articles, quotes and events per month among the matching articles")


class Results(BaseModel):
    results: list[Item]


class Graph(BaseModel):
    nodes: list[Item] = Field(description="actors: id, name, type, country, sector, weight (events)")
    edges: list[Item] = Field(description="source and target actor ids, PLOVER type, quad, weight (events)")
    query: dict[str, Any]
    types: list[str] = Field(description="every event type in the store")


class ArticleRecord(BaseModel):
    """A stored article as a contract record (see the extraction contract), plus where it was filed."""
    id: str
    url: Optional[str]
    title: Optional[str]
    published: Optional[str]
    source: Optional[str]
    byline: Optional[str]
    language: Optional[str]
    text: str
    error: Optional[str]
    story_id: Optional[str] = Field(description="the story cluster it belongs to")
    duplicate_of: Optional[str] = Field(description="the article it is a near-duplicate or syndicated copy of")
    also_published_by: list[Item] = Field(description="verbatim copies of its text under other URLs: url, source, "
                                                      "published, record_id")
    boilerplate: list[list[int]] = Field(description="page furniture, as [start, end] character spans")
    entities: list[Item]
    quotes: list[Item] = Field(description="with speaker and cue offsets found near the quote")
    events: list[Item]
    speakers: list[Item] = Field(description="the legend: each speaker's name and colour")


class ActorProfile(BaseModel):
    id: str
    name: str
    type: Optional[str]
    country: Optional[str]
    sector: Optional[str]
    article_count: int
    aliases: list[str]
    roles: list[Item] = Field(description="role, first_seen, last_seen")
    timeline: list[Item] = Field(description="quotes and events per month")
    quote_count: int
    event_count: int
    latest_quotes: list[Item]
    latest_events: list[Item]
    counterparts: list[Item] = Field(description="who it acts on or with most: actor_id, name, events, types")


class Overview(BaseModel):
    articles: int
    quotes: int
    events: int
    actors: int
    search_index: str = Field(description="this server process's in-memory search index: `ready` (searches are answered "
                                          "from it), `building` (from SQL until it is), or `none` (not a SQLite file: SQL)")


DOWNLOADS = {200: {"content": {"text/csv": {}, "application/x-ndjson": {}},
                   "description": "a page as JSON, or with format=csv/jsonl the whole list as a download"}}


class ListFormat(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


Limit = Annotated[int, Query(ge=1, le=200, description="rows per page")]
Next = Annotated[Optional[str], Query(alias="next", description="the `next` token of the previous page",
                                      json_schema_extra={"pattern": TOKEN_PATTERN})]  # checked by decode_token: E602
FormatQ = Annotated[ListFormat, Query(description="json: one page; csv or jsonl: the whole list as a download")]
Since = Annotated[Optional[str], Query(description="on or after (YYYY-MM-DD, YYYY-MM or YYYY)", max_length=10,
                                       pattern=DATE_PATTERN)]
Until = Annotated[Optional[str], Query(description="on or before (YYYY-MM-DD, YYYY-MM or YYYY: the whole month or year)",
                                       max_length=10, pattern=DATE_PATTERN)]


def store_of(request: Request):
    return request.app.state.store


def searches_of(request: Request) -> data.Searches:
    return request.app.state.searches


def recent_of(request: Request) -> data.VersionedLRU:
    return request.app.state.recent


def json_body(payload: dict) -> Response:
    """The payload as JSON, serialised by orjson in one call. Returning a Response skips FastAPI's
    validation of the dict against the route's response model (a second pass over every row, in
    another thread) and its encoder; the model still documents the route, and tests/serve/test_openapi.py
    checks that every answer keeps to it."""
    # OPT_NON_STR_KEYS: SQLAlchemy's row keys are str subclasses (quoted_name), which orjson refuses otherwise
    return Response(orjson.dumps(payload, default=_decimal_as_float, option=orjson.OPT_NON_STR_KEYS),
                    media_type="application/json")


def _decimal_as_float(value: Any) -> float:
    if isinstance(value, Decimal):  # Postgres numeric columns
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def download(fetch: data.Fetch, token: str | None, format: ListFormat, name: str) -> StreamingResponse:
    rows = all_rows(fetch, decode_token(token))
    if format is ListFormat.csv:
        return StreamingResponse(csv_lines(rows), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return StreamingResponse(jsonl_lines(rows), media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.jsonl"'})


def article_filters(q: Optional[str] = None, source: Optional[str] = None, since: Since = None, until: Until = None,
                    speaker: Optional[str] = None, actor: Optional[str] = None, type: Optional[str] = None,
                    status: Optional[str] = None) -> ArticleFilters:
    return ArticleFilters(q=q, source=source, since=since, until=until, speaker=speaker, actor=actor, type=type,
                          status=status)


FILTER_HELP = ("q: words (full text); source: outlet; since/until: dates; speaker/actor: actor ids "
               "(quoted in / taking part in an event of the article); type: PLOVER event type; status: event status")


@router.get("/search", summary="Full-text search with facets and counts over time", description=FILTER_HELP, response_model=SearchPage, responses=DOWNLOADS)
def search(request: Request, q: Optional[str] = None, source: Optional[str] = None, since: Since = None,
           until: Until = None, speaker: Optional[str] = None, actor: Optional[str] = None,
           type: Optional[str] = None, status: Optional[str] = None, limit: Limit = 20, next_token: Next = None,
           format: FormatQ = ListFormat.json,
           summaries: Annotated[bool, Query(description="false: hits only, without total, facets and counts (faster)")] = True,
           ) -> Any:
    filters = article_filters(q, source, since, until, speaker, actor, type, status)
    if format is not ListFormat.json:
        return download(data.article_fetch(store_of(request), filters, searches_of(request)), next_token, format, "search")
    return json_body(data.search(store_of(request), filters, next_token, limit, searches_of(request), summaries))


@router.get("/articles", summary="Articles, filtered like /api/search, newest first", description=FILTER_HELP, response_model=Page, responses=DOWNLOADS)
def articles(request: Request, q: Optional[str] = None, source: Optional[str] = None, since: Since = None,
             until: Until = None, speaker: Optional[str] = None, actor: Optional[str] = None,
             type: Optional[str] = None, status: Optional[str] = None, limit: Limit = 20, next_token: Next = None,
             format: FormatQ = ListFormat.json) -> Any:
    fetch = data.article_fetch(store_of(request), article_filters(q, source, since, until, speaker, actor, type, status),
                               searches_of(request))
    if format is not ListFormat.json:
        return download(fetch, next_token, format, "articles")
    return json_body(data.listing(fetch, next_token, limit))


@router.get("/articles/{article_id:path}", summary="One article as a contract record, with its speakers' legend",
            response_model=ArticleRecord, responses=NOT_FOUND)
def article(request: Request, article_id: str) -> Any:
    return json_body(data.article(store_of(request), article_id))


@router.get("/quotes", summary="Quotes, newest first", response_model=Page, responses=DOWNLOADS)
def quotes(request: Request, speaker: Annotated[Optional[str], Query(description="name or alias, or part of it")] = None,
           about: Annotated[Optional[str], Query(description="words the quote contains")] = None,
           since: Since = None, until: Until = None, source: Optional[str] = None, limit: Limit = 50,
           next_token: Next = None, format: FormatQ = ListFormat.json) -> Any:
    fetch = data.quote_fetch(store_of(request), speaker=speaker, about=about, since=since, until=until, source=source)
    if format is not ListFormat.json:
        return download(fetch, next_token, format, "quotes")
    return json_body(data.listing(fetch, next_token, limit))


@router.get("/events", summary="PLOVER events with their actors and recipients, newest first", response_model=Page, responses=DOWNLOADS)
def events(request: Request, actor: Optional[str] = None, recipient: Optional[str] = None,
           type: Annotated[Optional[str], Query(description="PLOVER type, any case", pattern=TYPE_PATTERN)] = None,
           status: Annotated[Optional[str], Query(description="asserted, negated, conditional or planned",
                                                  pattern=STATUS_PATTERN)] = None,
           since: Since = None, until: Until = None,
           limit: Limit = 50, next_token: Next = None, format: FormatQ = ListFormat.json) -> Any:
    fetch = data.event_fetch(store_of(request), actor=actor, recipient=recipient, type=type, status=status,
                             since=since, until=until)
    if format is not ListFormat.json:
        return download(fetch, next_token, format, "events")
    return json_body(data.listing(fetch, next_token, limit))


@router.get("/actors", summary="Actors, most articles first", response_model=Page, responses=DOWNLOADS)
def actors(request: Request, name: Annotated[Optional[str], Query(description="part of a name or alias")] = None,
           limit: Limit = 50, next_token: Next = None, format: FormatQ = ListFormat.json) -> Any:
    fetch = data.actor_fetch(store_of(request), name)
    if format is not ListFormat.json:
        return download(fetch, next_token, format, "actors")
    return json_body(data.listing(fetch, next_token, limit))


@router.get("/actors/{actor_id:path}/timeline", summary="An actor's quotes and events per month", response_model=Results, responses=DOWNLOADS | NOT_FOUND)
def actor_timeline(request: Request, actor_id: str, format: FormatQ = ListFormat.json) -> Any:
    rows = data.actor(store_of(request), actor_id, recent_of(request))["timeline"]
    if format is not ListFormat.json:
        return download(lambda limit, offset: rows[offset:offset + limit], None, format, "timeline")
    return json_body({"results": rows})


@router.get("/actors/{actor_id:path}/counterparts", summary="Who an actor acts on or with most", response_model=Results, responses=DOWNLOADS | NOT_FOUND)
def actor_counterparts(request: Request, actor_id: str, format: FormatQ = ListFormat.json) -> Any:
    rows = data.actor(store_of(request), actor_id, recent_of(request))["counterparts"]
    if format is not ListFormat.json:
        return download(lambda limit, offset: rows[offset:offset + limit], None, format, "counterparts")
    return json_body({"results": rows})


# after /timeline and /counterparts: a {name:path} takes slashes (ids are the input's own), so it would take theirs
@router.get("/actors/{actor_id:path}", summary="One actor: roles, aliases, timeline, counterparts, latest quotes and events",
            response_model=ActorProfile, responses=NOT_FOUND)
def actor(request: Request, actor_id: str) -> Any:
    return json_body(data.actor(store_of(request), actor_id, recent_of(request)))


@router.get("/network", summary="The actor network: nodes, and edges weighted by events, typed and coloured by quad", response_model=Graph, responses=DOWNLOADS)
def network(request: Request, since: Since = None, until: Until = None,
            type: Annotated[Optional[list[str]], Query(description="PLOVER types to keep (repeatable)")] = None,
            min_weight: Annotated[int, Query(ge=1, le=1000)] = 1, format: FormatQ = ListFormat.json) -> Any:
    graph = data.network(store_of(request), since, until, [t for t in type or [] if t], min_weight)
    if format is not ListFormat.json:  # the edges, with names
        names = {node["id"]: node["name"] for node in graph["nodes"]}
        edges = [{"source": e["source"], "source_name": names.get(e["source"]), "target": e["target"],
                  "target_name": names.get(e["target"]), "type": e["type"], "quad": e["quad"], "weight": e["weight"]}
                 for e in graph["edges"]]
        return download(lambda limit, offset: edges[offset:offset + limit], None, format, "network")
    return json_body(graph)


@router.get("/stories", summary="Story clusters, biggest first (verbatim copies counted), with their first articles and who else ran each verbatim", response_model=Page, responses=DOWNLOADS)
def stories(request: Request, limit: Limit = 20, next_token: Next = None, format: FormatQ = ListFormat.json) -> Any:
    fetch = data.story_fetch(store_of(request))
    if format is not ListFormat.json:
        return download(fetch, next_token, format, "stories")
    return json_body(data.listing(fetch, next_token, limit))


@router.get("/counts", summary="Articles, quotes and events per period among the articles matching the filters",
            description=FILTER_HELP, response_model=Results, responses=DOWNLOADS)
def counts(request: Request, q: Optional[str] = None, source: Optional[str] = None, since: Since = None,
           until: Until = None, speaker: Optional[str] = None, actor: Optional[str] = None,
           type: Optional[str] = None, status: Optional[str] = None,
           by: Annotated[str, Query(pattern="^(year|month|day)$")] = "month", format: FormatQ = ListFormat.json) -> Any:
    rows = views.counts_over_time(store_of(request), article_filters(q, source, since, until, speaker, actor, type,
                                                                      status), by=by)
    if format is not ListFormat.json:
        return download(lambda limit, offset: rows[offset:offset + limit], None, format, "counts")
    return json_body({"results": rows})


@router.get("/overview", summary="How much the store holds", response_model=Overview)
def overview(request: Request) -> Any:
    return json_body(data.overview(store_of(request), recent_of(request)) | {"search_index": searches_of(request).state()})


class AnalyzeRequest(BaseModel):
    text: str = Field(description="the article text (plain text, at most 100,000 characters)")
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="YYYY-MM-DD, to resolve relative dates")
    source: Optional[str] = None
    id: str = "pasted"


@router.post("/analyze", summary="Extract one text into a contract record (nothing is stored)",
             responses={400: _error("the text is empty"), 401: _error("token missing or wrong (E605)"),
                        413: _error("text or body too large (E603, E607)"), 429: _error("rate limited (E606)")})
def analyze(request: Request, body: Annotated[AnalyzeRequest, Body()]) -> dict:
    return analyze_text(request, body.text, id=body.id, title=body.title, published=body.published,
                        source=body.source)


def analyze_text(request: Request, text: str, **metadata: Any) -> dict:
    from newsgraph.serve.app import MAX_ANALYZE_CHARS

    if not text.strip():
        raise NewsgraphError(ErrorCode.EMPTY_INPUT, "the text is empty")
    if len(text) > MAX_ANALYZE_CHARS:
        raise NewsgraphError(ErrorCode.TEXT_TOO_LONG, f"{len(text):,} characters, at most {MAX_ANALYZE_CHARS:,}")
    metadata = {k: v for k, v in metadata.items() if v}
    return data.analyzed(request.app.state.extract(text, **metadata))
