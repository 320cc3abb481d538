"""Per-document facts the event code asks for again and again, computed once per document.

`doc.text` joins every token of the document and `token.sent` walks every sentence, so neither
is asked per token: text comes from the few tokens around an offset, sentences from one pass.
The cache holds the last document seen (the component works one document at a time); it keeps
a reference to it, so the identity check cannot be fooled by a reused id.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

import numpy
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token


class _Last:
    doc: Doc | None = None
    starts: list[int] = []
    sentences: list[tuple[int, int, int, int]] = []
    memo: dict = {}
    kids: dict[int, tuple[Token, ...]] = {}


def _view(doc: Doc) -> type[_Last]:
    if _Last.doc is not doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        _Last.doc = doc
        _Last.starts = [s.start for s in sents]
        _Last.sentences = [(s.start, s.end, s.start_char, s.end_char) for s in sents]
        _Last.memo = {}
        _Last.kids = {}
    return _Last


def text_at(doc: Doc, start: int, end: int) -> str:
    """doc.text[start:end], from the tokens that cover it."""
    if end <= start:
        return ""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return doc.text[start:end]
    return span.text[start - span.start_char:end - span.start_char]


def sentence_of(token: Token) -> tuple[int, int, int, int]:
    """(first token, end token, start char, end char) of the token's sentence."""
    view = _view(token.doc)
    return view.sentences[bisect_right(view.starts, token.i) - 1]


def kids(token: Token) -> tuple[Token, ...]:
    """token.children, made once per token (each walk of .children makes new Token objects)."""
    doc = token.doc
    cache = _Last.kids if _Last.doc is doc else _view(doc).kids
    found = cache.get(token.i)
    if found is None:
        found = cache[token.i] = tuple(token.children)
    return found


def memo(doc: Doc, key, compute: Callable[[], object]):
    """A value computed once per document (key: any hashable naming it)."""
    cache = _Last.memo if _Last.doc is doc else _view(doc).memo
    found = cache.get(key, cache)
    if found is cache:
        found = cache[key] = compute()
    return found


def forget() -> None:
    """Drop the cached document (its caches must not outlive changes to it)."""
    _Last.doc = None
    _Last.memo = {}
    _Last.kids = {}


class _Mentions:
    """Every entity mention of a document sorted by start, for entity look-ups by offset."""
    __slots__ = ("starts", "rows", "longest")

    def __init__(self, doc: Doc):
        rows = sorted((s, e, order, entity)
                      for order, (entity, (s, e)) in enumerate(
                          (entity, mention) for entity in doc._.entities or [] for mention in entity.mentions))
        self.starts = [r[0] for r in rows]
        self.rows = rows
        self.longest = max((e - s for s, e, _, _ in rows), default=0)


def entity_at(doc: Doc, start: int, end: int):
    """The entity with a mention overlapping [start, end), the tightest mention first (as
    newsgraph.extract.entities.entity_at, through an index instead of a scan of every mention)."""
    index = memo(doc, "mentions", lambda: _Mentions(doc))
    best = None
    j = bisect_right(index.starts, end - 1) - 1  # mentions starting before `end`
    while j >= 0 and index.starts[j] > start - index.longest - 1:
        s, e, order, entity = index.rows[j]
        if e > start:
            key = (e - s, order)
            if best is None or key < best[0]:
                best = (key, entity)
        j -= 1
    return best[1] if best else None


def _by_pos(doc: Doc) -> tuple[list[int], list[int]]:
    pos = doc.to_array("POS")
    return numpy.flatnonzero(pos == VERB).tolist(), numpy.flatnonzero(pos == NOUN).tolist()


def verbs_and_nouns(sent: Span) -> tuple[list[Token], list[Token]]:
    """The sentence's verbs and nouns (read from one array per document, not token by token)."""
    doc = sent.doc
    verbs, nouns = memo(doc, "pos", lambda: _by_pos(doc))

    def within(indexes: list[int]) -> list[Token]:
        return [doc[i] for i in indexes[bisect_left(indexes, sent.start):bisect_left(indexes, sent.end)]]
    return within(verbs), within(nouns)


def words_in(sent: Span, words: frozenset[str]) -> list[Token]:
    """The sentence's tokens whose lower-case form is one of `words`, found through one array of
    the document (per word list), not token by token."""
    doc = sent.doc

    def compute() -> list[int]:
        ids = numpy.array([doc.vocab.strings.add(w) for w in words], dtype="uint64")
        return numpy.flatnonzero(numpy.isin(doc.to_array("LOWER"), ids)).tolist()
    indexes = memo(doc, ("words", words), compute)
    return [doc[i] for i in indexes[bisect_left(indexes, sent.start):bisect_left(indexes, sent.end)]]


def has_number(sent: Span) -> bool:
    """Does the sentence have a token that looks like a number ("13", "2024", "twelfth")?"""
    doc = sent.doc
    indexes = memo(doc, "numbers", lambda: numpy.flatnonzero(doc.to_array("LIKE_NUM")).tolist())
    return bisect_left(indexes, sent.start) < bisect_left(indexes, sent.end)
