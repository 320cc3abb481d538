"""Sentence and token lookups, computed once per Doc (Token.sent rescans the Doc on every call)."""
from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span


class Sentences:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.spans: list[Span] = list(doc.sents)
        self._starts = [s.start for s in self.spans]
        self._token_starts = doc.to_array(IDX) if len(doc) else numpy.zeros(0, dtype="uint64")

    def of(self, i: int) -> Span:
        """The sentence holding token `i`."""
        return self.spans[bisect_right(self._starts, i) - 1]

    def before(self, sent: Span) -> Span | None:
        k = bisect_right(self._starts, sent.start) - 1
        return self.spans[k - 1] if k > 0 else None

    def token_from(self, char: int) -> int:
        """Index of the first token starting at or after character `char` (len(doc) if none)."""
        return int(numpy.searchsorted(self._token_starts, char, side="left"))
