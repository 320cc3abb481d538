"""Where a direct or mixed quotation begins and ends, on hand-built parses (no model): what belongs
to the quotation, what to its attribution, and what to the writer."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.drafts import Draft, _attribution_then_quotation, _from_own_quotation
from newsgraph.extract.quotes.marks import pair_quote_marks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.quotes.settle import cut_writers_words

VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {",", ".", ":", "”", "'s"}


def parse(*tokens):
    """A Doc from (text, head, dep, pos) tuples; heads are absolute token indexes."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and words[i] != "“"
              for i in range(len(words))]
    return Doc(VOCAB, words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
               pos=[t[3] for t in tokens])


def test_a_run_on_quote_is_cut_before_a_paragraph_with_an_attribution_of_its_own():
    text = '"We won," he said. "They lost.\n\n"And we know why," he said again. "Look."'
    marks = pair_quote_marks(text)
    assert marks.linked({1}) == {1, 2}  # "They lost. / "And we know why," is one run-on quotation
    marks.split_at_attributed_paragraphs([text.index("said"), text.index("said again")])
    assert marks.linked({1}) == {1} and marks.linked({2}) == {2}


def test_a_run_on_quote_stays_whole_when_only_its_first_paragraph_is_attributed():
    text = '"We won," he said. "They lost.\n\n"And we know why."'
    marks = pair_quote_marks(text)
    marks.split_at_attributed_paragraphs([text.index("said")])
    assert marks.linked({1}) == {1, 2}


def _lead_then_quotation(lead, lead_pos, lead_dep, colon=False):
    # Rhimes declared[:] “a disgrace,” Ryan said.  /  Rhimes remarks “a disgrace,” ... (a noun cue)
    n = 3 if colon else 2
    said = n + 6
    rows = [("Rhimes", 1, "nsubj", "PROPN"), (lead, said, lead_dep, lead_pos)]
    if colon:
        rows.append((":", 1, "punct", "PUNCT"))
    rows += [("“", 1, "punct", "PUNCT"), ("a", n + 2, "det", "DET"), ("disgrace", 1, "attr", "NOUN"),
             (",", said, "punct", "PUNCT"), ("”", said, "punct", "PUNCT"), ("Ryan", said, "nsubj", "PROPN"),
             ("said", said, "ROOT", "VERB"), (".", said, "punct", "PUNCT")]
    doc = parse(*rows)
    return doc, pair_quote_marks(doc.text), n


def test_a_lead_in_cue_verb_claims_the_words_before_the_quotation_a_noun_cue_does_not():
    doc, marks, n = _lead_then_quotation("declared", "VERB", "ccomp")
    pieces = [(0, n + 3)]
    assert _from_own_quotation(doc, pieces, marks, 0, {1}, Sentences(doc)) == [(n, n + 3)]
    # "Trump's remarks was “...”": a noun cue in the subject of what was said
    doc, marks, n = _lead_then_quotation("remarks", "NOUN", "nsubj")
    assert _from_own_quotation(doc, pieces, marks, 0, {1}, Sentences(doc)) == pieces


def test_a_colon_before_the_quotation_ends_its_introduction_whatever_verb_it_holds():
    doc, marks, n = _lead_then_quotation("scolded", "VERB", "ccomp", colon=True)
    pieces = [(0, n + 3)]
    assert _from_own_quotation(doc, pieces, marks, 0, set(), Sentences(doc)) == [(n, n + 3)]


def test_a_clause_with_its_own_cue_before_a_set_off_quotation_is_its_circumstance():
    # When Clinton noted it, Trump boasted, “That makes me smart.”
    doc = parse(("When", 2, "advmod", "SCONJ"), ("Clinton", 2, "nsubj", "PROPN"), ("noted", 6, "advcl", "VERB"),
                ("it", 2, "dobj", "PRON"), (",", 6, "punct", "PUNCT"), ("Trump", 6, "nsubj", "PROPN"),
                ("boasted", 6, "ROOT", "VERB"), (",", 6, "punct", "PUNCT"), ("“", 10, "punct", "PUNCT"),
                ("That", 10, "nsubj", "PRON"), ("makes", 6, "ccomp", "VERB"), ("me", 12, "nsubj", "PRON"),
                ("smart", 10, "ccomp", "ADJ"), (".", 6, "punct", "PUNCT"), ("”", 6, "punct", "PUNCT"))
    marks = pair_quote_marks(doc.text)
    cue = Cue(doc[6], 6, 7, "speech")
    pieces = [(0, 4), (9, 13)]
    assert _attribution_then_quotation(doc, cue, pieces, marks, {2})
    assert not _attribution_then_quotation(doc, cue, pieces, marks, set())  # 'While it is late, he said, "..."'


