"""Sentence boundaries the parser must respect: line breaks and the edges of page furniture
start sentences, and the word after an abbreviated title ("1st Lt. Tyler Livingston") does not.

Runs before the parser. Headlines, captions and chrome lines have no final punctuation, so
without this they glue onto the first or last sentence of the body. The tokenizer keeps the
abbreviated titles whole (`keep_title_abbreviations`), else their full stop ends a sentence.
"""
from __future__ import annotations

import re
from functools import cache

import numpy as np
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from newsgraph.extract.extensions import doc_text, ensure_lists
from newsgraph.resources import read_lines

_LINE_BREAK = re.compile("\n")
TITLE_ABBREVIATIONS_FILE = "segment/title_abbreviations.txt"


def keep_title_abbreviations(nlp: Language) -> Language:
    """The tokenizer keeps each abbreviated title with its full stop ("Lt." one token, not two)."""
    for title in read_lines(TITLE_ABBREVIATIONS_FILE):
        nlp.tokenizer.add_special_case(title, [{ORTH: title}])
    return nlp


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
    for i in _after_titles(doc):
        if not doc[i].is_sent_start:  # not after a line break or at an edge: "Lt. Tyler" is one name
            doc[i].is_sent_start = False
    return doc


def _after_titles(doc: Doc) -> list[int]:
    """The capitalised tokens right after an abbreviated title ("Tyler" in "Lt. Tyler")."""
    if len(doc) < 2:
        return []
    orths = doc.to_array(ORTH)
    titles = np.flatnonzero(np.isin(orths[:-1], _title_ids()))
    return [int(i) + 1 for i in titles if doc[int(i) + 1].text[:1].isupper()]


@cache
def _title_ids() -> np.ndarray:
    """The titles' ORTH ids: string hashes, the same in every vocab."""
    return np.array([hash_string(title) for title in read_lines(TITLE_ABBREVIATIONS_FILE)], dtype=np.uint64)


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
