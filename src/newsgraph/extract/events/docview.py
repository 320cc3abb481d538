"""Per-document facts the event code asks for again and again, computed once per document.

`token.sent` walks every sentence, so it is not asked per token: the sentences are listed once.
Text is sliced from `doc_text` (the article string, not rebuilt from the tokens).
The cache holds the last document seen (the component works one document at a time); it keeps
a reference to it, so the identity check cannot be fooled by a reused id.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, LEMMA, LENGTH, LIKE_NUM, ORTH, POS
from spacy.strings import get_string_id
from spacy.symbols import NOUN, PUNCT, VERB
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.docfacts import in_sorted
from newsgraph.extract.extensions import doc_text


class _Last:
    doc: Doc | None = None
    spans: list[Span] = []
    starts: list[int] = []
    sentences: list[tuple[int, int, int, int]] = []
    char_starts: list[int] = []
    memo: dict = {}
    kids: dict[int, tuple[Token, ...]] = {}
    kid_deps: dict[int, tuple[tuple[str, Token], ...]] = {}
    tree: Tree | None = None


def _view(doc: Doc) -> type[_Last]:
    if _Last.doc is not doc:
        sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        _Last.doc = doc
        _Last.spans = sents
        _Last.starts = [s.start for s in sents]
        _Last.sentences = [(s.start, s.end, s.start_char, s.end_char) for s in sents]
        _Last.char_starts = [s[2] for s in _Last.sentences]
        _Last.memo = {}
        _Last.kids = {}
        _Last.kid_deps = {}
        _Last.tree = None
    return _Last


def text_at(doc: Doc, start: int, end: int) -> str:
    """doc.text[start:end], sliced from the article string `doc_text` keeps for every Doc."""
    return doc_text(doc)[start:end]


def sentence_text(doc: Doc, index: int) -> str:
    _, _, start, end = _view(doc).sentences[index]
    return doc_text(doc)[start:end]


def sentence_of(token: Token) -> tuple[int, int, int, int]:
    """(first token, end token, start char, end char) of the token's sentence."""
    view = _view(token.doc)
    return view.sentences[bisect_right(view.starts, token.i) - 1]


def sentence_index(token: Token) -> int:
    """The position of the token's sentence in the document."""
    return bisect_right(_view(token.doc).starts, token.i) - 1


def sentence_spans(doc: Doc) -> list[Span]:
    """The document's sentences (`doc.sents`, listed once per document)."""
    return _view(doc).spans


