import pytest

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, html_to_article, read_articles

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Blinken and Lavrov hold first call since the invasion | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2022-07-29T10:00:00Z">
<link rel="canonical" href="https://example.com/world/blinken-lavrov.html">
</head><body>
<nav><a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article>
<h1>Blinken and Lavrov hold first call since the invasion</h1>
<p>WASHINGTON, July 29 (Reuters) - Secretary of State Antony Blinken spoke with Russian Foreign Minister Sergey Lavrov on Friday, the first call between the two since the invasion of Ukraine began in February</p>
<p>The two discussed a proposal to free two Americans held in Russia. "We pressed hard," Blinken told reporters after the call</p>
<p>Lavrov said Moscow would respond through the usual channels, according to the Russian Foreign Ministry, which gave no further details</p>
</article>
<footer>Copyright 2022 Example News</footer>
</body></html>"""


def test_html_file_gives_text_and_metadata(write):
    [article] = read_articles([write("blinken-lavrov.html", PAGE)])
    assert isinstance(article, Article)
    assert article.id == "blinken-lavrov"
    assert article.title == "Blinken and Lavrov hold first call since the invasion"
    assert article.published == "2022-07-29"
    assert article.byline == "Jane Doe"
    assert article.source == "Example News"
    assert article.url == "https://example.com/world/blinken-lavrov.html"
    assert "Secretary of State Antony Blinken spoke with" in article.text
    assert "<p>" not in article.text


def test_paragraphs_are_separated_by_a_blank_line(write):
    [article] = read_articles([write("page.htm", PAGE)])
    # The paragraphs have no final full stop: only the blank line keeps them apart.
    assert "began in February\n\nThe two discussed" in article.text
    assert "after the call\n\nLavrov said" in article.text


def test_html_with_declared_cp1252_charset(write):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("spoke with", "spoke — briefly — with")
    [article] = read_articles([write("cp.html", page.encode("cp1252"))])
    assert "spoke — briefly — with" in article.text


def test_fragment_without_html_tag_is_extracted():
    article = html_to_article("<p>Novak met Lavrov in Geneva on Friday to discuss the grain deal and prisoner swaps.</p>", "frag")
    assert isinstance(article, Article)
    assert article.text.startswith("Novak met Lavrov in Geneva")


def test_url_argument_wins_over_canonical_link():
    article = html_to_article(PAGE, "x", origin="a.warc#1", url="https://mirror.example.org/story")
    assert article.url == "https://mirror.example.org/story"
    assert article.origin == "a.warc#1"


@pytest.mark.parametrize("page", ["<html><body></body></html>", "<html><head><title>Only a title</title></head><body><script>var x = 1;</script></body></html>"])
def test_page_without_body_is_no_html_body(write, page):
    [error] = read_articles([write("nobody.html", page)])
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.NO_HTML_BODY
    assert "nobody.html" in error.detail


def test_empty_html_file_is_empty_input(write):
    [error] = read_articles([write("empty.html", "")])
    assert error.code is ErrorCode.EMPTY_INPUT


def test_a_huge_page_is_too_large_not_a_stall(write, monkeypatch):
    from newsgraph.ingest import html as html_reader

    monkeypatch.setattr(html_reader, "MAX_HTML_CHARS", len(PAGE) - 1)
    [error] = read_articles([write("huge.html", PAGE)])
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.HTML_TOO_LARGE
    assert "huge.html" in error.detail
