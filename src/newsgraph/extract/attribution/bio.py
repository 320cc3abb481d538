"""BIO tags of attribution roles: gold tags from char spans, and spans from predicted tags."""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

ROLES = ("CONTENT", "SOURCE", "CUE")
LABELS = ("O", "B-CONTENT", "I-CONTENT", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE")
PRIORITY = {"CUE": 3, "SOURCE": 2, "CONTENT": 1}  # where gold spans overlap, the higher wins


def label_id(role: str, begin: bool) -> int:
    return 1 + 2 * ROLES.index(role) + (0 if begin else 1)


def gold_tags(doc: Doc, quotes: list[dict]) -> np.ndarray:
    """One label id per token from gold quotes (`spans`, `speaker`, `cue` as char offsets).

    A token takes a role when its characters overlap a span of that role; CUE > SOURCE > CONTENT.
    Among spans of the winning role the shortest (innermost) one owns the token, and a token
    opens (B-) when the previous token has another role or another owning span. Space tokens
    never open a span and are O unless both neighbours share the span."""
    pieces: list[tuple[int, int, str, int]] = []  # start, end, role, span id
    for q in quotes:
        for s, e in q.get("spans") or [[q["start"], q["end"]]]:
            pieces.append((s, e, "CONTENT", len(pieces)))
        for role, key in (("SOURCE", "speaker"), ("CUE", "cue")):
            span = q.get(key)
            if span:
                pieces.append((span["start"], span["end"], role, len(pieces)))
    n = len(doc)
    starts = np.array([t.idx for t in doc], dtype=np.int64)
    ends = starts + np.array([len(t) for t in doc], dtype=np.int64)
    best_rank = np.zeros(n, dtype=np.int64)
    best_len = np.full(n, np.iinfo(np.int64).max)
    owner = np.full(n, -1, dtype=np.int64)
    role_of = np.zeros(n, dtype=np.int64)  # index into ROLES + 1, 0 = none
    for s, e, role, pid in pieces:
        if e <= s:
            continue
        lo = np.searchsorted(ends, s, side="right")
        hi = np.searchsorted(starts, e, side="left")
        if hi <= lo:
            continue
        sl = slice(lo, hi)
        rank = PRIORITY[role]
        length = e - s
        better = (rank > best_rank[sl]) | ((rank == best_rank[sl]) & (length < best_len[sl]))
        best_rank[sl] = np.where(better, rank, best_rank[sl])
        best_len[sl] = np.where(better, length, best_len[sl])
        owner[sl] = np.where(better, pid, owner[sl])
        role_of[sl] = np.where(better, ROLES.index(role) + 1, role_of[sl])
    tags = np.zeros(n, dtype=np.int64)
    for i, tok in enumerate(doc):
        r = role_of[i]
        if r == 0:
            continue
        if tok.is_space:
            prev_same = i > 0 and owner[i - 1] == owner[i]
            next_same = i + 1 < n and owner[i + 1] == owner[i]
            if not (prev_same and next_same):
                role_of[i] = 0
                owner[i] = -1
                continue
        begin = i == 0 or owner[i - 1] != owner[i] or role_of[i - 1] != r
        tags[i] = label_id(ROLES[r - 1], begin)
    return tags


def decode(tags: np.ndarray, probs: np.ndarray | None = None) -> list[tuple[str, int, int, float]]:
    """Token spans (role, start, end_exclusive, score) from label ids, in order.

    An I- tag after another role (or after O) opens a span, as if it were B-. The score is the
    mean probability of the span's labels when `probs` (n, 7) is given, else 1.0."""
    tags = np.asarray(tags, dtype=np.int64)
    n = len(tags)
    if n == 0:
        return []
    role = np.where(tags > 0, (tags + 1) // 2, 0)  # 0 O, 1 CONTENT, 2 SOURCE, 3 CUE
    prev_role = np.concatenate([[0], role[:-1]])
    is_begin = tags % 2 == 1
    start = (tags > 0) & (is_begin | (prev_role != role))
    boundary = np.flatnonzero(start | (tags == 0))
    starts = np.flatnonzero(start)
    # each span runs to the next boundary after its start (or the end)
    nxt = np.searchsorted(boundary, starts, side="right")
    ends = np.where(nxt < len(boundary), boundary[np.minimum(nxt, len(boundary) - 1)], n)
    if probs is not None:
        chosen = np.concatenate([[0.0], np.cumsum(probs[np.arange(n), tags], dtype=np.float64)])
        scores = (chosen[ends] - chosen[starts]) / (ends - starts)
    else:
        scores = np.ones(len(starts))
    return [(ROLES[int(role[a]) - 1], int(a), int(b), float(sc)) for a, b, sc in zip(starts, ends, scores)]


def viterbi(logp: np.ndarray) -> np.ndarray:
    """Best label sequence under the BIO constraint (I-X only after B-X or I-X) from log-probs (n, 7)."""
    n, k = logp.shape
    allowed = np.ones((k, k), dtype=bool)  # allowed[prev, cur]
    for r in range(len(ROLES)):
        inside = label_id(ROLES[r], False)
        allowed[:, inside] = False
        allowed[label_id(ROLES[r], True), inside] = True
        allowed[inside, inside] = True
    trans = np.where(allowed, 0.0, -1e9)
    start_ok = np.array([0.0 if not LABELS[j].startswith("I-") else -1e9 for j in range(k)])
    score = logp[0] + start_ok
    back = np.zeros((n, k), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand[back[i], np.arange(k)] + logp[i]
    out = np.zeros(n, dtype=np.int64)
    out[-1] = int(score.argmax())
    for i in range(n - 1, 0, -1):
        out[i - 1] = back[i, out[i]]
    return out


def _transitions() -> tuple[np.ndarray, np.ndarray]:
    k = len(LABELS)
    allowed = np.ones((k, k), dtype=bool)  # allowed[prev, cur]
    for role in ROLES:
        inside = label_id(role, False)
        allowed[:, inside] = False
        allowed[label_id(role, True), inside] = True
        allowed[inside, inside] = True
    trans = np.where(allowed, 0.0, -1e9).astype(np.float32)
    start = np.array([-1e9 if lab.startswith("I-") else 0.0 for lab in LABELS], dtype=np.float32)
    return trans, start


def viterbi_batch(probs: list[np.ndarray], breaks: list[np.ndarray] | None = None) -> list[np.ndarray]:
    """`viterbi` for several Docs at once, vectorised over sequences.

    `breaks` (optional, per Doc): token indices where a new, independent sequence starts (e.g.
    paragraph breaks). Sequences are sorted by length and stepped together, so the cost is one
    handful of numpy operations per position of the longest sequence. Under the BIO constraint
    the step is: O and B-X follow the best previous label, I-X the better of B-X and I-X."""
    if not probs:
        return []
    sizes = [len(p) for p in probs]
    doc_at = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    starts, ends = [], []  # of each sequence, as indices into all the Docs' tokens
    for d, n in enumerate(sizes):
        cuts = np.array([0, n], dtype=np.int64)
        if breaks is not None and len(breaks[d]):
            inner = np.asarray(breaks[d], dtype=np.int64)
            cuts = np.unique(np.concatenate([cuts, inner[(inner > 0) & (inner < n)]]))
        if n:
            starts.append(cuts[:-1] + doc_at[d])
            ends.append(cuts[1:] + doc_at[d])
    flat_out = np.zeros(int(doc_at[-1]), dtype=np.int64)
    if not starts:
        return np.split(flat_out, doc_at[1:-1])
    seq_start, seq_end = np.concatenate(starts), np.concatenate(ends)
    order = np.argsort(seq_start - seq_end, kind="stable")  # longest first: live sequences are a prefix
    seq_start, lengths = seq_start[order], (seq_end - seq_start)[order]
    B, L, k = len(lengths), int(lengths[0]), len(LABELS)
    # Packed step-major: the rows of step t are those of the live[t] sequences still running, in
    # sequence order, from at[t]; so each step reads and writes contiguous blocks.
    live = np.bincount(lengths - 1, minlength=L)[::-1].cumsum()[::-1]  # sequences longer than t
    at = np.concatenate([[0], np.cumsum(live)]).tolist()
    live = live.tolist()
    seq_of = np.repeat(np.arange(B), lengths)  # every (sequence, step), sequence by sequence
    step_of = np.arange(len(seq_of)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    packed = np.asarray(at[:-1], dtype=np.int64)[step_of] + seq_of
    token_of = seq_start[seq_of] + step_of
    logp = np.empty((len(packed), k), dtype=np.float32)
    logp[packed] = np.log(np.concatenate(probs) + 1e-9)[token_of]
    # label j > 0 is B- when odd, I- when even: the B- and I- columns are strided views
    i_cols = np.array([label_id(r, False) for r in ROLES], dtype=np.int8)
    _, start = _transitions()
    score = logp[:B] + start
    best = np.zeros(len(packed), dtype=np.intp)  # the best label at t - 1 (O and B- come from it)
    from_b = np.zeros((len(packed), len(ROLES)), dtype=bool)  # I-X comes from B-X (else from I-X)
    for t in range(1, L):
        n, a = live[t], at[t]
        s = score[:n]  # updated in place
        np.argmax(s, axis=1, out=best[a:a + n])
        top = s.max(axis=1)  # the value at `best`
        np.greater_equal(s[:, 1::2], s[:, 2::2], out=from_b[a:a + n])
        np.maximum(s[:, 1::2], s[:, 2::2], out=s[:, 2::2])  # the better of B-X and I-X (B-X on a tie)
        s[:, 0] = top
        s[:, 1::2] = top[:, None]
        s += logp[a:a + n]
    back = np.empty((len(packed), k), dtype=np.int8)  # the label at t - 1 given the label at t
    back[:, 0] = best
    back[:, 1::2] = best[:, None]
    back[:, 2::2] = i_cols - from_b
    path = np.empty(len(packed), dtype=np.int64)
    cur = score.argmax(axis=1)
    path[np.asarray(at[:-1], dtype=np.int64)[lengths - 1] + np.arange(B)] = cur
    rows = np.arange(B)
    for t in range(L - 1, 0, -1):
        n, a = live[t], at[t]
        prev = back[a:a + n][rows[:n], cur[:n]]
        cur[:n] = prev
        path[at[t - 1]:at[t - 1] + n] = prev
    flat_out[token_of] = path[packed]
    return np.split(flat_out, doc_at[1:-1])


def role_decode(probs: np.ndarray) -> np.ndarray:
    """Label ids from probabilities without a sequential search (vectorised, for speed).

    Each token takes the role (O, CONTENT, SOURCE, CUE) with the highest probability summed over
    its B- and I- labels; within a run of one role a token opens a new span when its B- label
    beats its I- label. The result always satisfies the BIO constraint."""
    n = len(probs)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    role_p = np.empty((n, 1 + len(ROLES)), dtype=probs.dtype)
    role_p[:, 0] = probs[:, 0]
    role_p[:, 1:] = probs[:, 1::2] + probs[:, 2::2]
    role = role_p.argmax(axis=1)  # 0 = O, r = ROLES[r - 1]
    prev = np.empty(n, dtype=role.dtype)
    prev[0] = 0
    prev[1:] = role[:-1]
    b_col = np.maximum(2 * role - 1, 0)
    rows = np.arange(n)
    begin = (role != prev) | (probs[rows, b_col] > probs[rows, b_col + 1])
    return np.where(role == 0, 0, np.where(begin, 2 * role - 1, 2 * role))
