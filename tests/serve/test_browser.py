"""The web UI in a real browser: Debian's chromium, driven headless by Playwright, against uvicorn on
loopback over the sample corpus. Screenshots go to out/screenshots/. Skips with a reason when
chromium or Playwright is missing (`make test` installs chromium where it may)."""
from __future__ import annotations

import shutil
import tempfile

import pytest
from serve_fixtures import SCREENSHOTS, XSS

pytestmark = pytest.mark.model

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASTED = ('WASHINGTON, March 8, 2024 (Wire) - The United States imposed new sanctions on Russia on Friday. '
          '"We will keep up the pressure," Secretary of State Antony Blinken told reporters.')


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium on this machine (`make test` installs Debian's chromium when run as root)")


@pytest.fixture(scope="session")
def browser_context():
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')")
    profile = tempfile.mkdtemp(prefix="newsgraph-chromium-")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1366, "height": 900})
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser_context, live_server):
    """A tab that fails the test on any console error (a CSP violation shows as one) or dialog (an XSS)."""
    tab = browser_context.new_page()
    problems: list[str] = []
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.base = live_server
    tab.problems = problems
    yield tab
    tab.close()
    assert not problems, problems


def shot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_click_through_search_article_actor_network(page):
    page.goto(page.base + "/search")
    assert page.locator(".hit").count() > 0
    page.fill("input[name=q]", "sanctions")
    page.click("form.searchbar button")
    page.wait_for_url("**/search?q=sanctions*")
    assert page.locator(".hit").count() > 0 and page.locator(".facet").count() == 6
    shot(page, "1-search")

    page.click(".hit >> nth=0 >> a.hit-title")
    page.wait_for_url("**/articles/**")
    assert page.locator(".article-text .quote").count() > 0
    assert page.locator(".legend .legend-item").count() > 0
    assert page.locator(".quote-item").count() == page.locator(".quote-list .quote-item").count() > 0
    assert page.locator(".article-text .trigger").count() > 0
    shot(page, "2-article")

    page.click(".quote-item .who a >> nth=0")
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text()
    assert page.locator(".chart rect.bar, .chart + h2, p.empty").count() > 0  # a timeline, or says it has no dates
    shot(page, "3-actor")

    page.click("text=See the whole network")
    page.wait_for_url("**/network")
    page.wait_for_selector("svg.network line.edge")
    assert page.locator("svg.network line.edge").count() > 10
    assert page.locator("svg.network .node").count() > 10
    shot(page, "4-network")


def test_most_quoted_person_has_a_timeline(page):
    page.goto(page.base + "/search")
    top = page.locator('.facet[data-facet="speaker"] li a >> nth=0')
    name = top.inner_text()
    top.click()
    page.click(".hit >> nth=0 >> a.hit-title")
    page.click(f'.legend a:text-is("{name}")')
    page.wait_for_url("**/actors/**")
    assert page.locator("h1").inner_text() == name
    assert page.locator(".chart rect.bar").count() > 0
    assert page.locator(".quote-list .quote-item").count() > 0


def test_network_filters_by_type(page):
    page.goto(page.base + "/network")
    page.select_option("select[name=type]", "SANCTION")
    page.click(".filters button")
    page.wait_for_url("**/network?type=SANCTION*")
    page.wait_for_selector("svg.network line.edge")
    assert set(page.locator("table.edges .badge").all_inner_texts()) == {"SANCTION"}
    shot(page, "5-network-sanction")


def test_analyze_a_pasted_text(page):
    page.goto(page.base + "/analyze")
    page.fill("textarea[name=text]", PASTED)
    page.fill("input[name=published]", "2024-03-08")
    page.click(".analyze-form button")
    page.wait_for_selector(".article-view", timeout=60_000)
    assert page.locator(".article-text .quote").count() >= 1
    assert "Blinken" in page.locator(".quote-list").inner_text()
    shot(page, "6-analyze")


@pytest.mark.parametrize("path", ["/stories", "/actors", "/analyze", "/search?q=zzzzqqq", "/articles/no-such-id"])
def test_other_pages_and_empty_states(page, path):
    response = page.goto(page.base + path)
    assert response.status == (404 if "no-such-id" in path else 200)
    if response.status == 404:  # the page's own status shows as a console error; nothing else may
        page.problems[:] = [p for p in page.problems if "status of 404" not in p]
    assert "What to do" in page.locator("main").inner_text() or response.status == 200
    assert page.locator("main").inner_text().strip()
    shot(page, "page" + path.replace("/", "-").replace("?", "-").replace("=", "-"))


def test_hostile_article_shows_markup_as_text(page):
    page.goto(page.base + "/articles/xss")
    assert XSS in page.locator(".article-text").inner_text()
    assert XSS in page.locator("h1").inner_text()
    assert page.locator(".article-text img, .article-text script").count() == 0
    shot(page, "7-hostile-article")


def test_hostile_names_and_pasted_markup_do_not_run_anywhere(page):
    """The hostile article's payloads wherever they show (search hits and facets, the actor page and
    list), and a pasted hostile text: any alert() would be a dialog, which fails the test."""
    from serve_fixtures import XSS_IMG

    page.goto(page.base + "/search?q=Officials")
    assert "Title " + XSS in page.locator(".hit").first.inner_text()
    actor = page.request.get(page.base + "/api/actors?name=Officials").json()["results"][0]["id"]
    for path in (f"/actors/{actor}", "/actors?name=Officials", "/stories"):
        page.goto(page.base + path)
        assert page.locator("main img, main script").count() == 0, path
    page.goto(page.base + "/analyze")
    page.fill("textarea[name=text]", f'{XSS} The minister said: "{XSS_IMG} is fine."')
    page.fill("input[name=title]", XSS_IMG)
    page.click(".analyze-form button")
    page.wait_for_selector(".article-view", timeout=60_000)
    assert XSS in page.locator(".article-text").inner_text()
    assert page.locator(".article-view img, .article-view script").count() == 0
    shot(page, "8-hostile-analyze")


@pytest.mark.parametrize("words", ["' OR 1=1 --", '"; DROP TABLE articles; --', "NEAR(", "*", '"unbalanced'])
def test_injection_strings_in_the_search_box_are_just_words(page, words):
    page.goto(page.base + "/search")
    page.fill("form.searchbar input[name=q]", words)
    page.click("form.searchbar button")
    page.wait_for_url("**/search?q=*")
    assert words in page.locator("form.searchbar input[name=q]").input_value()
    assert "Internal Server Error" not in page.content() and "Traceback" not in page.content()
    page.goto(page.base + "/search")
    assert page.locator(".hit").count() > 0  # the articles are all still there