def sentences(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(first token, end token, start char, end char) of every sentence of the document."""
    return _view(doc).sentences


def kid_deps(token: Token) -> tuple[tuple[str, Token], ...]:
    """(dependency label, child) for each child of the token, made once per token: filtering
    children by label then reads no token attribute ("for dep, c in kid_deps(t) if dep == ...")."""
    doc = token.doc
    cache = _Last.kid_deps if _Last.doc is doc else _view(doc).kid_deps
    i = token.i
    found = cache.get(i)
    if found is None:  # the labels from the parse's id list: c.dep_ is a StringStore look-up per child
        parse = tree(doc)
        children = parse.children(i)
        ids = [parse.deps[c] for c in children]
        try:
            labels = [_LABELS[d] for d in ids]
        except KeyError:
            _LABELS.update((d, doc.vocab.strings[d]) for d in ids)
            labels = [_LABELS[d] for d in ids]
        tokens = _Last.kids.get(i)  # _view(doc) above made the view this document's
        if tokens is None:  # made once for kids() too
            tokens = _Last.kids[i] = tuple([doc[c] for c in children])
        found = cache[i] = tuple(zip(labels, tokens))
    return found


_LABELS: dict[int, str] = {}  # dependency label id -> label, per process


def kids(token: Token) -> tuple[Token, ...]:
    """token.children, made once per token (each walk of .children makes new Token objects)."""
    doc = token.doc
    cache = _Last.kids if _Last.doc is doc else _view(doc).kids
    found = cache.get(token.i)
    if found is None:  # token.children would walk the token's whole subtree to find them
        found = cache[token.i] = tuple([doc[c] for c in tree(doc).children(token.i)])
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
    _Last.spans = []
    _Last.memo = {}
    _Last.kids = {}
    _Last.kid_deps = {}
    _Last.tree = None


def quote_spans(doc: Doc) -> list[tuple[list[tuple[int, int]], object]]:
    """(character spans, quote) of each of the document's quotes, in order, read once per
    document (each `doc._` access builds an object)."""
    return memo(doc, "quote spans", lambda: [(quote.spans or [(quote.start, quote.end)], quote)
                                             for quote in doc._.quotes or []])


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


def verbs_of(sent: Span) -> list[Token]:
    """The sentence's verbs (read from one array per document, not token by token)."""
    doc = sent.doc
    verbs = tree(doc).verbs
    return [doc[i] for i in verbs[bisect_left(verbs, sent.start):bisect_left(verbs, sent.end)]]


_LOWER_LEMMAS: dict[int, str] = {}  # LEMMA hash -> the lemma in lower case, per process
_LOWER_LEMMAS_MAX = 200_000  # then it starts afresh: a long run's memory does not grow with its vocabulary


def lower_lemma(strings, key: int) -> str:
    """The lemma of string id `key` (not 0) in lower case, through a per-process table."""
    found = _LOWER_LEMMAS.get(key)
    if found is None:
        if len(_LOWER_LEMMAS) >= _LOWER_LEMMAS_MAX:
            _LOWER_LEMMAS.clear()
        found = _LOWER_LEMMAS[key] = strings[key].lower()
    return found


def nouns_with_lemma(sent: Span, lemmas: frozenset[str]) -> list[Token]:
    """The sentence's nouns whose lemma (lower-case; the word where it has none) is one of
    `lemmas`, tested from the document's LEMMA column: no Token is made for the others."""
    doc = sent.doc

    def compute() -> list[int]:
        parse = tree(doc)
        column, strings = parse.lemmas, doc.vocab.strings
        found = []
        for i in parse.nouns:
            key = column[i]
            if (lower_lemma(strings, key) if key else doc[i].text.lower()) in lemmas:
                found.append(i)
        return found
    indexes = memo(doc, ("nouns with lemma", lemmas), compute)
    return [doc[i] for i in indexes[bisect_left(indexes, sent.start):bisect_left(indexes, sent.end)]]


@lru_cache(maxsize=64)
def _orth_ids(words: frozenset[str]) -> numpy.ndarray:
    """The string ids of the words written lower-case, capitalised or upper-case, sorted."""
    ids = {get_string_id(f) for w in words for f in (w, w.capitalize(), w.upper())}
    return numpy.array(sorted(ids), dtype=numpy.uint64)


def words_in(sent: Span, words: frozenset[str]) -> list[Token]:
    """The sentence's tokens written as one of `words` (lower-case, capitalised or upper-case),
    found through one array of the document per word list, not token by token."""
    doc = sent.doc
    indexes = memo(doc, ("words", words),
                   lambda: numpy.flatnonzero(in_sorted(tree(doc).orths, _orth_ids(words))).tolist())
    return [doc[i] for i in indexes[bisect_left(indexes, sent.start):bisect_left(indexes, sent.end)]]


def _with_digits(doc: Doc) -> list[int]:
    if doc.vocab.lex_attr_getters.get(LIKE_NUM) is not None:  # a language's vocabulary: its flag
        return numpy.flatnonzero(doc.to_array("LIKE_NUM")).tolist()
    orths = tree(doc).orths.tolist()
    digits = {o for o in set(orths) if any(ch.isdigit() for ch in doc.vocab.strings[o])}
    return [i for i, orth in enumerate(orths) if orth in digits]


def has_number(sent: Span) -> bool:
    """Does the sentence have a token with a digit in it ("13", "2024-03-08")?"""
    indexes = memo(sent.doc, "digits", lambda: _with_digits(sent.doc))
    return bisect_left(indexes, sent.start) < bisect_left(indexes, sent.end)


def token_at(doc: Doc, offset: int) -> Token:
    """The token that starts at or before the character offset."""
    starts = tree(doc).idx
    return doc[max(0, bisect_right(starts, offset) - 1)]


def label_ids(labels: Iterable[str]) -> frozenset[int]:
    """The string ids of labels: dependency labels as in Tree.deps, entity types as in Tree.ent_types."""
    return frozenset(get_string_id(label) for label in labels)


class Tree:
    """The parse of a document as plain lists, built once with array operations: walking a
    phrase through them makes no Token objects. `deps` holds label ids (see label_ids)."""
    __slots__ = ("deps", "idx", "ends", "punct", "inside_entity", "ent_types", "verbs", "nouns", "lemmas", "orths",
                 "_order", "_starts")

    def __init__(self, doc: Doc):
        rows = doc.to_array([HEAD, DEP, IDX, POS, IS_PUNCT, LENGTH, ENT_IOB, LEMMA, ORTH, ENT_TYPE])
        n = len(rows)
        heads = rows[:, 0].astype(numpy.int64) + numpy.arange(n)  # HEAD is a relative offset
        self.deps = rows[:, 1].tolist()
        self.idx = rows[:, 2].tolist()
        self.ends = (rows[:, 2] + rows[:, 5]).tolist()  # character offset after each token
        self.punct = ((rows[:, 3] == PUNCT) | (rows[:, 4] != 0)).tolist()
        self.inside_entity = (rows[:, 6] == _IOB_INSIDE).tolist()  # ent_iob_ "I"
        self.ent_types = rows[:, 9].tolist()  # string ids, 0 outside entities (see label_ids)
        self.verbs = numpy.flatnonzero(rows[:, 3] == VERB).tolist()
        self.nouns = numpy.flatnonzero(rows[:, 3] == NOUN).tolist()
        self.lemmas = rows[:, 7].tolist()  # string ids
        self.orths = rows[:, 8]  # string ids, an array: looked up in bulk (words_in)
        heads[heads == numpy.arange(n)] = n  # a root is its own head: grouped apart, no one's child
        self._order = numpy.argsort(heads, kind="stable").tolist()  # tokens grouped by head, in order
        self._starts = numpy.concatenate(([0], numpy.cumsum(numpy.bincount(heads, minlength=n + 1)))).tolist()

    def children(self, i: int) -> list[int]:
        return self._order[self._starts[i]:self._starts[i + 1]]


_IOB_INSIDE = Token.iob_strings().index("I")


def tree(doc: Doc) -> Tree:
    view = _Last if _Last.doc is doc else _view(doc)
    found = view.tree
    if found is None:
        found = view.tree = Tree(doc)
    return found
