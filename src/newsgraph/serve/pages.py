"""The HTML pages. Each renders the same dict its /api/ twin returns."""
from __future__ import annotations

from typing import Annotated, Any, Optional
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from newsgraph.errors import HINTS, ErrorCode, NewsgraphError
from newsgraph.serve import charts, data, markup
from newsgraph.serve.api import Limit, Next, Since, Until, analyze_text, article_filters, recent_of, searches_of, store_of
from newsgraph.serve.guard import header_token, token_matches
from newsgraph.serve.paging import encode_token
from newsgraph.serve.templating import path_part

router = APIRouter(include_in_schema=False)
FACET_NAMES = {"date": "Month", "source": "Source", "speaker": "Speaker", "actor": "Actor in events",
               "type": "Event type", "status": "Event status"}


def render(request: Request, template: str, twin: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context.update(page=template.removesuffix(".html"), twin=twin)
    return templates.TemplateResponse(request, template, context)


def with_query(path: str, params: dict[str, Any]) -> str:
    return path + ("?" + urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
                   if any(v not in (None, "") for v in params.values()) else "")


def pager(path: str, query: dict[str, Any], found: dict[str, Any]) -> dict[str, str | None]:
    """Links to the previous, next and first page of a list (`found` from data.listing or data.search)."""
    offset, limit = found["offset"], found["limit"]
    before = max(0, offset - limit)
    return {"previous": with_query(path, query | {"next": encode_token(before) if before else None}) if offset else None,
            "next": with_query(path, query | {"next": found["next"]}) if found["next"] else None,
            "first": with_query(path, query)}


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/search", status_code=307)


@router.get("/search")
def search(request: Request, q: Optional[str] = None, source: Optional[str] = None, since: Since = None,
           until: Until = None, speaker: Optional[str] = None, actor: Optional[str] = None,
           type: Optional[str] = None, status: Optional[str] = None, limit: Limit = 20,
           next_token: Next = None) -> HTMLResponse:
    filters = article_filters(q, source, since, until, speaker, actor, type, status)
    found = data.search(store_of(request), filters, next_token, limit, searches_of(request))
    active = filters.active()
    labels = _facet_labels(found["facets"])
    facet_links = {
        name: [{"label": labels.get((name, row["value"]), row["value"]), "count": row["count"],
                "selected": active.get(_param(name)) == row["value"],
                "href": with_query("/search", _toggle(active, name, row["value"]))} for row in rows]
        for name, rows in found["facets"].items()}
    chips = [{"name": FACET_NAMES.get(name, "Words" if name == "q" else name.capitalize()),
              "value": labels.get((_facet(name), value), value),
              "href": with_query("/search", {k: v for k, v in active.items() if k != name})}
             for name, value in active.items()]
    query = active | {"limit": limit if limit != 20 else None}
    return render(request, "search.html", with_query("/api/search", query | {"next": next_token}),
                  found=found, filters=active, facets=facet_links, facet_names=FACET_NAMES, chips=chips,
                  chart=charts.bars(found["counts"], ["articles", "quotes", "events"]),
                  overview=data.overview(store_of(request), recent_of(request)),
                  pages=pager("/search", query, found),
                  downloads={f: with_query("/api/search", active | {"format": f}) for f in ("csv", "jsonl")})


def _param(facet: str) -> str:
    return "since" if facet == "date" else facet


def _facet(param: str) -> str:
    return "date" if param in ("since", "until") else param


def _toggle(active: dict[str, str], facet: str, value: str) -> dict[str, str]:
    params = {k: v for k, v in active.items()}
    if facet == "date":  # a month: since its first day, until its last
        if params.get("since") == value:
            params.pop("since", None)
            params.pop("until", None)
        else:
            params.update(since=value, until=value)
    elif params.get(facet) == value:
        params.pop(facet)
    else:
        params[facet] = value
    return params


def _facet_labels(facets: dict[str, list[dict]]) -> dict[tuple[str, str], str]:
    return {(name, row["value"]): row["label"] for name, rows in facets.items() for row in rows if row.get("label")}


@router.get("/docs")
def api_docs(request: Request) -> HTMLResponse:
    """The HTTP API, read from its OpenAPI description."""
    spec = request.app.openapi()
    endpoints = []
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            parameters = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                           "description": p.get("description") or (p.get("schema") or {}).get("description") or ""}
                          for p in operation.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                              "description": operation.get("description", ""), "parameters": parameters,
                              "body": "requestBody" in operation})
    return render(request, "api_docs.html", "/openapi.json", spec=spec, endpoints=endpoints)


