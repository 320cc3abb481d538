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
    segs: list[tuple[int, int, int]] = []  # doc, start, end
    for d, p in enumerate(probs):
        cuts = [0, len(p)]
        if breaks is not None and len(breaks[d]):
            cuts = sorted({0, len(p), *(int(b) for b in breaks[d] if 0 < b < len(p))})
        segs.extend((d, a, b) for a, b in zip(cuts, cuts[1:]) if b > a)
    out = [np.zeros(len(p), dtype=np.int64) for p in probs]
    if not segs:
        return out
    segs.sort(key=lambda x: x[1] - x[2])  # longest first: live sequences are a prefix
    lengths = np.array([b - a for _, a, b in segs])
    B, L, k = len(segs), int(lengths[0]), len(LABELS)
    logs = [np.log(p + 1e-9) for p in probs]
    logp = np.zeros((B, L, k), dtype=np.float32)
    for s_i, (d, a, b) in enumerate(segs):
        logp[s_i, :b - a] = logs[d][a:b]
    # label j > 0 is B- when odd, I- when even: the B- and I- columns are strided views
    i_cols = np.array([label_id(r, False) for r in ROLES], dtype=np.int8)
    _, start = _transitions()
    score = logp[:, 0] + start
    back = np.zeros((B, L, k), dtype=np.int8)
    live = (lengths[:, None] > np.arange(L)).sum(axis=0).tolist()  # at t the first live[t] sequences
    for t in range(1, L):
        n = live[t]
        s = score[:n]  # updated in place
        best = s.argmax(axis=1)
        top = s.max(axis=1)  # the value at `best`
        from_b = s[:, 1::2] >= s[:, 2::2]
        inside = np.maximum(s[:, 1::2], s[:, 2::2])  # the better of B-X and I-X (B-X on a tie)
        s[:, 0] = top
        s[:, 1::2] = top[:, None]
        s[:, 2::2] = inside
        s += logp[:n, t]
        bt = back[:n, t]
        bt[:, 0] = best
        bt[:, 1::2] = best[:, None]
        bt[:, 2::2] = i_cols - from_b
    path = np.zeros((B, L), dtype=np.int64)
    rows = np.arange(B)
    last = score.argmax(axis=1)
    cur = last.copy()
    path[rows, lengths - 1] = last
    for t in range(L - 1, 0, -1):
        n = live[t]
        ending = lengths[:n] - 1 == t
        c = np.where(ending, last[:n], cur[:n])
        prev = back[rows[:n], t, c]
        path[:n, t - 1] = prev
        cur[:n] = prev
    for s_i, (d, a, b) in enumerate(segs):
        out[d][a:b] = path[s_i, :b - a]
    return out


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
