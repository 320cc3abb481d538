"""What the classifier's mention pairs leave out (learned.candidates and pairs.pair_rows alike):
a direct quotation's attribution. in '"Sanctions are coming," Foreign Minister Ana Novak said'
  the verb of saying joins the speaker to every word of the quotation, which tells nothing of
  what the speaker did to them. A pair joined by a direct quote's cue with one side inside the
  quotation and the other outside is no event (the events the quotation tells are found on its
  own verbs, with the speaker as their actor).
"""
from __future__ import annotations

from bisect import bisect_right

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.events.docview import memo, quote_spans, tree

DIRECT = "direct"


def attribution_marks(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    """(quote_of, cue_of) per token: the index of the direct quote whose content holds the token,
    and of the direct quote whose cue the token is (-1: none)."""
    return memo(doc, "attribution marks", lambda: _marks(doc))


def _marks(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    n = len(doc)
    quote_of = np.full(n, -1, dtype=np.int64)
    cue_of = np.full(n, -1, dtype=np.int64)
    starts = tree(doc).idx
    for k, (spans, quote) in enumerate(quote_spans(doc)):
        if quote.kind != DIRECT or quote.cue is None:
            continue
        cue = bisect_right(starts, quote.cue.start) - 1
        if cue < 0 or starts[cue] != quote.cue.start:
            continue
        cue_of[cue] = k
        for s, e in spans:
            quote_of[bisect_right(starts, s - 1):bisect_right(starts, e - 1)] = k
    return quote_of, cue_of


def attributions(doc: Doc, a: np.ndarray, b: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Per pair (token indexes of its sides and of the word joining them): whether it is a
    direct quote's attribution, joined by the quote's cue with one side inside the quotation."""
    quote_of, cue_of = attribution_marks(doc)
    if not (cue_of >= 0).any():
        return np.zeros(len(a), dtype=bool)
    quote = cue_of[top]
    return (quote >= 0) & ((quote_of[a] == quote) != (quote_of[b] == quote))
