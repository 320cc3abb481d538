"""How event sides get their country from the article: a body named before ("the bloc"), a
possessor, a person or institution placed earlier, a pronoun's antecedent, an event referred back to."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUBLISHED = "2024-03-08"


def run(nlp, text, published=PUBLISHED):
    doc = nlp.make_doc(text)
    doc._.published = published
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def of_type(doc, etype):
    return [e for e in doc._.events if e.type == etype]


def countries(side):
    return {p.country for p in side}


def test_the_bloc_is_the_body_named_before(nlp):
    doc = run(nlp, "European Union foreign ministers met on Monday. Ministers also heard from Ukrainian Foreign "
                   "Minister Dmytro Kuleba, who joined the meeting by video link and asked the bloc to speed up "
                   "deliveries of artillery ammunition.")
    [event] = [e for e in doc._.events if e.trigger.text == "asked"]
    assert countries(event.actor) == {"UKR"} and countries(event.recipient) == {"EUR"}


def test_the_leaders_of_the_bloc_are_of_its_country(nlp):
    doc = run(nlp, "The European Union met in Brussels on Thursday. Hungarian Prime Minister Viktor Orban blocked "
                   "a package, hours after the bloc's other leaders agreed to open accession talks with Kyiv.")
    [event] = of_type(doc, "AGREE")
    assert countries(event.actor) == {"EUR"}


def test_a_named_possessor_places_only_its_members():
    from newsgraph.extract.actors import code_actor

    assert code_actor("allies", None)[1] is None  # "Ukraine's allies" are not Ukrainian
    assert code_actor("leaders", None)[1] is not None


def test_the_accusations_are_those_of_the_accusers(nlp):
    doc = run(nlp, "Britain, France and Germany on Wednesday accused Iran of supplying drones to Russia. "
                   "Iran's Foreign Ministry rejected the accusations as baseless.")
    [event] = [e for e in doc._.events if e.trigger.text == "rejected"]
    assert countries(event.actor) == {"IRN"} and countries(event.recipient) & {"GBR", "FRA", "DEU"}


def test_the_agreement_is_that_of_its_parties(nlp):
    doc = run(nlp, "Armenia and Azerbaijan agreed on Thursday to exchange prisoners of war. "
                   "The European Union welcomed the agreement within hours.")
    [event] = [e for e in doc._.events if e.trigger.text == "welcomed"]
    assert {"ARM", "AZE"} <= countries(event.recipient)


def test_an_event_noun_with_its_author_named_keeps_it(nlp):
    doc = run(nlp, "Armenia and Azerbaijan agreed on Thursday to exchange prisoners of war. "
                   "The European Union welcomed Russia's decision.")
    [event] = [e for e in doc._.events if e.trigger.text == "welcomed"]
    assert countries(event.recipient) == {"RUS"}
