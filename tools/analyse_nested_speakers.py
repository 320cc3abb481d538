#!/usr/bin/env python3
"""Nested attributions on matched quotes: who PolNeAR names, the inner or the outer speaker.

Reads a gold PolNeAR slice, the predictions `tools/score_quotes_direct.py` wrote for it and the
parse it cached next to them (`PRED.<gold stem>.spacy`), matches quotes as the scorer does (at 0.3)
and, for every matched quote with a cue, climbs from the cue through the clause links above it to
the first predicate with a subject of its own (the "outer" predicate). Prints, by outer lemma and
by construction (the dependency labels climbed), how often the gold speaker is that outer subject
(ours being wrong) against how often ours is right where an outer subject exists; and lists the
two error categories of issue 3: gold speaker outside our content with ours inside the gold
content (the gold is the outer attribution), and ours outside the gold content with the gold
speaker between (the gold is the inner attribution).

    PYTHONPATH=src .venv/bin/python tools/score_quotes_direct.py --gold SLICE.jsonl --pred P.jsonl
    PYTHONPATH=src .venv/bin/python tools/analyse_nested_speakers.py SLICE.jsonl P.jsonl [--list N]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

_CLIMB = frozenset({"ccomp", "conj", "xcomp", "advcl", "acl", "pcomp", "pobj", "prep", "acomp", "oprd", "dobj",
                    "attr", "relcl", "parataxis", "csubj", "nsubj", "npadvmod", "advmod", "appos"})


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _within_region(span, region):
    return any(s <= span[0] and span[1] <= e for s, e in region)


def _between(ours, gold, region):
    """The gold speaker lies between our speaker and our content."""
    s, e = region[0][0], region[-1][1]
    return (ours[1] <= gold[0] and gold[1] <= s) or (e <= gold[0] and gold[1] <= ours[0])


def cue_token(doc, pred):
    """The token a predicted quote's cue starts in, or None (no cue, or none at its offset)."""
    cue = pred["raw"].get("cue")
    if not cue:
        return None
    return next((t for t in doc if t.idx <= cue["start"] < t.idx + len(t)), None)


def outer_predicate(cue, limit=5):
    """(outer token, its subject, labels climbed) or None."""
    tok, path = cue, []
    for _ in range(limit):
        if tok.head.i == tok.i or tok.dep_ not in _CLIMB:
            return None
        path.append(tok.dep_)
        tok = tok.head
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != cue.i), None)
        if subj is not None and tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            return tok, subj, "/".join(path)
    return None


