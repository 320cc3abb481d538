"""Rules for reported (indirect) content beyond "X said that ...", run through the real model."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(quote_rules_nlp):
    return quote_rules_nlp


@pytest.mark.parametrize("text, content", [
    ("The talks dragged on for hours. The minister appeared closer to accepting the offer.",
     "The minister appeared closer to accepting the offer"),
    ("Turnout was low in the north. Voters seem tired of the long campaign.",
     "Voters seem tired of the long campaign"),
    ("The vote was delayed again. It appears that the coalition has lost its majority.",
     "the coalition has lost its majority"),
])
def test_a_sourceless_judgement_with_seem_or_appear_is_reported_content(nlp, text, content):
    """"The minister appeared closer to ...": the writer's judgement, no one named; the judged
    clause, its subject included, is the content and the quote has no speaker."""
    doc = nlp(text)
    found = [q for q in doc._.quotes if q.text == content]
    assert found, [q.text for q in doc._.quotes]
    assert found[0].speaker is None
    assert found[0].category == "belief"


@pytest.mark.parametrize("text", [
    "The minister appeared on national television on Sunday.",
    "Footage of the meeting again appears.",
    "She said the plan that seemed promising had failed.",
])
def test_seem_or_appear_without_a_judgement_as_main_verb_is_no_cue(nlp, text):
    doc = nlp(text)
    assert not any(q.cue is not None and q.cue.text.lower().startswith(("seem", "appear")) for q in doc._.quotes), \
        [(q.text, q.cue) for q in doc._.quotes]


@pytest.mark.parametrize("text, source, content", [
    ("Senator Ted Cruz was also critical of the president's stance on trade.", "Ted Cruz",
     "the president's stance on trade"),
    ("Some Democrats are concerned that the tactics could split the party.", "Democrats",
     "the tactics could split the party"),
    ("Most voters were unhappy with the direction of the government.", "voters",
     "the direction of the government"),
    ("Several senators have been sympathetic to free trade arguments.", "senators", "free trade arguments"),
    ("The young governor was eager to make his mark on the party.", "governor", "to make his mark on the party"),
])
def test_a_stance_adjective_reports_what_its_subject_holds(nlp, text, source, content):
    """"X was critical of Y": a predicative stance adjective is a cue, its object the content and
    the subject of "be" the source."""
    doc = nlp(text)
    found = [q for q in doc._.quotes if q.text == content]
    assert found, [q.text for q in doc._.quotes]
    assert found[0].speaker is not None and source in found[0].speaker.text
    assert found[0].category == "belief"


@pytest.mark.parametrize("text", [
    "The senator cast a critical vote on Tuesday.",
    "The minister was confident.",
])
def test_a_stance_adjective_without_an_object_or_before_a_noun_is_no_cue(nlp, text):
    doc = nlp(text)
    assert not doc._.quotes, [q.text for q in doc._.quotes]


@pytest.mark.parametrize("text, cue, content", [
    ("The department asked the aides to search their personal e-mails.", "asked",
     "the aides to search their personal e-mails"),
    ("The governor told the mayor to restore order.", "told", "the mayor to restore order"),
    ("The minister begged lawmakers to pass the budget.", "begged", "lawmakers to pass the budget"),
])
def test_a_speech_verb_with_an_object_and_an_infinitive_reports_the_request(nlp, text, cue, content):
    """"asked X to do Y": with no clause, the listener and the infinitive are what was asked."""
    doc = nlp(text)
    found = [q for q in doc._.quotes if q.text == content]
    assert found, [q.text for q in doc._.quotes]
    assert found[0].cue.text == cue


@pytest.mark.parametrize("text, cue", [
    ("Ministers backed a new package of sanctions, which the Commission is expected to present next month.", "expected"),
    ("The bill, which the senator has vowed to block in committee, passed the House.", "vowed"),
])
def test_an_infinitive_content_does_not_reach_back_over_its_relative_pronoun(nlp, text, cue):
    """"which the Commission is expected to present": the infinitive governs the relative pronoun
    before the cue, but what is reported starts after the cue."""
    doc = nlp(text)
    found = [q for q in doc._.quotes if q.cue is not None and q.cue.text == cue]
    assert found, [q.text for q in doc._.quotes]
    assert all(s > found[0].cue.start for s, _ in found[0].spans), found[0].spans
    assert found[0].text.startswith("to ")


@pytest.mark.parametrize("text, content", [
    ("Most voters said they backed the plan in a Post poll.", "they backed the plan"),
    ("The senator said the deal was dead in an interview with CNN.", "the deal was dead"),
    ("She said she took part in the release of the hostages.", "she took part in the release of the hostages"),
])
def test_a_frame_phrase_at_the_end_of_content_is_cut_off(nlp, text, content):
    """"said X in an interview", "in a poll": where the words were said, hung by the parser on the
    reported clause; "in the release of the hostages" is no frame (a frame noun with "of")."""
    doc = nlp(text)
    assert [q.text for q in doc._.quotes] == [content]


@pytest.mark.parametrize("text, content", [
    ("The spokesman referred to Jeffrey Feltman, a State Department official.", "Jeffrey Feltman"),
    ("Trump opposed the trade pact — one of the president's biggest goals.", "the trade pact"),
])
def test_an_apposition_after_an_object_content_is_cut_off(nlp, text, content):
    """The apposition describes what the object names; the speaker spoke of the thing."""
    doc = nlp(text)
    assert [q.text for q in doc._.quotes] == [content]


def test_an_inverted_belief_still_reports_its_clause(nlp):
    """"X, he believes": the parse hangs the clause on the cue, so it stays content although inverted
    contents (the cue hung on the content's verb) are kept for speech cues only."""
    doc = nlp("The economy is recovering, he believes.")
    assert [q.text for q in doc._.quotes] == ["The economy is recovering"]


@pytest.mark.parametrize("text, source, content", [
    ("Most young voters support Bernie Sanders.", "voters", "Bernie Sanders"),
    ("The largest union backed the governor in the primary.", "union", "the governor"),
    ("Senator Warren wants to raise taxes on the largest banks.", "Warren", "to raise taxes on the largest banks"),
    ("The campaign sought an injunction against the party.", "campaign", "an injunction against the party"),
    ("Many Republicans prefer an outsider.", "Republicans", "an outsider"),
    ("Few economists share the governor's optimism.", "economists", "the governor's optimism"),
])
def test_a_stance_verb_reports_what_its_subject_holds(nlp, text, source, content):
    """"Voters support Sanders", "X wants to Y": PolNeAR annotates stances as attributions, the
    object (a bare name too, for support and back) or the infinitive being the content."""
    doc = nlp(text)
    found = [q for q in doc._.quotes if q.text == content]
    assert found, [q.text for q in doc._.quotes]
    assert found[0].speaker is not None and source in found[0].speaker.text
    assert found[0].category == "belief"


def test_a_stance_verb_without_a_subject_or_object_reports_nothing(nlp):
    doc = nlp("The bridge was built with support from the state.")
    assert not doc._.quotes, [q.text for q in doc._.quotes]


@pytest.mark.parametrize("text, content", [
    ("Sanders described the plan as a short-term buzz.", "the plan as a short-term buzz"),
    ("The senator slammed Barack Obama as elitist and out-of-touch.", "Barack Obama as elitist and out-of-touch"),
])
def test_an_object_verb_takes_the_as_phrase_after_its_object(nlp, text, content):
    """"described the plan [as a short-term buzz]": what the object was said to be is content too
    (objects._CONTENT_PREPS)."""
    doc = nlp(text)
    assert [q.text for q in doc._.quotes] == [content]
