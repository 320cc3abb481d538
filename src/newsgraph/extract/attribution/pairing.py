"""From tagged spans to contract quote records: each CONTENT span (or a content split around its
source and cue) with the nearest SOURCE and CUE of its own sentence, else the adjacent ones."""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc

Span = tuple[str, int, int, float]  # role, start_char, end_char, score

QUOTE_CHARS = {'"', "“", "”", "„", "«", "»", "＂"}


def _sentence_ids(doc: Doc) -> np.ndarray:
    ids = np.zeros(len(doc), dtype=np.int64)
    for k, sent in enumerate(doc.sents):
        ids[sent.start:sent.end] = k
    return ids


def quote_kind(text: str, pieces: list[tuple[int, int]]) -> str:
    """direct / mixed / indirect, like the gold: are the content's word characters between double quotes?"""
    inside_chars = outside_chars = 0
    for s, e in pieces:
        # quote state at s: parity of marks since the paragraph start
        para = text.rfind("\n", 0, s) + 1
        state = False
        for ch in text[para:s]:
            if ch in "“«„":
                state = True
            elif ch in "”»":
                state = False
            elif ch in '"＂':
                state = not state
        for ch in text[s:e]:
            if ch in "“«„":
                state = True
            elif ch in "”»":
                state = False
            elif ch in '"＂':
                state = not state
            elif ch == "\n":
                state = False
            elif ch.isalnum():
                if state:
                    inside_chars += 1
                else:
                    outside_chars += 1
    if inside_chars and not outside_chars:
        return "direct"
    if inside_chars:
        return "mixed"
    # a leading "that" outside the marks does not make a direct quote mixed; nor does nothing
    return "indirect"


def spans_to_quotes(doc: Doc, spans: list[Span], *, min_tokens: int = 3, merge_split: bool = True,
                    min_score: float = 0.0) -> list[dict]:
    """Contract quote dicts ({"id","start","end","spans","text","kind","cue","speaker","confidence"})."""
    if not spans:
        return []
    text = doc.text
    sent_of = _sentence_ids(doc)
    starts = np.array([t.idx for t in doc], dtype=np.int64)

    def tok_range(s: int, e: int) -> tuple[int, int]:
        i = int(np.searchsorted(starts, s, side="right")) - 1
        j = int(np.searchsorted(starts, e, side="left"))
        return max(i, 0), max(j, i + 1)

    items = []
    for role, s, e, score in spans:
        i, j = tok_range(s, e)
        items.append({"role": role, "s": s, "e": e, "i": i, "j": j, "score": score,
                      "sent0": int(sent_of[i]), "sent1": int(sent_of[j - 1])})
    contents = [x for x in items if x["role"] == "CONTENT"]
    sources = [x for x in items if x["role"] == "SOURCE"]
    cues = [x for x in items if x["role"] == "CUE"]

    def words(x) -> int:
        return sum(1 for t in doc[x["i"]:x["j"]] if not (t.is_punct or t.is_space))

    # content pieces split by a source and/or cue ("..., he said, ...") become one quote
    groups: list[list[dict]] = []
    for c in contents:
        if groups and merge_split:
            prev = groups[-1][-1]
            gap = doc[prev["j"]:c["i"]]
            roles_between = {x["role"] for x in items if prev["j"] <= x["i"] and x["j"] <= c["i"]}
            only_attr = all(t.is_punct or t.is_space or any(x["i"] <= t.i < x["j"] for x in items
                                                            if x["role"] != "CONTENT") for t in gap)
            if roles_between and only_attr and c["sent0"] == prev["sent1"] and len(groups[-1]) < 2:
                groups[-1].append(c)
                continue
        groups.append([c])

    def distance(a: dict, b: dict) -> int:
        if a["j"] <= b["i"]:
            return b["i"] - a["j"]
        if b["j"] <= a["i"]:
            return a["i"] - b["j"]
        return 0

    def nearest(cands: list[dict], group: list[dict], anchor: dict | None = None) -> dict | None:
        s0, s1 = group[0]["sent0"], group[-1]["sent1"]
        best, best_key = None, None
        for x in cands:
            if s0 <= x["sent0"] <= s1 or s0 <= x["sent1"] <= s1:
                tier = 0
            elif x["sent1"] == s0 - 1 or x["sent0"] == s1 + 1:
                tier = 1
            else:
                continue
            if any(c["i"] <= x["i"] and x["j"] <= c["j"] for c in group):
                tier = 0
            ref = anchor if anchor is not None else None
            d = min(distance(x, c) for c in group) if ref is None else distance(x, ref)
            key = (tier, d)
            if best_key is None or key < best_key:
                best, best_key = x, key
        return best

    quotes = []
    for group in groups:
        if sum(words(c) for c in group) < min_tokens:
            continue
        conf = float(np.mean([c["score"] for c in group]))
        if conf < min_score:
            continue
        cue = nearest(cues, group)
        source = nearest(sources, group, anchor=None)
        if cue is not None and source is not None:
            # a source next to the cue beats one merely next to the content
            near_cue = nearest(sources, group, anchor=cue)
            if near_cue is not None and distance(near_cue, cue) < distance(source, cue):
                source = near_cue
        pieces = [(c["s"], c["e"]) for c in group]
        start, end = pieces[0][0], pieces[-1][1]
        quotes.append({
            "id": f"a{len(quotes) + 1}",
            "start": start, "end": end,
            "spans": [[s, e] for s, e in pieces],
            "text": text[start:end],
            "kind": quote_kind(text, pieces),
            "cue": None if cue is None else {"start": cue["s"], "end": cue["e"], "text": text[cue["s"]:cue["e"]]},
            "speaker": None if source is None else {"entity": None, "name": None, "start": source["s"],
                                                    "end": source["e"], "text": text[source["s"]:source["e"]]},
            "confidence": round(conf, 3),
        })
    return quotes
