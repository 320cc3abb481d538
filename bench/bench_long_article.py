"""One very long article through `newsgraph extract`'s path: time, peak RSS, and that it is one valid record.

The article is the sample corpus's .txt articles repeated up to --mb megabytes, written to a
temporary .txt file and read back with read_articles, so reading, cleaning, chunking, extraction
and merging are all measured.

    .venv/bin/python bench/bench_long_article.py --mb 2
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=2.0, help="size of the article in megabytes (characters / 1e6)")
    parser.add_argument("--chunk-chars", type=int, default=None, help="chunk limit (default: newsgraph's)")
    args = parser.parse_args()

    from newsgraph.chunking import chunk_spans
    from newsgraph.contract import record_problems
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(chunk_chars=args.chunk_chars)
    pipeline.extract("Warm-up: Novak said the talks were useful.")
    baseline = rss_mib()
    pipeline.counts = type(pipeline.counts)()
    corpus = "\n\n".join(p.read_text(encoding="utf-8", errors="replace").strip() for p in sorted((ROOT / "samples" / "text").glob("*.txt")))
    size = int(args.mb * 1_000_000)
    text = (corpus + "\n\n") * (size // (len(corpus) + 2) + 1)
    text = text[:size]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(text, encoding="utf-8")
        del text
        start = time.perf_counter()
        [record] = pipeline.pipe(read_articles([str(path)]))
        seconds = time.perf_counter() - start
    chunks = len(chunk_spans(record["text"], pipeline.chunk_limit))
    problems = record_problems(record)
    print(f"{len(record['text']):,} characters in {chunks} chunks of at most {pipeline.chunk_limit:,}: "
          f"{seconds:.0f} s, {len(record['text']) / seconds:,.0f} characters/s")
    print(f"peak RSS {rss_mib():.0f} MiB (model loaded and warmed up: {baseline:.0f} MiB)")
    print(f"one record: {len(record['entities'])} entities, {len(record['quotes'])} quotes, {len(record['events'])} events, "
          f"error: {record.get('error')}, contract problems: {len(problems)}; {pipeline.counts.summary()}")


if __name__ == "__main__":
    main()
