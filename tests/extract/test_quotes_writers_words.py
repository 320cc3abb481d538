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


def test_content_stops_before_a_second_cue_set_off_at_its_end(nlp):
    doc = nlp("Interior Minister Jan Kowal said that Warsaw was working on new rules to reopen the border "
              "crossing, stressing that the blockade had hurt local farmers most.")
    assert pieces_of(doc, "Warsaw was working")[-1].endswith("to reopen the border crossing")


def test_content_stops_before_a_relaying_agency(nlp):
    doc = nlp('The ministry said that it "takes the complaints of truckers very seriously" and would present '
              "measures to protect the sector, Polish news agency PAP reported.")
    assert pieces_of(doc, "takes the complaints")[-1].endswith("to protect the sector")


def test_content_stops_before_the_writers_apposition(nlp):
    doc = nlp("Azerbaijan's border service said its units had carried out a \"retaliatory operation\" after "
              "Armenian troops fired on its posts on Monday evening, a claim Yerevan rejected.")
    assert pieces_of(doc, "its units")[-1].endswith("on Monday evening")


def test_an_embedded_report_with_words_of_its_own_stays_in_the_content(nlp):
    doc = nlp("The nurse said that after examining the patient's leg, the doctor insisted that he go to "
              "hospital for an ultrasound.")
    assert pieces_of(doc, "after examining")[-1].endswith("for an ultrasound")


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
