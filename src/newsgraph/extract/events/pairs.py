"""The classifier's mention pairs of a whole document, and its sentences' bags of words, found
and turned into column ids in array operations.

The pairs are most of what the classifier scores (the silent sentences' alone: 80 % of its rows on
the samples' text articles at 0a9a2ce, 502 of 627), and each used to cost a Candidate object, a
path walk and a dozen list operations. Here the pairs, their lowest common ancestors and the parts
of their features are matrices (one row a pair); Python runs once per distinct token, and the
names of features are looked up once per process (`_Names`). The rows are exactly the known ids of
features() for the pairs of `candidates(..., pairs=True)` (same ids, same order, each once), so the
scores are bit for bit the same.
"""
from __future__ import annotations

import threading
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
from spacy.symbols import ADJ, ADP, AUX, NOUN, PART, PRON, PROPN, VERB

from newsgraph.extract.docfacts import in_sorted
from newsgraph.extract.events.datelines import dateline_end
from newsgraph.extract.events.docview import label_ids, tree
from newsgraph.extract.events.unpaired import attributions

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
    completes: list  # per pair: the open rule event (learned.candidates) whose actor it pairs, or None


def _pos_table(symbols) -> np.ndarray:
    table = np.zeros(_POS_TABLE, dtype=bool)
    table[list(symbols)] = True
    return table


_NOMINAL = _pos_table([NOUN, PROPN, PRON])  # learned.MENTION_POS
_JOINING = _pos_table([VERB, NOUN, AUX, ADJ])  # learned.JOINING_POS
_BAG = _pos_table([VERB, NOUN, ADJ, ADP, PART])  # learned.BAG_POS


def _sorted_ids(labels) -> np.ndarray:
    return np.array(sorted(label_ids(labels)), dtype=np.uint64)


class _Names:
    """What the classifier's features are made of, per process: the label sets of learned.py as
    sorted id arrays (shared), and for each model's feature index its tables of feature name ->
    column id for keys met before. Safe for threads: a model's tables are its own, a path code
    is given out under a lock, and a HashTable swaps its arrays as one."""
    mention = actor = not_participant = None
    compound = neg = 0
    calendar: frozenset[str] = frozenset()
    dep_codes: dict[int, int] = {}
    dep_names: dict[int, str] = {}
    _of_index: dict[int, tuple[dict[str, int], _Names]] = {}  # id(index): (index, its names)
    _lock = threading.Lock()

    def __init__(self, index: dict[str, int]):
        self.index = index
        self.cache: dict = {}
        self.tables: dict[str, HashTable] = {}

    @classmethod
    def of_model(cls, index: dict[str, int]) -> _Names:
        found = cls._of_index.get(id(index))
        if found is None or found[0] is not index:
            with cls._lock:
                if cls.mention is None:
                    from newsgraph.extract.events.learned import ACTOR_DEPS, MENTION_DEPS
                    from newsgraph.extract.events.participants import CALENDAR_WORDS, NOT_PARTICIPANTS
                    cls.actor, cls.not_participant = _sorted_ids(ACTOR_DEPS), _sorted_ids(NOT_PARTICIPANTS)
                    cls.compound = next(iter(label_ids(["compound"])))
                    cls.neg = next(iter(label_ids(["neg"])))
                    cls.calendar = CALENDAR_WORDS
                    cls.mention = _sorted_ids(MENTION_DEPS)  # last: the sign that all are set
                found = cls._of_index[id(index)] = (index, cls(index))  # keeps index alive: its id stays its own
        return found[1]

    def table(self, name: str, make, width: int = 1) -> HashTable:
        found = self.tables.get(name)
        if found is None:
            found = self.tables.setdefault(name, HashTable(make, width))
        return found

    @classmethod
    def code_of_dep(cls, label: int, name: str) -> int:
        code = cls.dep_codes.get(label)
        if code is None:
            with cls._lock:
                code = cls.dep_codes.get(label)
                if code is None:
                    code = len(cls.dep_codes) + 1
                    if code >= _SEPARATOR:
                        raise ValueError("more dependency labels than a path code holds")
                    cls.dep_names[code] = name
                    cls.dep_codes[label] = code
        return code


