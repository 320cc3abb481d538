"""The learned event classifier (extract/events/learned.py) on hand-built inputs."""
from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.events.learned import (
    NEVER, Candidate, Parse, candidates, decide, features, load_model, sparse_scores, split_heads,
    surest_rows,
)
from newsgraph.records import Event, Participant, TextSpan

LABELS = ["AGREE", "SANCTION", "YIELD", "COERCE"]


def rule_event(etype, status="asserted", actor=(0, 1), recipient=None):
    side = [Participant(None, "X", None, None, *actor)]
    to = [Participant(None, "Y", None, None, *recipient)] if recipient else []
    return Event(id="", type=etype, mode=None, quad="VC", actor=side, recipient=to, status=status, date=None,
                 trigger=TextSpan(0, 1, "x"), sentence=(0, 1), quote=None, confidence=0.8)


def sure(label):
    row = np.full(len(LABELS), 0.01)
    row[LABELS.index(label)] = 0.97
    return row


def types(*labels):
    return np.array([sure(label) for label in labels])


def test_sparse_scores_equal_the_dense_product():
    weights = np.arange(12, dtype=np.float64).reshape(4, 3)
    bias = np.array([1.0, 0.0, -1.0])
    flat, lengths = np.array([0, 2, 3, 1]), np.array([2, 0, 2])
    dense = np.zeros((3, 4))
    dense[0, [0, 2]] = dense[2, [3, 1]] = 1
    assert np.allclose(sparse_scores(weights, bias, flat, lengths), dense @ weights + bias)


def test_the_heads_split_into_categories_and_the_event_probability():
    scores = np.array([[2.0, 0.0, 0.0, 0.0, 3.0, -3.0]])
    categories, event = split_heads(scores, len(LABELS))
    assert categories.shape == (1, 4) and np.isclose(categories.sum(), 1) and categories.argmax() == 0
    assert np.isclose(event[0], 1 / (1 + np.exp(-6)))


def test_a_sure_classifier_retypes_a_rule_event_and_yield_becomes_retreat():
    [(_, etype, _)] = decide(LABELS, types("YIELD"), np.array([0.1]), [Candidate(0, 1, rule=rule_event("COERCE"))],
                             retype=0.9, add=0.5)
    assert etype == "RETREAT"


def test_an_unsure_classifier_leaves_the_rule_type():
    unsure = np.array([[0.3, 0.1, 0.2, 0.4]])
    [(_, etype, _)] = decide(LABELS, unsure, np.array([0.9]), [Candidate(0, 1, rule=rule_event("AGREE"))],
                             retype=0.5, add=0.5)
    assert etype == "AGREE"


def test_rulings_win_sanctions_stay_and_planned_acts_are_not_agreements():
    cands = [Candidate(0, 1, rule=rule_event("SANCTION")), Candidate(0, 2, rule=rule_event("AID", "planned"))]
    chosen = decide(LABELS, types("COERCE", "AGREE"), np.array([0.9, 0.9]), cands, retype=0.3, add=0.5)
    assert [t for _, t, _ in chosen] == ["SANCTION", "AID"]


def test_a_conditional_act_is_no_agreement_either_an_asserted_one_may_be():
    cands = [Candidate(0, 1, rule=rule_event("AID", "conditional")), Candidate(0, 2, rule=rule_event("AID"))]
    chosen = decide(LABELS, types("AGREE", "AGREE"), np.array([0.9, 0.9]), cands, retype=0.3, add=0.5)
    assert [t for _, t, _ in chosen] == ["AID", "AGREE"]


def test_without_rulings_plv_labels_overrule_ours():
    cands = [Candidate(0, 1, rule=rule_event("SANCTION")), Candidate(0, 2, rule=rule_event("AID", "planned")),
             Candidate(0, 3, rule=rule_event("COERCE"), kept=True)]
    chosen = decide(LABELS, types("COERCE", "AGREE", "YIELD"), np.array([0.9] * 3), cands, retype=0.3, add=0.5,
                    rulings=False)
    assert [t for _, t, _ in chosen] == ["COERCE", "AGREE", "RETREAT"]


