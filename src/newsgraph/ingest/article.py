"""What every reader yields: an article to extract, or an error record for input it could not read."""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.errors import ErrorCode, describe

PUBLISHED_FROM_INPUT = "input"  # given with the article: a JSONL field, a page's metadata
PUBLISHED_FROM_DATELINE = "dateline"  # read from the wire dateline opening the text (clean/)


@dataclass
class Article:
    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    published_from: str | None = None  # where `published` came from when not the input (PUBLISHED_FROM_*)
    byline: str | None = None
    source: str | None = None  # outlet or site name
    url: str | None = None
    boilerplate: list[tuple[int, int]] = field(default_factory=list)  # filled by clean/
    origin: str | None = None  # where it was read: "path", "path:line", "path#record"


@dataclass
class ReadError:
    id: str
    code: ErrorCode
    detail: str
    origin: str | None = None

    @property
    def message(self) -> str:
        where = f" [{self.origin}]" if self.origin else ""
        return describe(self.code, self.detail) + where
