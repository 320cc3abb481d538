"""The event rules beyond single trigger patterns, on real parses: datelines, pronouns, support
verbs, reported demands, actors named by a preposition, recipients found by place, pairs."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUBLISHED = "2024-03-08"  # a Friday


def run(nlp, text, published=PUBLISHED):
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def events(doc, category=None):
    return [e for e in doc._.events if category is None or e.type == category]


def texts(doc, side):
    return [doc.text[p.start:p.end] for p in side]


def test_a_dateline_is_never_an_actor(nlp):
    doc = run(nlp, "WASHINGTON - The United States is preparing another military aid package for Ukraine.")
    [event] = events(doc, "AID")
    assert texts(doc, event.actor) == ["The United States"]
    assert [p.country for p in event.actor] == ["USA"] and event.status == "planned"


def test_a_pronoun_reported_by_its_antecedent_is_that_antecedent(nlp):
    doc = run(nlp, "Sri Lankan Tamil rebels have said that they will release two homeguards on Monday.")
    [event] = events(doc, "RETREAT")
    assert texts(doc, event.actor) == ["Sri Lankan Tamil rebels"]
    assert event.status == "planned"


def test_a_support_verb_hands_its_doer_to_the_event_noun(nlp):
    doc = run(nlp, "Afghan President Ashraf Ghani on Thursday announced a weeklong ceasefire with the Taliban.")
    [event] = events(doc)
    assert (event.type, event.mode, event.date) == ("RETREAT", "ceasefire", "2024-03-07")
    assert texts(doc, event.recipient) == ["the Taliban"]


def test_criticism_from_someone_is_their_accusation(nlp):
    doc = run(nlp, "Iran's government faces widespread international criticism from the U.N. over the arrests.")
    [event] = events(doc, "ACCUSE")
    assert [p.country for p in event.actor] == ["UNO"]
    assert [p.country for p in event.recipient] == ["IRN"]


def test_a_reported_must_is_a_request_and_not_the_act(nlp):
    doc = run(nlp, "Russia says Israel must end attacks on Syria.")
    assert [(e.type, [p.country for p in e.actor], [p.country for p in e.recipient]) for e in events(doc)] == [
        ("REQUEST", ["RUS"], ["ISR"])]


def test_a_named_place_is_the_recipient_when_no_one_else_is(nlp):
    doc = run(nlp, "Punjab government imposed blockades in Lahore, Rawalpindi and Multan.")
    [event] = events(doc, "COERCE")
    assert texts(doc, event.recipient) == ["Lahore", "Rawalpindi", "Multan"]


def test_the_author_of_a_rejected_call_is_its_recipient(nlp):
    doc = run(nlp, "Hezbollah chief Hassan Nasrallah rejected a call from US President George W. Bush "
                   "for his movement to disarm.")
    [event] = events(doc, "REJECT")
    assert texts(doc, event.recipient) == ["US President George W. Bush"]


def test_an_agreement_to_act_is_an_agreement_and_a_planned_act(nlp):
    doc = run(nlp, "Armenia and Azerbaijan agreed on Thursday to exchange prisoners.")
    agree, exchange = events(doc)
    assert (agree.type, agree.status, agree.date) == ("AGREE", "asserted", "2024-03-07")
    assert {p.country for p in agree.actor} == {"ARM", "AZE"}
    assert (exchange.status, exchange.date) == ("planned", "2024-03-07")  # the date is when they agreed


def test_the_two_sides_are_the_two_parties_of_the_talks(nlp):
    doc = run(nlp, "Yerevan and Baku held talks in Brussels. The two sides agreed to meet again.")
    meeting = events(doc)[-1]
    assert (meeting.type, meeting.status) == ("CONSULT", "planned")
    assert sorted(p.country for p in meeting.actor) == ["ARM", "AZE"]


def test_returning_something_to_someone(nlp):
    doc = run(nlp, "ICE returned 11 oil paintings to the Pirmasen Municipal Museum in Germany.")
    [event] = events(doc)
    assert (event.type, event.mode) == ("RETREAT", "release")
    assert texts(doc, event.recipient) == ["the Pirmasen Municipal Museum in Germany"]
