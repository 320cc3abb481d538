"""Throughput of `newsgraph extract` against bare `nlp.pipe` of the same spaCy pipeline, same texts.

    python bench/bench_extract.py [--articles 300] [--repeats 3] [--input PATH ...] [--stages]

All sides get the same texts, already read into memory, in batches of the same size; the
extract side also cleans each article and builds its contract record. Runs alternate (bare,
parse, extract, bare, ...) and each side keeps its best of --repeats runs, so a busy machine
slows all alike. Prints articles/s, words/s, peak RSS, the load average and the ratios of wall
time and of CPU time (process time: what the run itself cost, less sensitive than wall time to
other processes on the machine). Two baselines: "bare" is the stock model's `nlp.pipe`; "parse"
is the model as newsgraph loads it (its attribute ruler and lemmatizer swapped for
newsgraph.attribute_table and newsgraph.array_lemmatizer, same output) without newsgraph's
extractors, so extract/parse is the cost of the extraction alone. --stages instead times each stage of
the extract side alone over all the articles (CPU time), as a share of spaCy's own components
(newsgraph runs the model's attribute ruler and lemmatizer its own way, newsgraph.attribute_table
and newsgraph.array_lemmatizer: --stages also times spaCy's, which the bare side runs, over the
same Docs).
"""
from __future__ import annotations

import argparse
import os
import resource
import time
from itertools import cycle, islice
from pathlib import Path

import spacy

from newsgraph.array_lemmatizer import ArrayLemmatizer
from newsgraph.attribute_table import AttributeTable
from newsgraph.clean import clean_article
from newsgraph.config import Settings
from newsgraph.ingest import read_articles
from newsgraph.ingest.article import Article
from newsgraph.nlp import load_pipeline, resolve_model_name, swap_rule_components
from newsgraph.pipeline import Pipeline
from newsgraph.records import doc_to_record

ROOT = Path(__file__).resolve().parents[1]


def load_articles(paths: list[str], count: int) -> list[Article]:
    articles = [a for a in read_articles(paths) if isinstance(a, Article)]
    if not articles:
        raise SystemExit(f"no readable articles in {paths}")
    return [Article(id=f"{a.id}-{i}", text=a.text, published=a.published)
            for i, a in enumerate(islice(cycle(articles), count))]


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def drain(items) -> None:
    for _ in items:
        pass


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


STOCK = ": spaCy's own"  # suffix of the stages timed for comparison only (see stage_times)


def stage_times(pipeline: Pipeline, articles: list[Article], batch_size: int,
                bare: spacy.Language | None = None) -> dict[str, float]:
    """CPU seconds of each stage of the extract side, each run alone over all the articles; with
    `bare`, also its own component over copies of the same Docs where extract runs newsgraph's
    equivalent instead (newsgraph.attribute_table, newsgraph.array_lemmatizer)."""
    times: dict[str, float] = {}

    def stage(name, run):
        start = time.process_time()
        result = run()
        times[name] = times.get(name, 0.0) + time.process_time() - start
        return result

    cleaned = stage("cleaning", lambda: [clean_article(a) for a in articles])
    docs = stage("tokenizer, forced sentence starts", lambda: [pipeline._make_doc(a) for a in cleaned])
    for name, component in pipeline.nlp.pipeline:
        if isinstance(component, (AttributeTable, ArrayLemmatizer)) and bare is not None and name in bare.pipe_names:
            copies = [d.copy() for d in docs]
            stage(name + STOCK, lambda c=bare.get_pipe(name), d=copies: [c(doc) for doc in d])
        if hasattr(component, "pipe"):
            docs = stage(name, lambda c=component, d=docs: list(c.pipe(d, batch_size=batch_size)))
        else:
            docs = stage(name, lambda c=component, d=docs: [c(doc) for doc in d])
    stage("records", lambda: [doc_to_record(d, a.id) for d, a in zip(docs, cleaned)])
    return times


def print_stages(pipeline: Pipeline, bare: spacy.Language, articles: list[Article], batch_size: int) -> None:
    times = stage_times(pipeline, articles, batch_size, bare)
    stock = {name[:-len(STOCK)]: times.pop(name) for name in list(times) if name.endswith(STOCK)}
    spacy_s = sum(times[name] for name in bare.pipe_names if name in times)
    print(f"{'stage':>34}  CPU s  share of spaCy's components ({spacy_s:.2f} s)")
    for name, seconds in times.items():
        print(f"{name:>34}  {seconds:5.2f}  {100 * seconds / spacy_s:5.1f} %")
    extra = sum(s for name, s in times.items() if name not in bare.pipe_names)
    print(f"{'all stages / spaCy':>34}  {(spacy_s + extra) / spacy_s:.3f} (ratio {spacy_s / (spacy_s + extra):.3f})")
    if stock:  # bare nlp.pipe runs spaCy's own: the end-to-end ratio counts the difference
        for name, seconds in stock.items():
            print(f"{name + STOCK + ', not run by extract':>34}  {seconds:5.2f}")
        stock_s = spacy_s + sum(seconds - times[name] for name, seconds in stock.items())
        print(f"{'spaCy components of bare nlp.pipe':>34}  {stock_s:5.2f}  (all stages / bare spaCy "
              f"{(spacy_s + extra) / stock_s:.3f}, ratio {stock_s / (spacy_s + extra):.3f})")
    print(f"{'load average':>34}  {load_average()}")


