"""Datelines: "BEIJING, October 13, 2023 (Wire) - " opening a wire story is not part of the clause
after it, though the parser often makes the place its subject."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsgraph.extract.events.docview import memo, sentence_of, text_at

# "BEIJING, October 13, 2023 (Wire) - ", "YEREVAN/BAKU, Dec 7 (Wire) - ", "KABUL (Pajhwok) : ",
# "Cebu City--", "Reuters KHARTOUM (Reuters) -- ": the parser often makes the place the subject
# of the first sentence of a wire story
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'/\- ]{2,}|(?:[A-Z][\w.'’/\-]*\s?){1,4}(?=\s*(?:\([^)]{1,40}\)\s*)?(?:--|—)))"
    r"(?:,\s*[A-Z][A-Za-z.'\- ]+)?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--\s*|—\s*|[-–:]\s+)")

DATELINE_OPENING = re.compile(r"[A-Z](?:[A-Z.'/\- ]{2}|[\w.'’/\-]*\s?(?:[A-Z][\w.'’/\-]*\s?){0,3}\s*(?:\(|--|—))")


def dateline_end(token: Token) -> int:
    """Character offset where the dateline opening the token's sentence ends (its start if none)."""
    sentence = sentence_of(token)
    return memo(token.doc, ("dateline", sentence[0]), lambda: _dateline_end(token.doc, *sentence))


def _dateline_end(doc: Doc, first: int, last: int, start: int, end: int) -> int:
    if not DATELINE_OPENING.match(text_at(doc, start, min(end, start + 60))):
        return start  # the cheap test first: most sentences do not open with three capitals
    match = DATELINE.match(doc[first:last].text)
    return start + match.end() if match else start


def in_dateline(token: Token) -> bool:
    return token.idx < dateline_end(token)