def test_a_silent_sentence_gets_its_surest_pair_only():
    pairs = [Candidate(0, 2), Candidate(0, 3), Candidate(1, 3)]
    chosen = decide(LABELS, types("COERCE", "AGREE", "YIELD"), np.array([0.6, 0.8, 0.2]), pairs, 0.9, 0.5)
    assert [(c.recipient, t) for c, t, _ in chosen] == [(3, "AGREE")]


def test_each_silent_sentence_gets_its_surest_pair_at_once():
    event = np.array([0.6, 0.8, 0.2, 0.9, 0.7, 0.7, 0.4, 0.95])
    group = np.array([0, 0, 0, -1, 2, 2, 3, 5])  # row 3: a rule event's sentence; 3 is not sure enough
    assert surest_rows(event, group, 0.5) == [1, 5, 7]  # of equally sure rows the later
    assert surest_rows(event, np.full(8, -1), 0.5) == [] and surest_rows(event[:0], group[:0], 0.5) == []
    # as decide() chooses in each sentence alone
    for g in (0, 2):
        rows = np.flatnonzero(group == g)
        chosen = decide(LABELS, types(*["AGREE"] * len(rows)), event[rows], [Candidate(0, r) for r in rows], 0.9, 0.5)
        assert [c.recipient for c, _, _ in chosen] == [r for r in surest_rows(event, group, 0.5) if group[r] == g]


def test_a_rule_event_without_recipient_takes_the_surest_pair_beside_it():
    rule = rule_event("COERCE")
    cands = [Candidate(0, None, rule=rule), Candidate(0, 2, completes=rule), Candidate(0, 3, completes=rule)]
    probs, event = types("YIELD", "AGREE", "AGREE"), np.array([0.0, 0.6, 0.8])
    assert [c.rule is rule for c, _, _ in decide(LABELS, probs, event, cands, 0.99, 0.5, NEVER)] == [True]
    chosen = decide(LABELS, probs, event, cands, 0.9, 0.5, beside=0.5)
    # the completing pair brings its recipient, not a category of its own: the rule event's
    assert [(c.recipient, t) for c, t, _ in chosen] == [(None, "RETREAT"), (3, "RETREAT")]


def test_a_pair_with_another_recipient_replaces_the_rule_events_only_when_surer():
    rule = rule_event("AGREE")
    cands = [Candidate(0, 1, rule=rule), Candidate(0, 3, completes=rule)]
    probs = types("AGREE", "AGREE")
    chosen = decide(LABELS, probs, np.array([0.7, 0.6]), cands, 0.9, 0.5, beside=0.5)
    assert [(c.recipient, t) for c, t, _ in chosen] == [(1, "AGREE")]  # the rule event's own is surer
    chosen = decide(LABELS, probs, np.array([0.4, 0.6]), cands, 0.9, 0.5, beside=0.5)
    assert [(c.recipient, t) for c, t, _ in chosen] == [(1, "AGREE"), (3, "AGREE")]  # it takes the pair's


def test_a_ruling_keeps_the_rule_type():
    kept = Candidate(0, 1, rule=rule_event("COERCE"), kept=True)
    [(_, etype, _)] = decide(LABELS, types("YIELD"), np.array([0.0]), [kept], retype=0.3, add=0.5)
    assert etype == "COERCE"


def test_a_ruling_gives_way_only_to_its_exception():
    mobilize = Candidate(0, 1, rule=rule_event("MOBILIZE"), may_become=frozenset({"COERCE"}))
    [(_, etype, _)] = decide(LABELS, types("COERCE"), np.array([0.0]), [mobilize], retype=0.3, add=0.5)
    assert etype == "COERCE"
    [(_, etype, _)] = decide(LABELS, types("YIELD"), np.array([0.0]), [mobilize], retype=0.3, add=0.5)
    assert etype == "MOBILIZE"


