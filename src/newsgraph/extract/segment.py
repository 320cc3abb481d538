"""Sentence boundaries the parser must respect: line breaks and the edges of page furniture.

Runs before the parser. Headlines, captions and chrome lines have no final punctuation, so
without this they glue onto the first or last sentence of the body.
"""
from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.extensions import doc_text, ensure_lists

_LINE_BREAK = re.compile("\n")


@Language.component("newsgraph_segmenter")
def segment(doc: Doc) -> Doc:
    ensure_lists(doc)
    edges = {pos for span in doc._.boilerplate for pos in span}
    for i in _candidates(doc, edges):
        tok, prev = doc[i], doc[i - 1]
        if "\n" in prev.whitespace_ or ("\n" in prev.text and prev.is_space):
            # a line break starts a sentence unless the next line continues in lower case
            if not tok.is_lower or tok.is_punct:
                tok.is_sent_start = True
        elif tok.idx in edges:
            tok.is_sent_start = True
    return doc


def _candidates(doc: Doc, edges: set[int]) -> list[int]:
    """The tokens the rules above may touch, found from the text rather than by visiting every
    token: each token after one whose text or trailing space holds a line break, and the first
    token at or after each furniture edge. Every candidate is still checked by the rules."""
    if len(doc) < 2:
        return []
    starts = doc.to_array(IDX).astype(np.int64)
    breaks = np.array([m.start() for m in _LINE_BREAK.finditer(doc_text(doc))], dtype=np.int64)
    after_break = np.searchsorted(starts, breaks, side="right")
    at_edge = np.searchsorted(starts, np.array(sorted(edges), dtype=np.int64), side="left")
    return [int(i) for i in np.union1d(after_break, at_edge) if 1 <= i < len(doc)]
