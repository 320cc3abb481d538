"""HTML pages (`.html`/`.htm` files, JSONL `html` fields, WARC responses) to articles, via trafilatura."""
from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura
from trafilatura.xml import xmltotxt

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.ingest.article import Article, ReadError
from newsgraph.ingest.dates import normalize_date
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.files import stem

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HTML_TAG = re.compile(r"<html[\s>]", re.IGNORECASE)
# trafilatura's time grows faster than the page (2 MB: seconds, 4 MB: three times that); pages
# bigger than this are not articles a scraper meant to keep.
MAX_HTML_CHARS = 5_000_000


def read_html(path: str) -> Iterator[Article | ReadError]:
    id_ = stem(path)
    with open(path, "rb") as f:
        data = f.read()
    if not data.strip():
        yield ReadError(id_, ErrorCode.EMPTY_INPUT, f"{path} is empty", path)
        return
    try:
        html = decode_bytes(data, path, declared=declared_charset(data))
    except NewsgraphError as err:
        yield ReadError(id_, err.code, err.detail, path)
        return
    yield html_to_article(html, id_, origin=path)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def html_to_article(html: str, id: str, origin: str | None = None, url: str | None = None) -> Article | ReadError:
    """Extract the article body and metadata from one page. Works on the string only: nothing is fetched."""
    where = origin or id
    if not html.strip():
        return ReadError(id, ErrorCode.EMPTY_INPUT, f"{where}: the HTML is empty", origin)
    if len(html) > MAX_HTML_CHARS:
        return ReadError(id, ErrorCode.HTML_TOO_LARGE, f"{where}: the page has {len(html):,} characters, more than {MAX_HTML_CHARS:,}", origin)
    if not _HTML_TAG.search(html[:2048]):
        # trafilatura rejects a fragment with a single top-level element as "not HTML".
        html = f"<html>{html}</html>"
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
        )
        text = _body_text(doc) if doc is not None else ""
    except Exception as err:  # one bad page must not end a JSONL file or an archive
        return ReadError(id, ErrorCode.EXTRACTION_FAILED, f"{where}: HTML extraction failed: {type(err).__name__}: {err}", origin)
    if not text:
        return ReadError(id, ErrorCode.NO_HTML_BODY, f"{where}: no article text found in the HTML", origin)
    return Article(
        id=id,
        text=text,
        title=_clean(doc.title),
        published=normalize_date(doc.date),
        byline=_clean(doc.author),
        source=_clean(doc.sitename),
        url=url or _clean(doc.url),
        origin=origin,
    )


def _body_text(doc) -> str:
    """Paragraphs joined by a blank line, so sentences of different paragraphs never run together."""
    body = doc.body
    paragraphs: list[str] = []
    if body is not None:
        for block in body:
            rendered = xmltotxt(block, False).strip()
            if block.tag == "list":  # one paragraph per item
                paragraphs.extend(line.strip() for line in rendered.split("\n"))
            else:
                paragraphs.append(rendered)
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        paragraphs = [line.strip() for line in (doc.text or "").split("\n") if line.strip()]
    return "\n\n".join(paragraphs)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None
