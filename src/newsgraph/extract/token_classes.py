"""Classes of tokens the extractors test words against: finite verb tags and quotation marks.

One definition each, so that the quote, speaker and entity code agree on what a quotation mark is.
"""
from __future__ import annotations

# Penn tags of a finite verb: a clause with one of these has a tense of its own
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
FINITE_OR_MODAL_TAGS = FINITE_TAGS | {"MD"}

# every quotation mark, double or single, as one character
QUOTE_CHARS = frozenset("\"'“”„«»‟‘’‹›")
# ... and as the tokenizer may write them (PTB-style `` and '')
QUOTE_TOKENS = QUOTE_CHARS | {"''", "``"}
# double marks only: a single ’ is as often an apostrophe
DOUBLE_QUOTE_TOKENS = frozenset({'"', "“", "”", "„", "«", "»", "''", "``"})
