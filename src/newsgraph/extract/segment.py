"""Sentence boundaries the parser must respect: line breaks and the edges of page furniture.

Runs before the parser. Headlines, captions and chrome lines have no final punctuation, so
without this they glue onto the first or last sentence of the body.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.extensions import ensure_lists


@Language.component("newsgraph_segmenter")
def segment(doc: Doc) -> Doc:
    ensure_lists(doc)
    edges = {pos for span in doc._.boilerplate for pos in span}
    for i, tok in enumerate(doc[1:], start=1):
        prev = doc[i - 1]
        if "\n" in prev.whitespace_ or ("\n" in prev.text and prev.is_space):
            # a line break starts a sentence unless the next line continues in lower case
            if not tok.is_lower or tok.is_punct:
                tok.is_sent_start = True
        elif tok.idx in edges:
            tok.is_sent_start = True
    return doc
