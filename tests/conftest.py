"""Fixtures shared by the whole suite: the real pipeline (loaded once), the sample corpus, ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def stock_nlp(nlp):
    """The model of `nlp` as spaCy loads it: its own attribute ruler and lemmatizer, no newsgraph components."""
    import spacy

    from newsgraph.nlp import resolve_model_name

    return spacy.load(resolve_model_name(nlp.meta["lang"] + "_" + nlp.meta["name"]))


@pytest.fixture(scope="session")
def pipeline(nlp):
    from newsgraph.pipeline import Pipeline

    return Pipeline(nlp=nlp)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.skip(f"no evaluation data: {SHARED} is absent (it exists only in the project's workspace)")
    return SHARED
