"""The mention pairs of a document's sentences where the rules found no event, found and turned
into the classifier's column ids in array operations over the whole document.

These pairs are most of what the classifier scores (about 85 % of its rows on the sample corpus),
and each used to cost a Candidate object, a path walk and a dozen list operations. Here the
pairs, their lowest common ancestors and the parts of their features are matrices (one row a
pair); Python runs once per distinct token, and the names of features are looked up once per
process (`_Names`). The rows are exactly those `FeatureIds.of` gives for the pairs of
`candidates(..., pairs=True)` (same ids, same order, each once), so the scores are bit for bit the same.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from spacy.symbols import ADJ, AUX, NOUN, PRON, PROPN, VERB

from newsgraph.extract.docfacts import in_sorted
from newsgraph.extract.events.docview import label_ids

MAX_MENTIONS = 12  # mentions of a sentence that are paired (learned.py reads these two too)
MAX_PATH = 6  # arcs between the two sides of a pair, at most
CHAIN = MAX_PATH + 2  # Parse.ancestors: a token and at most MAX_PATH + 1 heads above it
MAX_BETWEEN = 12
_POS_TABLE = 128  # universal POS symbols are below this
_SEPARATOR = 63  # between the actor's and the recipient's labels in a path's code (labels are 1..62)


@dataclass
class PairRows:
    """Mention pairs (token indexes `actor`, `recipient`), grouped by sentence: the pairs of
    sentence k are rows bounds[k]:bounds[k + 1]; their column ids, row after row, are `flat`,
    `lengths[r]` of them for row r (as sparse_scores takes them)."""
    actor: np.ndarray
    recipient: np.ndarray
    bounds: list[int]
    flat: np.ndarray
    lengths: np.ndarray


def _pos_table(symbols) -> np.ndarray:
    table = np.zeros(_POS_TABLE, dtype=bool)
    table[list(symbols)] = True
    return table


_NOMINAL = _pos_table([NOUN, PROPN, PRON])  # learned.MENTION_POS
_JOINING = _pos_table([VERB, NOUN, AUX, ADJ])  # learned.JOINING_POS


def _sorted_ids(labels) -> np.ndarray:
    return np.array(sorted(label_ids(labels)), dtype=np.uint64)


class _Names:
    """What the classifier's features are made of, per process: the label sets of learned.py as
    sorted id arrays, and feature name -> column id for keys met before (the feature index of one
    model: `of_model` starts afresh for another)."""
    index: dict[str, int] | None = None
    mention = actor = not_participant = None
    compound = 0
    calendar: frozenset[str] = frozenset()
    dep_codes: dict[int, int] = {}
    dep_names: dict[int, str] = {}
    cache: dict = {}
    tables: dict[str, HashTable] = {}

    @classmethod
    def of_model(cls, index: dict[str, int]) -> type[_Names]:
        if cls.mention is None:
            from newsgraph.extract.events.learned import ACTOR_DEPS, MENTION_DEPS
            from newsgraph.extract.events.participants import CALENDAR_WORDS, NOT_PARTICIPANTS
            cls.mention, cls.actor = _sorted_ids(MENTION_DEPS), _sorted_ids(ACTOR_DEPS)
            cls.not_participant = _sorted_ids(NOT_PARTICIPANTS)
            cls.compound = next(iter(label_ids(["compound"])))
            cls.calendar = CALENDAR_WORDS
        if cls.index is not index:
            cls.index, cls.cache, cls.tables = index, {}, {}
        return cls

    @classmethod
    def table(cls, name: str, make) -> HashTable:
        found = cls.tables.get(name)
        if found is None:
            found = cls.tables[name] = HashTable(make)
        return found

    @classmethod
    def code_of_dep(cls, label: int, name: str) -> int:
        code = cls.dep_codes.get(label)
        if code is None:
            code = cls.dep_codes[label] = len(cls.dep_codes) + 1
            if code >= _SEPARATOR:
                raise ValueError("more dependency labels than a path code holds")
            cls.dep_names[code] = name
        return code


class HashTable:
    """An integer value for each 64-bit key (string hashes, codes), looked up for a whole array
    at once; keys met for the first time get make(key), computed once per process."""

    def __init__(self, make):
        self.make = make
        self.keys = np.zeros(0, dtype=np.uint64)
        self.values = np.zeros(0, dtype=np.int64)

    def __getitem__(self, keys: np.ndarray) -> np.ndarray:
        keys = keys.astype(np.uint64, copy=False)
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        known = self.keys[at] == keys if len(self.keys) else np.zeros(keys.shape, dtype=bool)
        if not known.all():
            new = np.unique(keys[~known])
            values = np.array([self.make(int(k)) for k in new.tolist()], dtype=np.int64)
            merged = np.concatenate((self.keys, new))
            order = np.argsort(merged, kind="stable")
            self.keys, self.values = merged[order], np.concatenate((self.values, values))[order]
            at = np.searchsorted(self.keys, keys)
        return self.values[at]


def _ids(index: dict[str, int], names: list[str]) -> list[int]:
    get = index.get
    return [i for i in map(get, names) if i is not None]


def pair_rows(parse, sentences: list[tuple[int, int]], index: dict[str, int]) -> PairRows:
    """The mention pairs of each sentence (first token, end token), as candidates() lists them
    with pairs=True and no rule event, and their rows of column ids as FeatureIds.of gives them."""
    names = _Names.of_model(index)
    mentions = _mentions(parse, names).tolist()
    can_act = in_sorted(parse.dep_ids, names.actor).tolist()
    actors: list[int] = []
    recipients: list[int] = []
    sizes = []
    for start, end in sentences:
        found = mentions[bisect_left(mentions, start):bisect_left(mentions, end)][:MAX_MENTIONS]
        before = len(actors)
        for a in found:
            if can_act[a]:
                others = [b for b in found if b != a]
                actors += [a] * len(others)
                recipients += others
        sizes.append(len(actors) - before)
    a, b = np.array(actors, dtype=np.int64), np.array(recipients, dtype=np.int64)
    chains = _ancestor_chains(parse.heads)
    keep, k, j = _joined(chains, a, b, _JOINING[parse.pos_ids.astype(np.int64) % _POS_TABLE])
    kept_before = np.concatenate(([0], np.cumsum(keep)))
    ends = np.cumsum(np.array(sizes, dtype=np.int64))
    bounds = [0] + kept_before[ends].tolist()
    a, b, k, j = a[keep], b[keep], k[keep], j[keep]
    flat, lengths = _feature_rows(parse, names, chains, a, b, k, j)
    return PairRows(a, b, bounds, flat, lengths)


def _mentions(parse, names: type[_Names]) -> np.ndarray:
    """learned._mentions' test of every token of the document at once: the indexes that pass."""
    pos = parse.pos_ids.astype(np.int64) % _POS_TABLE
    nominal = _NOMINAL[pos] & (parse.pos_ids < _POS_TABLE)
    dep = parse.dep_ids
    passing = np.flatnonzero(nominal & in_sorted(dep, names.mention) & ~in_sorted(parse.ent_ids, names.not_participant)
                             & ~((dep == names.compound) & ~nominal[parse.heads]))
    lower, calendar = parse.lower_of, names.calendar
    is_calendar = names.table("calendar", lambda h: lower(h) in calendar)
    return passing[is_calendar[parse.lemma_ids[passing]] == 0]


