"""Drafts -> quotes (extract/quotes/assemble.py): a content span leaves out the dateline opening its sentence."""
from __future__ import annotations

import spacy

from newsgraph.extract.events.docview import forget
from newsgraph.extract.quotes.assemble import past_dateline

NLP = spacy.blank("en")


def _doc(text: str):
    doc = NLP(text)
    for token in doc:
        token.is_sent_start = token.i == 0
    forget()
    return doc


def test_a_content_span_starts_after_the_dateline_of_its_sentence():
    text = "WASHINGTON, March 8, 2024 (Wire) – The United States is preparing aid, Blinken said."
    start = text.index("The United")
    assert past_dateline(_doc(text), 0, text.index(", Blinken")) == (start, text.index(", Blinken"))


def test_a_span_without_a_dateline_stays_as_it_is():
    text = "The United States is preparing aid, Blinken said on Friday."
    assert past_dateline(_doc(text), 0, 34) == (0, 34)
    text = "WASHINGTON (Wire) – Blinken said the aid would come soon."
    inside = text.index("the aid")
    assert past_dateline(_doc(text), inside, len(text) - 1) == (inside, len(text) - 1)
