"""The Python API behind every front end: articles in, contract records out.

    from newsgraph import Pipeline, extract
    record = extract("“We are ready,” the minister said.", published="2024-03-08")
    for record in Pipeline().pipe(articles): ...
"""
from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.chunking import DEFAULT_CHUNK_CHARS, ChunkMerger, chunk_spans, forced_sentence_starts
from newsgraph.clean import clean_article
from newsgraph.config import Settings
from newsgraph.errors import ErrorCode, describe
from newsgraph.extract.extensions import remember_text
from newsgraph.ingest.article import Article, ReadError
from newsgraph.nlp import load_pipeline
from newsgraph.records import base_record, doc_to_record, error_record

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
    return {"title": article.title, "published": article.published, "published_from": article.published_from,
            "byline": article.byline, "source": article.source, "url": article.url, "boilerplate": article.boilerplate}


def _where(article: Article) -> str:
    return f" [{article.origin}]" if article.origin else ""


def _failure(article: Article, exc: Exception, context: str = "") -> str:
    return describe(ErrorCode.EXTRACTION_FAILED, f"{context}{type(exc).__name__}: {exc}") + _where(article)


class Pipeline:
    """Cleans, parses and extracts. One spaCy pipeline, loaded once, shared by every call.

    An article longer than `chunk_chars` (or than the model's `max_length`) is extracted in
    chunks and merged back into one record (newsgraph.chunking).
    """

    def __init__(self, model: str | None = None, batch_size: int | None = None, nlp: Language | None = None,
                 chunk_chars: int | None = None):
        settings = Settings.from_env(model=model, batch_size=batch_size)
        self.batch_size = settings.batch_size
        self.nlp = nlp or load_pipeline(settings.model)
        self.chunk_chars = chunk_chars or DEFAULT_CHUNK_CHARS
        self.counts = RunCounts()

    @property
    def chunk_limit(self) -> int:
        return max(2, min(self.chunk_chars, self.nlp.max_length))

    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        remember_text(doc, article.text)
        doc._.boilerplate = list(article.boilerplate)
        doc._.published = article.published
        _force_sentence_starts(doc, forced_sentence_starts(article.text))
        return doc

    def pipe(self, items: Iterable[Item]) -> Iterator[Record]:
        """One record per item, in input order; unreadable or failing items become error records."""
        indexed = (as_article(item, i) for i, item in enumerate(items))
        while batch := list(islice(indexed, self.batch_size)):
            yield from self._process_batch(batch)

    def _process_batch(self, batch: list[Article | ReadError]) -> Iterator[Record]:
        limit = self.chunk_limit
        prepared = [self._prepare(item) for item in batch]
        short = [a for a in prepared if isinstance(a, Article) and len(a.text) <= limit]
        parsed = iter(self._parse(short))
        for item in prepared:
            self.counts.read += 1
            if isinstance(item, dict):  # an error record already
                record = item
            elif len(item.text) <= limit:
                record = self._to_record(item, next(parsed))
            else:
                record = self._extract_in_chunks(item, limit)
            if "error" in record:
                yield self._failed(record)
            else:
                self.counts.written += 1
                yield record

    def _prepare(self, item: Article | ReadError) -> Article | Record:
        if isinstance(item, ReadError):
            return error_record(item.id, "", item.message)
        try:
            return clean_article(item)
        except Exception as exc:  # noqa: BLE001 - becomes this article's error record
            log.debug("cleaning failed for %s", item.id, exc_info=True)
            return error_record(item.id, item.text, _failure(item, exc, "cleaning failed: "), _metadata(item))

    def _to_record(self, article: Article, doc: Doc | str) -> Record:
        if isinstance(doc, str):
            return error_record(article.id, article.text, doc, _metadata(article))
        try:
            return doc_to_record(doc, article.id, _metadata(article))
        except Exception as exc:  # noqa: BLE001 - becomes this article's error record
            log.debug("record conversion failed for %s", article.id, exc_info=True)
            return error_record(article.id, article.text, _failure(article, exc), _metadata(article))

    def _extract_in_chunks(self, article: Article, limit: int) -> Record:
        """One record for a long article, extracted chunk by chunk: memory stays that of one chunk."""
        merger = ChunkMerger(base_record(article.id, article.text, _metadata(article)))
        for start, end in chunk_spans(article.text, limit):
            chunk = _chunk_article(article, start, end)
            try:
                merger.add(start, doc_to_record(self.nlp(self._make_doc(chunk)), article.id))
            except Exception as exc:  # noqa: BLE001 - becomes this article's error record
                log.debug("extraction failed for %s at %d", article.id, start, exc_info=True)
                context = f"in the chunk at characters {start}..{end}: "
                return error_record(article.id, article.text, _failure(article, exc, context), _metadata(article))
        return merger.finish()

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
                    results.append(_failure(article, exc))
            return results

    def extract(self, text: str, **metadata: Any) -> Record:
        article = Article(id=str(metadata.pop("id", "doc1")), text=text, **metadata)
        return next(self.pipe([article]))


def _chunk_article(article: Article, start: int, end: int) -> Article:
    """The part [start, end) of an article, with the boilerplate spans that fall in it."""
    spans = [(max(s, start) - start, min(e, end) - start) for s, e in article.boilerplate if s < end and e > start]
    return Article(id=article.id, text=article.text[start:end], published=article.published, boilerplate=spans,
                   origin=article.origin)


def _force_sentence_starts(doc: Doc, positions: list[int]) -> None:
    """Start a sentence at the first token at or after each character position."""
    if not positions:
        return
    starts = [token.idx for token in doc]
    for position in positions:
        i = bisect_left(starts, position)
        if 0 < i < len(doc):
            doc[i].is_sent_start = True


_default: Pipeline | None = None


def extract(text: str, **metadata: Any) -> Record:
    """Extract one article's record with the default pipeline (loaded on first use)."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default.extract(text, **metadata)
