"""Per-token features for the attribution tagger, computed from an already-parsed Doc.

Everything is vectorised over the Doc's attribute arrays (`Doc.to_array`), so the cost per token is
a few numpy operations, not Python attribute look-ups. Two arrays per Doc:

  dense  float32 (n, W)   the Doc's `tensor` (the base pipeline's shared tok2vec output), when the
                          model was trained with it (W > 0); zeros when the Doc has none. The
                          shipped model uses W = 0: the tensor did not help on dev.
  ids    int32   (n, C)   one row index per feature column into one shared embedding table; each
                          column's values live in the block of its vocabulary (`Vocabs.offsets`).

Columns (C = len(COLUMNS)): the token's own lemma/POS/tag/dep/entity, the same for its ancestors
1..3 in the parse, for its nearest governing verb and that verb's governing verb, for the sentence
root and the root's child on the token's path; where the token sits relative to quote marks, to
its head, to the root; and its depth in the tree.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_SPACE, SENT_START, LEMMA, ORTH, POS, TAG
from spacy import symbols
from spacy.strings import hash_string
from spacy.tokens import Doc

from newsgraph.extract.docfacts import in_sorted

# double quote marks only: single ones are mostly apostrophes
OPEN_QUOTES = ("“", "„", "«", "``")
CLOSE_QUOTES = ("”", "»", "''")
AMBIG_QUOTES = ('"', "＂")
_OPEN = np.array(sorted(hash_string(s) for s in OPEN_QUOTES), dtype=np.uint64)
_CLOSE = np.array(sorted(hash_string(s) for s in CLOSE_QUOTES), dtype=np.uint64)
_AMBIG = np.array(sorted(hash_string(s) for s in AMBIG_QUOTES), dtype=np.uint64)
_VERB_POS = np.array(sorted((symbols.VERB, symbols.AUX)), dtype=np.uint64)  # POS values are symbol ids

# column name -> vocabulary it indexes
COLUMNS: tuple[tuple[str, str], ...] = (
    ("lemma", "lemma"), ("pos", "pos"), ("tag", "tag"), ("dep", "dep"), ("ent", "ent"),
    ("a1_lemma", "lemma"), ("a1_pos", "pos"), ("a1_dep", "dep"),
    ("a2_lemma", "lemma"), ("a2_pos", "pos"), ("a2_dep", "dep"),
    ("a3_lemma", "lemma"), ("a3_dep", "dep"),
    ("v1_lemma", "lemma"), ("v1_dep", "dep"),
    ("v2_lemma", "lemma"), ("v2_dep", "dep"),
    ("v3_lemma", "lemma"), ("v3_dep", "dep"),
    ("root_lemma", "lemma"), ("rootchild_dep", "dep"), ("rootchild_lemma", "lemma"),
    ("cue_lemma", "lemma"), ("cue_dep", "dep"), ("cue_rel", "small"), ("cue_levels", "small"),
    ("sent_cue", "small"),
    ("quote", "small"), ("sent_quote", "small"), ("head_dir", "small"), ("root_dir", "small"),
    ("v1_dir", "small"), ("depth", "small"), ("sent_pos", "small"),
)
# the "small" vocabulary: fixed codes, no strings
SMALL_CODES = {
    "quote": 6,       # 0 outside, 1 inside, 2 opening mark, 3 closing mark, 4 unpaired mark, 5 space
    "sent_quote": 3,  # sentence has no / has a quote mark / token is the sentence's first
    "head_dir": 3,    # head left, head right, root
    "root_dir": 3,
    "v1_dir": 3,
    "depth": 8,
    "sent_pos": 6,    # position in the sentence, in sixths
    "cue_rel": 4,     # no cue-word ancestor, token is a cue word, token before / after its cue ancestor
    "cue_levels": 6,  # levels up to that ancestor: 0 (self), 1, 2, 3, 4-5, 6+
    "sent_cue": 2,    # the sentence has a cue word
}


@dataclass
class Vocabs:
    """String-hash vocabularies of each feature kind, sorted for `np.searchsorted`.

    Row 0 of each kind's block is 'unknown', row 1 'none' (no such ancestor / verb)."""

    lemma: np.ndarray
    pos: np.ndarray
    tag: np.ndarray
    dep: np.ndarray
    ent: np.ndarray
    cue: np.ndarray  # lemmas that are often attribution cues in the training data

    def __post_init__(self) -> None:
        self.offsets: dict[str, int] = {}
        self.sizes: dict[str, int] = {}
        at = 0
        for kind in ("lemma", "pos", "tag", "dep", "ent"):
            size = len(getattr(self, kind)) + 2
            self.offsets[kind], self.sizes[kind] = at, size
            at += size
        for name, n in SMALL_CODES.items():
            self.offsets["small:" + name], self.sizes["small:" + name] = at, n
            at += n
        self.n_rows = at
        # cue words are a subset of the lemma vocabulary when the model was exported (then a token is
        # a cue word when its lemma row is one): a table over lemma rows spares a second search
        cue_rows = np.searchsorted(self.lemma, self.cue)
        if len(self.cue) and np.all(cue_rows < len(self.lemma)) and np.array_equal(self.lemma[np.minimum(
                cue_rows, max(len(self.lemma) - 1, 0))], self.cue):
            self.cue_of_lemma_row: np.ndarray | None = np.zeros(len(self.lemma) + 2, dtype=bool)
            self.cue_of_lemma_row[cue_rows + 2] = True
        else:
            self.cue_of_lemma_row = None

    def to_dict(self) -> dict[str, list[int]]:
        return {k: [int(x) for x in getattr(self, k)] for k in ("lemma", "pos", "tag", "dep", "ent", "cue")}

    @classmethod
    def from_dict(cls, data: dict) -> "Vocabs":
        return cls(**{k: np.array(sorted(int(x) for x in data[k]), dtype=np.uint64)
                      for k in ("lemma", "pos", "tag", "dep", "ent", "cue")})

    def lookup(self, kind: str, keys: np.ndarray) -> np.ndarray:
        """Row indices (within the kind's block, before the offset) of hashed strings: 0 = unknown."""
        table = getattr(self, kind)
        if len(table) == 0:
            return np.zeros(len(keys), dtype=np.int64)
        pos = np.searchsorted(table, keys)
        pos = np.minimum(pos, len(table) - 1)
        found = table[pos] == keys
        return np.where(found, pos + 2, 0)


