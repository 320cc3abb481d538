"""Runs of name words read off the tokens rather than the parse: the name the parser did not make
a noun phrase of ('"...," said Skelly' with "Skelly" an adverb, '"...," Tulsa police Chief Chuck
Jordan said' with "Tulsa" a verb). Each caller says which words may be part of its name; the
run is the same reading for all of them.
"""
from __future__ import annotations

from collections.abc import Callable, Collection

from spacy.tokens import Doc, Span, Token

NameWord = Callable[[Token], bool]


def name_run(doc: Doc, i: int, in_name: NameWord, *, max_words: int | None = None,
             followed_by: Collection[str] | None = None, ends_in_proper_noun: bool = False) -> Span | None:
    """The words from token `i` on that `in_name` accepts, or None when token `i` is not one.

    `max_words`: a longer run is no name (None); `followed_by`: the run must end at one of these
    texts or at the end of the doc (None otherwise); `ends_in_proper_noun`: drop the words after
    the run's last proper noun (the first word stays whatever it is).
    """
    end = i
    while end < len(doc) and in_name(doc[end]):
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