def _quotation_then(tail):
    # He said, “That makes me smart,” <tail>
    rows = [("He", 1, "nsubj", "PRON"), ("said", 1, "ROOT", "VERB"), (",", 1, "punct", "PUNCT"),
            ("“", 5, "punct", "PUNCT"), ("That", 5, "nsubj", "PRON"), ("makes", 1, "ccomp", "VERB"),
            ("me", 7, "nsubj", "PRON"), ("smart", 5, "ccomp", "ADJ"), (",", 5, "punct", "PUNCT"),
            ("”", 5, "punct", "PUNCT")]
    doc = parse(*rows, *tail(len(rows)))
    marks = pair_quote_marks(doc.text)
    region = marks.regions[0]
    last = doc[len(doc) - 2]
    draft = Draft([(region.start, last.idx + len(last))], {0}, "adjacent")
    cut_writers_words(doc, [draft], marks, Sentences(doc))
    return doc.text[draft.start:draft.end]


def test_the_writers_words_after_a_closing_mark_are_not_the_quotation():
    subordinate = _quotation_then(lambda n: [("when", n + 2, "advmod", "SCONJ"), ("Clinton", n + 2, "nsubj", "PROPN"),
                                             ("blasted", 5, "advcl", "VERB"), ("him", n + 2, "dobj", "PRON"),
                                             (".", 1, "punct", "PUNCT")])
    assert subordinate == "That makes me smart,”"
    dash = _quotation_then(lambda n: [("-", n + 2, "punct", "PUNCT"), ("a", n + 2, "det", "DET"),
                                      ("charge", 5, "appos", "NOUN"), ("that", n + 4, "nsubj", "PRON"),
                                      ("stung", n + 2, "relcl", "VERB"), (".", 1, "punct", "PUNCT")])
    assert dash == "That makes me smart,”"
    more = _quotation_then(lambda n: [("for", 5, "prep", "ADP"), ("his", n + 2, "poss", "PRON"),
                                      ("party", n, "pobj", "NOUN"), (".", 1, "punct", "PUNCT")])
    assert more.endswith("for his party")


def _paraphrase_then_quotation(text):
    from newsgraph.extract.quotes.settle import _paraphrase_just_before

    doc = spacy.blank("en")(text)
    marks = pair_quote_marks(text)
    said = next(t for t in doc if t.text == "said")
    attribution = doc.char_span(0, text.index(".") + 1, alignment_mode="expand")  # "The plan ... said."
    content_end = text.index(", Schiff")
    draft = Draft([(0, content_end)], set(), "clause", Cue(said, said.i, said.i + 1, "speech"),
                  doc.char_span(content_end + 2, content_end + 8), attribution)
    return _paraphrase_just_before([draft], text, marks.regions[-1]) is draft


def test_a_quotation_opening_the_sentence_after_a_paraphrase_goes_on_with_it():
    assert _paraphrase_then_quotation('The plan may fail, Schiff said. "The other factor is time."')
    # not across a paragraph, and not a quotation inside a sentence of the writer's
    assert not _paraphrase_then_quotation('The plan may fail, Schiff said.\n\n"The other factor is time."')
    assert not _paraphrase_then_quotation('The plan may fail, Schiff said. Critics see "the other factor."')


def test_a_quotation_ending_in_a_nested_one_is_reported_up_to_its_own_closing_mark():
    from newsgraph.extract.quotes.assemble import trim_span, with_marks

    text = "“The products you called ‘miracles,’” she said."
    marks = pair_quote_marks(text)
    region = marks.regions[0]
    s, e = with_marks(marks, *trim_span(text, region.start, region.end))
    assert text[s:e] == "“The products you called ‘miracles,’”"


def test_a_piece_reaching_from_a_closing_mark_into_the_speakers_name_ends_at_the_mark():
    text = "“We will achieve justice,” Tulsa police Chief Chuck Jordan said."
    doc = spacy.blank("en")(text)
    for tok in doc:
        tok.is_sent_start = tok.i == 0  # one sentence
    marks = pair_quote_marks(text)
    speaker = doc.char_span(text.index("police"), text.index(" said"))
    said = doc[len(doc) - 2]
    draft = Draft([(1, text.index(" police"))], {0}, "adjacent", Cue(said, said.i, said.i + 1, "speech"), speaker)
    cut_writers_words(doc, [draft], marks, Sentences(doc))
    assert text[draft.start:draft.end] == "We will achieve justice,”"


def test_a_name_whose_first_word_the_tagger_took_for_a_verb_is_the_speaker_after_the_quotation():
    from newsgraph.extract.quotes.drafts import _name_after_quotation

    # “We won,” Tulsa police Chief Jordan said.   ("Tulsa" tagged a verb, "said" hung on "won")
    doc = parse(("“", 2, "punct", "PUNCT"), ("We", 2, "nsubj", "PRON"), ("won", 2, "ROOT", "VERB"),
                (",", 2, "punct", "PUNCT"), ("”", 2, "punct", "PUNCT"), ("Tulsa", 2, "dep", "VERB"),
                ("police", 7, "compound", "NOUN"), ("Chief", 5, "dobj", "PROPN"), ("Jordan", 7, "appos", "PROPN"),
                ("said", 2, "conj", "VERB"), (".", 2, "punct", "PUNCT"))
    named = _name_after_quotation(doc, Cue(doc[9], 9, 10, "speech"), pair_quote_marks(doc.text))
    assert named is not None and named[0].text == "Tulsa police Chief Jordan"