def ent_keys(iob: np.ndarray, etype: np.ndarray) -> np.ndarray:
    """One key per token for B-/I-type entity tags (ENT_IOB: 3 B, 1 I, 2 O, 0 unset)."""
    return etype * np.uint64(4) + iob


def quote_state(orth: np.ndarray, is_space: np.ndarray) -> np.ndarray:
    """0 outside quote marks, 1 inside, 2 opening mark, 3 closing mark, 4 unpaired, 5 space token.

    Marks pair within a paragraph (a space token resets); straight quotes toggle."""
    return _quote_state(in_sorted(orth, _OPEN), in_sorted(orth, _CLOSE), in_sorted(orth, _AMBIG), is_space)


def _quote_state(is_open: np.ndarray, is_close: np.ndarray, is_ambig: np.ndarray, is_space: np.ndarray) -> np.ndarray:
    """`quote_state` from the token flags (bool arrays of one Doc)."""
    state = np.zeros(len(is_space), dtype=np.int64)
    events = np.flatnonzero(is_open | is_close | is_ambig | is_space)
    kinds = zip(events.tolist(), is_space[events].tolist(), is_open[events].tolist(), is_ambig[events].tolist())
    inside_from = -1
    for i, space, opening, ambig in kinds:
        if space:
            if inside_from >= 0:
                state[inside_from] = 4
            inside_from = -1
            state[i] = 5
        elif opening or (ambig and inside_from < 0):
            if inside_from >= 0:  # a second opening: the first one was unpaired
                state[inside_from] = 4
            inside_from = i
            state[i] = 2
        else:  # closing, or a straight quote that closes
            if inside_from >= 0:
                # no event (space or mark) lies between the two marks: all of them are inside
                state[inside_from + 1:i] = 1
                state[inside_from] = 2
                state[i] = 3
                inside_from = -1
            else:
                state[i] = 4
    if inside_from >= 0:
        state[inside_from] = 4
    return state


ATTRS = [LEMMA, POS, TAG, DEP, ENT_IOB, ENT_TYPE, HEAD, SENT_START, ORTH, IS_SPACE]


