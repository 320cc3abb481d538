"""A 200-article corpus made from the samples' texts (short, with varied ids), and one local run of it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CORPUS_SIZE = 200


def short_text(text: str, limit: int = 250) -> str:
    head = text[:limit]
    cut = head.rfind(". ")
    return head[: cut + 1] if cut > 80 else head


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from newsgraph.ingest import Article, read_articles

    articles = [a for a in read_articles([str(SAMPLES)]) if isinstance(a, Article)]
    path = tmp_path_factory.mktemp("scale") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(CORPUS_SIZE):
            article = articles[i % len(articles)]
            record = {"id": f"{article.id}-{i:03d}", "text": short_text(article.text), "published": article.published}
            handle.write(json.dumps(record) + "\n")
    return path


def sorted_output(out_dir: Path) -> list[dict]:
    from newsgraph.scale.shards import read_shard_records

    records = [r for part in sorted(out_dir.glob("part-*")) for r in read_shard_records(part)]
    return sorted(records, key=lambda r: r["id"])


@pytest.fixture(scope="session")
def read_output():
    """Every record of a batch output folder, sorted by id."""
    return sorted_output


@pytest.fixture(scope="session")
def local_output(corpus, tmp_path_factory) -> list[dict]:
    from newsgraph.scale import BatchOptions, run_batch

    out_dir = tmp_path_factory.mktemp("local")
    summary = run_batch([str(corpus)], out_dir, BatchOptions(engine="local", workers=2, shard_size=25))
    assert (summary.read, summary.written, summary.failed) == (CORPUS_SIZE, CORPUS_SIZE, 0)
    return sorted_output(out_dir)
