"""The run of name words read off the tokens (speakers/names.py) and its two readers: the name
after an inverted verb of saying (mentions._inverted_name) and the name the tagger did not make a
noun phrase of (drafts._noun_phrase_at). Hand-built Docs, no model."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsgraph.extract.quotes.drafts import _noun_phrase_at
from newsgraph.extract.speakers.mentions import (_INVERTED_NAME_ENDS, _inverted_name, _word_before_verb,
                                                 _word_of_person_name)
from newsgraph.extract.speakers.names import name_run, name_start

VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?"}


def parse(*tokens, ents=None):
    """A Doc from (text, head, dep, pos[, lemma[, tag]]) tuples (absolute heads) and optional IOB entity tags."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
               pos=[t[3] for t in tokens], lemmas=[t[4] if len(t) > 4 else t[0].lower() for t in tokens], ents=ents,
               tags=[t[5] if len(t) > 5 else "" for t in tokens])


def _said_skelly(*after, name_pos="ADV"):
    # " Yes , " said Skelly <after>   (Skelly tagged an adverb)
    return parse(('"', 1, "punct", "PUNCT"), ("Yes", 4, "intj", "INTJ"), (",", 4, "punct", "PUNCT"),
                 ('"', 4, "punct", "PUNCT"), ("said", 4, "ROOT", "VERB", "say", "VBD"),
                 ("Skelly", 4, "advmod", name_pos), *after)


def test_said_skelly_explaining_the_name_after_an_inverted_verb_of_saying():
    doc = _said_skelly((",", 4, "punct", "PUNCT"), ("explaining", 4, "advcl", "VERB", "explain", "VBG"))
    run = name_run(doc, 5, max_words=5, followed_by=_INVERTED_NAME_ENDS)
    assert run is not None and run.text == "Skelly"
    assert _inverted_name(doc[4]).text == "Skelly"
    # the drafts read the same name off the same words
    assert _noun_phrase_at(doc, 5).text == "Skelly"
    # a run that goes on into a phrase ("said Skelly at the rally") is no name after the verb
    doc = _said_skelly(("at", 4, "prep", "ADP"), ("the", 8, "det", "DET"), ("rally", 6, "pobj", "NOUN"))
    assert name_run(doc, 5, max_words=5, followed_by=_INVERTED_NAME_ENDS) is None
    assert _inverted_name(doc[4]) is None
    # at the end of the text the run ends the clause
    doc = _said_skelly()
    assert name_run(doc, 5, followed_by=_INVERTED_NAME_ENDS).text == "Skelly"


def test_asked_mr_manafort_referring_to_the_name_runs_over_a_title_and_its_head_is_the_last_word():
    # " Why ? " asked Mr. Manafort , referring to it
    doc = parse(('"', 1, "punct", "PUNCT"), ("Why", 4, "advmod", "SCONJ"), ("?", 4, "punct", "PUNCT"),
                ('"', 4, "punct", "PUNCT"), ("asked", 4, "ROOT", "VERB", "ask", "VBD"),
                ("Mr.", 6, "compound", "PROPN"), ("Manafort", 4, "dobj", "PROPN"), (",", 4, "punct", "PUNCT"),
                ("referring", 4, "advcl", "VERB", "refer", "VBG"), ("to", 8, "prep", "ADP"), ("it", 9, "pobj", "PRON"),
                ents=["O"] * 5 + ["B-PERSON", "I-PERSON"] + ["O"] * 4)
    assert name_run(doc, 5, max_words=5, followed_by=_INVERTED_NAME_ENDS).text == "Mr. Manafort"
    assert _inverted_name(doc[4]).text == "Manafort"
    # a title the tagger missed ("Mr." an adverb) is still a word of the name after the verb
    doc[5].pos_ = "ADV"
    assert _inverted_name(doc[4]).text == "Manafort"


def test_she_said_monday_a_day_after_the_verb_is_a_run_but_no_speaker():
    # " Yes " said Monday .
    doc = parse(('"', 1, "punct", "PUNCT"), ("Yes", 3, "intj", "INTJ"), ('"', 3, "punct", "PUNCT"),
                ("said", 3, "ROOT", "VERB", "say", "VBD"), ("Monday", 3, "npadvmod", "PROPN"),
                (".", 3, "punct", "PUNCT"),
                ents=["O", "O", "O", "O", "B-DATE", "O"])
    assert name_run(doc, 4, max_words=5, followed_by=_INVERTED_NAME_ENDS).text == "Monday"
    assert _inverted_name(doc[3]) is None  # the caller's own test: a date is no one
    doc[4].pos_ = "ADV"
    assert _noun_phrase_at(doc, 4) is None  # nor is it the drafts' name


