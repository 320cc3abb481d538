"""Per-token facts the quote and attribution code asks for again and again, read once per Doc with `Doc.to_array`
instead of one `Token` object per question.

The cache holds the last Doc seen (the component works one Doc at a time); it keeps a reference
to it, so the identity check cannot be fooled by a reused id.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, ORTH, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc


def in_sorted(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """`np.isin(values, table)` for a sorted `table` of the same dtype, without isin's sort of both."""
    if len(table) == 0:
        return np.zeros(len(values), dtype=bool)
    pos = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return table[pos] == values


class _Last:
    doc: Doc | None = None
    memo: dict = {}


class TokenFacts:
    """Plain lists by token index: head index, dependency label id, character offset,
    punctuation-or-space; sentence index and word count before each token when asked."""

    def __init__(self, doc: Doc):
        arr = doc.to_array([ORTH, DEP, HEAD, IDX, IS_PUNCT, IS_SPACE])
        self.orth = arr[:, 0]
        self.deps = arr[:, 1].tolist()  # the label ids, as the StringStore gives them
        signed = arr[:, 2:].astype(np.int64)
        self.heads = (np.arange(len(doc), dtype=np.int64) + signed[:, 0]).tolist()
        self.idx = signed[:, 1].tolist()
        self._filler = (signed[:, 2] | signed[:, 3]).astype(bool)
        self.punct_or_space = self._filler.tolist()
        self._doc = doc
        self._subtrees: dict[int, frozenset[int]] = {}

    @cached_property
    def words_before(self) -> list[int]:
        """The number of tokens that are neither punctuation nor space before each index (and the end)."""
        return np.concatenate([[0], np.cumsum(~self._filler)]).tolist()

    @cached_property
    def sentence_ids(self) -> list[int]:
        """The index of each token's sentence, as `doc.sents` counts them."""
        starts = self._doc.to_array([SENT_START]).reshape(-1) == 1
        if len(starts):
            starts[0] = True
        return (np.cumsum(starts) - 1).tolist()

    def subtree(self, token) -> frozenset[int]:
        """Indices of `token.subtree` (the token and its descendants) without making Tokens: the
        descendants lie between its left and right edge, and their heads lead up to it inside that range."""
        i = token.i
        found = self._subtrees.get(i)
        if found is None:
            left, right = token.left_edge.i, token.right_edge.i
            heads = self.heads
            members = []
            for t in range(left, right + 1):
                u = t
                while u != i and left <= u <= right and heads[u] != u:
                    u = heads[u]
                if u == i:
                    members.append(t)
            found = self._subtrees[i] = frozenset(members)
        return found


def token_facts(doc: Doc) -> TokenFacts:
    memo = _memo(doc)
    facts = memo.get("facts")
    if facts is None:
        facts = memo["facts"] = TokenFacts(doc)
    return facts


def _memo(doc: Doc) -> dict:
    if _Last.doc is not doc:
        _Last.doc = doc
        _Last.memo = {}
    return _Last.memo


def positions_of_texts(doc: Doc, texts: Iterable[str]) -> list[int]:
    """Sorted indices of the tokens whose text is one of `texts` (a frozenset, as the cache key)."""
    memo = _memo(doc)
    key = ("texts", texts)
    found = memo.get(key)
    if found is None:
        hashes = np.array(sorted(get_string_id(t) for t in texts), dtype=np.uint64)
        found = memo[key] = np.flatnonzero(in_sorted(token_facts(doc).orth, hashes)).tolist()
    return found


def positions_set(doc: Doc, texts: frozenset[str]) -> frozenset[int]:
    """`positions_of_texts` as a set, for membership tests."""
    memo = _memo(doc)
    key = ("text set", texts)
    found = memo.get(key)
    if found is None:
        found = memo[key] = frozenset(positions_of_texts(doc, texts))
    return found