def _ancestor_chains(heads: np.ndarray) -> np.ndarray:
    """Row i: Parse.ancestors(i) (the token, then its heads, CHAIN entries at most), padded with -1."""
    chains = np.empty((len(heads), CHAIN), dtype=np.int64)
    chains[:, 0] = np.arange(len(heads))
    for k in range(1, CHAIN):
        chains[:, k] = heads[chains[:, k - 1]]
    chains[:, 1:][chains[:, 1:] == chains[:, :-1]] = -1  # a root is its own head: the chain ends there
    return chains


def _joined(chains: np.ndarray, a: np.ndarray, b: np.ndarray, joining: np.ndarray):
    """Which pairs candidates() keeps: those whose lowest common ancestor is neither of them, at
    most MAX_PATH arcs away in all, and a verb, noun, auxiliary or adjective. With k, j: the
    number of arcs from a and from b up to that ancestor (the lengths of Parse.path's sides)."""
    up_a, up_b = chains[a], chains[b]
    up_b[up_b < 0] = -2  # padding never meets padding
    meets = up_a[:, :, None] == up_b[:, None, :]
    on_a = meets.any(axis=2)
    k = on_a.argmax(axis=1)
    rows = np.arange(len(a))
    j = meets[rows, k].argmax(axis=1)
    keep = on_a[rows, k] & (k > 0) & (j > 0) & (k + j <= MAX_PATH)
    keep &= joining[np.where(keep, up_a[rows, k], 0)]
    return keep, k, j


