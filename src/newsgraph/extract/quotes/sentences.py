"""Sentence lookup by token, computed once per Doc (Token.sent rescans the Doc on every call)."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span


class Sentences:
    def __init__(self, doc: Doc):
        self.spans: list[Span] = list(doc.sents)
        self._starts = [s.start for s in self.spans]

    def of(self, i: int) -> Span:
        """The sentence holding token `i`."""
        return self.spans[bisect_right(self._starts, i) - 1]

    def before(self, sent: Span) -> Span | None:
        k = bisect_right(self._starts, sent.start) - 1
        return self.spans[k - 1] if k > 0 else None
