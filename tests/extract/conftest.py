import pytest


@pytest.fixture(scope="session")
def quote_rules_nlp():
    """The spaCy model with only the rule-based quote stages (no learned tagger, no events)."""
    import spacy

    import newsgraph.extract.entities  # noqa: F401
    import newsgraph.extract.quotes  # noqa: F401
    import newsgraph.extract.segment  # noqa: F401
    from newsgraph.nlp import resolve_model_name

    nlp = spacy.load(resolve_model_name("en_core_web_sm"))
    nlp.add_pipe("newsgraph_segmenter", before="parser")
    nlp.add_pipe("newsgraph_entities")
    nlp.add_pipe("newsgraph_quotes")
    return nlp


@pytest.fixture(scope="session")
def full_nlp(nlp):
    """The whole pipeline (learned tagger included), for model tests whose own `nlp` is the rules."""
    return nlp