class HashTable:
    """A row of integers for each 64-bit key (string hashes, codes), looked up for a whole array
    at once; a key met for the first time gets the row make(key), computed once per process."""

    def __init__(self, make, width: int = 1):
        self.make, self.width = make, width
        # sorted keys and their rows, replaced as one (a thread reads a consistent pair; of two
        # threads adding keys at once one's are lost and made again later, rows being the same)
        self.rows = (np.zeros(0, dtype=np.uint64), np.zeros((0, width), dtype=np.int64))

    def __getitem__(self, keys: np.ndarray) -> np.ndarray:
        """The rows of the keys (shape: keys.shape + (width,))."""
        keys = keys.astype(np.uint64, copy=False)
        known_keys, values = self.rows
        at = np.minimum(np.searchsorted(known_keys, keys), max(len(known_keys) - 1, 0))
        known = known_keys[at] == keys if len(known_keys) else np.zeros(keys.shape, dtype=bool)
        if not known.all():
            new = np.unique(keys[~known])
            made = np.array([self.make(int(k)) for k in new.tolist()], dtype=np.int64).reshape(len(new), self.width)
            merged = np.concatenate((known_keys, new))
            order = np.argsort(merged, kind="stable")
            known_keys, values = self.rows = merged[order], np.concatenate((values, made))[order]
            at = np.searchsorted(known_keys, keys)
        return values[at]


# the features named after one token's lemma, label, entity type or POS: their columns in TokenIds
ALEM, BLEM, LCA, LCA_PAIR, PA, PB, BGOV, W, BAG, CALENDAR = range(10)
ADEP, BDEP, DEP_CODE = range(3)
AENT, BENT = range(2)


class TokenIds:
    """For each token of a document, the column ids of the features named after its lemma, its
    label, its entity type and its POS (-1: the model has no such feature), read from four
    per-process tables with one look-up each per document."""

    def __init__(self, parse, index: dict[str, int]):
        names = _Names.of_model(index)
        get, lower, string, calendar = names.index.get, parse.lower_of, parse.string_of, names.calendar

        def by_lemma(h: int) -> list[int]:
            s = lower(h)
            return [get(f"{prefix}{s}{suffix}", -1) for prefix, suffix in (
                ("alem=", ""), ("blem=", ""), ("lca=", ""), ("lca=", "|cat=pair"), ("pa=", ""), ("pb=", ""),
                ("bgov=", ""), ("w=", ""), ("s=", ""))] + [int(s in calendar)]

        def by_label(h: int) -> list[int]:
            s = string(h)
            return [get("adep=" + s, -1), get("bdep=" + s, -1), names.code_of_dep(h, s)]
        self.names = names
        self.lemma = names.table("lemma", by_lemma, 10)[parse.lemma_ids]
        self.dep = names.table("label", by_label, 3)[parse.dep_ids]
        self.ent = names.table("entity", lambda h: [get("aent=" + string(h), -1), get("bent=" + string(h), -1)], 2)[
            parse.ent_ids]
        self.pos = names.table("pos", lambda h: [get("lcapos=" + string(h), -1)])[parse.pos_ids][:, 0]


def _ids(index: dict[str, int], names: list[str]) -> list[int]:
    get = index.get
    return [i for i in map(get, names) if i is not None]