def _mobilisation(subject, verb, verb_lemma, noun):
    """The featured candidate of a MOBILIZE rule event on '<subject> <verb> <noun>s .'."""
    doc = Doc(Vocab(), words=[subject, verb, noun + "s", "."], heads=[1, 1, 1, 1],
              deps=["nsubj", "ROOT", "dobj", "punct"], pos=["PROPN", "VERB", "NOUN", "PUNCT"],
              lemmas=[subject.lower(), verb_lemma, noun, "."])
    event = rule_event("MOBILIZE", actor=(0, len(subject)))
    event.trigger = TextSpan(len(subject) + 1, len(subject) + 1 + len(verb), verb)
    [c] = candidates(Parse(doc), doc[:], [event], pairs=False)
    features(Parse(doc), c)
    return c


def test_peacekeepers_sent_may_be_aid_and_troops_sent_stay_a_mobilisation():
    for noun, may_become in (("peacekeeper", {"AID"}), ("troop", set())):
        c = _mobilisation("Japan", "sends", "send", noun)  # Japan sends peacekeepers|troops .
        assert c.may_become == may_become


def test_a_mobilisation_that_names_no_force_may_be_retyped_one_that_names_troops_stays():
    for noun, unforced in (("observer", True), ("troop", False)):
        c = _mobilisation("EU", "deployed", "deploy", noun)  # The EU deployed observers|troops .
        assert c.unforced is unforced
        [(_, etype, _)] = decide(LABELS, types("AGREE"), np.array([0.0]), [c], retype=0.3, add=0.5)
        assert etype == ("AGREE" if unforced else "MOBILIZE")


