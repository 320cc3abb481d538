"""The JSON API and the HTML pages through FastAPI's TestClient, over a small store built by hand."""
from __future__ import annotations

import csv
import io
import json
import time

import pytest
from serve_fixtures import XSS, XSS_IMG

API_PATHS = ["/api/search", "/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/events",
             "/api/actors", "/api/actors/{actor_id}", "/api/actors/{actor_id}/timeline",
             "/api/actors/{actor_id}/counterparts", "/api/network", "/api/stories", "/api/counts", "/api/overview",
             "/api/analyze"]
PAGES = ["/search", "/search?q=sanctions", "/articles/a2", "/actors", "/actors/person:antony-blinken", "/network",
         "/stories", "/analyze", "/docs"]


def blinken(client) -> str:
    found = client.get("/api/actors", params={"name": "Blinken"}).json()["results"]
    assert found, "the hand-built store has Antony Blinken"
    return found[0]["id"]


def test_openapi_describes_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert set(API_PATHS) <= set(spec["paths"])
    assert not any(path.startswith("/articles") for path in spec["paths"])  # HTML pages stay out of the API description


def test_search_returns_hits_facets_and_counts(client):
    body = client.get("/api/search", params={"q": "sanctions", "limit": 5}).json()
    assert body["total"] == 26  # a1 and its 25 copies
    assert len(body["results"]) == 5 and body["next"]
    assert {"date", "source", "speaker", "actor", "type", "status"} == set(body["facets"])
    assert body["facets"]["type"] == [{"value": "SANCTION", "count": 26}]
    assert sum(row["articles"] for row in body["counts"]) == 26


def test_search_facets_filter(client):
    speaker = blinken(client)
    assert client.get("/api/search", params={"speaker": speaker}).json()["total"] == 27
    assert client.get("/api/search", params={"source": "Dispatch"}).json()["total"] == 1
    assert client.get("/api/search", params={"type": "CONSULT"}).json()["total"] == 1
    assert client.get("/api/search", params={"status": "asserted", "since": "2024-05", "until": "2024-05"}).json()["total"] == 1
    assert client.get("/api/search", params={"q": "nothing-like-this"}).json()["total"] == 0


def test_pagination_tokens_walk_the_whole_list_once(client):
    seen, token, pages = [], None, 0
    while True:
        params = {"limit": 7} | ({"next": token} if token else {})
        body = client.get("/api/articles", params=params).json()
        seen += [row["id"] for row in body["results"]]
        token, pages = body["next"], pages + 1
        if not token:
            break
    assert len(seen) == len(set(seen)) == 28 and pages == 4
    assert "offset" not in (client.get("/api/articles", params={"limit": 7}).json()["next"] or "")  # opaque


