"""The Python API behind every front end: articles in, contract records out.

    from newsgraph import Pipeline, extract
    record = extract("“We are ready,” the minister said.", published="2024-03-08")
    for record in Pipeline().pipe(articles): ...
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.clean import clean_article
from newsgraph.config import Settings
from newsgraph.errors import ErrorCode, describe
from newsgraph.ingest.article import Article, ReadError
from newsgraph.nlp import load_pipeline
from newsgraph.records import doc_to_record, error_record

log = logging.getLogger(__name__)

Record = dict[str, Any]
Item = Article | ReadError | dict | str


@dataclass
class RunCounts:
    read: int = 0
    written: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"read {self.read}, written {self.written}, failed {self.failed}"


def as_article(item: Item, index: int) -> Article | ReadError:
    """Accept Articles, ReadErrors, plain strings and JSONL-style dicts."""
    if isinstance(item, (Article, ReadError)):
        return item
    if isinstance(item, str):
        return Article(id=f"doc{index + 1}", text=item)
    if isinstance(item, dict):
        article_id = str(item.get("id") or f"doc{index + 1}")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            return ReadError(article_id, ErrorCode.MISSING_TEXT, "record has no text")
        return Article(id=article_id, text=text, title=item.get("title"), published=item.get("published"),
                       byline=item.get("byline"), source=item.get("source"), url=item.get("url"))
    raise TypeError(f"cannot extract from {type(item).__name__}; give an Article, a dict or a str")


def _metadata(article: Article) -> dict[str, Any]:
    return {"title": article.title, "published": article.published, "byline": article.byline,
            "source": article.source, "url": article.url, "boilerplate": article.boilerplate}


class Pipeline:
    """Cleans, parses and extracts. One spaCy pipeline, loaded once, shared by every call."""

    def __init__(self, model: str | None = None, batch_size: int | None = None, nlp: Language | None = None):
        settings = Settings.from_env(model=model, batch_size=batch_size)
        self.batch_size = settings.batch_size
        self.nlp = nlp or load_pipeline(settings.model)
        self.counts = RunCounts()

    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.boilerplate = list(article.boilerplate)
        doc._.published = article.published
        return doc

    def pipe(self, items: Iterable[Item]) -> Iterator[Record]:
        """One record per item, in input order; unreadable or failing items become error records."""
        indexed = (as_article(item, i) for i, item in enumerate(items))
        while batch := list(islice(indexed, self.batch_size)):
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Article | ReadError]) -> Iterator[Record]:
        articles = [clean_article(item) for item in batch if isinstance(item, Article)]
        parsed = zip(articles, self._parse(articles))
        for item in batch:
            self.counts.read += 1
            if isinstance(item, ReadError):
                yield self._failed(error_record(item.id, "", item.message))
                continue
            article, doc = next(parsed)
            if isinstance(doc, str):
                yield self._failed(error_record(article.id, article.text, doc, _metadata(article)))
                continue
            self.counts.written += 1
            yield doc_to_record(doc, article.id, _metadata(article))

    def _failed(self, record: Record) -> Record:
        self.counts.failed += 1
        self.counts.errors.append(f"{record['id']}: {record['error']}")
        return record

    def _parse(self, articles: list[Article]) -> list[Doc | str]:
        """Parse a batch at once; if anything in it fails, parse one by one to isolate the failure."""
        try:
            docs = [self._make_doc(a) for a in articles]
            return list(self.nlp.pipe(docs, batch_size=self.batch_size))
        except Exception:  # noqa: BLE001 - any failure is retried per article below
            results: list[Doc | str] = []
            for article in articles:
                try:
                    results.append(self.nlp(self._make_doc(article)))
                except Exception as exc:  # noqa: BLE001 - becomes this article's error record
                    log.debug("extraction failed for %s", article.id, exc_info=True)
                    results.append(describe(ErrorCode.EXTRACTION_FAILED, f"{type(exc).__name__}: {exc}"))
            return results

    def extract(self, text: str, **metadata: Any) -> Record:
        article = Article(id=str(metadata.pop("id", "doc1")), text=text, **metadata)
        return next(self.pipe([article]))


_default: Pipeline | None = None


def extract(text: str, **metadata: Any) -> Record:
    """Extract one article's record with the default pipeline (loaded on first use)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, **metadata)