def _padded(lists: list[list[int]]) -> np.ndarray:
    """The id lists as a matrix padded with -1."""
    width = max(map(len, lists), default=0)
    return np.array([ids + [-1] * (width - len(ids)) for ids in lists], dtype=np.int64).reshape(len(lists), width)


class _Slots:
    """The distinct tokens of some index arrays, each with its row in a table made for them."""

    def __init__(self, n: int, *keys: np.ndarray):
        present = np.zeros(n, dtype=bool)
        for key in keys:
            present[key] = True
        self.tokens = np.flatnonzero(present)
        self.slot = np.zeros(n, dtype=np.int64)
        self.slot[self.tokens] = np.arange(len(self.tokens))


def _feature_rows(parse, names: type[_Names], chains: np.ndarray, a: np.ndarray, b: np.ndarray,
                  k: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The column ids of each pair, in FeatureIds.of's order: actor, recipient, the joining
    ancestor, the labels of the path, the words on it, the recipient's governor, the ancestor's
    own features, the words between the two, their order; each id once."""
    from newsgraph.extract.events.learned import _top_features
    if not len(a):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    index, cache, lem = names.index, names.cache, parse.lem
    n = len(parse.heads)
    top = chains[a, k]

    def cached(key, make):
        found = cache.get(key)
        if found is None:
            found = cache[key] = make()
        return found

    get, lower, string = index.get, parse.lower_of, parse.string_of

    def named(prefix: str, hashes: np.ndarray, of_lemma: bool = False, suffix: str = "") -> np.ndarray:
        """The id of prefix + the string of each hash (+ suffix), -1 where the model has none."""
        text = lower if of_lemma else string
        return names.table(prefix + suffix, lambda h: get(prefix + text(h) + suffix, -1))[hashes][:, None]

    lemma_ids, dep_ids = parse.lemma_ids, parse.dep_ids
    constant = np.full((len(a), 1), 1, dtype=np.int64)
    # the parts that depend on one token: as actor, as recipient, as the joining ancestor
    as_actor = [constant * get("bias", -1), named("aent=", parse.ent_ids[a]), named("adep=", dep_ids[a]),
                named("alem=", lemma_ids[a], True), constant * get("cat=pair", -1)]
    as_recipient = [named("bent=", parse.ent_ids[b]), named("bdep=", dep_ids[b]), named("blem=", lemma_ids[b], True)]
    as_ancestor = [named("lca=", lemma_ids[top], True), named("lca=", lemma_ids[top], True, "|cat=pair"),
                   named("lcapos=", parse.pos_ids[top])]
    tops = _Slots(n, top)
    after_path = _padded([_ids(index, _top_features(parse, t)) for t in tops.tokens.tolist()])[tops.slot[top]]
    # the words on the path, "pa=" on a's side and "pb=" on b's
    cols = np.arange(1, CHAIN)[None, :]
    up_a, up_b = chains[a, 1:], chains[b, 1:]
    pa = np.where(cols < k[:, None], names.table("pa=", lambda h: get("pa=" + lower(h), -1))[lemma_ids[up_a]], -1)
    pb = np.where(cols < j[:, None], names.table("pb=", lambda h: get("pb=" + lower(h), -1))[lemma_ids[up_b]], -1)

    def governed(key: int) -> list[int]:  # key: governor * n + ancestor
        if key < 0:
            return []
        g, t = divmod(key, n)
        return cached(("gov", lem[g], lem[t]), lambda: _ids(index, [f"bgov={lem[g]}", f"bgov={lem[g]}|lca={lem[t]}"]))
    keys, inverse = np.unique(np.where(j > 1, chains[b, 1] * n + top, -1), return_inverse=True)
    order = np.where(a < b, index.get("order=ab", -1), index.get("order=ba", -1))
    matrix = np.hstack([
        *as_actor, *as_recipient, *as_ancestor,
        _path_label_ids(parse, names, chains, a, b, k, j)[:, None], pa, pb,
        _padded([governed(key) for key in keys.tolist()])[inverse.reshape(-1)], after_path,
        _between_ids(parse, names, np.minimum(a, b), np.maximum(a, b)), order[:, None],
    ])
    _drop_repeats(matrix)
    present = matrix >= 0
    return matrix[present], present.sum(axis=1)


def _path_label_ids(parse, names: type[_Names], chains: np.ndarray, a: np.ndarray, b: np.ndarray,
                    k: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The id of "deps=" + a's labels up to the ancestor + "|" + b's, per pair: each label is
    coded in 6 bits, a side's sequence is the sum of its codes shifted by position, and each
    distinct code is named once per process."""
    string_of = parse.string_of
    code = names.table("dep codes", lambda h: names.code_of_dep(h, string_of(h)))[parse.dep_ids]
    coded = code[chains] << (6 * np.arange(CHAIN, dtype=np.int64))
    prefix = np.zeros((len(chains), CHAIN + 1), dtype=np.int64)  # prefix[t, m]: t's first m labels
    np.cumsum(coded, axis=1, out=prefix[:, 1:])
    keys = prefix[a, k] | (_SEPARATOR << (6 * k)) | (prefix[b, j] << (6 * (k + 1)))
    index, dep_names = names.index, names.dep_names

    def name(key: int) -> int:
        sides, part = [[], []], 0
        while key:
            key, symbol = divmod(key, 64)
            if symbol == _SEPARATOR:
                part = 1
            else:
                sides[part].append(dep_names[symbol])
        return index.get("deps=" + ">".join(sides[0]) + "|" + "<".join(sides[1]), -1)
    return names.table("deps", name)[keys]


def _between_ids(parse, names: type[_Names], lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The "w=" ids of the first MAX_BETWEEN words (not stop words or punctuation) strictly between lo and hi."""
    words = np.flatnonzero(~parse.skip_mask)
    if not len(words):
        return np.full((len(lo), MAX_BETWEEN), -1, dtype=np.int64)
    get, lower = names.index.get, parse.lower_of
    word_ids = names.table("w=", lambda h: get("w=" + lower(h), -1))[parse.lemma_ids[words]]
    first = np.searchsorted(words, lo, side="right")
    last = np.minimum(np.searchsorted(words, hi, side="left"), first + MAX_BETWEEN)
    at = first[:, None] + np.arange(MAX_BETWEEN)[None, :]
    return np.where(at < last[:, None], word_ids[np.minimum(at, len(words) - 1)], -1)


def _drop_repeats(matrix: np.ndarray) -> None:
    """Blank (-1) every later copy of an id within a row, keeping the first (dict.fromkeys)."""
    order = np.argsort(matrix, axis=1, kind="stable")
    ranked = np.take_along_axis(matrix, order, axis=1)
    again = (ranked[:, 1:] == ranked[:, :-1]) & (ranked[:, 1:] >= 0)
    rows, cols = np.nonzero(again)
    matrix[rows, order[rows, cols + 1]] = -1
