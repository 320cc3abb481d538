"""CPU time of the newsgraph_events component of another revision against the working tree's, in one process.

    python bench/ab_events.py --base REV [--articles 150] [--rounds 12]

Across processes a shared machine's load swamps a 10 % change; here both versions run in turns
over the same parsed Docs. The base revision's `src/newsgraph` is copied out of git under the
name `newsgraph_base` (imports rewritten, spaCy factory registrations left out), its events
component built, and the two components alternate (base first in odd rounds). Prints each
side's best and median CPU seconds, the median of the per-round ratios current/base, and
whether both found the same events.
"""
from __future__ import annotations

import argparse
import io
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from bench_extract import ROOT, load_articles

from newsgraph.clean import clean_article
from newsgraph.config import Settings
from newsgraph.nlp import load_pipeline, resolve_model_name
from newsgraph.pipeline import Pipeline

COMPONENT = "newsgraph_events"


def base_package(revision: str, folder: Path) -> None:
    """src/newsgraph of `revision`, as the package newsgraph_base in `folder`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "src/newsgraph"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    package = folder / "newsgraph_base"
    (folder / "src" / "newsgraph").rename(package)
    for path in package.rglob("*.py"):
        text = re.sub(r"\bnewsgraph\.", "newsgraph_base.", path.read_text(encoding="utf-8"))
        text = re.sub(r"^from newsgraph import", "from newsgraph_base import", text, flags=re.M)
        text = re.sub(r"^@Language\.(factory|component)\(", r"# @Language.\1(", text, flags=re.M)
        path.write_text(text, encoding="utf-8")


def arguments(doc: str) -> argparse.Namespace:
    """--base, --articles, --rounds, for a script whose docstring is `doc`."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--base", required=True, help="git revision to compare with")
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=12)
    return parser.parse_args()


def parsed_docs(component: str, count: int):
    """(nlp, `count` sample articles run through every stage before `component`)."""
    pipeline = Pipeline(nlp=load_pipeline(resolve_model_name(Settings.from_env().model)))
    nlp = pipeline.nlp
    docs = [pipeline._make_doc(clean_article(a)) for a in load_articles([str(ROOT / "samples")], count)]
    for name, stage in nlp.pipeline[:nlp.pipe_names.index(component)]:
        docs = list(stage.pipe(docs, batch_size=32)) if hasattr(stage, "pipe") else [stage(d) for d in docs]
    return nlp, docs


def alternate(run, rounds: int) -> None:
    """Time `run("base")` and `run("current")` (CPU seconds) in turns, base first in odd rounds, and print them."""
    seconds: dict[str, list[float]] = {"base": [], "current": []}
    for k in range(rounds):
        for name in (("base", "current") if k % 2 else ("current", "base")):
            seconds[name].append(run(name))
    for name, times in seconds.items():
        print(f"{name:>8}: best {min(times):.3f} s CPU, median {statistics.median(times):.3f} s")
    ratios = [c / b for b, c in zip(seconds["base"], seconds["current"])]
    print(f"current / base, median of {rounds} rounds: {statistics.median(ratios):.3f}")


def events_of(docs) -> list:
    return [[(e.type, e.trigger.start, e.confidence, e.quote, e.status, e.date,
              [(p.start, p.end, p.entity, p.country, p.sector) for p in e.actor + e.recipient])
             for e in doc._.events] for doc in docs]


def main() -> None:
    args = arguments(__doc__)

    nlp, docs = parsed_docs(COMPONENT, args.articles)

    with tempfile.TemporaryDirectory() as folder:
        base_package(args.base, Path(folder))
        sys.path.insert(0, folder)
        from newsgraph_base.extract.events.component import EventExtractor as BaseExtractor
        components = {"base": BaseExtractor(nlp), "current": nlp.get_pipe(COMPONENT)}

        def run(name: str) -> tuple[float, list]:
            for doc in docs:
                doc._.events = None
            start = time.process_time()
            for doc in docs:
                components[name](doc)
            return time.process_time() - start, events_of(docs)

        found = {name: run(name)[1] for name in components}  # warm-up: lazy loads, caches
        alternate(lambda name: run(name)[0], args.rounds)
    print(f"same events: {found['base'] == found['current']}")


if __name__ == "__main__":
    main()