def test_a_run_longer_than_the_limit_is_no_name():
    words = [("One", 1, "compound", "PROPN"), ("Two", 2, "compound", "PROPN"), ("Three", 3, "compound", "PROPN"),
             ("Four", 4, "compound", "PROPN"), ("Five", 5, "compound", "PROPN"), ("Six", 5, "ROOT", "PROPN")]
    doc = parse(*words)
    assert name_run(doc, 0, max_words=5) is None
    assert name_run(doc, 1, max_words=5).text == "Two Three Four Five Six"
    assert name_run(doc, 0).text == "One Two Three Four Five Six"


def test_tulsa_police_chief_chuck_jordan_said_a_name_whose_first_word_the_tagger_took_for_a_verb():
    # Tulsa police Chief Chuck Jordan said
    doc = parse(("Tulsa", 5, "dep", "VERB", "tulsa", "VB"), ("police", 2, "compound", "NOUN"),
                ("Chief", 0, "dobj", "PROPN"), ("Chuck", 4, "compound", "PROPN"), ("Jordan", 2, "appos", "PROPN"),
                ("said", 5, "ROOT", "VERB", "say", "VBD"),
                ents=["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "O"])
    assert name_run(doc, 0, ends_in_proper_noun=True).text == "Tulsa police Chief Chuck Jordan"
    assert _noun_phrase_at(doc, 0).text == "Tulsa police Chief Chuck Jordan"
    # a word inside the name's entity goes on with it, whatever its tag ("Bill de Blasio", "de" an adposition)
    doc = parse(("Tulsa", 6, "dep", "VERB", "tulsa", "VB"), ("police", 2, "compound", "NOUN"),
                ("Chief", 0, "dobj", "PROPN"), ("Bill", 5, "compound", "PROPN"), ("de", 5, "compound", "ADP"),
                ("Blasio", 2, "appos", "PROPN"), ("said", 6, "ROOT", "VERB", "say", "VBD"),
                ents=["B-GPE", "O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert _noun_phrase_at(doc, 0).text == "Tulsa police Chief Bill de Blasio"


def test_said_spokesman_joe_smith_the_name_after_the_verb_may_start_with_a_lower_case_noun():
    # " Yes , " said spokesman Joe Smith , adding   (spokesman the verb's object)
    doc = parse(('"', 1, "punct", "PUNCT"), ("Yes", 4, "intj", "INTJ"), (",", 4, "punct", "PUNCT"),
                ('"', 4, "punct", "PUNCT"), ("said", 4, "ROOT", "VERB", "say", "VBD"),
                ("spokesman", 4, "dobj", "NOUN"), ("Joe", 7, "compound", "PROPN"), ("Smith", 5, "appos", "PROPN"),
                (",", 4, "punct", "PUNCT"), ("adding", 4, "advcl", "VERB", "add", "VBG"),
                ents=["O"] * 6 + ["B-PERSON", "I-PERSON", "O", "O"])
    assert _inverted_name(doc[4]).text == "Smith"


def test_a_name_ends_in_a_proper_noun_but_keeps_its_first_word():
    # Tulsa police officers said   (no proper noun after the first word)
    doc = parse(("Tulsa", 3, "dep", "VERB", "tulsa", "VB"), ("police", 2, "compound", "NOUN"),
                ("officers", 3, "nsubj", "NOUN", "officer"), ("said", 3, "ROOT", "VERB", "say", "VBD"))
    assert name_run(doc, 0).text == "Tulsa police officers"
    assert name_run(doc, 0, ends_in_proper_noun=True).text == "Tulsa"
    assert _noun_phrase_at(doc, 0).text == "Tulsa"
    # a word no reader takes starts no run
    assert name_run(doc, 3) is None


def test_name_start_reads_back_over_the_words_of_the_name_up_to_its_reach():
    # " Yes , " front - runner Ben Carson said
    doc = parse(('"', 1, "punct", "PUNCT"), ("Yes", 1, "ROOT", "INTJ"), (",", 1, "punct", "PUNCT"),
                ('"', 1, "punct", "PUNCT"), ("front", 6, "compound", "NOUN"), ("-", 6, "punct", "PUNCT", "-", "HYPH"),
                ("runner", 8, "compound", "NOUN"), ("Ben", 8, "compound", "PROPN"), ("Carson", 9, "nsubj", "PROPN"),
                ("said", 9, "ROOT", "VERB", "say", "VBD"))
    assert name_start(doc, 8, _word_before_verb, reach=6) == 4
    assert name_start(doc, 8, _word_before_verb, reach=2) == 6
    # the person reader takes no hyphen: its name starts after it
    assert name_start(doc, 8, _word_of_person_name, reach=8) == 6
    assert name_start(doc, 0, _word_before_verb, reach=6) == 0
