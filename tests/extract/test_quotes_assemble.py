"""Drafts -> quotes (extract/quotes/assemble.py): a content span leaves out the dateline opening its
sentence; one quote per content (drop_repeats)."""
from __future__ import annotations

import spacy

from newsgraph.extract.events.docview import forget
from newsgraph.extract.quotes.assemble import drop_repeats, past_dateline
from newsgraph.records import Quote, Speaker, TextSpan

NLP = spacy.blank("en")


def _doc(text: str):
    doc = NLP(text)
    for token in doc:
        token.is_sent_start = token.i == 0
    forget()
    return doc


def test_a_content_span_starts_after_the_dateline_of_its_sentence():
    text = "WASHINGTON, March 8, 2024 (Wire) – The United States is preparing aid, Blinken said."
    start = text.index("The United")
    assert past_dateline(_doc(text), 0, text.index(", Blinken")) == (start, text.index(", Blinken"))


def test_a_span_without_a_dateline_stays_as_it_is():
    text = "The United States is preparing aid, Blinken said on Friday."
    assert past_dateline(_doc(text), 0, 34) == (0, 34)
    text = "WASHINGTON (Wire) – Blinken said the aid would come soon."
    inside = text.index("the aid")
    assert past_dateline(_doc(text), inside, len(text) - 1) == (inside, len(text) - 1)


REPORT = 'According to Borrell, the attack "has damaged" the talks, and Borrell said the EU would act.'


def _quote(qid, spans, cue=None, speaker=None, confidence=0.5):
    cue_span = TextSpan(REPORT.index(cue), REPORT.index(cue) + len(cue), cue) if cue else None
    who = None
    if speaker:
        at = REPORT.index(speaker)
        who = Speaker(entity=None, name=speaker, start=at, end=at + len(speaker), text=speaker)
    start, end = spans[0][0], spans[-1][1]
    return Quote(id=qid, start=start, end=end, spans=spans, text=REPORT[start:end], kind="indirect",
                 cue=cue_span, speaker=who, confidence=confidence)


def _span(words):
    return (REPORT.index(words), REPORT.index(words) + len(words))


def test_of_two_quotes_with_the_same_spans_the_one_with_cue_and_speaker_stays():
    content = [(_span("the attack")[0], _span("the talks")[1])]
    bare = _quote("q1", content, speaker="Borrell", confidence=0.9)
    cued = _quote("q2", content, cue="According to", speaker="Borrell", confidence=0.8)
    assert drop_repeats([bare, cued]) == [cued]
    assert drop_repeats([cued, bare]) == [cued]


def test_of_two_quotes_with_the_same_spans_and_no_cue_the_more_confident_stays():
    content = [(_span("the attack")[0], _span("the talks")[1])]
    weak = _quote("q1", content, speaker="Borrell", confidence=0.4)
    strong = _quote("q2", content, speaker="Borrell", confidence=0.45)
    assert drop_repeats([weak, strong]) == [strong]


def test_a_quote_inside_another_with_the_same_cue_goes_but_one_with_its_own_cue_stays():
    whole = _quote("q1", [(_span("the EU")[0], len(REPORT) - 1)], cue="said", speaker="Borrell", confidence=0.8)
    part = _quote("q2", [_span("would act")], cue="said", speaker="Borrell", confidence=0.8)
    own_cue = _quote("q3", [_span("would act")], cue="According to", speaker="Borrell", confidence=0.8)
    assert drop_repeats([whole, part]) == [whole]
    assert drop_repeats([whole, own_cue]) == [whole, own_cue]
