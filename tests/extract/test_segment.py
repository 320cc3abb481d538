"""The segmenter: sentence starts at line breaks and furniture edges, and only there.

`segment` visits only the tokens after a line break or at a furniture edge; `_every_token_rule`
is the same rule applied to every token, the specification the fast path must agree with.
"""
from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.extract.extensions import ensure_lists
from newsgraph.extract.segment import keep_title_abbreviations, segment

NLP = spacy.blank("en")


def _doc(text: str, boilerplate: list[tuple[int, int]] = ()):
    doc = NLP.make_doc(text)
    ensure_lists(doc)
    doc._.boilerplate = list(boilerplate)
    return doc


def _every_token_rule(doc) -> list[int]:
    edges = {pos for span in doc._.boilerplate for pos in span}
    starts = []
    for i in range(1, len(doc)):
        tok, prev = doc[i], doc[i - 1]
        if "\n" in prev.whitespace_ or ("\n" in prev.text and prev.is_space):
            if not tok.is_lower or tok.is_punct:
                starts.append(i)
        elif tok.idx in edges:
            starts.append(i)
    return starts


def _sentence_starts(doc) -> list[int]:
    return [t.i for t in doc[1:] if t.is_sent_start]


def test_a_line_break_starts_a_sentence_unless_the_next_line_goes_on_in_lower_case():
    doc = segment(_doc("Headline Here\nThe body starts. It goes\non here.\n\n(AP) More"))
    assert [doc[i].text for i in _sentence_starts(doc)] == ["The", "("]


def test_furniture_edges_start_sentences():
    text = "Blinken met Lavrov on Friday share this article"
    doc = segment(_doc(text, [(text.index("share"), len(text))]))
    assert [doc[i].text for i in _sentence_starts(doc)] == ["share"]


@pytest.mark.parametrize("text", ["", "x", "\n", "\n\nA", "a\r\nB", "A  \n  b\n\nC", "End.\n"])
def test_short_and_odd_texts(text):
    doc = _doc(text)
    expected = _every_token_rule(doc)
    assert _sentence_starts(segment(doc)) == expected


PIECES = st.sampled_from(["Novak", "said", "the", "minister", ".", ",", "\n", "\n\n", "\r\n", " ", "  ",
                          "\t", "(AP)", "“", "”", "we", "Kyiv", "-", "a\nb"])


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(PIECES, max_size=30).map(" ".join), st.lists(st.tuples(st.integers(0, 120), st.integers(0, 120)),
                                                            max_size=4))
def test_same_starts_as_the_rule_applied_to_every_token(text, spans):
    spans = [(min(s, e), max(s, e)) for s, e in spans if min(s, e) < len(text)]
    expected = _every_token_rule(_doc(text, spans))
    assert _sentence_starts(segment(_doc(text, spans))) == expected


def test_the_tokenizer_keeps_an_abbreviated_title_with_its_full_stop():
    nlp = keep_title_abbreviations(spacy.blank("en"))
    assert [t.text for t in nlp("1st Lt. Tyler Livingston and Sgt. Maj. Ana Cruz")] == \
        ["1st", "Lt.", "Tyler", "Livingston", "and", "Sgt.", "Maj.", "Ana", "Cruz"]
    assert [t.text for t in NLP("1st Lt. Tyler")] == ["1st", "Lt", ".", "Tyler"]  # spaCy's own splits it


def test_no_sentence_starts_after_an_abbreviated_title_unless_a_line_breaks_there():
    nlp = keep_title_abbreviations(spacy.blank("en"))
    doc = nlp.make_doc("The soldier, 1st Lt. Tyler Livingston, said so. Lt.\nTyler wrote.")
    ensure_lists(doc)
    doc = segment(doc)
    tylers = [t for t in doc if t.text == "Tyler"]
    assert tylers[0].is_sent_start is False
    assert tylers[1].is_sent_start is True


def test_a_name_after_an_abbreviated_title_stays_in_its_sentence(nlp):
    doc = nlp("The soldier, 1st Lt. Tyler Livingston, said the unit was ready. Sgt. Maj. Ana Cruz agreed.")
    assert [s.text for s in doc.sents] == ["The soldier, 1st Lt. Tyler Livingston, said the unit was ready.",
                                           "Sgt. Maj. Ana Cruz agreed."]