def bag_rows(parse, ids: TokenIds, sentences: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """learned._sentence_bag's column ids for each sentence (first token, end token), as
    sparse_scores takes them: the "s=" ids of its verbs, nouns, adjectives, adpositions and
    particles that are not stop words or punctuation, and of its negations. The model's index
    is sorted by name (load_model checks), so ids in ascending order are the names sorted."""
    pos = parse.pos_ids.astype(np.int64) % _POS_TABLE
    taken = _BAG[pos] & (parse.pos_ids < _POS_TABLE) & ~parse.skip_mask | (parse.dep_ids == ids.names.neg)
    sentence = np.full(len(pos), -1, dtype=np.int64)
    for k, (start, end) in enumerate(sentences):
        sentence[start:end] = k
    bag = ids.lemma[:, BAG]
    taken &= (bag >= 0) & (sentence >= 0)
    width = len(ids.names.index) + 1
    keys = np.unique(sentence[taken] * width + bag[taken])
    return keys % width, np.bincount(keys // width, minlength=len(sentences))


def pair_rows(parse, sentences: list[tuple[int, int, list]], ids: TokenIds) -> PairRows:
    """The mention pairs of each sentence (first token, end token, the candidates of its rule
    events, learned.candidates(..., pairs=False)) as candidates() lists them after those, and
    their rows of column ids as names(features()) gives them. In a sentence without rule events'
    candidates, each actor-like mention is paired with the others; in one with, the actor of
    each rule event without a recipient (or with one inside its actor: the candidate's recipient
    is None) is, unless the sides are a rule event's (then no pair)."""
    names = ids.names
    mentions = _mentions(parse, names, ids).tolist()
    can_act = in_sorted(parse.dep_ids, names.actor).tolist()
    doc, starts = parse.doc, tree(parse.doc).idx
    actors: list[int] = []
    recipients: list[int] = []
    completing: list = []  # per pair: (the open rule event's candidate whose actor it pairs, its sentence's), or None
    sizes = []
    for start, end, found in sentences:
        before = len(actors)
        # a rule event with a recipient is paired only where that recipient has an apposition
        replaced = [c for c in found if c.recipient is not None and _in_apposition(parse, c.recipient)]
        if found and not replaced and all(c.recipient is not None for c in found):
            sizes.append(0)
            continue
        paired = mentions[bisect_left(mentions, start):bisect_left(mentions, end)]
        if paired and starts[paired[0]] < (opening := dateline_end(doc[start])):  # a dateline's place is no side
            paired = [m for m in paired if starts[m] >= opening]
        paired = paired[:MAX_MENTIONS]
        if found:
            sides = [(c.actor, c, None) for c in found if c.recipient is None]
            sides += [(c.actor, c, alternative_recipients(parse, c.actor, c.recipient, paired)) for c in replaced]
            covered = {(c.actor, c.recipient) for c in found if c.recipient is not None}
        else:
            sides, covered = [(a, None, None) for a in paired if can_act[a]], ()
        for a, rule_cand, only in sides:
            others = [b for b in (paired if only is None else only) if b != a and (a, b) not in covered]
            actors += [a] * len(others)
            recipients += others
            completing += [(rule_cand, found, only is not None) if rule_cand is not None else None] * len(others)
        sizes.append(len(actors) - before)
    a, b = np.array(actors, dtype=np.int64), np.array(recipients, dtype=np.int64)
    chains = _ancestor_chains(parse.heads)
    keep, k, j = _joined(chains, a, b, _JOINING[parse.pos_ids.astype(np.int64) % _POS_TABLE])
    keep &= ~attributions(doc, a, b, chains[a, k])
    kept_before = np.concatenate(([0], np.cumsum(keep)))
    ends = np.cumsum(np.array(sizes, dtype=np.int64))
    bounds = [0] + kept_before[ends].tolist()
    a, b, k, j = a[keep], b[keep], k[keep], j[keep]
    completing = [completing[r] for r in np.flatnonzero(keep).tolist()]
    links = _link_ids(parse, names.index, a, b, completing) if any(completing) else None
    flat, lengths = _feature_rows(parse, names, ids, chains, a, b, k, j, links)
    return PairRows(a, b, bounds, flat, lengths, [c[0].rule if c is not None else None for c in completing])


def _link_ids(parse, index: dict[str, int], a: np.ndarray, b: np.ndarray, completing: list) -> np.ndarray:
    """The ids of learned._links per pair (a matrix padded with -1; none for a pair beside no
    rule event), each side named once: "a=..." names sort before "b=..." ones, so the sorted
    set of both is the sorted set of a's followed by the sorted set of b's; then those of
    learned.beside_trigger (the recipient's way to the rule event's trigger)."""
    from newsgraph.extract.events.learned import beside_trigger, side_links
    named: dict[tuple[str, int, int], list[int]] = {}

    def side(name: str, t: int, found: list) -> list[int]:
        key = (name, t, id(found))
        ids = named.get(key)
        if ids is None:
            ids = named[key] = _ids(index, sorted(set(side_links(name, t, found))))
        return ids
    beside = [r for r, c in enumerate(completing) if c is not None]
    links = _padded([side("a", x, found) + side("b", y, found) + _ids(index, beside_trigger(parse, rule_cand.rule, y))
                     + (_ids(index, instead_features(parse, rule_cand.recipient)) if instead else [])
                     for x, y, (rule_cand, found, instead) in
                     zip(a[beside].tolist(), b[beside].tolist(), [completing[r] for r in beside])])
    out = np.full((len(a), links.shape[1]), -1, dtype=np.int64)
    out[beside] = links
    return out


def instead_features(parse, recipient: int) -> list[str]:
    """The features of a pair that would replace a rule event's recipient: what that recipient is."""
    return ["instead", f"instead={parse.ent[recipient] or parse.pos[recipient]}", f"instead={parse.lem[recipient]}"]


def _in_apposition(parse, t: int) -> bool:
    """Whether token t is an apposition or has one."""
    return parse.dep[t] == "appos" or any(parse.dep[k] == "appos" for k in parse.children(t))


def alternative_recipients(parse, actor: int, recipient: int, mentions: list[int]) -> list[int]:
    """The mentions (of the sentence's, in order) that may be a rule event's recipient in place of
    the one the rules gave it: its appositions, or what it is an apposition of ("agreed with his
    Iranian counterpart, Mostafa Najjar": PLV marks the name; "the company, Gazprom,"). A
    participant leaves its appositions out (participants.py), so neither side reaches the other."""
    dep, head = parse.dep, parse.head
    return [m for m in mentions if m != actor and m != recipient and (
        dep[m] == "appos" and head[m] == recipient or dep[recipient] == "appos" and head[recipient] == m)]


def _mentions(parse, names: _Names, ids: TokenIds) -> np.ndarray:
    """learned._mentions' test of every token of the document at once: the indexes that pass."""
    pos = parse.pos_ids.astype(np.int64) % _POS_TABLE
    nominal = _NOMINAL[pos] & (parse.pos_ids < _POS_TABLE)
    dep = parse.dep_ids
    passing = np.flatnonzero(nominal & in_sorted(dep, names.mention) & ~in_sorted(parse.ent_ids, names.not_participant)
                             & ~((dep == names.compound) & (~nominal[parse.heads] | (parse.ent_ids != 0)
                                                            & (parse.ent_ids == parse.ent_ids[parse.heads]))))
    return passing[ids.lemma[passing, CALENDAR] == 0]


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


def _feature_rows(parse, names: _Names, ids: TokenIds, chains: np.ndarray, a: np.ndarray, b: np.ndarray,
                  k: np.ndarray, j: np.ndarray, links: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The column ids of each pair, in features()' order: actor, its links to rule events, recipient, the joining
    ancestor, the labels of the path, the words on it, the recipient's governor, the ancestor's
    own features, the words between the two, their order; each id once."""
    from newsgraph.extract.events.learned import _top_features
    if not len(a):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    index, cache, lem, get = names.index, names.cache, parse.lem, names.index.get
    n = len(parse.heads)
    top = chains[a, k]
    lemma, constant = ids.lemma, np.ones(len(a), dtype=np.int64)
    parts = [constant * get("bias", -1), ids.ent[a, AENT], ids.dep[a, ADEP], lemma[a, ALEM],
             constant * get("cat=pair", -1)]
    parts += list(links.T) if links is not None else []
    parts += [ids.ent[b, BENT], ids.dep[b, BDEP], lemma[b, BLEM], lemma[top, LCA], lemma[top, LCA_PAIR], ids.pos[top],
             _path_label_ids(names, ids, chains, a, b, k, j)]
    # the words on the path, "pa=" on a's side and "pb=" on b's
    cols = np.arange(1, CHAIN)[None, :]
    up_a, up_b = chains[a, 1:], chains[b, 1:]
    pa = np.where(cols < k[:, None], lemma[up_a, PA], -1)
    pb = np.where(cols < j[:, None], lemma[up_b, PB], -1)
    # the recipient's governor, when it is not the ancestor itself: "bgov=" alone and with the ancestor
    governor = np.where(j > 1, chains[b, 1], -1)
    with_governor = np.flatnonzero(governor >= 0)
    bgov = np.where(governor >= 0, lemma[governor, BGOV], -1)
    bgov_lca = np.full(len(a), -1, dtype=np.int64)
    if len(with_governor):
        keys, inverse = np.unique(governor[with_governor] * n + top[with_governor], return_inverse=True)
        lemma_ids = parse.lemma_ids
        found = []
        for g, t in (divmod(key, n) for key in keys.tolist()):
            key = ("bgov|lca", int(lemma_ids[g]), int(lemma_ids[t]))
            i = cache.get(key)
            if i is None:
                i = cache[key] = get(f"bgov={lem[g]}|lca={lem[t]}", -1)
            found.append(i)
        bgov_lca[with_governor] = np.array(found, dtype=np.int64)[inverse.reshape(-1)]
    tops = _Slots(n, top)
    after_path = _padded([_ids(index, _top_features(parse, t)) for t in tops.tokens.tolist()])[tops.slot[top]]
    # only these parts can name a feature twice (the words on a path, below the ancestor, between the sides)
    repeating = np.hstack([pa, pb, bgov[:, None], bgov_lca[:, None], after_path,
                           _between_ids(parse, ids, np.minimum(a, b), np.maximum(a, b))])
    _drop_repeats(repeating)
    order = np.where(a < b, get("order=ab", -1), get("order=ba", -1))
    matrix = np.hstack([np.stack(parts, axis=1), repeating, order[:, None]])
    present = matrix >= 0
    return matrix[present], present.sum(axis=1)


def _path_label_ids(names: _Names, ids: TokenIds, chains: np.ndarray, a: np.ndarray, b: np.ndarray,
                    k: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The id of "deps=" + a's labels up to the ancestor + "|" + b's, per pair: each label is
    coded in 6 bits, a side's sequence is the sum of its codes shifted by position, and each
    distinct code is named once per process."""
    coded = ids.dep[:, DEP_CODE][chains] << (6 * np.arange(CHAIN, dtype=np.int64))
    prefix = np.zeros((len(chains), CHAIN + 1), dtype=np.int64)  # prefix[t, m]: t's first m labels
    np.cumsum(coded, axis=1, out=prefix[:, 1:])
    keys = prefix[a, k] | (_SEPARATOR << (6 * k)) | (prefix[b, j] << (6 * (k + 1)))
    index, dep_names = names.index, names.dep_names

    def name(key: int) -> list[int]:
        sides, part = [[], []], 0
        while key:
            key, symbol = divmod(key, 64)
            if symbol == _SEPARATOR:
                part = 1
            else:
                sides[part].append(dep_names[symbol])
        return [index.get("deps=" + ">".join(sides[0]) + "|" + "<".join(sides[1]), -1)]
    return names.table("deps", name)[keys][:, 0]


def _between_ids(parse, ids: TokenIds, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The "w=" ids of the first MAX_BETWEEN words (not stop words or punctuation) strictly between lo and hi."""
    words = np.flatnonzero(~parse.skip_mask)
    if not len(words):
        return np.full((len(lo), MAX_BETWEEN), -1, dtype=np.int64)
    word_ids = ids.lemma[words, W]
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