def load_sides(batch_size: int) -> tuple[str, spacy.Language, Pipeline]:
    """(model name, the stock model, newsgraph's pipeline of it)."""
    model = resolve_model_name(Settings.from_env().model)
    return model, spacy.load(model), Pipeline(nlp=load_pipeline(model), batch_size=batch_size)


def compare_sides(articles: list[Article], batch_size: int = 32, repeats: int = 3,
                  sides: tuple[str, spacy.Language, Pipeline] | None = None) -> dict:
    """Best wall and CPU seconds of bare `nlp.pipe`, newsgraph's parse and newsgraph extract over the
    same texts (runs interleaved, each side warmed first), and the ratios: the figures `main` prints."""
    model, bare, pipeline = sides or load_sides(batch_size)
    texts = [a.text for a in articles]
    parse = swap_rule_components(spacy.load(model))

    runs = {"bare": lambda: drain(bare.pipe(texts, batch_size=batch_size)),
            "parse": lambda: drain(parse.pipe(texts, batch_size=batch_size)),
            "extract": lambda: drain(pipeline.pipe(articles))}
    for run in runs.values():
        run()  # warm-up: lazy loads, caches
    load_before = load_average()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            times[name].append(timed(run))
    best = {name: {"wall_s": min(t[0] for t in ts), "cpu_s": min(t[1] for t in ts)} for name, ts in times.items()}
    return {
        "model": model, "spacy": spacy.__version__, "articles": len(articles),
        "words": sum(len(t.split()) for t in texts), "batch_size": batch_size, "repeats": repeats,
        "sides": best, "peak_rss_mib": peak_rss_mib(), "load_before": load_before, "load_after": load_average(),
        "ratio_extract_bare_cpu": best["bare"]["cpu_s"] / best["extract"]["cpu_s"],
        "ratio_extract_bare_wall": best["bare"]["wall_s"] / best["extract"]["wall_s"],
        "ratio_extract_parse_cpu": best["parse"]["cpu_s"] / best["extract"]["cpu_s"],
        "ratio_extract_parse_wall": best["parse"]["wall_s"] / best["extract"]["wall_s"],
    }


SIDE_LABELS = {"bare": "bare nlp.pipe", "parse": "newsgraph's parse", "extract": "newsgraph extract"}


def print_comparison(result: dict) -> None:
    print(f"model {result['model']}, spaCy {result['spacy']}; {result['articles']} articles, {result['words']} words, "
          f"batch {result['batch_size']}, best of {result['repeats']}, interleaved")
    for name, label in SIDE_LABELS.items():
        seconds, cpu = result["sides"][name]["wall_s"], result["sides"][name]["cpu_s"]
        print(f"{label:>18}: {result['articles'] / seconds:7.1f} articles/s {result['words'] / seconds:9.0f} words/s "
              f"({seconds:.2f} s wall, {cpu:.2f} s CPU)")
    print(f"{'peak RSS':>18}: {result['peak_rss_mib']:.0f} MiB (process, the three pipelines loaded)")
    print(f"{'load average':>18}: {result['load_before']} before, {result['load_after']} after")
    print(f"{'ratio (CPU time)':>18}: {result['ratio_extract_bare_cpu']:.3f}")
    print(f"{'ratio extract/bare':>18}: {result['ratio_extract_bare_wall']:.3f}")
    print(f"{'ratio extract/parse':>18}: {result['ratio_extract_parse_cpu']:.3f} CPU, "
          f"{result['ratio_extract_parse_wall']:.3f} wall (the extractors' own cost, against the parse newsgraph runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", nargs="*", default=[str(ROOT / "samples")])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--stages", action="store_true", help="time each stage alone instead")
    args = parser.parse_args()

    articles = load_articles(args.input, args.articles)
    sides = load_sides(args.batch_size)
    if args.stages:
        _, bare, pipeline = sides
        drain(bare.pipe([a.text for a in articles], batch_size=args.batch_size))  # warm-up: lazy loads, caches
        drain(pipeline.pipe(articles))
        print_stages(pipeline, bare, articles, args.batch_size)
        return
    print_comparison(compare_sides(articles, args.batch_size, args.repeats, sides))


if __name__ == "__main__":
    main()
