"""How event sides get their country from the article: a body named before ("the bloc"), a
possessor, a person or institution placed earlier, a pronoun's antecedent, an event referred back to."""
from __future__ import annotations

import pytest
from model_docs import PUBLISHED, run

pytestmark = pytest.mark.model



def of_type(doc, etype):
    return [e for e in doc._.events if e.type == etype]


def triggered_by(doc, word):
    return [e for e in doc._.events if e.trigger.text == word]


def countries(side):
    return {p.country for p in side}


def sides(doc, word):
    """The countries of the actor and of the recipient of the one event `word` triggers."""
    [event] = triggered_by(doc, word)
    return countries(event.actor), countries(event.recipient)


def test_the_bloc_is_the_body_named_before(nlp):
    doc = run(nlp, "European Union foreign ministers met on Monday. Ministers also heard from Ukrainian Foreign "
                   "Minister Dmytro Kuleba, who joined the meeting by video link and asked the bloc to speed up "
                   "deliveries of artillery ammunition.")
    assert sides(doc, "asked") == ({"UKR"}, {"EUR"})


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
    [event] = triggered_by(doc, "rejected")
    assert countries(event.actor) == {"IRN"} and countries(event.recipient) & {"GBR", "FRA", "DEU"}


def test_the_agreement_is_that_of_its_parties(nlp):
    doc = run(nlp, "Armenia and Azerbaijan agreed on Thursday to exchange prisoners of war. "
                   "The European Union welcomed the agreement within hours.")
    [event] = triggered_by(doc, "welcomed")
    assert {"ARM", "AZE"} <= countries(event.recipient)


def test_an_event_noun_with_its_author_named_keeps_it(nlp):
    doc = run(nlp, "Armenia and Azerbaijan agreed on Thursday to exchange prisoners of war. "
                   "The European Union welcomed Russia's decision.")
    [event] = triggered_by(doc, "welcomed")
    assert countries(event.recipient) == {"RUS"}


def test_home_offices_are_of_the_dateline_country(nlp):
    doc = run(nlp, "TBILISI, May 1 (BSO) - Thousands of people protested outside parliament on Tuesday. The Interior "
                   "Ministry accused opposition leaders of organising violence. Prime Minister Irakli Kobakhidze met "
                   "the Ukrainian ambassador on Wednesday.")
    [accuse] = triggered_by(doc, "accused")
    assert countries(accuse.actor) == {"GEO"}
    [meeting] = of_type(doc, "CONSULT")
    assert countries(meeting.actor) == {"GEO", "UKR"}


def test_no_home_country_from_a_dateline_of_two_places(nlp):
    doc = run(nlp, "MOSCOW/TBILISI, May 1 (BSO) - Thousands of people protested outside parliament on Tuesday. "
                   "The Interior Ministry accused opposition leaders of organising violence.")
    [accuse] = triggered_by(doc, "accused")
    assert countries(accuse.actor) == {None}


def test_an_office_placed_where_it_is_named_keeps_that_country(nlp):
    doc = run(nlp, "CHISINAU, March 1, 2024 (Wire) - Moldova will not be intimidated, Foreign Minister Elena Rusu said, "
                   "after Russia's Foreign Ministry warned that it would protect Russian citizens.")
    [threat] = triggered_by(doc, "warned")
    assert countries(threat.actor) == {"RUS"}


def test_home_office_words():
    from newsgraph.extract.events.coref import is_home_office

    assert is_home_office("the Interior Ministry") and is_home_office("Its pro-Western government")
    assert is_home_office("Vice Premier") and is_home_office("the authorities")
    assert not is_home_office("Secretary of State") and not is_home_office("spokeswoman")


def test_a_possessive_opening_the_speakers_phrase_is_not_the_speaker(nlp):
    doc = run(nlp, "The Russian Foreign Ministry called on both sides to show restraint. Its spokeswoman Maria Zakharova "
                   "said Moscow was ready to help, but criticised Yerevan for relying on non-regional players.")
    assert sides(doc, "criticised") == ({"RUS"}, {"ARM"})


