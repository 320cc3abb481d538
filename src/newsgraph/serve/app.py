"""create_app(): the FastAPI application, its error pages and security headers.

JSON routes live in `api.py` under /api/, HTML pages in `pages.py`; both read the same dicts from
`data.py`. The store is opened read-only once; each request reads through its own pooled connection.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

import newsgraph
from newsgraph.contract import PLOVER_TYPES, STATUSES
from newsgraph.errors import HINTS, ErrorCode, NewsgraphError
from newsgraph.serve.data import Searches, VersionedLRU, warm_actor_profiles
from newsgraph.serve.guard import TokenBucket, WriteLimits
from newsgraph.serve.middleware import GuardAndHeaders
from newsgraph.serve.readonly import open_read_only
from newsgraph.serve.templating import page_environment
from newsgraph.store.queries import DATE_PATTERN, STATUS_PATTERN, TYPE_PATTERN

HERE = Path(__file__).parent
MAX_ANALYZE_CHARS = 100_000
HUB_PROFILES = 40  # actor profiles computed with each facet index (data version), the busiest first
STATUS = {ErrorCode.NOT_FOUND: 404, ErrorCode.BAD_PAGE_TOKEN: 400, ErrorCode.TEXT_TOO_LONG: 413,
          ErrorCode.BAD_PARAMETER: 400, ErrorCode.BAD_FILTER: 400, ErrorCode.EMPTY_INPUT: 400, ErrorCode.STORE_UNAVAILABLE: 503,
          ErrorCode.UNAUTHORIZED: 401, ErrorCode.RATE_LIMITED: 429, ErrorCode.REQUEST_TOO_LARGE: 413}


# What a value that fails one of these patterns should have been, in words rather than as the regex.
PATTERN_WORDS = {DATE_PATTERN: "a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                 TYPE_PATTERN: "a PLOVER event type (" + ", ".join(sorted(PLOVER_TYPES)) + ")",
                 STATUS_PATTERN: "an event status (" + ", ".join(sorted(STATUSES)) + ")"}


def _problem(error: dict) -> str:
    """One bad parameter in words."""
    name = ".".join(str(p) for p in error.get("loc", [])[1:]) or "request"
    wanted = PATTERN_WORDS.get(error.get("ctx", {}).get("pattern")) if error.get("type") == "string_pattern_mismatch" else None
    if wanted:
        return f"{name}: {error.get('input')!r} is not {wanted}"
    return f"{name}: {error.get('msg')}"


class Extractor:
    """Runs `newsgraph.extract` (or the function given) one text at a time: the spaCy pipeline is
    loaded on first use and is not shared between threads."""

    def __init__(self, extract: Callable[..., dict] | None = None):
        self._extract = extract
        self._lock = threading.Lock()

    def __call__(self, text: str, **metadata: Any) -> dict:
        with self._lock:
            if self._extract is None:
                self._extract = newsgraph.extract
            return self._extract(text, **metadata)


def create_app(db_url: str | None = None, extract: Callable[..., dict] | None = None,
               limits: WriteLimits | None = None) -> FastAPI:
    """The app over the store at `db_url` (default: NEWSGRAPH_DB or sqlite:///newsgraph.db).
    `extract(text, **metadata)` makes the record for /analyze (default: newsgraph.extract).
    `limits`: the write endpoints' token, rate and size limits (default: no token, 10 at once, 1 a second)."""
    limits = limits or WriteLimits()
    store = open_read_only(db_url)
    searches = Searches(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        searches.build_index(after_in_background=True)  # before the first request; hub profiles right after
        yield
        searches.close()
        store.close()

    # docs_url=None: FastAPI's own /docs loads Swagger UI from a CDN; pages.py serves a plain one instead
    app = FastAPI(title="newsgraph", version=newsgraph.__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Who said what, and who did what to whom, in the stored news articles. "
                              "Every HTML page has a JSON twin under /api/; lists page with an opaque `next` "
                              "token and download whole with `format=csv` or `format=jsonl`.")
    app.state.store = store
    app.state.searches = searches
    app.state.recent = recent = VersionedLRU(searches.version, size=128)  # actor profiles, the overview
    searches.after_build = lambda index: warm_actor_profiles(store, recent, index, HUB_PROFILES)
    app.state.extract = Extractor(extract)
    app.state.templates = _templates()
    app.state.limits = limits
    bucket = TokenBucket(limits.rate, limits.burst)

    from newsgraph.serve import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.openapi = _openapi_as_served(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(GuardAndHeaders, limits=limits, bucket=bucket, status=STATUS, error_response=error_response)

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, exc: NewsgraphError):
        return error_response(request, STATUS.get(exc.code, 500), exc.code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        problems = "; ".join(_problem(e) for e in exc.errors())
        return error_response(request, 400 if request.method == "GET" else 422, ErrorCode.BAD_PARAMETER, problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return error_response(request, 404, ErrorCode.NOT_FOUND, f"no page at {request.url.path}")
        return error_response(request, exc.status_code, ErrorCode.BAD_PARAMETER, str(exc.detail))

    return app


def _openapi_as_served(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """FastAPI documents a 422 with its own body for bad parameters; this app answers them (see
    `bad_parameter` above) with 400 for GET, 422 otherwise, and the error body: say so."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        error = {"description": "a bad parameter (E604)",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if operation.get("responses", {}).pop("422", None) is not None:
                    operation["responses"]["400" if method == "get" else "422"] = error
        for unused in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(unused, None)
        return schema

    return openapi


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(env=page_environment(HERE / "templates"))  # autoescapes .html templates
    templates.env.globals["quads"] = {"VC": "verbal cooperation", "MC": "material cooperation",
                                      "VX": "verbal conflict", "MX": "material conflict"}
    templates.env.globals["version"] = newsgraph.__version__
    templates.env.globals["speaker_colours"] = lambda legend: {s["name"]: s["colour"] for s in legend}
    templates.env.filters["safe_url"] = safe_url
    return templates


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s); anything else (javascript:, data:) is not made a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/openapi.json",)


def error_response(request: Request, status: int, code: ErrorCode, detail: str):
    body = {"error": {"code": code.value, "status": status, "message": detail, "hint": HINTS[code]}}
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"error": body["error"], "page": "error"}, status_code=status)
