"""The learned event classifier (extract/events/learned.py) on hand-built inputs."""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.events.learned import (
    NONE, Candidate, Parse, decide, load_model, sparse_scores,
)
from newsgraph.records import Event, Participant, TextSpan

LABELS = ["AGREE", "SANCTION", "YIELD", "COERCE", NONE]


def rule_event(etype, status="asserted"):
    side = [Participant(None, "X", None, None, 0, 1)]
    return Event(id="", type=etype, mode=None, quad="VC", actor=side, recipient=[], status=status, date=None,
                 trigger=TextSpan(0, 1, "x"), sentence=(0, 1), quote=None, confidence=0.8)


def sure(label):
    row = np.full(len(LABELS), 0.01)
    row[LABELS.index(label)] = 0.96
    return row


def test_sparse_scores_equal_the_dense_product():
    weights = np.arange(12, dtype=np.float64).reshape(4, 3)
    bias = np.array([1.0, 0.0, -1.0])
    flat, lengths = np.array([0, 2, 3, 1]), np.array([2, 0, 2])
    dense = np.zeros((3, 4))
    dense[0, [0, 2]] = dense[2, [3, 1]] = 1
    assert np.allclose(sparse_scores(weights, bias, flat, lengths), dense @ weights + bias)


def test_a_sure_classifier_retypes_a_rule_event_and_yield_becomes_retreat():
    [(_, etype, _)] = decide(LABELS, np.array([sure("YIELD")]), [Candidate(0, 1, rule=rule_event("COERCE"))],
                             retype=0.9, add=0.5)
    assert etype == "RETREAT"


def test_rulings_win_sanctions_stay_and_planned_acts_are_not_agreements():
    cands = [Candidate(0, 1, rule=rule_event("SANCTION")), Candidate(0, 2, rule=rule_event("AID", "planned"))]
    chosen = decide(LABELS, np.array([sure("COERCE"), sure("AGREE")]), cands, retype=0.5, add=0.5)
    assert [t for _, t, _ in chosen] == ["SANCTION", "AID"]


def test_pairs_are_added_only_where_the_rules_found_nothing():
    pair = Candidate(0, 2)
    assert [t for _, t, _ in decide(LABELS, np.array([sure("COERCE")]), [pair], 0.9, 0.5)] == ["COERCE"]
    with_rule = [Candidate(0, 1, rule=rule_event("COERCE")), pair]
    chosen = decide(LABELS, np.array([sure(NONE), sure("AGREE")]), with_rule, 0.9, 0.5)
    assert [(c.rule is not None, t) for c, t, _ in chosen] == [(True, "COERCE")]


def test_path_meets_at_the_verb():
    doc = Doc(Vocab(), words=["Police", "arrested", "protesters", "."],
              heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"], pos=["NOUN", "VERB", "NOUN", "PUNCT"],
              lemmas=["police", "arrest", "protester", "."])
    parse = Parse(doc)
    assert parse.path(0, 2) == ([0], 1, [2])
    assert parse.lem[1] == "arrest"


def test_the_shipped_weights_load_and_fit_their_labels():
    model = load_model()
    assert model is not None and model.labels[-1] == NONE
    assert model.weights.shape == (len(model.index), len(model.labels))
    probs = model.probabilities([["bias", "cat=SANCTION"], ["no such feature"]])
    assert probs.shape == (2, len(model.labels)) and np.allclose(probs.sum(axis=1), 1)