def _refusal():
    # Germany refused to send troops to Iraq .
    words = ["Germany", "refused", "to", "send", "troops", "to", "Iraq", "."]
    return Doc(Vocab(), words=words, heads=[1, 1, 3, 1, 3, 3, 5, 1],
               deps=["nsubj", "ROOT", "aux", "xcomp", "dobj", "prep", "pobj", "punct"],
               pos=["PROPN", "VERB", "PART", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
               lemmas=["germany", "refuse", "to", "send", "troop", "to", "iraq", "."])


def test_pairs_beside_a_rule_event_only_complete_one_without_recipient():
    doc = _refusal()
    with_recipient = rule_event("REJECT", actor=(0, 7), recipient=(doc[4].idx, doc[4].idx + 6))
    assert [c.rule for c in candidates(Parse(doc), doc[:], [with_recipient])] == [with_recipient]
    without = rule_event("REJECT", actor=(0, 7))
    found = candidates(Parse(doc), doc[:], [without])
    assert (found[0].actor, found[0].recipient, found[0].rule) == (0, None, without)
    pairs = {(c.actor, c.recipient): c for c in found[1:]}
    assert (0, 6) in pairs and all(c.completes is without and c.actor == 0 for c in pairs.values())
    assert "a=actor:REJECT" in pairs[(0, 6)].links
    assert candidates(Parse(doc), doc[:], [without], pairs=False) == found[:1]


def test_a_recipient_inside_the_actor_leaves_the_rule_event_open_to_pairs():
    # Workers in Peru went on strike .
    words = ["Workers", "in", "Peru", "went", "on", "strike", "."]
    doc = Doc(Vocab(), words=words, heads=[3, 0, 1, 3, 3, 4, 3],
              deps=["nsubj", "prep", "pobj", "ROOT", "prep", "pobj", "punct"],
              pos=["NOUN", "ADP", "PROPN", "VERB", "ADP", "NOUN", "PUNCT"],
              lemmas=["worker", "in", "peru", "go", "on", "strike", "."])
    peru = (doc[2].idx, doc[2].idx + 4)
    inside = rule_event("PROTEST", actor=(0, peru[1]), recipient=peru)
    found = candidates(Parse(doc), doc[:], [inside])
    assert found[0].rule is inside and found[0].recipient is None
    assert {(c.actor, c.recipient) for c in found[1:] if c.completes is inside} == {(0, 5)}
    outside = rule_event("PROTEST", actor=(0, 7), recipient=peru)  # "Workers" alone: Peru is a counterpart
    assert [c.recipient for c in candidates(Parse(doc), doc[:], [outside])] == [2]


def test_a_pair_beside_a_rule_event_reads_how_its_recipient_hangs_on_the_trigger():
    doc = _refusal()
    refused = rule_event("REJECT", actor=(0, 7))
    refused.trigger = TextSpan(doc[1].idx, doc[1].idx + 7, "refused")
    pairs = {(c.actor, c.recipient): c for c in candidates(Parse(doc), doc[:], [refused])[1:]}
    # Iraq < to < send < refused: the labels of the way up to the trigger, the preposition Iraq hangs on
    assert {"tb=|pobj<prep<xcomp", "tbgov=to", "tbgov=to|trig=refuse"} <= set(pairs[(0, 6)].links)
    assert "tb=|dobj<xcomp" in pairs[(0, 4)].links and "tbgov=send" in pairs[(0, 4)].links


def test_a_rule_event_reads_the_verb_its_trigger_hangs_on_and_its_object():
    doc = _refusal()
    send = rule_event("AID", actor=(0, 7), recipient=(doc[6].idx, doc[6].idx + 4))
    send.trigger = TextSpan(doc[3].idx, doc[3].idx + 4, "send")
    [c] = candidates(Parse(doc), doc[:], [send], pairs=False)
    f = features(Parse(doc), c)
    assert {"tgov=refuse", "tgov=refuse|cat=AID", "tobj=troop", "trig=send|obj=troop", "tprep=send|to"} <= set(f)
    refused = rule_event("REJECT", actor=(0, 7))
    refused.trigger = TextSpan(doc[1].idx, doc[1].idx + 7, "refused")
    [c] = candidates(Parse(doc), doc[:], [refused], pairs=False)
    assert not any(name.startswith("tgov=") for name in features(Parse(doc), c))  # the root hangs on nothing


def test_a_silent_sentence_pairs_its_mentions():
    doc = _refusal()
    pairs = {(c.actor, c.recipient) for c in candidates(Parse(doc), doc[:], [])}
    assert {(0, 4), (0, 6)} <= pairs and all(c.rule is None for c in candidates(Parse(doc), doc[:], []))


def test_path_meets_at_the_verb():
    doc = Doc(Vocab(), words=["Police", "arrested", "protesters", "."],
              heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"], pos=["NOUN", "VERB", "NOUN", "PUNCT"],
              lemmas=["police", "arrest", "protester", "."])
    parse = Parse(doc)
    assert parse.path(0, 2) == ([0], 1, [2])
    assert parse.lem[1] == "arrest"


def test_the_shipped_weights_load_and_fit_their_labels():
    model = load_model()
    assert model is not None and "NONE" not in model.labels
    assert model.weights.shape == (len(model.index), len(model.labels) + 2)
    categories, event = model.probabilities([["bias", "cat=SANCTION"], ["bias"], ["no such feature"]])
    assert categories.shape == (3, len(model.labels)) and np.allclose(categories.sum(axis=1), 1)
    assert event.shape == (3,) and ((0 < event) & (event < 1)).all()
    sanction = model.labels.index("SANCTION")  # a sanction pattern's event is a sanction
    assert categories[0, sanction] > 2 * categories[1, sanction]


@pytest.mark.model
def test_every_sentence_of_a_document_is_refined(nlp):
    doc = nlp("Russia attacked Ukraine on Monday. Germany condemned Russia. The EU imposed sanctions on Moscow.")
    sentences = {e.sentence for e in doc._.events}
    assert len(sentences) == 3
    assert [e.id for e in doc._.events] == [f"v{k + 1}" for k in range(len(doc._.events))]


def test_a_shared_bag_scores_as_if_each_row_held_it():
    model = load_model()
    known = list(model.index)
    own, bag = [known[:3], known[3:5], known[5:6]], [known[10:20], known[20:25]]
    shared = model.probabilities(own, bag, [0, 1, 0])
    whole = model.probabilities([own[0] + bag[0], own[1] + bag[1], own[2] + bag[0]])
    assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(shared, whole))
