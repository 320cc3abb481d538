"""Quotes: who said what. The `newsgraph_quotes` component fills `Doc._.quotes`.

One pass over the Doc, in this order:
  marks.py      pairs quotation marks into quoted regions (text only)
  cues.py       finds cue words from resources/quotes/cue_verbs.txt
  drafts.py     one candidate per cue: content from the parse (indirect.py: clauses;
                objects.py: objects; pieces.py: trimming) joined with the quotations standing
                next to the attribution (direct.py), and the speaker mention; plus speaker
                labels at line starts (labels.py)
  settle.py     drops relaying agencies and duplicates; quotations no cue claimed get a verb
                next to them as cue, a signature after them ("― Name"), join the quote they
                continue (the quotation before, or a paraphrase in the sentence before), or
                stand alone; attributions nested in another quote's content go
  learned.py    content of the learned tagger (newsgraph_attribution) that no rule found; its
                content spans widen rule contents that are only part of what was reported
                (settle.py then ends a piece at a closing mark the writer's words follow)
  assemble.py   records.Quote: trimmed spans, kind, cue, resolved speaker, confidence
Speaker resolution lives in newsgraph.extract.speakers.
"""
from newsgraph.extract.quotes.component import QuoteExtractor, extract_quotes, make_quote_extractor

__all__ = ["QuoteExtractor", "extract_quotes", "make_quote_extractor"]
