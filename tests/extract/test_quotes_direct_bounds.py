"""Boundaries of direct quotations: what belongs to the quotation and what to its attribution."""
from __future__ import annotations

import pytest
from model_docs import pieces

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(quote_rules_nlp):
    return quote_rules_nlp


def quotes_with(doc, words):
    return [q for q in doc._.quotes if any(words in p for p in pieces(doc, q))]


def test_lead_in_with_its_own_cue_is_not_content_of_the_cue_after(nlp):
    doc = nlp("In her speech, Rhimes declared the need for strong will, ambition and drive: "
              "“Change the world and when you’ve done that, change it again,” she said.")
    found = quotes_with(doc, "Change the world")
    assert found and all(pieces(doc, q) == ["“Change the world and when you’ve done that, change it again,”"]
                         for q in found)
    assert found[0].kind == "direct"


def test_said_then_quotation_then_she_said(nlp):
    doc = nlp('Asked Tuesday about Sullivan, Feinstein said "I don\'t know anything about Jake Sullivan '
              'and the emails," she said.')
    found = quotes_with(doc, "know anything")
    assert found and all(not q.text.startswith("Asked") for q in found)


def test_quotation_introduced_by_one_cue_is_not_the_next_cues(nlp):
    doc = nlp("When someone in the audience shouted, “Cruz,” Beck joked, again using an exaggerated "
              "Southern accent, “Amen, brother! Come on up and get baptized!”")
    assert [pieces(doc, q) for q in quotes_with(doc, "Amen")] == [["“Amen, brother! Come on up and get baptized!”"]]
    doc = nlp("Blumenthal was asked, “If you had known she had a personal server, would you have told her "
              "it’s not a good idea?” He answered, “I have no idea. We’re old friends.”")
    assert [pieces(doc, q) for q in quotes_with(doc, "no idea")] == [["“I have no idea. We’re old friends.”"]]


def test_split_quotation_around_its_own_cue_stays_one(nlp):
    doc = nlp("“We will fight,” Novak said, “and we will win.”")
    assert [pieces(doc, q) for q in doc._.quotes] == [["“We will fight,”", "“and we will win.”"]]


def test_continuation_goes_on_with_the_whole_quotation_not_a_partial_one(nlp):
    doc = nlp("“Everything. Everything is on the table,” Carson told the AP on Wednesday after hinting that "
              "“personnel changes” could come. “Every single thing is on the table. I’m looking carefully.”")
    q = quotes_with(doc, "Everything is on the table")[0]
    assert pieces(doc, q) == ["“Everything. Everything is on the table,”",
                              "“Every single thing is on the table. I’m looking carefully.”"]
    assert q.kind == "direct" and q.speaker.text == "Carson"


def test_quoted_name_in_the_speaker_is_not_content(nlp):
    doc = nlp("“If we want ethnic minority voters to support Republicans, we have to engage them,” wrote the "
              "authors of the “Growth and Opportunity Project,” giving the example of Mitt Romney’s poor "
              "showing with Latinos.")
    assert all("Growth and Opportunity" not in p for q in doc._.quotes for p in pieces(doc, q))
    assert quotes_with(doc, "If we want")
