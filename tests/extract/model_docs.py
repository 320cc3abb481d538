"""What the model tests share: a text run through a pipeline's components one by one, with a
publication date set first (events resolve "on Friday" against it), and a quote's pieces as text."""
from __future__ import annotations

PUBLISHED = "2024-03-08"  # a Friday


def run(nlp, text, published=PUBLISHED):
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def pieces(doc, quote):
    return [doc.text[s:e] for s, e in quote.spans]
