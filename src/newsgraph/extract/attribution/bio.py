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
    """Token spans (role, start, end_exclusive, mean probability) from label ids.

    An I- tag after another role opens a span, as if it were B-."""
    spans = []
    n = len(tags)
    i = 0
    while i < n:
        t = int(tags[i])
        if t == 0:
            i += 1
            continue
        role = ROLES[(t - 1) // 2]
        j = i + 1
        inside = label_id(role, False)
        while j < n and int(tags[j]) == inside:
            j += 1
        score = float(probs[i:j].mean()) if probs is not None else 1.0
        spans.append((role, i, j, score))
        i = j
    return spans


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


def viterbi_batch(probs: list[np.ndarray]) -> list[np.ndarray]:
    """`viterbi` for several Docs at once: one numpy step per token position, over all Docs."""
    if not probs:
        return []
    trans, start = _transitions()
    k = len(LABELS)
    lengths = np.array([len(p) for p in probs])
    L = int(lengths.max()) if len(lengths) else 0
    if L == 0:
        return [np.zeros(0, dtype=np.int64) for _ in probs]
    B = len(probs)
    logp = np.zeros((B, L, k), dtype=np.float32)
    for b, p in enumerate(probs):
        logp[b, :len(p)] = np.log(p + 1e-9)
    back = np.zeros((B, L, k), dtype=np.int8)
    score = logp[:, 0] + start
    cols = np.arange(k)
    for t in range(1, L):
        cand = score[:, :, None] + trans  # (B, prev, cur)
        arg = cand.argmax(axis=1)
        new = np.take_along_axis(cand, arg[:, None, :], axis=1)[:, 0] + logp[:, t]
        live = (t < lengths)[:, None]
        back[:, t] = np.where(live, arg, cols)
        score = np.where(live, new, score)
    # backtrack all Docs at once: position t of Doc b is live while t < its length
    path = np.zeros((B, L), dtype=np.int64)
    rows = np.arange(B)
    last = score.argmax(axis=1)
    path[rows, np.maximum(lengths - 1, 0)] = last
    cur = np.where(lengths == L, last, 0)
    for t in range(L - 1, 0, -1):
        ended_here = lengths - 1 == t
        cur = np.where(ended_here, last, cur)
        prev = back[rows, t, cur]
        live = t < lengths
        path[:, t - 1] = np.where(live, prev, path[:, t - 1])
        cur = np.where(live, prev, cur)
    return [path[b, :int(lengths[b])].copy() for b in range(B)]
