"""Speakers chosen and resolved on short made-up wire copy, through the real model: quotations no
cue claims, offices and pronouns across sentences, institutions and relays."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def speaker_of(doc, words):
    found = [q for q in doc._.quotes if any(words in doc.text[s:e] for s, e in q.spans)]
    assert found, f"no quote contains {words!r}: {[q.text for q in doc._.quotes]}"
    return found[0].speaker


def test_a_quotation_inside_a_sentence_is_its_subjects(nlp):
    doc = nlp('Senator Maria Lopez backs "appropriate pay raises for federal workers who keep the country running."')
    speaker = speaker_of(doc, "appropriate pay raises")
    assert speaker is not None and speaker.name == "Maria Lopez"


def test_a_quotation_after_a_colon_or_a_bare_speech_verb_or_before_a_signature(nlp):
    doc = nlp('Pollster Michael P. McDonald: "At long last the contests have started, and we now have a first '
              'glimpse at turnout."\n\nJane Smith agreed. "Mainstream Republicans are running out of time to find '
              'an alternative."')
    assert speaker_of(doc, "At long last").name == "Michael P. McDonald"
    assert speaker_of(doc, "Mainstream Republicans").name == "Jane Smith"
    doc = nlp('The debate turned to the economy.\n\n"Almost all new income is going to the top one percent of '
              'earners."\n\n- Bernie Sanders.\n\nThe senator is relying on outdated figures.')
    assert speaker_of(doc, "Almost all new income").text == "Bernie Sanders"


def test_a_clause_before_a_colon_names_the_speaker_when_its_last_verb_has_no_subject(nlp):
    doc = nlp("Trump gestured as if to stop the ruckus, then leaned in and boomed: “Let’s defeat her in November.”")
    speaker = speaker_of(doc, "defeat her")
    assert speaker is not None and speaker.text == "Trump"


def test_a_signature_on_the_quotations_own_line_names_its_speaker(nlp):
    doc = nlp("Readers told us what they thought of the debate.\n"
              "“The most unqualified child to ever run for president.” ― Francisco Herrero\n"
              "“He has woken communities of color from our slumber.” ― Julie A. Diaz Martinez")
    unqualified, woken = (speaker_of(doc, words) for words in ("most unqualified", "woken communities"))
    assert unqualified.text == "Francisco Herrero" and woken.text == "Julie A. Diaz Martinez"
    # each quotation is its own quote: the signature ends the first one's attribution
    assert not any("woken" in q.text for q in doc._.quotes if "unqualified" in q.text)


def test_an_office_goes_to_the_last_speaker_not_the_last_name(nlp):
    doc = nlp('U.S. Secretary of State Antony Blinken met Ukrainian Foreign Minister Dmytro Kuleba in Kyiv on Tuesday.\n\n'
              '"More will arrive in the days ahead," Blinken said at a joint press conference with Kuleba.\n\n'
              'The top diplomat said Washington would send more ammunition. According to him, allies are also '
              'looking for Patriot systems.\n\n'
              '"Every day without them costs us lives," the Ukrainian minister said.')
    assert speaker_of(doc, "Washington would send").name == "Antony Blinken"
    assert speaker_of(doc, "allies are also").name == "Antony Blinken"
    assert speaker_of(doc, "Every day without them").name == "Dmytro Kuleba"


def test_a_counterpart_is_a_minister_too_and_an_apposition_names_the_speaker(nlp):
    doc = nlp("Slovenian Foreign Minister Ana Novak met her Serbian counterpart Nikola Perić in Belgrade on Wednesday.\n\n"
              'Perić said Belgrade would not impose sanctions. "We are not going to change our position," the '
              "minister said.\n\n"
              "Sudan's envoy to the UN in Geneva, Ahmed Khalil, said the army had opened all the roads.")
    assert speaker_of(doc, "change our position").name == "Nikola Perić"
    assert speaker_of(doc, "the army had opened").name == "Ahmed Khalil"


def test_institutions_get_names_and_a_capital_speaks_for_its_country(nlp):
    doc = nlp("Britain will deploy a battalion to Kosovo, the British defence ministry said.\n\n"
              "Tokyo said peace across the Taiwan Strait was important for the region.")
    assert speaker_of(doc, "deploy a battalion").name == "British Defence Ministry"
    assert speaker_of(doc, "peace across the Taiwan Strait").name == "Japan"


def test_a_passive_expectation_has_no_speaker(nlp):
    doc = nlp("Yellen is widely expected to lay further groundwork for a rate hike at the hearing on Thursday.")
    for quote in doc._.quotes:
        assert quote.speaker is None or quote.speaker.text != "Yellen"


def test_a_role_description_goes_to_the_person_introduced_with_that_role_and_modifiers(nlp):
    doc = nlp("Indiana Gov. Mike Pence met donors on Monday. Ohio Gov. John Kasich stayed home.\n\n"
              "The Indiana governor said the party must unite.")
    assert speaker_of(doc, "the party must unite").name == "Mike Pence"
    doc = nlp("Republican nominee Donald Trump spoke in Ohio. Democratic nominee Hillary Clinton spoke in Iowa.\n\n"
              "The GOP nominee said he would win. The Democratic nominee said she would win.")
    assert speaker_of(doc, "he would win").name == "Donald Trump"
    assert speaker_of(doc, "she would win").name == "Hillary Clinton"
    doc = nlp("Former Secretary of State Hillary Clinton and Secretary of State John Kerry met.\n\n"
              "The former secretary of state said the talks went well.")
    assert speaker_of(doc, "the talks went well").name == "Hillary Clinton"


def test_a_role_description_with_no_one_introduced_so_stays_unnamed(nlp):
    doc = nlp("Mike Pence, the Indiana governor, joined the ticket.\n\nThe Ohio governor said he was unhappy.")
    speaker = speaker_of(doc, "he was unhappy")
    assert speaker is not None and speaker.text == "The Ohio governor" and speaker.name is None


def test_a_surname_the_tagger_took_for_a_common_noun_is_the_person(nlp):
    doc = nlp("Sean Hannity hosted the show on Monday. Hannity said it was great.")
    assert speaker_of(doc, "it was great").name == "Sean Hannity"


def test_a_role_description_prefers_its_stated_place_and_takes_no_ordinal(nlp):
    doc = nlp("Sen. Rand Paul spoke on Monday. Vermont Sen. Bernie Sanders spoke on Tuesday. Sen. Rand Paul "
              "spoke again.\n\nThe Vermont senator said he would stay.")
    assert speaker_of(doc, "he would stay").name == "Bernie Sanders"
    doc = nlp("Democratic candidate Hillary Clinton and Republican candidate Donald Trump spoke.\n\n"
              "The first candidate said she would stay.")
    assert speaker_of(doc, "she would stay").name is None


def test_a_bare_surname_tagged_noun_goes_to_the_most_mentioned_bearer(nlp):
    doc = nlp("Donald Trump won Nevada. Donald Trump thanked voters. Melania Trump spoke first.\n\n"
              "Trump predicts that many supporters will switch to his side.")
    speaker = speaker_of(doc, "many supporters")
    assert speaker.text != "Trump" or speaker.name == "Donald Trump"


def test_a_party_state_tag_introduces_the_place_a_description_names(nlp):
    doc = nlp("Sen. Bob Menendez (D-N.J.) spoke on Monday. Sen. Marco Rubio (R-Fla.) spoke on Tuesday. "
              "Sen. Bob Menendez spoke again.\n\nThe Florida senator said he would stay.")
    assert speaker_of(doc, "he would stay").name == "Marco Rubio"


def test_a_gendered_role_word_skips_a_person_of_the_other_gender(nlp):
    doc = nlp("Rep. Nancy Pelosi spoke on Monday. Rep. John Boehner, who spoke after her, was applauded. "
              "Mr. Boehner left early.\n\nThe congresswoman said the vote would pass.")
    assert speaker_of(doc, "the vote would pass").name == "Nancy Pelosi"


def test_a_that_clause_of_an_outer_predicate_is_its_subjects(nlp):
    # PolNeAR names the outer source of a reported clause, whatever the outer verb
    doc = nlp("The survey also showed that moderates and suburban voters mostly backed Clinton.")
    assert speaker_of(doc, "mostly backed Clinton").text == "The survey"
    doc = nlp("The outlet completely glosses over the fact that the restrictive gun laws in France guaranteed "
              "that the attackers would not face gunfire.")
    assert speaker_of(doc, "the attackers would not face gunfire").text == "The outlet"
    doc = nlp("Jones made it clear that his boss wanted a firmer commitment.")
    assert speaker_of(doc, "a firmer commitment").text == "Jones"
    doc = nlp("It is clear that Senator Smith said the talks had failed.")
    assert speaker_of(doc, "the talks had failed").text == "Senator Smith"
