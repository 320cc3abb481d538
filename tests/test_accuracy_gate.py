"""Regression gates: dev-set accuracy must not fall below the last measured figure minus a margin.

The floors live in accuracy_floors.json, next to the figures they were set from; raise them when
extraction improves. The data is in ../shared, which a user's clone does not have: then these skip.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytestmark = [pytest.mark.model, pytest.mark.shared]

FLOORS = json.loads((Path(__file__).with_name("accuracy_floors.json")).read_text(encoding="utf-8"))


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("newsgraph_eval_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(pipeline, gold: list[dict]) -> list[dict]:
    return list(pipeline.pipe({"id": g["id"], "text": g["text"]} for g in gold))


def check(floors: dict, figures: dict) -> None:
    failures = [f"{name} {figures[name]:.3f} < floor {floor:.3f}" for name, floor in floors.items()
                if figures[name] < floor]
    assert not failures, "; ".join(failures) + f" (figures: {figures})"


def test_quote_accuracy_on_polnear_dev(shared_dir, pipeline):
    gold = read_jsonl(shared_dir / "data" / "polnear" / "dev.jsonl")
    metrics = load_scorer(shared_dir).score_quotes(gold, predict(pipeline, gold))
    at3 = metrics["0.3"]
    figures = {"f1_at_0.3": at3["F1"], "f1_at_0.8": metrics["0.8"]["F1"],
               "speaker_span": at3["speaker_span"] or 0.0, "relation_f1": at3["relation_F1"],
               "direct_f1_at_0.8": metrics["by_kind"]["direct"]["0.8"]["F1"] or 0.0}
    check(FLOORS["quotes_polnear_dev"], figures)


def test_event_accuracy_on_plv_train_sample(shared_dir, pipeline):
    gold = read_jsonl(shared_dir / "data" / "plv" / "train.jsonl")
    metrics = load_scorer(shared_dir).score_events(gold, predict(pipeline, gold))
    span = metrics["span"]
    figures = {"pair_recall": span["pair_recall"], "macro_f1": span["macro_F1"], "type_acc": span["type_acc"]}
    check(FLOORS["events_plv_train"], figures)
