"""Batch runs over many, large inputs: one pure function, two engines (local processes, Ray Data).

    from newsgraph.scale import BatchOptions, run_batch
    summary = run_batch(["crawl/"], "out/batch", BatchOptions(engine="local", workers=2))

`extract_rows` (batch of input rows -> batch of output rows) is the only code that touches the
pipeline; both engines call it through `run_shard`, so their output is identical. Inputs are cut
into numbered shards in input order; each shard is written atomically, so a re-run skips what is
done.
"""
from newsgraph.scale.extract import extract_rows, run_shard
from newsgraph.scale.run import BatchOptions, BatchSummary, run_batch

__all__ = ["BatchOptions", "BatchSummary", "extract_rows", "run_batch", "run_shard"]
