"""Where reported content ends: not in the writer's words after what the speaker said
(settle.stop_before_other_attributions, settle.cut_writers_words), nor before the speaker's last
words (indirect._stranded_conjuncts); through the full pipeline, whose learned tagger grows
contents over such words."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def pieces_of(doc, words):
    """The content pieces of the quote that contains `words`."""
    found = [[doc.text[s:e] for s, e in q.spans] for q in doc._.quotes
             if any(words in doc.text[s:e] for s, e in q.spans)]
    assert found, f"no quote contains {words!r}: {[q.text for q in doc._.quotes]}"
    return found[0]


@pytest.mark.parametrize("text, words, last_piece_end", [
    pytest.param("Interior Minister Jan Kowal said that Warsaw was working on new rules to reopen the border "
                 "crossing, stressing that the blockade had hurt local farmers most.",
                 "Warsaw was working", "to reopen the border crossing", id="second-cue-set-off-at-its-end"),
    pytest.param('The ministry said that it "takes the complaints of truckers very seriously" and would present '
                 "measures to protect the sector, Polish news agency PAP reported.",
                 "takes the complaints", "to protect the sector", id="relaying-agency"),
    pytest.param("Azerbaijan's border service said its units had carried out a \"retaliatory operation\" after "
                 "Armenian troops fired on its posts on Monday evening, a claim Yerevan rejected.",
                 "its units", "on Monday evening", id="writers-apposition"),
    # an embedded report with words of its own stays in the content
    pytest.param("The nurse said that after examining the patient's leg, the doctor insisted that he go to "
                 "hospital for an ultrasound.",
                 "after examining", "for an ultrasound", id="embedded-report-stays"),
])
def test_content_stops_before_the_writers_words(nlp, text, words, last_piece_end):
    doc = nlp(text)
    assert pieces_of(doc, words)[-1].endswith(last_piece_end)


def test_a_quotation_closing_its_sentence_ends_the_content_before_the_next_sentence(nlp):
    doc = nlp("Moldovan Foreign Minister Nicu Popescu welcomed the decision in a message on X, thanking "
              "\u201cour German and Spanish friends.\u201d Russia\u2019s embassy in Berlin did not respond to a "
              "request for comment.")
    assert all("embassy" not in p for q in doc._.quotes for p in (doc.text[s:e] for s, e in q.spans)
               if "friends" in p)


def test_an_according_to_that_relays_a_quote_does_not_make_a_second_quote(nlp):
    doc = nlp('Wang rejected the charge. "China did not start the crisis, and China is not a party to it," '
              "the Chinese diplomat told Borrell, according to a readout published by the Chinese ministry.")
    assert all("told Borrell" not in doc.text[s:e] for q in doc._.quotes for s, e in q.spans)


def test_a_bare_infinitive_coordinated_with_the_cue_belongs_to_the_reported_modal_clause(nlp, quote_rules_nlp):
    # the parser hangs "return" on "said" when a quoted hyphenated word breaks the modal clause
    for pipeline in (nlp, quote_rules_nlp):
        doc = pipeline('The envoy said both sides must "immediately de-escalate" and return to the dialogue.')
        assert pieces_of(doc, "both sides must")[-1].endswith("return to the dialogue")


@pytest.mark.parametrize("text, words, last_piece_end", [
    pytest.param("The governor reaffirmed his support for Mr. Trump, the presumptive Republican presidential nominee.",
                 "his support", "for Mr. Trump", id="long-apposition-goes"),
    pytest.param("Ms. Olson said she was proud of her daughter, a third-year chemistry student at the University "
                 "of Minnesota.", "proud of", "proud of her daughter", id="long-apposition-after-a-clause-goes"),
    # an apposition shorter than the words before it stays: PolNeAR's content mostly holds it
    pytest.param("The governor reaffirmed his support for Mr. Trump, the nominee.",
                 "his support", "Mr. Trump, the nominee", id="short-apposition-stays"),
])
def test_content_stops_before_a_long_trailing_apposition(nlp, text, words, last_piece_end):
    # settle.cut_trailing_asides
    doc = nlp(text)
    assert pieces_of(doc, words)[-1].endswith(last_piece_end)
