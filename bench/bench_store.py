"""The store's speed: ingest rate of already-extracted JSONL into SQLite, and search latency.

    python bench/bench_store.py [--articles 100000] [--ingest-articles 5000] [--input out/demo.jsonl]

Synthetic articles are the sample records with new ids and URLs and a sentence of words drawn from
the corpus appended to their text (offsets stay valid). Prints:
- ingest articles/s through `newsgraph ingest`'s reader and writer, with cross-article resolution
  (actors, quote keys) and with and without story clustering (MinHash/LSH); also per CPU second
  of the process and of the child process that writes its batches, which a loaded machine
  changes far less than the wall rate;
- p50/p95 latency of `search` (full-text over articles), `quotes --about` and `quotes --speaker`
  at --articles articles. To keep the run short, the store is grown from the ingested articles to
  that size by copying their rows in SQL (new ids, the copy number appended to each text); the
  writer's own rate is the first figure.
Targets (issue 5): ingest >= 2,000 articles/s, search p95 <= 50 ms.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

from newsgraph.store import Writer, fulltext, open_store, queries
from newsgraph.store.sources import iter_records

ROOT = Path(__file__).resolve().parents[1]


def sample_records(path: Path) -> list[dict]:
    if path.exists():
        return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    from newsgraph.ingest import read_articles
    from newsgraph.pipeline import Pipeline

    print(f"{path} not found: extracting samples/ (run `make demo` to skip this)")
    return [r for r in Pipeline().pipe(read_articles([str(ROOT / "samples")])) if not r.get("error")]


def synthesise(records: list[dict], start: int, count: int, vocabulary: list[str], rng: random.Random):
    for i in range(start, start + count):
        record = copy.deepcopy(records[i % len(records)])
        record["id"] = f"{record['id']}-syn{i}"
        record["url"] = f"https://synthetic.example/{record['id']}"
        record["text"] += "\n\n" + " ".join(rng.choices(vocabulary, k=12)) + f" ({i})."
        yield record


def write_jsonl(path: Path, records) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # children ended and waited for
    return usage.ru_utime + usage.ru_stime


def ingest(url: str, path: Path, stories: bool) -> tuple[float, float, float, int, int]:
    """Wall seconds of one ingest, CPU seconds of this process and of the child that writes its
    batches (the work done, whatever else the machine runs), the articles written, and the batches
    the child wrote."""
    with open_store(url) as store:
        start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        writer = Writer(store, stories=stories)
        counts = writer.write(iter_records([str(path)]))
        elapsed = time.perf_counter() - start
        cpu, children = time.process_time() - cpu, _children_cpu() - children
    return elapsed, cpu, children, counts.new, writer.batches_in_process


def grow(store, have: int, want: int, rng: random.Random) -> int:
    """Copy the stored articles (and their quotes, events, participants, sightings) until there are `want`."""
    copy_no, originals = 0, have
    with store.engine.begin() as conn:
        marks = fulltext.high_water(conn)
        while have < want:
            copy_no += 1
            take = min(originals, want - have)  # the first `take` ingested articles, copied once more
            suffix = f"-copy{copy_no}"
            conn.exec_driver_sql(f"""
                INSERT INTO articles (id, url, content_hash, record_hash, title, published, source, byline, language,
                                      text, boilerplate, error, story_id, duplicate_of, ingested_at)
                SELECT id || '{suffix}', url || '{suffix}', content_hash || '{suffix}', record_hash, title, published,
                       source, byline, language, text || ' {rng.randrange(10**6)}', boilerplate, error, story_id,
                       duplicate_of, ingested_at
                FROM articles WHERE pk <= {take}""")
            ids = f"(SELECT id FROM articles WHERE pk <= {take})"
            conn.exec_driver_sql(f"""
                INSERT INTO quotes (article_id, quote_id, start, "end", spans, text, kind, cue, speaker_entity,
                                    speaker_name, speaker_text, speaker_actor_id, confidence, quote_key, published)
                SELECT article_id || '{suffix}', quote_id, start, "end", spans, text, kind, cue, speaker_entity,
                       speaker_name, speaker_text, speaker_actor_id, confidence, quote_key, published
                FROM quotes WHERE article_id IN {ids}""")
            conn.exec_driver_sql(f"""
                INSERT INTO sightings (seen_as, article_id, record_id, url, source, published, ingested_at)
                SELECT seen_as || '{suffix}', article_id || '{suffix}', record_id || '{suffix}', url || '{suffix}',
                       source, published, ingested_at
                FROM sightings WHERE article_id IN {ids}""")
            for table in ("events", "event_participants", "entities"):
                columns = [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")]
                listed = ", ".join(f'"{c}"' for c in columns)
                chosen = ", ".join(f"article_id || '{suffix}'" if c == "article_id" else f'"{c}"' for c in columns)
                conn.exec_driver_sql(f"INSERT INTO {table} ({listed}) SELECT {chosen} FROM {table} "
                                     f"WHERE article_id IN {ids}")
            have += take
        fulltext.index_since(conn, marks)  # the copies' text and quotes, as the writer indexes its rows
    return have


def latencies(run, queries_: list[str]) -> tuple[float, float]:
    times = []
    for words in queries_:
        start = time.perf_counter()
        run(words)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="store size for the search latencies")
    parser.add_argument("--ingest-articles", type=int, default=5_000, help="articles timed for the ingest rate")
    parser.add_argument("--queries", type=int, default=200, help="search queries timed")
    parser.add_argument("--input", type=Path, default=ROOT / "out" / "demo.jsonl", help="extracted sample records")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    records = sample_records(args.input)
    rng = random.Random(args.seed)
    vocabulary = sorted({w.lower() for r in records for w in re.findall(r"[A-Za-z]{5,}", r["text"])})
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        tmp_dir = Path(tmp)
        timed = tmp_dir / "timed.jsonl"
        write_jsonl(timed, synthesise(records, 0, args.ingest_articles, vocabulary, rng))
        for stories in (True, False):
            url = f"sqlite:///{tmp_dir / f'rate-{stories}.db'}"
            elapsed, cpu, child_cpu, n, in_child = ingest(url, timed, stories)
            label = "with story clustering" if stories else "without story clustering"
            print(f"ingest {n} extracted articles into SQLite {label}: {n / elapsed:,.0f} articles/s ({elapsed:.1f} s); "
                  f"{n / (cpu + child_cpu):,.0f} articles per CPU second ({cpu:.1f} s CPU + {child_cpu:.1f} s in the "
                  f"child process that wrote {in_child} batches)")

        url = f"sqlite:///{tmp_dir / 'rate-False.db'}"  # grows on from the second timed store
        start = time.perf_counter()
        with open_store(url) as store:
            filled = grow(store, args.ingest_articles, args.articles, rng)
        print(f"grew the store to {filled:,} articles in {time.perf_counter() - start:.0f} s")

        words = [" ".join(rng.sample(vocabulary, k=rng.choice((1, 2)))) for _ in range(args.queries)]
        with open_store(url) as store:
            print(f"store: {queries.table_counts(store)}")
            p50, p95 = latencies(lambda w: queries.search(store, w, limit=20), words)
            print(f"search (top 20 articles) at {filled:,} articles: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(words)} queries")
            p50, p95 = latencies(lambda w: queries.quotes(store, about=w, limit=20), words)
            print(f"quotes --about (newest 20) at {filled:,} articles: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
            p50, p95 = latencies(lambda w: queries.quotes(store, speaker=w, limit=20), words[:50])
            print(f"quotes --speaker (newest 20) at {filled:,} articles: p50 {p50:.1f} ms, p95 {p95:.1f} ms over 50 queries")
            p50, p95 = latencies(lambda w: queries.events(store, actor=w, type="SANCTION", limit=20), words[:50])
            print(f"events --actor --type SANCTION (newest 20) at {filled:,} articles: p50 {p50:.1f} ms, p95 {p95:.1f} ms over 50 queries")


if __name__ == "__main__":
    main()
