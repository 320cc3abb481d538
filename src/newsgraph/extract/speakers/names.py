"""Runs of name words read off the tokens rather than the parse: the name the parser did not make
a noun phrase of ('"...," said Skelly' with "Skelly" an adverb, '"...," Tulsa police Chief Chuck
Jordan said' with "Tulsa" a verb). Read forward (`name_run`) the words are the same for every
reader (mentions._inverted_name, drafts._noun_phrase_at), each says how its run may end; read
back from a name's last word (`name_start`) each reader says which words may come before it.
"""
from __future__ import annotations

from collections.abc import Callable, Collection

from spacy.tokens import Doc, Span, Token

NameWord = Callable[[Token], bool]


def is_name_word(tok: Token) -> bool:
    """A word that may be part of a name whatever the tagger made of it: a title-cased word ("Skelly"
    an adverb, "Tulsa" a verb, "Mr."), a noun ("police" in "Tulsa police Chief Chuck Jordan"), or a
    word inside an entity ("de" in "Bill de Blasio")."""
    return tok.pos_ in ("PROPN", "NOUN") or tok.is_title or tok.ent_iob_ == "I"


def name_run(doc: Doc, i: int, *, max_words: int | None = None, followed_by: Collection[str] | None = None,
             ends_in_proper_noun: bool = False) -> Span | None:
    """The name words (`is_name_word`) from token `i` on, or None when token `i` is not one.

    `max_words`: a longer run is no name (None); `followed_by`: the run must end at one of these
    texts or at the end of the doc (None otherwise); `ends_in_proper_noun`: drop the words after
    the run's last proper noun (the first word stays whatever it is).
    """
    end = i
    while end < len(doc) and is_name_word(doc[end]):
        end += 1
    if end == i or (max_words is not None and end - i > max_words):
        return None
    if followed_by is not None and end < len(doc) and doc[end].text not in followed_by:
        return None
    if ends_in_proper_noun:
        while end > i + 1 and doc[end - 1].pos_ != "PROPN":
            end -= 1
    return doc[i:end]


def name_start(doc: Doc, j: int, in_name: NameWord, *, reach: int) -> int:
    """Where the name ending at token `j` starts: back over the words before it that `in_name`
    accepts, at most `reach` of them."""
    start = j
    while start > 0 and j - start < reach and in_name(doc[start - 1]):
        start -= 1
    return start
