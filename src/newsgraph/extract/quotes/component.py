"""The `newsgraph_quotes` spaCy component."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.extensions import doc_text, ensure_lists, mostly_inside
from newsgraph.extract.quotes.cues import CueLexicon
from newsgraph.extract.quotes.drafts import draft_for_cue, label_drafts
from newsgraph.extract.quotes.learned import learned_drafts, speakers_from_tagged, widen_with_tagged
from newsgraph.extract.quotes.settle import (attach_unclaimed, cut_writers_words, defer_to_outer_speakers, drop_nested,
                                             cut_trailing_asides, drop_quoted_names, drop_relays_and_duplicates,
                                             stop_before_other_attributions)
from newsgraph.extract.quotes.marks import pair_quote_marks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.quotes.assemble import to_quotes
from newsgraph.extract.speakers.nested import defer_to_outer_subjects
from newsgraph.records import Quote


def extract_quotes(doc: Doc, lexicon: CueLexicon) -> list[Quote]:
    """Every quote of a parsed Doc, in text order."""
    marks = pair_quote_marks(doc_text(doc))

    boilerplate = doc._.boilerplate or []  # read once: each `doc._` access builds an object

    def skip(start: int, end: int) -> bool:
        return mostly_inside(boilerplate, start, end)

    cues = []
    for c in lexicon.find(doc):
        tok = c.token
        if not marks.inside(tok.idx) and not skip(tok.idx, tok.idx + len(tok)):
            cues.append(c)
    marks.split_at_attributed_paragraphs([c.token.idx for c in cues])
    heads = {c.token.i for c in cues}
    sents = Sentences(doc)
    drafts = [d for d in (draft_for_cue(doc, c, marks, heads, sents) for c in cues) if d is not None]
    drafts += label_drafts(doc, marks, sents, skip)
    drafts = drop_relays_and_duplicates(drafts)
    drafts = attach_unclaimed(doc, marks, drafts, sents, skip)
    drafts += learned_drafts(doc, drafts, sents, skip, lexicon)
    drafts = drop_nested(drafts)
    defer_to_outer_speakers(drafts, cues)
    drafts = drop_quoted_names(doc, widen_with_tagged(doc, drafts), marks)
    cut_writers_words(doc, drafts, marks, sents)
    drafts = stop_before_other_attributions(doc, drafts, cues)
    drafts = cut_trailing_asides(doc, drafts, marks)
    speakers_from_tagged(doc, drafts)
    defer_to_outer_subjects(drafts)
    return to_quotes(doc, marks, drafts)


class QuoteExtractor:
    def __init__(self, nlp: Language, name: str = "newsgraph_quotes"):
        self.name = name
        self.lexicon = CueLexicon(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        ensure_lists(doc)
        doc._.quotes = extract_quotes(doc, self.lexicon)
        return doc


@Language.factory("newsgraph_quotes")
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)
