"""A quote's `category`: speech, belief or evidence, so users can keep or drop beliefs and polls."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text, words, category", [
    ("The minister said that the talks had failed.", "the talks had failed", "speech"),
    ("Most economists believe that the recession will be short.", "the recession will be short", "belief"),
    ("A new poll shows that the senator leads by five points.", "the senator leads by five points", "evidence"),
])
def test_category_follows_the_cue(nlp, text, words, category):
    from newsgraph.records import quote_record

    doc = nlp(text)
    found = [q for q in doc._.quotes if words in q.text]
    assert found, [q.text for q in doc._.quotes]
    assert found[0].category == category
    assert quote_record(found[0])["category"] == category


def test_a_transcript_quoted_paragraph_by_paragraph_gives_one_quote_per_turn(nlp):
    text = ('The interview went on.\n\n"WALLACE: Will you be at the debate tomorrow night?\n\n'
            '"PENCE: I will be there, and so will my running mate.\n\n"WALLACE: Thank you very much, Governor.')
    doc = nlp(text)
    turns = [(q.speaker.text, q.text) for q in doc._.quotes if q.speaker is not None]
    assert turns == [("WALLACE", "Will you be at the debate tomorrow night?"),
                     ("PENCE", "I will be there, and so will my running mate."),
                     ("WALLACE", "Thank you very much, Governor.")]
    assert not any("PENCE:" in q.text for q in doc._.quotes)


@pytest.mark.parametrize("headline, speaker", [
    ("Sanders: Clinton Email Story Has Moved.", "Sanders"),
    ("Dr. Ben Carson: Hillary Clinton Not Fit To Serve.", "Dr. Ben Carson"),
    ("Poll: Sanders Leads Clinton With First National Lead.", "Poll"),
])
def test_a_headline_label_names_the_speaker_of_the_line(nlp, headline, speaker):
    text = (headline + "\n\nSenator Bernie Sanders spoke to reporters in Washington on Friday about the race, "
            "which Hillary Clinton leads, and about Ben Carson.")
    doc = nlp(text)
    line = headline.split(": ", 1)[1]
    found = [q for q in doc._.quotes if q.text == line]
    assert found, [(q.speaker and q.speaker.text, q.text) for q in doc._.quotes]
    assert found[0].speaker.text == speaker


def test_a_headline_label_that_names_no_one_is_not_a_speaker(nlp):
    doc = nlp("The Latest: Cruz wins the Iowa caucuses by a wide margin.\n\nTed Cruz won in Iowa on Monday.")
    assert not any(q.text.startswith("Cruz wins") for q in doc._.quotes)
