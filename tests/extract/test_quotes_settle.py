"""Who a quotation belongs to when the parse hides its speaker (drafts._name_after_quotation,
settle._introducing_speaker and settle._speaker_before_paragraph), through the real model."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp(quote_rules_nlp):
    return quote_rules_nlp


def quote_with(doc, words):
    found = [q for q in doc._.quotes if words in q.text]
    assert found, f"no quote contains {words!r}: {[q.text for q in doc._.quotes]}"
    return found[0]


def test_a_long_apposition_between_the_quotation_and_its_cue_is_the_speaker_not_content(nlp):
    # the parser hangs "Eastland" and the participle on the quoted verb; the quotation inside
    # the apposition neither joins the content nor hides the quotation before it
    doc = nlp("Not everyone was claiming success.\n\n“We’ve had more successful conventions than this one,” "
              "Texas delegate Bill Eastland, wearing a cowboy hat and “Ted Cruz” campaign pins, said "
              "matter-of-factly as confetti fluttered down around him.")
    q = quote_with(doc, "more successful conventions")
    assert q.spans == [(doc.text.index("“We’ve"), doc.text.index(" this one,”") + len(" this one,”"))]
    assert q.speaker.text == "Texas delegate Bill Eastland" and q.cue.text == "said"


def test_a_verb_before_the_name_and_the_colon_introduces_the_quotation(nlp):
    doc = nlp("“They are very adept at manipulating these machines.”\n\n"
              "Continued Stone: “So I think it’s a very real problem.”")
    q = quote_with(doc, "So I think")
    assert q.speaker is not None and q.speaker.text == "Stone"


def test_a_quotation_opening_a_paragraph_continues_the_speaker_quoted_in_the_paragraph_before(nlp):
    doc = nlp("Clinton, clearly frustrated, responded by pointing a finger, saying the Sanders campaign "
              "was lying.\n\n“I am so sick of the Sanders campaign lying about me. I’m sick of it.”")
    q = quote_with(doc, "I am so sick")
    assert q.speaker is not None and q.speaker.text == "Clinton"


def test_a_quotation_inside_a_paragraph_does_not_reach_back_to_the_paragraph_before(nlp):
    doc = nlp("Clinton said the campaign was lying.\n\nThe weather was cold. Posters read “Vote now” "
              "everywhere in town.")
    for q in doc._.quotes:
        if "Vote now" in q.text:
            assert q.speaker is None or q.speaker.text != "Clinton"


def test_a_clause_before_the_cue_that_quotes_nothing_is_not_content_when_content_follows(nlp):
    doc = nlp("In a statement released shortly after the Florida senator suspended his presidential campaign, "
              "Cruz said he’s certain Rubio will continue to be “a champion for limitless opportunity.”")
    q = quote_with(doc, "Rubio will continue")
    assert q.text.startswith("he’s certain") and q.speaker.text == "Cruz"


def test_a_split_quotation_keeps_both_sides_of_its_cue(nlp):
    doc = nlp("“We are ready,” Novak said, “and we will talk to anyone.”")
    q = quote_with(doc, "We are ready")
    assert len(q.spans) == 2 and "we will talk" in doc.text[q.spans[1][0]:q.spans[1][1]]


def test_a_name_before_a_colon_introduces_the_quotation_whatever_the_parse_hangs_it_on(nlp):
    doc = nlp("Intro here.\n\nThe demographic interplay has been important for Republican contests - "
              "Philip Bump: “Two weeks ago, the South was his strongest territory. Now, it’s the Northeast.”")
    q = quote_with(doc, "Two weeks ago")
    assert q.speaker is not None and q.speaker.text == "Philip Bump"


def test_more_from_a_source_before_a_colon_names_it():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from newsgraph.extract.quotes.settle import _from_source

    def clause(words, pos):
        return Doc(Vocab(), words=words, pos=pos)[:]

    assert _from_source(clause(["More", "from", "Jones"], ["ADJ", "ADP", "PROPN"])).text == "Jones"
    assert _from_source(clause(["From", "the", "report"], ["ADP", "DET", "NOUN"])).text == "the report"
    assert _from_source(clause(["Far", "from", "Jones"], ["ADV", "ADP", "PROPN"])) is None
    assert _from_source(clause(["From", "what", "he", "said"], ["ADP", "PRON", "PRON", "VERB"])) is None


def test_a_clause_that_opens_with_another_cue_is_that_cues_content(nlp):
    # the parser hangs "adding of Mr. Trump, ''He cares ...''" on "said" as a second complement
    doc = nlp("''We've started all those conversations,'' Mr. Manafort said, adding of Mr. Trump, "
              "''He cares about the united team.''")
    said = [q for q in doc._.quotes if q.cue is not None and q.cue.text == "said"]
    assert said and said[0].speaker.text == "Mr. Manafort"
    assert not any("adding" in doc.text[s:e] for s, e in said[0].spans), said[0].spans


def test_an_on_phrase_of_the_cue_after_its_object_is_not_content(nlp):
    for text, content in (("Mr. Jones discussed the tax plan at length on Sunday.", "the tax plan"),
                          ("He denied the allegations on Tuesday.", "the allegations")):
        q = quote_with(nlp(text), content)
        assert q.text == content, q.text


def _asked_doc(first_words, first_pos, first_dep):
    # <first words> , Adelson said , " They won . "   (the parser hung "said" on the quoted verb)
    from spacy.lang.en import English
    from spacy.tokens import Doc

    n = len(first_words)
    words = first_words + [",", "Adelson", "said", ",", "\u201c", "They", "won", ".", "\u201d"]
    won = n + 6
    heads = [won] + list(range(n - 1)) + [won, n + 2, won, won, won, won, won, won, won]
    deps = [first_dep] + ["dep"] * (n - 1) + ["punct", "nsubj", "parataxis", "punct", "punct", "nsubj", "ROOT",
                                              "punct", "punct"]
    pos = [first_pos] + ["ADP"] * (n - 1) + ["PUNCT", "PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "PUNCT",
                                             "PUNCT"]
    return Doc(English().vocab, words=words, heads=heads, deps=deps, pos=pos), n


def test_a_participle_clause_before_the_cue_is_not_part_of_the_quotation_after_it():
    from newsgraph.extract.quotes.cues import Cue
    from newsgraph.extract.quotes.drafts import _participle_then_quotation
    from newsgraph.extract.quotes.marks import pair_quote_marks

    for first, pos, dep, expected in ((["Asked", "about", "it"], "VERB", "advcl", True),
                                      (["Sources", "of", "authority"], "NOUN", "nsubj", False)):
        doc, n = _asked_doc(first, pos, dep)
        cue = Cue(doc[n + 2], n + 2, n + 3, "speech")
        pieces = [(0, n), (n + 4, len(doc))]
        assert _participle_then_quotation(doc, cue, pieces, pair_quote_marks(doc.text)) is expected, first


def test_a_quotation_later_in_the_paragraph_continues_the_quote_before_it(nlp):
    doc = nlp("Few candidates go there.\n\n“Oh gosh, those are some very small towns,” Woolson said. They also lie "
              "in a media market dead zone, far from Sioux City. “That’s a tough area.”\n\nThe end.")
    q = quote_with(doc, "very small towns")
    assert [doc.text[s:e] for s, e in q.spans][-1].startswith("“That’s a tough area")


def test_a_person_named_between_two_quotations_keeps_them_apart(nlp):
    doc = nlp("They met in school.\n\n“It goes in here and goes out here,” Tom Ebeling said, pointing to his ears. "
              "Betsy Ebeling shook her head. “Tom’s much better about it than I am.”\n\nThe end.")
    q = quote_with(doc, "goes out here")
    assert "better about it" not in doc.text[q.start:q.end]


def test_a_few_quoted_words_no_one_is_found_to_say_are_not_a_quote(nlp):
    doc = nlp("Posters went up across the country.\n\n“No special rights for foreigners!”\n\nThe vote followed.\n\n"
              "“We will never give up on this country and its people, whatever they say.”\n\nThe end.")
    assert not [q for q in doc._.quotes if "special rights" in q.text]
    q = quote_with(doc, "never give up")
    assert q.speaker is None


def test_quotations_on_consecutive_lines_with_no_speaker_are_one_quotation(nlp):
    doc = nlp("What that means is left to the imagination of voters.\n\n"
              "“We have to do something and it’s the only way you stop it.”\n"
              "“We have to be a lot tougher. We are playing with a different set of rules.”\n"
              "“We’re not fighting it strongly enough.”\n\nThe end.")
    q = quote_with(doc, "We have to do something")
    assert "fighting it strongly" in q.text
    assert len([q for q in doc._.quotes if "a lot tougher" in q.text]) == 1
