"""Cleaning: mark page furniture (headline repeats, site chrome, bare bylines) as boilerplate spans."""
from __future__ import annotations

import dataclasses

from newsgraph.clean.furniture import find_dateline, find_furniture
from newsgraph.ingest.article import Article

__all__ = ["clean_article", "find_dateline"]


def clean_article(article: Article) -> Article:
    """A copy of `article` with `boilerplate` spans set and `title`/`byline` filled where they were None.

    The text is never changed; spans already on the article are kept.
    """
    found = find_furniture(article.text, article.title)
    return dataclasses.replace(
        article,
        boilerplate=_merge([*article.boilerplate, *found.spans]),
        title=article.title if article.title is not None else found.title,
        byline=article.byline if article.byline is not None else found.byline,
    )


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
