"""The HTTP API answers as its OpenAPI description says: schemathesis generates requests for every
GET endpoint from /openapi.json and checks each response (status code documented, content type,
body valid against the response schema, no 5xx, bad parameters refused, good ones accepted).
In process, through the ASGI app (no network), over the hand-built store."""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[dev]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402

EXAMPLES_PER_ENDPOINT = 30  # bounded: the whole module runs in well under a minute
GET_PATHS = ["/api/search", "/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/events",
             "/api/actors", "/api/actors/{actor_id}", "/api/actors/{actor_id}/timeline",
             "/api/actors/{actor_id}/counterparts", "/api/network", "/api/stories", "/api/counts", "/api/overview"]


@pytest.fixture(scope="session")
def api_schema(app):
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")


def test_every_get_endpoint_is_checked(api_schema):
    """GET_PATHS is the API's whole list: a new endpoint must join it (and so the checks below)."""
    assert sorted(operation.ok().path for operation in api_schema.get_all_operations()) == sorted(GET_PATHS)


@pytest.mark.parametrize("path", GET_PATHS)
def test_get_endpoint_answers_as_described(api_schema, path):
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_ENDPOINT, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def answers_as_described(case):
        case.call_and_validate()

    answers_as_described()