@router.get("/articles/{article_id:path}")
def article(request: Request, article_id: str) -> HTMLResponse:
    record = data.article(store_of(request), article_id)
    return render(request, "article.html", f"/api/articles/{path_part(article_id)}", record=record,
                  pieces=markup.pieces(record), stored=True)


@router.get("/actors")
def actors(request: Request, name: Optional[str] = None, limit: Limit = 50, next_token: Next = None) -> HTMLResponse:
    found = data.listing(data.actor_fetch(store_of(request), name), next_token, limit)
    query = {"name": name, "limit": limit if limit != 50 else None}
    return render(request, "actors.html", with_query("/api/actors", query | {"next": next_token}), found=found,
                  name=name or "", pages=pager("/actors", query, found),
                  downloads={f: with_query("/api/actors", {"name": name, "format": f}) for f in ("csv", "jsonl")})


@router.get("/actors/{actor_id:path}")
def actor(request: Request, actor_id: str) -> HTMLResponse:
    profile = data.actor(store_of(request), actor_id, recent_of(request))
    return render(request, "actor.html", f"/api/actors/{path_part(actor_id)}", actor=profile,
                  chart=charts.bars(profile["timeline"], ["quotes", "events"]))


@router.get("/network")
def network(request: Request, since: Since = None, until: Until = None,
            type: Annotated[Optional[list[str]], Query()] = None,
            min_weight: Annotated[int, Query(ge=1, le=1000)] = 1) -> HTMLResponse:
    types = [t for t in type or [] if t]
    graph = data.network(store_of(request), since, until, types, min_weight)
    params = {"since": since, "until": until, "type": types, "min_weight": min_weight if min_weight > 1 else None}
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    return render(request, "network.html", with_query("/api/network", params), graph=graph, names=names,
                  selected=types, since=since or "", until=until or "", min_weight=min_weight,
                  downloads={f: with_query("/api/network", params | {"format": f}) for f in ("csv", "jsonl")})


@router.get("/stories")
def stories(request: Request, limit: Limit = 20, next_token: Next = None) -> HTMLResponse:
    found = data.listing(data.story_fetch(store_of(request)), next_token, limit)
    query = {"limit": limit if limit != 20 else None}
    return render(request, "stories.html", with_query("/api/stories", query | {"next": next_token}), found=found,
                  pages=pager("/stories", query, found),
                  downloads={f: with_query("/api/stories", {"format": f}) for f in ("csv", "jsonl")})


@router.get("/analyze")
def analyze_form(request: Request) -> HTMLResponse:
    return render(request, "analyze.html", "/docs#post-api-analyze", record=None, form={})


@router.post("/analyze")
def analyze(request: Request, text: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
            published: Annotated[str, Form()] = "", token: Annotated[str, Form()] = "") -> HTMLResponse:
    form = {"text": text, "title": title, "published": published}
    try:
        if not token_matches(request.app.state.limits.token, token or header_token(request.headers)):
            raise NewsgraphError(ErrorCode.UNAUTHORIZED, "this server needs a token to analyze texts")
        record = analyze_text(request, text, id="pasted", title=title, published=published)
    except NewsgraphError as exc:
        response = render(request, "analyze.html", "/docs#post-api-analyze", record=None, form=form,
                          error={"code": exc.code.value, "message": exc.detail, "hint": HINTS[exc.code]})
        response.status_code = {ErrorCode.TEXT_TOO_LONG: 413, ErrorCode.UNAUTHORIZED: 401}.get(exc.code, 400)
        return response
    return render(request, "analyze.html", "/docs#post-api-analyze", record=record, form=form,
                  pieces=markup.pieces(record), stored=False)
