"""The server's defences: loopback by default, a token on the write endpoints, rate and size limits,
parameterised SQL under hostile search strings (HTTP and CLI), a CSP on every response, and no path
from a request to the filesystem. (Escaping in the real browser: tests/serve/test_browser.py.)"""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from reliability_fixtures import build_store, fake_extract, hand_records, served, synthetic_records

INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE articles; --', "NEAR(", "NEAR(a b", "*", '"unbalanced', "a' AND '1'='1",
              "sanctions OR 1=1", "title:x", "^foo", "a AND", "(", "%", "_", "\\", "\x00", "é' UNION SELECT * FROM actors --"]
# what must never show in a response: a leaked traceback or driver error (pages echo the search
# words themselves, escaped, so SQL words in them prove nothing)
LEAKS = ["Traceback", "sqlite3", "sqlalchemy", "OperationalError", "ProgrammingError", "fts5", "syntax error",
         "Internal Server Error", "no such column", "unterminated"]
TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('security') / 'store.db'}"
    build_store(url, hand_records(copies=3) + synthetic_records(5))
    return url


def _app(store_url, **limits):
    from newsgraph.serve import create_app
    from newsgraph.serve.guard import WriteLimits

    return create_app(store_url, extract=fake_extract, limits=WriteLimits(**limits))


@pytest.fixture(scope="module")
def client(store_url):
    from fastapi.testclient import TestClient

    with TestClient(_app(store_url)) as test_client:
        yield test_client


def _snapshot(url: str) -> dict[str, int]:
    """Every table's name and row count."""
    from newsgraph.store import open_store

    with open_store(url) as store, store.engine.connect() as conn:
        names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar() for name in names}


# --- binding ----------------------------------------------------------------------------------

def _listening_addresses(port: int) -> set[str]:
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                addresses.add(address)
    return addresses


def test_serve_listens_on_loopback_only_by_default(store_url):
    if not Path("/proc/net/tcp").exists():
        pytest.skip("needs Linux's /proc/net/tcp to see which address the server listens on")
    with served(store_url) as (base, _process):
        port = int(base.rsplit(":", 1)[1])
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        assert httpx.get(base + "/api/overview").status_code == 200


# --- the token --------------------------------------------------------------------------------

