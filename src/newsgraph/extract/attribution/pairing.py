"""From tagged spans to contract quote records: each CONTENT span (or a content split around its
source and cue) with the nearest SOURCE and CUE of its own sentence, else the adjacent ones."""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np
from spacy.tokens import Doc

from newsgraph.extract.extensions import doc_text
from newsgraph.extract.docfacts import token_facts

Span = tuple[str, int, int, float]  # role, start_char, end_char, score

def quote_kind(text: str, pieces: list[tuple[int, int]]) -> str:
    """direct / mixed / indirect, like the gold: are the content's word characters between double
    quote marks (paired within a paragraph)? A bare leading "that" may stay outside."""
    inside_chars = outside_chars = 0
    for k, (s, e) in enumerate(pieces):
        if k == 0 and text[s:s + 5].lower() == "that ":
            s += 5
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
    return "indirect"


def spans_to_quotes(doc: Doc, spans: list[Span], *, min_tokens: int = 2, merge_split: bool = True,
                    min_score: float = 0.0, with_kind: bool = True) -> list[dict]:
    """Contract quote dicts ({"id","start","end","spans","text","kind","cue","speaker","confidence"});
    `with_kind=False` leaves "kind" None (for callers that decide it themselves)."""
    if not spans:
        return []
    text = doc_text(doc)
    facts = token_facts(doc)  # plain lists: the spans are a few tokens each, too short for numpy
    sent_of = facts.sentence_ids
    starts = facts.idx
    filler = facts.punct_or_space  # punctuation and whitespace tokens
    words_before = facts.words_before  # word tokens before each index

    def tok_range(s: int, e: int) -> tuple[int, int]:
        i = bisect_right(starts, s) - 1
        j = bisect_left(starts, e)
        return max(i, 0), max(j, i + 1)

    items = []
    for role, s, e, score in spans:
        i, j = tok_range(s, e)
        items.append({"role": role, "s": s, "e": e, "i": i, "j": j, "score": score,
                      "sent0": sent_of[i], "sent1": sent_of[j - 1]})
    contents = [x for x in items if x["role"] == "CONTENT"]
    sources = [x for x in items if x["role"] == "SOURCE"]
    cues = [x for x in items if x["role"] == "CUE"]
    in_attribution = [False] * len(doc)  # inside a SOURCE or CUE span
    for x in items:
        if x["role"] != "CONTENT":
            in_attribution[x["i"]:x["j"]] = [True] * (x["j"] - x["i"])  # i < j <= len(doc)

    def words(x) -> int:
        return words_before[x["j"]] - words_before[x["i"]]

    # content pieces split by a source and/or cue ("..., he said, ...") become one quote
    groups: list[list[dict]] = []
    for c in contents:
        if groups and merge_split:
            prev = groups[-1][-1]
            roles_between = any(prev["j"] <= x["i"] and x["j"] <= c["i"] for x in items)
            only_attr = all(filler[k] or in_attribution[k] for k in range(prev["j"], c["i"]))
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

    heads = facts.heads

    def has_head_in(x: dict, lo: int, hi: int) -> bool:
        """A token of `x` has its syntactic head in [lo, hi) (its heads sorted once per span)."""
        found = x.get("sorted_heads")
        if found is None:
            found = x["sorted_heads"] = sorted(heads[x["i"]:x["j"]])
        k = bisect_left(found, lo)
        return k < len(found) and found[k] < hi

    def attached(a: dict, b: dict) -> bool:
        """A token of `a` has its syntactic head in `b`, or the other way round."""
        return has_head_in(a, b["i"], b["j"]) or has_head_in(b, a["i"], a["j"])

    def tier(x: dict, group: list[dict]) -> int | None:
        s0, s1 = group[0]["sent0"], group[-1]["sent1"]
        if s0 <= x["sent0"] <= s1 or s0 <= x["sent1"] <= s1:
            return 0
        if x["sent1"] == s0 - 1 or x["sent0"] == s1 + 1:
            return 1
        return None

    def by_sentence(found: list[dict]) -> dict[int, list[dict]]:
        index: dict[int, list[dict]] = {}
        for x in found:
            for k in range(x["sent0"], x["sent1"] + 1):
                index.setdefault(k, []).append(x)
        return index

    cues_at, sources_at = by_sentence(cues), by_sentence(sources)

    def near(index: dict[int, list[dict]], group: list[dict]) -> list[dict]:
        """The spans of the group's sentences and the one before and after, each once."""
        seen: dict[int, dict] = {}
        for k in range(group[0]["sent0"] - 1, group[-1]["sent1"] + 2):
            for x in index.get(k, ()):
                seen[id(x)] = x
        return sorted(seen.values(), key=lambda x: (x["i"], x["j"]))

    def pick(cands: list[dict], group: list[dict], anchor: dict | None) -> dict | None:
        """Same sentence before adjacent ones; then attached in the parse to the anchor (the cue
        for a source, the content for a cue); then nearest to the anchor."""
        best, best_key = None, None
        for x in cands:
            t = tier(x, group)
            if t is None or (best_key is not None and t > best_key[0]):
                continue  # cannot beat the best so far
            refs = [anchor] if anchor is not None else group
            linked = any(attached(x, r) for r in refs)
            d = min(distance(x, r) for r in refs)
            key = (t, not linked, d)
            if best_key is None or key < best_key:
                best, best_key = x, key
        return best

    quotes = []
    for group in groups:
        conf = float(sum(c["score"] for c in group) / len(group))  # np.mean's result: groups hold 1 or 2
        if conf < min_score or sum(words(c) for c in group) < min_tokens:
            continue
        cue = pick(near(cues_at, group), group, None)
        source = pick(near(sources_at, group), group, cue)
        pieces = [(c["s"], c["e"]) for c in group]
        start, end = pieces[0][0], pieces[-1][1]
        quotes.append({
            "id": f"a{len(quotes) + 1}",
            "start": start, "end": end,
            "spans": [[s, e] for s, e in pieces],
            "text": text[start:end],
            "kind": quote_kind(text, pieces) if with_kind else None,
            "cue": None if cue is None else {"start": cue["s"], "end": cue["e"], "text": text[cue["s"]:cue["e"]]},
            "speaker": None if source is None else {"entity": None, "name": None, "start": source["s"],
                                                    "end": source["e"], "text": text[source["s"]:source["e"]]},
            "confidence": round(conf, 3),
        })
    return quotes