def test_a_verb_coordinated_with_a_passive_one_shares_its_subject(nlp):
    doc = run(nlp, 'The State Department said in a statement that Washington was "deeply concerned" by the drills '
                   "and urged Beijing to act with restraint.")
    assert sides(doc, "urged") == ({"USA"}, {"CHN"})


def test_two_coordinated_passives_keep_their_patient(nlp):
    doc = run(nlp, "Gul Rahman, a suspected militant, was tortured and killed in a secret CIA prison in Afghanistan.")
    assert all("Gul Rahman" not in [p.name for p in e.actor] for e in doc._.events)


def test_the_two_ministers_are_the_two_actors_not_a_topic(nlp):
    doc = run(nlp, "U.S. Secretary of State Antony Blinken spoke by phone with Chinese Foreign Minister Wang Yi on "
                   "Tuesday. Blinken raised concerns about Beijing's support for Russia, discussing Russia's war in "
                   "Ukraine. The two ministers agreed to keep open lines of communication, the readout said.")
    [event] = of_type(doc, "AGREE")
    assert countries(event.actor) == {"USA", "CHN"}


def test_whoever_warns_both_sides_is_not_one_of_them(nlp):
    doc = run(nlp, "Russia attacked Ukraine's ports. Turkish Foreign Minister Hakan Fidan met UN Secretary-General "
                   "Antonio Guterres in Ankara on Monday. Fidan also warned both sides of the consequences of attacks "
                   "on merchant ships.")
    [event] = triggered_by(doc, "warned")
    assert "TUR" not in countries(event.recipient) and "UKR" in countries(event.recipient)


def test_a_town_named_after_its_country_word_is_in_that_country(nlp):
    doc = run(nlp, "A convoy of 14 UN trucks carrying food, blankets and medical supplies arrived in the southern "
                   "Armenian town of Goris on Monday.")
    [event] = of_type(doc, "AID")
    assert countries(event.actor) == {"UNO"} and countries(event.recipient) == {"ARM"}


def test_someones_spokeswoman_is_of_the_possessors_country(nlp):
    doc = run(nlp, "German Foreign Minister Annalena Baerbock met Moldovan officials. Baerbock's spokeswoman Katrin "
                   "Müller later told reporters that Berlin would pay. Müller criticised Russia.")
    assert sides(doc, "criticised") == ({"DEU"}, {"RUS"})


def test_cooperation_between_two_parties_stands_for_both(nlp):
    doc = run(nlp, "South Korea's Foreign Ministry said it strongly condemns any military cooperation between "
                   "Pyongyang and Moscow.")
    [event] = triggered_by(doc, "condemns")
    assert countries(event.recipient) == {"PRK", "RUS"}


def test_an_unnamed_warner_of_both_sides_leaves_the_unnamed_sides_that_met(nlp):
    # the warner names no entity: no actor without one is taken for it
    doc = run(nlp, "Israeli officials and Palestinian negotiators met in Cairo. A spokesman warned both sides against "
                   "escalation.")
    [event] = triggered_by(doc, "warned")
    assert countries(event.recipient) == {"ISR", "PSE"}


def test_a_person_with_no_country_takes_the_one_a_later_speaker_mention_gives(nlp):
    # "Secretary of State" places no one; "the top US diplomat said" does, as it does the quotation
    doc = run(nlp, "Secretary of State Antony Blinken arrived in Kyiv on Tuesday. \"We stand with Ukraine,\" the top "
                   "US diplomat said. Blinken criticised Russia.")
    assert sides(doc, "criticised") == ({"USA"}, {"RUS"})


def test_the_secretary_is_the_secretary_of_state_named_before(nlp):
    # the title's head is "secretary", not its last word "State"
    doc = run(nlp, "U.S. Secretary of State Antony Blinken spoke by phone with Chinese Foreign Minister Wang Yi, the "
                   "State Department said.\n\nThe secretary raised \"serious concerns\" about Chinese exports of machine "
                   "tools, according to the department's readout.")
    assert sides(doc, "raised") == ({"USA"}, {"CHN"})
