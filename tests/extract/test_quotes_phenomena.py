"""Quotes and speakers in the situations of ../shared/docs/news-phenomena.md (items 1-12), run
through the real model. Each test is one item, on short made-up wire copy."""
from __future__ import annotations

import pytest
from model_docs import pieces

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=["rules", "full"])
def nlp(request, quote_rules_nlp):
    """The rule stages alone, and the full pipeline, whose learned tagger widens contents."""
    return quote_rules_nlp if request.param == "rules" else request.getfixturevalue("full_nlp")


def quote_with(doc, words):
    """The quote whose content contains `words`."""
    found = [q for q in doc._.quotes if any(words in p for p in pieces(doc, q))]
    assert found, f"no quote contains {words!r}: {[pieces(doc, q) for q in doc._.quotes]}"
    return found[0]


def entity_of(doc, words):
    """Id of the entity named at the first occurrence of `words` (however NER labelled it)."""
    from newsgraph.extract.entities import entity_at

    start = doc.text.index(words)
    entity = entity_at(doc, start, start + len(words))
    assert entity is not None, f"no entity at {words!r}"
    return entity.id


def check_contract(doc):
    for q in doc._.quotes:
        assert q.text == doc.text[q.start:q.end]
        assert all(q.start <= s < e <= q.end for s, e in q.spans)
        assert q.kind in ("direct", "indirect", "mixed")
        assert 0.0 <= q.confidence <= 1.0
        if q.speaker is not None:
            assert doc.text[q.speaker.start:q.speaker.end] == q.speaker.text


def test_01_split_quote_continued_after_a_dash(nlp):
    doc = nlp('Foreign Minister Ana Novak spoke in Ljubljana on Friday. "Sanctions are coming," Novak said. '
              '– And when prices are ten times higher, this hurts everyone."')
    check_contract(doc)
    q = quote_with(doc, "Sanctions are coming")
    assert pieces(doc, q) == ['"Sanctions are coming,"',
                              'And when prices are ten times higher, this hurts everyone."']
    assert q.kind == "direct"
    assert q.speaker.text == "Novak" and q.speaker.entity == entity_of(doc, "Ana Novak")
    assert len(doc._.quotes) == 1


def test_02_continuation_quote_keeps_the_speaker(nlp):
    doc = nlp('Treasury Secretary Janet Yellen met reporters. "I won\'t preview the package," she said. '
              '"But expect it soon."')
    check_contract(doc)
    q = quote_with(doc, "I won't preview the package")
    assert '"But expect it soon."' in pieces(doc, q)
    assert q.speaker.text == "she" and q.speaker.name == "Janet Yellen"


def test_03_speaker_named_only_by_office(nlp):
    doc = nlp("Slovenian Foreign Minister Ana Novak arrived in Brussels on Monday. "
              "The minister said the talks had failed. "
              "The top diplomat added that Slovenia would not back down. "
              "The head of the Foreign Ministry also stressed that the embassy stays open.")
    check_contract(doc)
    for words, mention in (("the talks had failed", "The minister"),
                           ("Slovenia would not back down", "The top diplomat"),
                           ("the embassy stays open", "The head of the Foreign Ministry")):
        q = quote_with(doc, words)
        assert q.speaker.text == mention
        assert q.speaker.name == "Ana Novak"


def test_03_offices_differ_by_country(nlp):
    doc = nlp("U.S. Secretary of State Antony Blinken met EU High Representative Josep Borrell in Rome. "
              "The head of European diplomacy said the meeting was useful. "
              "The secretary told reporters that more sanctions were coming.")
    check_contract(doc)
    assert quote_with(doc, "the meeting was useful").speaker.name == "Josep Borrell"
    assert quote_with(doc, "more sanctions were coming").speaker.name == "Antony Blinken"


def test_04_pronoun_speakers(nlp):
    doc = nlp("Mrs. Ana Novak visited Kyiv on Tuesday. She told reporters that aid would continue. "
              "According to her, the next package is ready. Mr. Marko Horvat, her deputy, disagreed. "
              "He added that the money had run out.")
    check_contract(doc)
    novak, horvat = entity_of(doc, "Ana Novak"), entity_of(doc, "Marko Horvat")
    q = quote_with(doc, "aid would continue")
    assert (q.speaker.text, q.speaker.entity) == ("She", novak)
    q = quote_with(doc, "the next package is ready")
    assert (q.speaker.text, q.speaker.entity) == ("her", novak)
    q = quote_with(doc, "the money had run out")
    assert (q.speaker.text, q.speaker.entity) == ("He", horvat)


def test_05_attribution_after_the_content_across_sentences(nlp):
    doc = nlp("Ljubljana is ready to talk. This was stated by Minister Ana Novak during a press conference.")
    check_contract(doc)
    q = quote_with(doc, "Ljubljana is ready to talk")
    assert pieces(doc, q) == ["Ljubljana is ready to talk"]  # the previous sentence, not the attribution
    assert q.speaker.text.endswith("Novak") and q.speaker.name == "Ana Novak"
    assert q.kind == "indirect"


def test_05_a_pronoun_object_of_a_cue_is_a_thing_not_the_sentence_before(nlp):
    # "reported it": the posting, not what the sentence before says; "said so" still refers back
    doc = nlp("Investigators found the posting in March. Facebook reported it to the FBI and removed it.")
    assert not any("Investigators found" in q.text for q in doc._.quotes), [q.text for q in doc._.quotes]
    doc = nlp("The border will stay open. The minister said so on Monday.")
    assert any(q.text.startswith("The border will stay open") for q in doc._.quotes)