def doc_features(doc: Doc, vocabs: Vocabs, dense_width: int) -> tuple[np.ndarray, np.ndarray]:
    return docs_features([doc], vocabs, dense_width)[0]


def docs_features(docs: list[Doc], vocabs: Vocabs, dense_width: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """`doc_features` of each Doc, computed over all their tokens at once (one numpy operation per
    step for the batch, not per Doc): token indices are offset so heads stay inside their Doc,
    sentences never cross a Doc, and quote marks pair within each Doc."""
    nonempty = [doc for doc in docs if len(doc)]
    ids_of = _ids(nonempty, vocabs) if nonempty else []
    out, k = [], 0
    for doc in docs:
        n = len(doc)
        if n == 0:
            out.append((np.zeros((0, dense_width), dtype=np.float32), np.zeros((0, len(COLUMNS)), dtype=np.int32)))
            continue
        tensor = doc.tensor if dense_width else None
        if tensor is None or getattr(tensor, "ndim", 0) != 2 or tensor.shape != (n, dense_width):
            dense = np.zeros((n, dense_width), dtype=np.float32)
        else:
            dense = np.ascontiguousarray(tensor, dtype=np.float32)
        out.append((dense, ids_of[k]))
        k += 1
    return out


def _ids(docs: list[Doc], vocabs: Vocabs) -> list[np.ndarray]:
    """The feature ids of each (non-empty) Doc."""
    arrays = [doc.to_array(ATTRS) for doc in docs]
    lengths = [len(a) for a in arrays]
    doc_starts = np.cumsum([0] + lengths[:-1])
    arr = np.concatenate(arrays)
    n = len(arr)
    lemma, pos, tag, dep, iob, etype, head_rel, sent_start, orth, is_space = (arr[:, j] for j in range(len(ATTRS)))
    idx = np.arange(n, dtype=np.int64)
    head = idx + head_rel.astype(np.int64)
    is_root = head == idx

    rows: dict[str, np.ndarray] = {}
    # own and per-kind lookups, computed once, indexed by token
    lem_i = vocabs.lookup("lemma", lemma)
    pos_i = vocabs.lookup("pos", pos)
    tag_i = vocabs.lookup("tag", tag)
    dep_i = vocabs.lookup("dep", dep)
    ent_i = vocabs.lookup("ent", ent_keys(iob, etype))
    rows["lemma"], rows["pos"], rows["tag"], rows["dep"], rows["ent"] = lem_i, pos_i, tag_i, dep_i, ent_i

    # ancestors 1..3 ('none' = 1 past the root)
    cur = idx
    alive = np.ones(n, dtype=bool)
    for k in (1, 2, 3):
        alive = alive & ~is_root[cur]
        cur = head[cur]
        rows[f"a{k}_lemma"] = np.where(alive, lem_i[cur], 1)
        rows[f"a{k}_dep"] = np.where(alive, dep_i[cur], 1)
        if k < 3:
            rows[f"a{k}_pos"] = np.where(alive, pos_i[cur], 1)

    # governing verbs: nearest VERB/AUX strictly above the token, and the one above that
    is_verb = in_sorted(pos, _VERB_POS)

    # the walks up the tree below step only the tokens still moving (`moving`: their indices)
    def governing_verb(start: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        g = head[start]
        ok = valid & ~is_root[start]
        moving = np.flatnonzero(ok & ~is_verb[g] & ~is_root[g])
        for _ in range(40):
            if not len(moving):
                break
            at = head[g[moving]]
            g[moving] = at
            moving = moving[~is_verb[at] & ~is_root[at]]
        ok = ok & is_verb[g]
        return g, ok

    v1, v1_ok = governing_verb(idx, np.ones(n, dtype=bool))
    v2, v2_ok = governing_verb(v1, v1_ok)
    v3, v3_ok = governing_verb(v2, v2_ok)
    rows["v3_lemma"] = np.where(v3_ok, lem_i[v3], 1)
    rows["v3_dep"] = np.where(v3_ok, dep_i[v3], 1)
    rows["v1_lemma"] = np.where(v1_ok, lem_i[v1], 1)
    rows["v1_dep"] = np.where(v1_ok, dep_i[v1], 1)
    rows["v2_lemma"] = np.where(v2_ok, lem_i[v2], 1)
    rows["v2_dep"] = np.where(v2_ok, dep_i[v2], 1)
    rows["v1_dir"] = np.where(~v1_ok, 2, (v1 > idx).astype(np.int64))

    # root and the root's child on the path; depth
    below = idx.copy()
    depth = np.zeros(n, dtype=np.int64)
    moving = np.flatnonzero(~is_root[head] & ~is_root)
    for _ in range(64):
        if not len(moving):
            break
        at = head[below[moving]]
        below[moving] = at
        depth[moving] += 1
        moving = moving[~is_root[head[at]]]  # `at` is no root: it was the head of a non-root's head
    root = np.where(is_root, idx, head[below])
    rows["root_lemma"] = lem_i[root]
    rows["rootchild_dep"] = np.where(is_root, 1, dep_i[below])
    rows["rootchild_lemma"] = np.where(is_root, 1, lem_i[below])
    rows["depth"] = np.minimum(np.where(is_root, 0, depth + 1), 7)
    rows["head_dir"] = np.where(is_root, 2, (head > idx).astype(np.int64))
    rows["root_dir"] = np.where(is_root, 2, (root > idx).astype(np.int64))

    # the nearest ancestor-or-self that is a cue word, and how the token hangs from it
    if vocabs.cue_of_lemma_row is not None:
        is_cue = vocabs.cue_of_lemma_row[lem_i]
    else:
        is_cue = in_sorted(lemma, vocabs.cue)
    found = is_cue.copy()
    cue_node = idx.copy()
    below = idx.copy()
    levels = np.zeros(n, dtype=np.int64)
    cur = idx.copy()
    moving = np.flatnonzero(~found & ~is_root)
    for _ in range(12):
        if not len(moving):
            break
        at = cur[moving]
        below[moving] = at
        at = head[at]
        cur[moving] = at
        levels[moving] += 1
        hit = is_cue[at]
        cue_node[moving[hit]] = at[hit]
        found[moving[hit]] = True
        moving = moving[~hit & ~is_root[at]]
    self_cue = is_cue
    rows["cue_lemma"] = np.where(found, lem_i[cue_node], 1)
    rows["cue_dep"] = np.where(found & ~self_cue, dep_i[below], 1)
    rows["cue_rel"] = np.where(~found, 0, np.where(self_cue, 1, np.where(idx < cue_node, 2, 3)))
    rows["cue_levels"] = np.select([levels <= 3, levels <= 5], [levels, 4], 5)
    rows["cue_levels"] = np.where(found, rows["cue_levels"], 0)

    # quotes and sentence position
    space = is_space.astype(bool)
    flags = (in_sorted(orth, _OPEN), in_sorted(orth, _CLOSE), in_sorted(orth, _AMBIG), space)
    qs = np.concatenate([_quote_state(*(f[a:a + m] for f in flags)) for a, m in zip(doc_starts.tolist(), lengths)])
    rows["quote"] = qs
    starts = sent_start.astype(np.int64) == 1
    starts[doc_starts] = True
    sent_id = np.cumsum(starts) - 1
    n_sents = int(sent_id[-1]) + 1
    marks = (qs >= 1) & (qs <= 4)
    has_q = np.bincount(sent_id, weights=marks, minlength=n_sents) > 0
    sent_begin = np.flatnonzero(starts)
    sent_len = np.bincount(sent_id, minlength=n_sents)
    offs = idx - sent_begin[sent_id]
    rows["sent_quote"] = np.where(starts, 2, has_q[sent_id].astype(np.int64))
    rows["sent_cue"] = (np.bincount(sent_id, weights=is_cue, minlength=n_sents) > 0)[sent_id].astype(np.int64)
    rows["sent_pos"] = np.minimum((offs * 6) // np.maximum(sent_len[sent_id], 1), 5)

    # filled column by column contiguously, then transposed once (cheaper than strided column writes)
    columns = np.empty((len(COLUMNS), n), dtype=np.int32)
    for j, (name, kind) in enumerate(COLUMNS):
        key = "small:" + name if kind == "small" else kind
        np.add(rows[name], vocabs.offsets[key], out=columns[j], casting="unsafe")
    return np.split(np.ascontiguousarray(columns.T), doc_starts[1:])