def test_write_endpoints_need_the_token_when_one_is_set(store_url):
    from fastapi.testclient import TestClient

    body = {"text": "Someone said: hello."}
    with TestClient(_app(store_url, token=TOKEN)) as guarded:
        missing = guarded.post("/api/analyze", json=body)
        assert missing.status_code == 401
        error = missing.json()["error"]
        assert error["code"] == "E605" and "needs a token" in error["message"] and "Bearer" in error["hint"]
        assert guarded.post("/api/analyze", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert guarded.post("/api/analyze", json=body, headers={"Authorization": f"Bearer {TOKEN}x"}).status_code == 401
        assert guarded.post("/api/analyze", json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert guarded.post("/api/analyze", json=body, headers={"X-Newsgraph-Token": TOKEN}).status_code == 200
        # the HTML form: the token is a field of the form, which asks for it
        assert 'name="token"' in guarded.get("/analyze").text
        page = guarded.post("/analyze", data={"text": "Someone said: hello."})
        assert page.status_code == 401 and "needs a token" in page.text
        assert guarded.post("/analyze", data={"text": "Someone said: hello.", "token": TOKEN}).status_code == 200
        assert guarded.get("/api/search", params={"q": "sanctions"}).status_code == 200  # reading needs none


def test_no_token_set_means_open_writes_and_no_token_field(client):
    assert client.post("/api/analyze", json={"text": "Someone said: hi."}).status_code == 200
    assert 'name="token"' not in client.get("/analyze").text


def test_the_token_comes_from_the_command_line_or_the_environment(store_url):
    for options, env in (((), {"NEWSGRAPH_TOKEN": TOKEN}), (("--token", TOKEN), {})):
        with served(store_url, *options, env=env) as (base, _process):
            assert httpx.post(base + "/api/analyze", json={"text": "x"}).status_code == 401
            # the right token gets past the guard (an empty text is then refused before the model loads)
            empty = httpx.post(base + "/api/analyze", json={"text": " "}, headers={"Authorization": f"Bearer {TOKEN}"})
            assert empty.status_code == 400 and empty.json()["error"]["code"] == "E103"


def test_tokens_are_compared_in_constant_time():
    import inspect

    from newsgraph.serve import guard

    assert "compare_digest" in inspect.getsource(guard.token_matches)
    assert guard.token_matches(None, None) and guard.token_matches("t", "t")
    assert not guard.token_matches("t", None) and not guard.token_matches("t", "T") and not guard.token_matches("t", "")


# --- rate and size limits ---------------------------------------------------------------------

def test_token_bucket_is_per_client_and_refills():
    from newsgraph.serve.guard import TokenBucket

    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=3, clock=lambda: now[0])
    assert [bucket.take("a") for _ in range(3)] == [0, 0, 0]
    assert bucket.take("a") == pytest.approx(0.5)
    assert bucket.take("b") == 0  # another client has its own bucket
    now[0] += 0.5
    assert bucket.take("a") == 0 and bucket.take("a") > 0


def test_writes_beyond_the_burst_get_429_with_retry_after(store_url):
    from fastapi.testclient import TestClient

    with TestClient(_app(store_url, burst=3, rate=0.01)) as limited:
        statuses = [limited.post("/api/analyze", json={"text": "Someone said: hi."}).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        refused = limited.post("/api/analyze", json={"text": "Someone said: hi."})
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "E606"
        assert int(refused.headers["retry-after"]) >= 1
        assert limited.post("/analyze", data={"text": "Someone said: hi."}).status_code == 429  # the form too
        assert limited.get("/api/search").status_code == 200  # reads are not limited
    with TestClient(_app(store_url, burst=2, rate=0.01, token=TOKEN)) as guessed:
        wrong = [guessed.post("/api/analyze", json={"text": "hi"}, headers={"X-Newsgraph-Token": f"guess{i}"})
                 for i in range(3)]
        assert [r.status_code for r in wrong] == [401, 401, 429]  # guessing the token is rate-limited too


def _never_called(text, **metadata):
    raise AssertionError("the model ran on a request that should have been refused")


def test_oversized_bodies_get_413_before_anything_reads_them(store_url):
    from fastapi.testclient import TestClient

    from newsgraph.serve import create_app
    from newsgraph.serve.app import MAX_ANALYZE_CHARS
    from newsgraph.serve.guard import WriteLimits

    with TestClient(create_app(store_url, extract=_never_called, limits=WriteLimits(max_body_bytes=1000))) as small:
        big = small.post("/api/analyze", json={"text": "x" * 2000})
        assert big.status_code == 413 and big.json()["error"]["code"] == "E607"
        assert "at most 1,000" in big.json()["error"]["message"]
        assert small.post("/analyze", data={"text": "x" * 2000}).status_code == 413
    # a body under the byte limit but over the character limit is refused by its length
    with TestClient(create_app(store_url, extract=_never_called)) as default:
        long_text = default.post("/api/analyze", json={"text": "x" * (MAX_ANALYZE_CHARS + 1)})
        assert long_text.status_code == 413 and long_text.json()["error"]["code"] == "E603"


# --- SQL injection ----------------------------------------------------------------------------

FIELDS = {
    "/api/search": ["q", "source", "since", "until", "speaker", "actor", "type", "status", "next"],
    "/search": ["q", "source", "since", "until", "speaker", "actor", "type", "status", "next"],
    "/api/articles": ["q", "source", "since", "until", "speaker", "actor", "type", "status", "next"],
    "/api/counts": ["q", "source", "since", "until", "speaker", "actor", "type", "status", "by"],
    "/api/quotes": ["speaker", "about", "since", "until", "source", "next"],
    "/api/events": ["actor", "recipient", "type", "status", "since", "until", "next"],
    "/api/actors": ["name", "next"],
    "/actors": ["name", "next"],
    "/api/network": ["since", "until", "type"],
    "/network": ["since", "until", "type"],
    "/api/stories": ["next"],
    "/stories": ["next"],
}
ID_PATHS = ["/api/articles/{}", "/articles/{}", "/api/actors/{}", "/actors/{}", "/api/actors/{}/timeline",
            "/api/actors/{}/counterparts"]


def _assert_safe(response: httpx.Response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code} {response.text[:300]}"
    leaked = [word for word in LEAKS if word in response.text]
    assert not leaked, f"{what} leaks {leaked}: {response.text[:300]}"


@pytest.mark.parametrize("path", sorted(FIELDS))
def test_injection_strings_in_every_search_field_are_just_words(client, store_url, path):
    before = _snapshot(store_url)
    for field in FIELDS[path]:
        for value in INJECTIONS:
            for extra in ({}, {"format": "csv"} if path.startswith("/api/") and path not in ("/api/counts",) else {}):
                _assert_safe(client.get(path, params={field: value, **extra}), f"{path}?{field}={value!r} {extra}")
    assert _snapshot(store_url) == before


def test_injection_strings_as_ids_are_404s(client, store_url):
    from urllib.parse import quote

    before = _snapshot(store_url)
    for template in ID_PATHS:
        for value in INJECTIONS:
            if value in ("\x00",):
                continue
            response = client.get(template.format(quote(value, safe="")))
            _assert_safe(response, f"{template} with {value!r}")
            assert response.status_code == 404
    assert _snapshot(store_url) == before


def test_full_text_search_finds_words_even_inside_fts_syntax(client):
    plain = client.get("/api/search", params={"q": "sanctions"}).json()["total"]
    assert plain > 0
    for syntax in ('"sanctions', "sanctions*", "(sanctions", "sanctions -"):  # FTS5 operators are read as words
        assert client.get("/api/search", params={"q": syntax}).json()["total"] == plain, syntax
    assert client.get("/api/search", params={"q": "' OR 1=1 --"}).json()["total"] == 0  # no word "1" in the texts


def test_injection_strings_through_the_cli_query_commands(store_url):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    runner = CliRunner()
    before = _snapshot(store_url)
    commands = [["search", "{}"], ["actor", "{}"], ["quotes", "--speaker", "{}"], ["quotes", "--about", "{}"],
                ["quotes", "--source", "{}"], ["quotes", "--since", "{}"], ["quotes", "--until", "{}"],
                ["events", "--actor", "{}"], ["events", "--recipient", "{}"], ["events", "--type", "{}"],
                ["events", "--status", "{}"], ["events", "--since", "{}"], ["events", "--until", "{}"]]
    for command in commands:
        for value in INJECTIONS:
            if value == "\x00":
                continue
            args = [value if part == "{}" else part for part in command] + ["--db", store_url, "--format", "jsonl"]
            result = runner.invoke(app, args)
            # 0 or 1: an answer (maybe empty); 2: a filter refused with its reason (a date that is not one)
            assert result.exit_code in (0, 1, 2), f"{command} {value!r}: {result.output[-300:]} {result.exception!r}"
            assert result.exit_code != 2 or "error E4" in result.output, f"{command} {value!r}: {result.output[-300:]}"
            assert result.exception is None or isinstance(result.exception, SystemExit), f"{command} {value!r}"
            assert not [w for w in LEAKS if w in result.output], f"{command} {value!r}: {result.output[-300:]}"
    assert _snapshot(store_url) == before


# --- headers on every response ----------------------------------------------------------------

def test_every_route_answers_with_the_content_security_policy(client):
    from newsgraph.serve.middleware import CONTENT_SECURITY_POLICY

    actor = client.get("/api/actors").json()["results"][0]["id"]
    checked = []
    from newsgraph.serve import api, pages

    for route in [*api.router.routes, *pages.router.routes, *client.app.routes]:
        methods = getattr(route, "methods", None) or {"GET"}
        if "GET" not in methods or not getattr(route, "path", None) or "{path" in route.path:
            continue
        path = route.path.replace("{article_id}", "a1").replace("{actor_id}", actor)
        if path == "/static":
            path = "/static/style.css"
        response = client.get(path, follow_redirects=False)
        assert response.status_code < 500, path
        assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, path
        assert response.headers.get("x-content-type-options") == "nosniff", path
        checked.append(path)
    for path in ("/static/network.js", "/no/such/page", "/api/no-such", "/articles/no-such-id", "/api/search?limit=0"):
        assert client.get(path).headers.get("content-security-policy") == CONTENT_SECURITY_POLICY, path
    refused = client.post("/api/analyze", json={"text": " "})
    assert refused.status_code == 400 and refused.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY
    assert len(checked) >= 20


def test_refusals_carry_the_policy_too(store_url):
    from fastapi.testclient import TestClient

    from newsgraph.serve.middleware import CONTENT_SECURITY_POLICY

    with TestClient(_app(store_url, token=TOKEN, max_body_bytes=10)) as guarded:
        for response in (guarded.post("/api/analyze", json={"text": "a"}),
                         guarded.post("/api/analyze", json={"text": "a" * 100}, headers={"X-Newsgraph-Token": TOKEN})):
            assert response.status_code in (401, 413)
            assert response.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY


# --- the filesystem ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def raw_server(store_url):
    """uvicorn on 127.0.0.1 in a thread, for requests no HTTP client would normalise."""
    import uvicorn

    from reliability_fixtures import free_port

    server = uvicorn.Server(uvicorn.Config(_app(store_url, max_body_bytes=1000), host="127.0.0.1", port=free_port(),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the test server did not start"
        time.sleep(0.05)
    yield server.config.port
    server.should_exit = True
    thread.join(timeout=10)


def _raw(port: int, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/") else 0
    return status, received


TRAVERSALS = ["/static/../../etc/passwd", "/static/../../../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
              "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/static/..%2f..%2f..%2fetc%2fpasswd",
              "/static/%252e%252e/%252e%252e/etc/passwd", "/static/..%5c..%5cetc%5cpasswd",
              "/static/....//....//etc/passwd", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
              "/static/..%c0%af..%c0%afetc/passwd", "/static/../app.py", "/static/%2e%2e/app.py",
              "/static/..%2fapp.py", "/static/../templates/base.html", "/static/%2e%2e/templates/base.html",
              "/static/style.css%00.py", "/articles/..%2f..%2f..%2fetc%2fpasswd", "/../../etc/passwd",
              "/api/articles/%2e%2e%2f%2e%2e%2fetc%2fpasswd"]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_request_path_reaches_a_file_outside_static(raw_server, path):
    status, received = _raw(raw_server, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    assert status in (400, 404), (path, received[:300])
    body = received.split(b"\r\n\r\n", 1)[-1]
    assert b"root:x:" not in body and b"def create_app" not in body and b"{% block" not in body, (path, body[:300])


def test_static_files_are_served_from_the_package_only(raw_server):
    status, received = _raw(raw_server, b"GET /static/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200 and b"text/css" in received


def test_a_chunked_write_without_length_is_refused_unread(raw_server):
    body = b'{"text": "' + b"x" * 5000 + b'"}'
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 1000]), body[i:i + 1000]) for i in range(0, len(body), 1000))
    request = (b"POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked + b"0\r\n\r\n")
    status, received = _raw(raw_server, request)
    assert status == 413 and b"E607" in received
