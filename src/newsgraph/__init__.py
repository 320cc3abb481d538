"""newsgraph: who said what, and who did what to whom, in news articles.

The public names are imported lazily, so that `newsgraph --help` does not pay for loading spaCy.
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_PUBLIC = {
    "Article": "newsgraph.ingest.article",
    "ReadError": "newsgraph.ingest.article",
    "read_articles": "newsgraph.ingest",
    "clean_article": "newsgraph.clean",
    "load_pipeline": "newsgraph.nlp",
    "add_components": "newsgraph.nlp",
    "Pipeline": "newsgraph.pipeline",
    "RunCounts": "newsgraph.pipeline",
    "extract": "newsgraph.pipeline",
    "Entity": "newsgraph.records",
    "Event": "newsgraph.records",
    "Participant": "newsgraph.records",
    "Quote": "newsgraph.records",
    "Speaker": "newsgraph.records",
    "TextSpan": "newsgraph.records",
}

__all__ = sorted(_PUBLIC) + ["__version__"]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")


if TYPE_CHECKING:
    from newsgraph.clean import clean_article
    from newsgraph.ingest import read_articles
    from newsgraph.ingest.article import Article, ReadError
    from newsgraph.nlp import add_components, load_pipeline
    from newsgraph.pipeline import Pipeline, RunCounts, extract
    from newsgraph.records import Entity, Event, Participant, Quote, Speaker, TextSpan