def test_06_reported_speech(nlp):
    doc = nlp("Ana Novak said that the border would stay open. He added that talks would resume in May, "
              "stressing that no deal was close. According to Novak, the ceasefire is holding. "
              "The minister hinted that sanctions could follow. She warned Moscow of consequences.")
    check_contract(doc)
    for words in ("the border would stay open", "talks would resume in May", "no deal was close",
                  "the ceasefire is holding", "sanctions could follow", "consequences"):
        q = quote_with(doc, words)
        assert q.kind == "indirect", words
        assert q.cue is not None and q.speaker is not None
    for words in ("the border would stay open", "talks would resume in May", "no deal was close",
                  "the ceasefire is holding", "sanctions could follow"):
        # nothing of the next clause's cue; "that" is in or out as the tagger or the parse has it
        assert [p.removeprefix("that ") for p in pieces(doc, quote_with(doc, words))] == [words], words
    assert quote_with(doc, "no deal was close").cue.text == "stressing"
    assert quote_with(doc, "the ceasefire is holding").cue.text == "According to"


def test_07_mixed_quotes(nlp):
    doc = nlp('Ana Novak criticised the plan, saying such a move "will result in additional costs". '
              'Ljubljana has seen "no willingness" on the part of Moscow, according to Novak. '
              'The world "will not recognise this," Novak emphasised.')
    check_contract(doc)
    q = quote_with(doc, "will result in additional costs")
    assert q.kind == "mixed" and q.cue.text == "saying"
    assert pieces(doc, q) == ['such a move "will result in additional costs"']
    q = quote_with(doc, "no willingness")
    assert q.kind == "mixed" and q.cue.text == "according to"
    assert pieces(doc, q) == ['Ljubljana has seen "no willingness" on the part of Moscow']
    q = quote_with(doc, "will not recognise this")
    assert q.kind == "mixed" and pieces(doc, q) == ['The world "will not recognise this,"']
    assert q.speaker.text == "Novak"


def test_08_institutional_speakers(nlp):
    doc = nlp("The U.S. Treasury said in a statement that new sanctions were imposed. "
              "The White House hinted that more measures could follow. "
              "Slovenia's Foreign Ministry summoned the ambassador. The ministry said the move was justified.")
    check_contract(doc)
    q = quote_with(doc, "new sanctions were imposed")
    assert q.speaker.name and "Treasury" in q.speaker.name
    assert q.cue.text == "said in a statement"
    q = quote_with(doc, "more measures could follow")
    assert q.speaker.name == "White House"
    q = quote_with(doc, "the move was justified")
    assert q.speaker.text == "The ministry" and "Ministry" in q.speaker.name
    entities = {e.id: e for e in doc._.entities}
    assert entities[q.speaker.entity].type == "ORG"


def test_09_relaying_is_not_speaking(nlp):
    doc = nlp("Sanctions will hit the energy sector, the Treasury said in a statement, Reuters reports. "
              '"The talks are over," the minister said, the agency\'s correspondent reports.')
    check_contract(doc)
    q = quote_with(doc, "Sanctions will hit the energy sector")
    assert pieces(doc, q) == ["Sanctions will hit the energy sector"]
    assert q.speaker.text == "the Treasury"
    q = quote_with(doc, "The talks are over")
    assert q.speaker.text == "the minister"
    assert all(q.speaker is None or q.speaker.text not in ("Reuters", "the agency's correspondent")
               for q in doc._.quotes)


def test_10_missing_punctuation_and_bracketed_insertions(nlp):
    doc = nlp('"Prices went up and we would raise" Novak added, "the tariffs [with the minister[ again."')
    check_contract(doc)
    q = quote_with(doc, "we would raise")
    assert q.speaker.text == "Novak"
    assert pieces(doc, q) == ['"Prices went up and we would raise"', '"the tariffs [with the minister[ again."']


def test_11_nested_scare_quotes_and_mixed_marks(nlp):
    doc = nlp("“We will not pay in case they 'turn off the tap' this winter,” Novak said. "
              "\"Europe's reserves are full,\" she added. The minister's aides didn't comment.")
    check_contract(doc)
    q = quote_with(doc, "turn off the tap")
    assert pieces(doc, q) == ["“We will not pay in case they 'turn off the tap' this winter,”"]
    assert q.kind == "direct"
    q = quote_with(doc, "Europe's reserves are full")
    assert q.speaker.text == "she" and q.kind == "direct"
    assert len(doc._.quotes) == 2


def test_12_several_speakers_in_a_paragraph_and_across_paragraphs(nlp):
    doc = nlp('Ana Novak met Sergey Lavrov in Geneva. "We want peace," Novak said. "We want guarantees," '
              'Lavrov replied.\n\n"The ball is in Moscow\'s court," Novak said later.\n\n'
              '"Nothing has changed."')
    check_contract(doc)
    novak, lavrov = entity_of(doc, "Ana Novak"), entity_of(doc, "Sergey Lavrov")
    assert quote_with(doc, "We want peace").speaker.entity == novak
    assert quote_with(doc, "We want guarantees").speaker.entity == lavrov
    q = quote_with(doc, "The ball is in Moscow's court")
    assert q.speaker.entity == novak
    assert quote_with(doc, "Nothing has changed").speaker.entity == novak
