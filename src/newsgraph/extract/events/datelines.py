"""Datelines: "BEIJING, October 13, 2023 (Wire) - " opening a wire story is not part of the clause
after it, though the parser often makes the place its subject."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsgraph.extract.events.docview import memo, sentence_index, sentence_text, sentences, text_at, tree
from newsgraph.extract.extensions import doc_text

# "BEIJING, October 13, 2023 (Wire) - ", "YEREVAN/BAKU, Dec 7 (Wire) - ", "KABUL (Pajhwok) : ",
# "Cebu City--", "Reuters KHARTOUM (Reuters) -- ", and 'CAIRO (AP) " ' (a dash mis-encoded as a
# quotation mark, after the credit only): the parser often makes the place the subject of the
# first sentence of a wire story
DATELINE = re.compile(
    r"\s*(?:[A-Z][A-Z.'/\- ]{2,}|(?:[A-Z][\w.'’/\-]*\s?){1,4}(?=\s*(?:\([^)]{1,40}\)\s*)?(?:--|—)))"
    r"(?:,\s*[A-Z][A-Za-z.'\- ]+)?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\)\s*[\"”]\s+|(?:\([^)]{1,40}\))?\s*(?:--\s*|—\s*|[-–:]\s+))")

DATELINE_OPENING = re.compile(r"[A-Z](?:[A-Z.'/\- ]{2}|[\w.'’/\-]*\s?(?:[A-Z][\w.'’/\-]*\s?){0,3}\s*(?:\(|--|—))")


def dateline_end(token: Token) -> int:
    """Character offset where the dateline opening the token's sentence ends (its start if none)."""
    doc, k = token.doc, sentence_index(token)
    return memo(doc, ("dateline", k), lambda: _dateline_end(doc, k))


def _dateline_end(doc: Doc, k: int) -> int:
    """Where the dateline of the document's k-th sentence ends (its start if it has none)."""
    first, last, start, _ = sentences(doc)[k]
    match = None
    if _may_open(doc, first, last) and DATELINE_OPENING.match(_text_of_tokens(doc, first, min(last, first + 8))):
        match = DATELINE.match(sentence_text(doc, k))
    return start + match.end() if match else start


def _text_of_tokens(doc: Doc, first: int, end: int) -> str:
    """doc[first:end].text, sliced from the article string at the Tree's offsets."""
    parse = tree(doc)
    return text_at(doc, parse.idx[first], parse.ends[end - 1])


def _may_open(doc: Doc, first: int, last: int) -> bool:
    """The cheapest test: a dateline opens with a word in capitals ("BEIJING"), or with a few
    capitalised words followed by a dash or a parenthesis ("Cebu City--", "Reuters KHARTOUM (")."""
    parse, text = tree(doc), doc_text(doc)
    idx, ends = parse.idx, parse.ends
    word = text[idx[first]:ends[first]]
    if not word[:1].isupper():
        return False
    if word.isupper() or len(word) <= 3:
        return True
    following = (text[idx[k]:ends[k]] for k in range(first + 1, min(last, first + 6)))
    return any(w[:1] in "(-—" or "--" in w for w in following)


def in_dateline(token: Token) -> bool:
    return token.idx < dateline_end(token)
