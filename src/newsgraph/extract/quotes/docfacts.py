"""Per-token facts the quote code asks for again and again, read once per Doc with `Doc.to_array`
instead of one `Token` object per question.

The cache holds the last Doc seen (the component works one Doc at a time); it keeps a reference
to it, so the identity check cannot be fooled by a reused id.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc


class _Last:
    doc: Doc | None = None
    memo: dict = {}


class TokenFacts:
    """Plain lists by token index: head index, dependency label hash, character offset, and
    punctuation-or-space."""

    def __init__(self, doc: Doc):
        arr = doc.to_array([HEAD, DEP, IDX, IS_PUNCT, IS_SPACE]).astype(np.int64)
        self.heads = (np.arange(len(doc), dtype=np.int64) + arr[:, 0]).tolist()
        self.deps = doc.to_array(DEP).tolist()  # the label hashes, as the StringStore gives them
        self.idx = arr[:, 2].tolist()
        self.punct_or_space = (arr[:, 3] | arr[:, 4]).astype(bool).tolist()
        self._subtrees: dict[int, frozenset[int]] = {}

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
        orth = doc.to_array([ORTH]).reshape(-1)
        pos = np.minimum(np.searchsorted(hashes, orth), len(hashes) - 1)
        found = memo[key] = np.flatnonzero(hashes[pos] == orth).tolist()
    return found


def positions_set(doc: Doc, texts: frozenset[str]) -> frozenset[int]:
    """`positions_of_texts` as a set, for membership tests."""
    memo = _memo(doc)
    key = ("text set", texts)
    found = memo.get(key)
    if found is None:
        found = memo[key] = frozenset(positions_of_texts(doc, texts))
    return found
