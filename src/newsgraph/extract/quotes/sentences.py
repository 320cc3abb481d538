"""Sentence and token lookups, computed once per Doc (Token.sent rescans the Doc on every call)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from newsgraph.extract.docfacts import token_facts


class Sentences:
    """The sentences of `doc.sents`, found with one `Doc.to_array`; a sentence's Span is made
    only when asked for (most sentences hold no cue, and each Span costs two Tokens)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
            # a custom segmentation, or none (doc.sents raises spaCy's own error then)
            spans = list(doc.sents)
            self._starts = [s.start for s in spans]
            self._spans = dict(enumerate(spans))
        else:  # as doc.sents reads them: the first token and each token marked 1 open a sentence
            later = (numpy.flatnonzero(doc.to_array(SENT_START)[1:] == 1) + 1).tolist() if len(doc) > 1 else []
            self._starts = [0] + later if len(doc) else []
            self._spans = {}
        self._token_starts: list[int] = token_facts(doc).idx if len(doc) else []

    def _span(self, k: int) -> Span:
        span = self._spans.get(k)
        if span is None:
            end = self._starts[k + 1] if k + 1 < len(self._starts) else len(self.doc)
            span = self._spans[k] = self.doc[self._starts[k]:end]
        return span

    def of(self, i: int) -> Span:
        """The sentence holding token `i`."""
        return self._span(bisect_right(self._starts, i) - 1)

    def before(self, sent: Span) -> Span | None:
        k = bisect_right(self._starts, sent.start) - 1
        return self._span(k - 1) if k > 0 else None

    def token_from(self, char: int) -> int:
        """Index of the first token starting at or after character `char` (len(doc) if none)."""
        return bisect_left(self._token_starts, char)