def rule_change(args, doc, text, g, p, changes):
    """What outer_subject would do to a matched quote's speaker (relation as the scorer counts it)."""
    from newsgraph.extract.speakers.mentions import mention_span
    from newsgraph.extract.speakers.nested import outer_subject, complement_governor

    if g["optional"] or g["anchor"]:
        return
    ctok = cue_token(doc, p)
    if ctok is None:
        return
    subj = outer_subject(ctok, need_that=args.rule == "that")
    if subj is None:
        return
    m = mention_span(subj)
    cand = (m.start_char, m.end_char)
    ps = tuple(p["speaker_span"][0]) if p["speaker_span"] else None
    if _within_region(cand, p["region"]) or (ps is not None and cand[0] < ps[1] and ps[0] < cand[1]):
        return
    gsp = g["speaker"]
    if g["speaker_span_unknown"]:
        return
    old = (ps is None) if gsp is None else (ps is not None and ps[0] < gsp["end"] and gsp["start"] < ps[1])
    new = gsp is not None and cand[0] < gsp["end"] and gsp["start"] < cand[1]
    key = "gain" if new and not old else "loss" if old and not new else "same"
    gov = complement_governor(ctok, args.rule == "that")
    gold = text[gsp["start"]:gsp["end"]] if gsp else None
    ours = text[ps[0]:ps[1]] if ps else None
    changes[key].append((gov.lemma_.lower(), ctok.dep_, f"ours={ours!r} new={m.text!r} gold={gold!r} | {ctok.sent.text[:200]!r}"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("pred", type=Path)
    ap.add_argument("--list", type=int, default=0, help="print N examples of each category")
    ap.add_argument("--min", type=int, default=2, help="lemmas/constructions seen fewer times are not listed")
    ap.add_argument("--dump", action="store_true", help="print every gain and loss")
    ap.add_argument("--rule", choices=("that", "any"), help="instead, count what speakers.nested.outer_subject changes "
                    "(with a that-clause only, or any complement clause)")
    args = ap.parse_args(argv)

    import spacy
    from spacy.tokens import DocBin

    from newsgraph.extract.speakers.mentions import mention_span

    sc = _scorer()
    golds = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    preds = {r["id"]: r for r in (json.loads(line) for line in args.pred.open(encoding="utf-8") if line.strip())}
    cache = args.pred.with_suffix(f".{args.gold.stem}.spacy")
    docs = list(DocBin().from_disk(cache).get_docs(spacy.blank("en").vocab))

    by_lemma, by_path = Counter(), Counter()
    cats = Counter()
    examples = {"outer-gold": [], "inner-gold": []}
    n_match = n_wrong = 0
    changes = {"gain": [], "loss": [], "same": []}
    for g_rec, doc in zip(golds, docs):
        text = g_rec["text"]
        p_rec = preds[g_rec["id"]]
        gq = [sc.gold_quote(q) for q in g_rec.get("quotes", [])]
        pq = [p for p in (sc.pred_quote(q, len(text), Counter()) for q in p_rec.get("quotes") or []) if p]
        for gi, pi in sc.match_doc(gq, pq, 0.3):
            g, p = gq[gi], pq[pi]
            if args.rule:
                rule_change(args, doc, text, g, p, changes)
                continue
            if g["optional"] or g["anchor"] or g["speaker_span_unknown"] or g["speaker"] is None:
                continue
            n_match += 1
            ok = sc.speaker_span_ok(g, p)
            gs = (g["speaker"]["start"], g["speaker"]["end"])
            ps = tuple(p["speaker_span"][0]) if p["speaker_span"] else None
            n_wrong += not ok
            if not ok and ps is not None:
                gold_out = not _within_region(gs, p["region"])
                ours_in_gold = _within_region(ps, g["region"])
                if gold_out and ours_in_gold:
                    cat = "outer-gold"
                elif gold_out and not ours_in_gold and _between(ps, gs, p["region"]):
                    cat = "inner-gold"  # the gold speaker sits between ours and the content
                else:
                    cat = "other"
                cats[cat] += 1
                if args.dump and cat == "inner-gold":
                    cue = p["raw"].get("cue") or {}
                    print(f"INNER cue={cue.get('text')!r} ours={text[ps[0]:ps[1]]!r} gold={text[gs[0]:gs[1]]!r} | "
                          f"{text[min(ps[0], gs[0], p['region'][0][0]):p['region'][-1][1]][:260]!r}")
            else:
                cat = "ok" if ok else "none"
            ctok = cue_token(doc, p)
            if ctok is None:
                continue
            found = outer_predicate(ctok)
            if found is None:
                if cat in examples and args.dump:
                    print(f"DUMP {cat}-nocand {ctok.dep_} {ctok.head.lemma_} | ours={text[ps[0]:ps[1]]!r} gold={text[gs[0]:gs[1]]!r} | {ctok.sent.text[:220]!r}")
                continue
            outer, subj, path = found
            m = mention_span(subj)
            cand = (m.start_char, m.end_char)
            if _within_region(cand, p["region"]) or (ps is not None and cand[0] < ps[1] and ps[0] < cand[1]):
                if cat in examples and args.dump:
                    print(f"DUMP {cat}-incontent {path} {outer.lemma_} | ours={text[ps[0]:ps[1]]!r} gold={text[gs[0]:gs[1]]!r} | {ctok.sent.text[:220]!r}")
                continue  # the subject is in our content, or it is already our speaker
            cand_ok = cand[0] < gs[1] and gs[0] < cand[1]
            inner_at = ps[0] if ps is not None else ctok.idx
            order = "ord" if subj.i < outer.i and outer.idx < inner_at else "unord"
            path = f"{order}:{outer.dep_}:{path}"
            key = "gain" if (cand_ok and not ok) else "loss" if (ok and not cand_ok) else "both-wrong" if not ok else "same"
            lemma = outer.lemma_.lower()
            by_lemma[(lemma, key)] += 1
            by_path[(path, key)] += 1
            if args.dump and key in ("gain", "loss"):
                print(f"DUMP {key}:{cat} {lemma} {path} {outer.tag_} subj={subj.text!r}/{subj.ent_type_} cue={ctok.lemma_} | ours={text[ps[0]:ps[1]] if ps else None!r} gold={text[gs[0]:gs[1]]!r} | {ctok.sent.text[:220]!r}")
            if cat in examples and len(examples[cat]) < args.list:
                sent = ctok.sent
                examples[cat].append(f"[{key}] {lemma} {path} | ours={text[ps[0]:ps[1]]!r} gold={text[gs[0]:gs[1]]!r}"
                                     f" cand={text[cand[0]:cand[1]]!r}\n    {sent.text[:300]!r}")

    if args.rule:
        gain, loss = changes["gain"], changes["loss"]
        print(f"rule {args.rule}: {len(gain)} speakers put right, {len(loss)} put wrong, {len(changes['same'])} unchanged in effect")
        for key in ("gain", "loss"):
            print(f"  {key} by governor lemma:", Counter(r[0] for r in changes[key]).most_common())
        if args.dump:
            for key in ("gain", "loss", "same"):
                for r in changes[key]:
                    print(f"{key.upper()} {r[0]} {r[1]} | {r[2]}")
        return 0
    print(f"matched quotes with a gold speaker span: {n_match}; speaker wrong: {n_wrong}; categories {dict(cats)}")
    for title, counts in (("outer lemma", by_lemma), ("construction", by_path)):
        keys = sorted({k for k, _ in counts}, key=lambda k: -(counts[(k, "gain")] - counts[(k, "loss")]))
        print(f"\n{title:28} gain  loss  both-wrong  same")
        for k in keys:
            row = [counts[(k, c)] for c in ("gain", "loss", "both-wrong", "same")]
            if sum(row) >= args.min:
                print(f"{k:28} {row[0]:4d}  {row[1]:4d}  {row[2]:10d}  {row[3]:4d}")
    for cat, rows in examples.items():
        if rows:
            print(f"\n== {cat}")
            print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
