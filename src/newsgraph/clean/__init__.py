"""Cleaning: mark page furniture (headline repeats, site chrome, bare bylines) as boilerplate spans,
and date an undated article by its wire dateline ("WASHINGTON, March 8, 2024 (Wire) -")."""
from __future__ import annotations

import dataclasses

from newsgraph.clean.furniture import find_dateline, find_furniture
from newsgraph.ingest.article import PUBLISHED_FROM_DATELINE, Article
from newsgraph.ingest.dates import normalize_date

__all__ = ["clean_article", "find_dateline"]


def clean_article(article: Article) -> Article:
    """A copy of `article` with `boilerplate` spans set, `title`/`byline` filled where they were
    None, and `published` from a dateline with a full date where none was given.

    The text is never changed; spans already on the article are kept.
    """
    found = find_furniture(article.text, article.title)
    dated = {} if article.published else _dateline_date(article.text)
    return dataclasses.replace(
        article,
        boilerplate=_merge([*article.boilerplate, *found.spans]),
        title=article.title if article.title is not None else found.title,
        byline=article.byline if article.byline is not None else found.byline,
        **dated,
    )


def _dateline_date(text: str) -> dict[str, str]:
    """published and published_from of an article dated by its dateline; a dateline without a year
    ("MOSCOW, July 29 (Reuters) -") dates nothing."""
    dateline = find_dateline(text)
    date = normalize_date(dateline[1]) if dateline and dateline[1] else None
    return {"published": date, "published_from": PUBLISHED_FROM_DATELINE} if date else {}


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
