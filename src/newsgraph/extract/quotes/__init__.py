"""Quotes: who said what. The `newsgraph_quotes` component fills `Doc._.quotes`.

marks.py pairs quotation marks; cues.py finds cue words; indirect.py reads reported content off
the parse; direct.py ties quotations to cues; drafts.py collects candidates (one per cue, plus
continuations and unattributed quotations); assemble.py makes records.Quote with resolved speakers
(newsgraph.extract.speakers).
"""
from newsgraph.extract.quotes.component import QuoteExtractor, extract_quotes, make_quote_extractor

__all__ = ["QuoteExtractor", "extract_quotes", "make_quote_extractor"]