def test_bad_page_token_says_what_to_do(client):
    response = client.get("/api/articles", params={"next": "not-a-token"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "E602" and "next" in error["hint"]


@pytest.mark.parametrize("path", ["/api/search?q=sanctions", "/api/articles", "/api/quotes", "/api/events",
                                  "/api/actors", "/api/stories", "/api/network", "/api/counts"])
def test_every_list_downloads_as_csv_and_jsonl(client, path):
    sep = "&" if "?" in path else "?"
    as_csv = client.get(f"{path}{sep}format=csv")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    as_jsonl = client.get(f"{path}{sep}format=jsonl")
    lines = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert rows and len(rows) == len(lines)


def test_downloads_hold_the_whole_list_not_a_page(client):
    lines = client.get("/api/articles", params={"format": "jsonl", "limit": 2}).text.splitlines()
    assert len(lines) == 28


def test_article_as_a_contract_record(client):
    record = client.get("/api/articles/a2").json()
    assert record["text"].startswith("Blinken met Kuleba")
    quote = record["quotes"][0]
    assert quote["speaker"]["name"] == "Antony Blinken"
    assert record["text"][quote["start"]:quote["end"]] == quote["text"]
    assert (quote["speaker"]["start"], quote["speaker"]["end"]) == (53, 60)  # the mention nearest the quote
    assert (quote["cue"]["start"], quote["cue"]["end"]) == (61, 65)
    assert record["events"][0]["trigger"] == {"start": 8, "end": 11, "text": "met"}
    assert len(record["events"][0]["actor"]) == 2
    assert record["boilerplate"] == [[67, 83]]
    assert record["speakers"][0]["name"] == "Antony Blinken"


def test_unknown_ids_are_404_with_a_hint(client):
    for path in ("/api/articles/nope", "/api/actors/person:nobody"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "E601" and response.json()["error"]["hint"]
    page = client.get("/articles/nope")
    assert page.status_code == 404 and "What to do" in page.text and "no article with id" in page.text
    assert client.get("/no/such/page").status_code == 404


def test_bad_parameters_say_which(client):
    response = client.get("/api/articles", params={"limit": 0})
    assert response.status_code == 400 and "limit" in response.json()["error"]["message"]
    assert client.get("/search", params={"limit": "many"}).status_code == 400


def test_bad_dates_types_and_statuses_are_400_not_empty_lists(client):
    for path, params in (("/api/quotes", {"since": "yesterday"}), ("/api/search", {"until": "03/01/2024"}),
                         ("/search", {"since": "garbage"})):
        response = client.get(path, params=params)
        assert response.status_code == 400, (path, params)
        if path.startswith("/api"):
            assert "is not a date (YYYY-MM-DD, YYYY-MM or YYYY)" in response.json()["error"]["message"]
    month = client.get("/api/events", params={"since": "2024-13-01"}).json()["error"]
    assert month["code"] == "E604" and "'2024-13-01' is not a date" in month["message"]
    unknown = client.get("/api/events", params={"type": "SANCTIONS"})
    assert unknown.status_code == 400 and "'SANCTIONS' is not a PLOVER event type (ACCUSE" in unknown.json()["error"]["message"]
    assert "is not an event status" in client.get("/api/events", params={"status": "denied"}).json()["error"]["message"]
    assert client.get("/api/events", params={"type": "sanction", "status": "Asserted"}).status_code == 200
    assert client.get("/api/search", params={"since": "", "q": "sanctions"}).status_code == 200  # a blank form field
    for download in ("csv", "jsonl"):  # refused before the download starts, not a broken 200
        refused = client.get("/api/events", params={"type": "BOGUS", "format": download})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "E604"
        assert client.get("/api/quotes", params={"since": "2024-02-31", "format": download}).status_code == 200


def test_until_a_month_takes_in_the_whole_month(client):
    march = client.get("/api/quotes", params={"since": "2024-03", "until": "2024-03", "limit": 200}).json()["results"]
    assert march and {q["published"][:7] for q in march} == {"2024-03"}


def test_quotes_events_and_actors(client):
    quotes = client.get("/api/quotes", params={"speaker": "Blinken", "limit": 3}).json()
    assert len(quotes["results"]) == 3 and quotes["next"]
    events = client.get("/api/events", params={"type": "CONSULT"}).json()["results"]
    assert [e["article_id"] for e in events] == ["a2"]
    actors = client.get("/api/actors").json()["results"]
    assert {"id", "name", "article_count", "quotes", "events"} <= set(actors[0])


def test_actor_profile_timeline_and_counterparts(client):
    actor_id = blinken(client)
    profile = client.get(f"/api/actors/{actor_id}").json()
    assert profile["name"] == "Antony Blinken"
    assert profile["roles"][0]["role"] == "Secretary of State"
    assert {row["period"] for row in profile["timeline"]} >= {"2024-02", "2024-03", "2024-05"}
    assert profile["counterparts"][0]["name"] == "Dmytro Kuleba"
    assert profile["latest_quotes"][0]["article_id"] == "a2"
    assert client.get(f"/api/actors/{actor_id}/timeline").json()["results"] == profile["timeline"]
    assert client.get(f"/api/actors/{actor_id}/counterparts").json()["results"] == profile["counterparts"]


def test_network_has_weighted_typed_edges_and_filters(client):
    graph = client.get("/api/network").json()
    sanction = next(e for e in graph["edges"] if e["type"] == "SANCTION")
    assert sanction["weight"] == 26 and sanction["quad"] == "MX"
    assert {n["id"] for n in graph["nodes"]} >= {sanction["source"], sanction["target"]}
    only = client.get("/api/network", params={"type": "CONSULT"}).json()
    assert [e["type"] for e in only["edges"]] == ["CONSULT"]
    assert client.get("/api/network", params={"since": "2024-05-01"}).json()["edges"] == only["edges"]
    assert client.get("/api/network", params={"until": "2023-12-31"}).json()["edges"] == []


def test_stories_counts_and_overview(client):
    stories = client.get("/api/stories", params={"limit": 2}).json()
    assert len(stories["results"]) == 2 and stories["results"][0]["articles"]
    counts = client.get("/api/counts", params={"by": "year"}).json()["results"]
    assert counts == [{"period": "2024", "articles": 28, "quotes": 28, "events": 27}]
    assert client.get("/api/overview").json()["articles"] == 28


def test_analyze_returns_a_record_without_storing_it(client):
    text = "The minister said: we will not give up."
    record = client.post("/api/analyze", json={"text": text, "title": "T"}).json()
    assert record["text"] == text and record["quotes"][0]["speaker"]["name"] == "Someone"
    assert client.get("/api/overview").json()["articles"] == 28
    assert client.post("/api/analyze", json={"text": "  "}).json()["error"]["code"] == "E103"
    too_long = client.post("/api/analyze", json={"text": "x" * 100_001})
    assert too_long.status_code == 413 and too_long.json()["error"]["code"] == "E603"
    assert client.post("/api/analyze", json={}).status_code == 422


def test_analyze_page_shows_the_article_view(client):
    page = client.post("/analyze", data={"text": "Someone said: hello <world>.", "title": "", "published": ""})
    assert page.status_code == 200
    assert 'class="quote sp0"' in page.text and "hello &lt;world&gt;" in page.text
    empty = client.post("/analyze", data={"text": ""})
    assert empty.status_code == 400 and "the text is empty" in empty.text


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_with_security_headers_and_no_raw_json(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert '{"' not in response.text and "<script>" not in response.text
    assert 'href="/api/' in response.text or path in ("/analyze", "/docs")  # the JSON twin is linked


def test_article_page_marks_quotes_speakers_cues_triggers_and_boilerplate(client):
    page = client.get("/articles/a2").text
    assert 'class="quote sp0" title="Antony Blinken · direct" id="text-q1">We stand with Ukraine</span>' in page
    assert 'class="speaker sp0"' in page and 'class="cue"' in page
    assert 'class="trigger quad-VC"' in page and 'class="boilerplate"' in page
    assert "Dmytro Kuleba" in page  # the side panel's entities


def test_hostile_article_renders_escaped(client):
    page = client.get("/articles/xss").text
    assert XSS not in page and XSS_IMG not in page and "<b onmouseover" not in page
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript:' not in page
    search = client.get("/search", params={"q": XSS}).text
    assert XSS not in search
    found = client.get("/search", params={"q": "Officials"}).text
    assert "Title &lt;script&gt;" in found and XSS not in found


def test_home_redirects_to_search(client):
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/search"


def test_connections_are_read_only(app):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with app.state.store.engine.connect() as conn, pytest.raises(OperationalError, match="readonly|query_only"):
        conn.execute(text("DELETE FROM articles"))


def test_reads_do_not_wait_for_a_running_ingest(client, hand_store_url):
    from sqlalchemy import text

    from newsgraph.store import open_store

    with open_store(hand_store_url) as store, store.engine.connect() as writer:
        writer.exec_driver_sql("BEGIN IMMEDIATE")  # hold the write lock, as an ingest batch does
        writer.execute(text("UPDATE articles SET title = 'changing' WHERE id = 'a1'"))
        started = time.monotonic()
        body = client.get("/api/articles/a1").json()
        assert time.monotonic() - started < 2
        assert body["title"] == "Sanctions work, Blinken says"  # the last committed state
        writer.rollback()


def test_empty_store_pages_say_what_to_do(tmp_path):
    from fastapi.testclient import TestClient

    from newsgraph.serve import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'empty.db'}")) as empty:
        assert "The store is empty" in empty.get("/search").text
        assert "No links to draw" in empty.get("/network").text
        assert "No stories yet" in empty.get("/stories").text
        assert "No actor yet" in empty.get("/actors").text
        assert empty.get("/api/search").json()["total"] == 0


def test_verbatim_copies_show_as_also_published_by(tmp_path):
    from fastapi.testclient import TestClient
    from serve_fixtures import build_store
    from hand_record import hand_record

    from newsgraph.serve import create_app

    url = f"sqlite:///{tmp_path / 'copies.db'}"
    wire = hand_record()
    build_store(url, [wire, hand_record(id="c1", url="https://other.example/c1", source="Other Daily",
                                        published="2024-03-09"),
                      hand_record(id="c2", url="javascript:alert(1)", source=XSS, published="2024-03-10")])
    with TestClient(create_app(url)) as copies:
        also = copies.get("/api/articles/a1").json()["also_published_by"]
        assert [(c["source"], c["url"], c["record_id"]) for c in also] == [
            ("Other Daily", "https://other.example/c1", "c1"), (XSS, "javascript:alert(1)", "c2")]
        page = copies.get("/articles/a1").text
        assert "Also published verbatim by" in page and 'href="https://other.example/c1"' in page
        assert XSS not in page and "javascript:alert" not in page
        story, = copies.get("/api/stories").json()["results"]
        assert story["copy_count"] == 2 and story["articles"][0]["also_published_by"] == also
        listed = copies.get("/stories").text
        assert "2 verbatim copies" in listed and "Other Daily" in listed and XSS not in listed


def test_serve_command_is_documented():
    from typer.testing import CliRunner

    from newsgraph.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--db" in result.output and "--host" in result.output and "127.0.0.1" in result.output


def test_postgres_store_serves_the_same(postgres_url):
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from newsgraph.serve import create_app

    app = create_app(postgres_url)
    with TestClient(app) as pg:
        assert pg.get("/api/search", params={"q": "sanctions"}).json()["total"] == 26
        assert pg.get("/api/articles/a2").json()["quotes"][0]["speaker"]["name"] == "Antony Blinken"
        assert pg.get("/api/network", params={"type": "CONSULT"}).json()["edges"][0]["weight"] == 1
        assert pg.get("/api/counts", params={"by": "year"}).json()["results"][0]["articles"] == 28
        for path in PAGES[:-2]:
            assert pg.get(path).status_code == 200, path
        with app.state.store.engine.connect() as conn, pytest.raises(Exception, match="read-only"):
            conn.execute(text("DELETE FROM articles"))


def test_search_without_summaries_gives_hits_only(client):
    body = client.get("/api/search", params={"q": "sanctions", "summaries": "false", "limit": 3}).json()
    assert len(body["results"]) == 3 and body["total"] is None and body["facets"] == {} and body["counts"] == []


def test_ids_with_url_characters_link_to_their_pages(tmp_path):
    """Article ids are the input's own, and a generic institution's actor id carries its article's id."""
    import copy
    import re

    from fastapi.testclient import TestClient
    from serve_fixtures import build_store, hand_records

    from newsgraph.serve import create_app

    record = copy.deepcopy(hand_records(copies=0)[1])
    record["id"] = "wire/2024 05?page=2#top"
    record["entities"].append({"id": "e3", "name": "Foreign Ministry", "type": "ORG", "country": None, "sector": None,
                               "roles": [], "mentions": [[22, 26]], "kb_id": None})
    url = f"sqlite:///{tmp_path / 'ids.db'}"
    build_store(url, [record])
    with TestClient(create_app(url)) as odd:
        [article_link] = re.findall(r'class="hit-title" href="([^"]+)"', odd.get("/search").text)
        page = odd.get(article_link.replace("&amp;", "&"))
        assert page.status_code == 200 and "Blinken meets Kuleba" in page.text
        twin = re.search(r'class="twin" href="([^"]+)"', page.text).group(1)
        assert odd.get(twin.replace("&amp;", "&")).json()["id"] == record["id"]
        actor_links = set(re.findall(r'href="(/actors/[^"]+)"', page.text))
        assert any(record["id"].split("/")[0] in link for link in actor_links)  # the ministry of this article
        for link in actor_links:
            assert odd.get(link.replace("&amp;", "&")).status_code == 200, link
            actor_id = odd.get("/api" + link.replace("&amp;", "&")).json()["id"]
            assert odd.get(f"/api{link}/timeline".replace("&amp;", "&")).json()["results"] is not None, actor_id


def test_pages_link_back_as_well_as_forward(client):
    import html
    import re

    def link(page: str, rel: str) -> str | None:
        found = re.search(rf'rel="{rel}" href="([^"]*)"', page)
        return html.unescape(found.group(1)) if found else None

    forward = ["/search?limit=5"]
    while next_page := link(client.get(forward[-1]).text, "next"):
        forward.append(next_page)
    backward = [forward[-1]]
    while previous_page := link(client.get(backward[-1]).text, "prev"):
        backward.append(previous_page)
    assert len(forward) > 2 and backward == forward[::-1]


@pytest.mark.parametrize("path", ["/search?next=pzz", "/actors?next=pzz", "/stories?next=pzz"])
def test_a_page_past_the_end_says_so_and_links_to_the_first(client, path):
    page = client.get(path).text
    assert "Nothing on this page" in page and "yet" not in page.split("<main")[-1]
    assert f'href="{path.split("?")[0]}">back to the first page' in page
