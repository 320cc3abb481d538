"""One key for one quote however outlets typeset it, so identical quotes across articles aggregate.

Curly or straight quote marks, guillemets, dashes, ellipses, spacing, case, accents-as-composed
and trailing punctuation are not the quote: "We are ready." and “we are  ready” share a key.
`group_quotes` gathers the quotes of many records into one quote with all its sources.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

_QUOTE_MARKS = re.compile(r"[\"'“”„‟«»‹›‘’‚‛`´]")
_ASCII_QUOTE_MARKS = "\"'`"
_DASHES = re.compile(r"[‐‑‒–—―−]")
_ELLIPSIS = re.compile(r"…|\.\s*\.\s*\.")
_EDGE_PUNCT = " .,;:!?-…"


def normalise_quote(text: str) -> str:
    """The comparable form of a quote's text: "“We are ready,” " -> "we are ready"."""
    text = text or ""
    if text.isascii():  # most quotes: NFKC leaves ASCII as it is, and it has no typographic marks or dashes
        for mark in _ASCII_QUOTE_MARKS:
            text = text.replace(mark, "")
    else:
        text = unicodedata.normalize("NFKC", text)
        text = _QUOTE_MARKS.sub("", text)
        text = _DASHES.sub("-", text)
    if text.count(".") >= 3 or "…" in text:
        text = _ELLIPSIS.sub("...", text)
    # runs of whitespace made one space, as re.sub(r"\s+", " ", text) does but for a space at either
    # end, which the strip below removes anyway (`\s` is str.isspace, what split() splits on): a third of the time
    text = " ".join(text.split()).casefold()
    return text.strip(_EDGE_PUNCT)


def quote_key(text: str) -> str:
    """A fixed-length key (32 hex digits) of the normalised quote: equal quotes, equal keys."""
    return hashlib.blake2b(normalise_quote(text).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class QuoteSource:
    """One article's copy of a quote."""

    article_id: str
    quote_id: str
    published: str | None
    source: str | None
    speaker: str | None  # the speaker's canonical name in that article, when resolved


@dataclass
class QuoteGroup:
    """One quote and every article that carries it (as Quotebank aggregates quotations)."""

    key: str
    text: str  # as the first article wrote it
    sources: list[QuoteSource] = field(default_factory=list)

    @property
    def speakers(self) -> list[tuple[str, int]]:
        """Speaker names with the number of articles that give each, most given first."""
        return Counter(s.speaker for s in self.sources if s.speaker).most_common()


def group_quotes(records: Iterable[dict]) -> list[QuoteGroup]:
    """The quotes of contract records grouped by `quote_key`, in order of first appearance."""
    groups: dict[str, QuoteGroup] = {}
    for record in records:
        for quote in record.get("quotes") or ():
            text = quote.get("text") or ""
            if not normalise_quote(text):
                continue
            key = quote_key(text)
            group = groups.setdefault(key, QuoteGroup(key, text))
            speaker = quote.get("speaker") or {}
            group.sources.append(QuoteSource(str(record.get("id")), str(quote.get("id")), record.get("published"),
                                             record.get("source"), speaker.get("name")))
    return list(groups.values())
