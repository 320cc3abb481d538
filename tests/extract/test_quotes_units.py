"""Quote assembly on hand-built parses (no model): which quotation goes with which cue, split and
continued quotes, kinds, relaying, and the contract rules of every Quote."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsgraph.extract.extensions import register_extensions
from newsgraph.extract.quotes import extract_quotes
from newsgraph.extract.quotes.cues import CueLexicon

register_extensions()
VOCAB = spacy.blank("en").vocab  # with the English lexical attributes (lower case, punctuation)
LEXICON = CueLexicon(VOCAB)
_NO_SPACE_BEFORE = {",", ".", ":", ";", "?", "!", "”", "'s"}


def parse(*tokens):
    """A Doc from (text, head, dep, pos[, lemma[, tag]]) tuples; heads are absolute token indexes."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE and words[i] != "“"
              for i in range(len(words))]
    tags = [t[5] for t in tokens] if all(len(t) > 5 for t in tokens) else None
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
              pos=[t[3] for t in tokens], lemmas=[t[4] if len(t) > 4 else t[0].lower() for t in tokens], tags=tags)
    doc._.entities = []
    return doc


def quotes(doc):
    found = extract_quotes(doc, LEXICON)
    for q in found:
        assert q.text == doc.text[q.start:q.end]
        assert all(q.start <= s < e <= q.end for s, e in q.spans)
        assert q.spans == sorted(q.spans)
        assert 0 <= q.confidence <= 1
    return found


def texts(doc, q):
    return [doc.text[s:e] for s, e in q.spans]


def open_quote(head):
    return ("“", head, "punct", "PUNCT")


def close_quote(head):
    return ("”", head, "punct", "PUNCT")


# “We are ready,” Novak said, “and we will talk.”
SPLIT = [open_quote(7), ("We", 2, "nsubj", "PRON", "we"), ("are", 7, "ccomp", "AUX", "be"),
         ("ready", 2, "acomp", "ADJ"), (",", 7, "punct", "PUNCT"), close_quote(7),
         ("Novak", 7, "nsubj", "PROPN", "Novak"), ("said", 7, "ROOT", "VERB", "say"), (",", 7, "punct", "PUNCT"),
         open_quote(13), ("and", 13, "cc", "CCONJ"), ("we", 13, "nsubj", "PRON"), ("will", 13, "aux", "AUX"),
         ("talk", 7, "ccomp", "VERB"), (".", 7, "punct", "PUNCT"), close_quote(7)]


def test_split_quote_is_one_quote_with_two_pieces():
    doc = parse(*SPLIT)
    [q] = quotes(doc)
    assert texts(doc, q) == ["“We are ready,”", "“and we will talk.”"]  # with their marks
    assert (q.start, q.end) == (q.spans[0][0], q.spans[1][1])
    assert q.kind == "direct"
    assert q.cue.text == "said" and q.speaker.text == "Novak"


# “We are ready,” Novak said. “Talks resume.”
CONTINUED = [open_quote(7), ("We", 2, "nsubj", "PRON", "we"), ("are", 7, "ccomp", "AUX", "be"),
             ("ready", 2, "acomp", "ADJ"), (",", 7, "punct", "PUNCT"), close_quote(7),
             ("Novak", 7, "nsubj", "PROPN", "Novak"), ("said", 7, "ROOT", "VERB", "say"), (".", 7, "punct", "PUNCT"),
             open_quote(11), ("Talks", 11, "nsubj", "NOUN", "talk"), ("resume", 11, "ROOT", "VERB"),
             (".", 11, "punct", "PUNCT"), close_quote(11)]


def test_continuation_quote_joins_the_quote_before_it():
    doc = parse(*CONTINUED)
    [q] = quotes(doc)
    assert texts(doc, q) == ["“We are ready,”", "“Talks resume.”"]
    assert q.speaker.text == "Novak"


def test_reported_speech_is_indirect_without_that():
    # Novak said that talks resume.
    doc = parse(("Novak", 1, "nsubj", "PROPN", "Novak"), ("said", 1, "ROOT", "VERB", "say"),
                ("that", 4, "mark", "SCONJ"), ("talks", 4, "nsubj", "NOUN", "talk"), ("resume", 1, "ccomp", "VERB"),
                (".", 1, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert texts(doc, q) == ["talks resume"]
    assert q.kind == "indirect"


def test_partial_quotation_in_reported_speech_is_mixed():
    # Novak said talks “resume soon”.
    doc = parse(("Novak", 1, "nsubj", "PROPN", "Novak"), ("said", 1, "ROOT", "VERB", "say"),
                ("talks", 4, "nsubj", "NOUN", "talk"), open_quote(4), ("resume", 1, "ccomp", "VERB"),
                ("soon", 4, "advmod", "ADV"), close_quote(4), (".", 1, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert texts(doc, q) == ["talks “resume soon”"]
    assert q.kind == "mixed"


def test_parenthetical_attribution_splits_the_content():
    # Talks, Novak said, will resume.
    doc = parse(("Talks", 6, "nsubj", "NOUN", "talk"), (",", 3, "punct", "PUNCT"),
                ("Novak", 3, "nsubj", "PROPN", "Novak"), ("said", 6, "parataxis", "VERB", "say"),
                (",", 3, "punct", "PUNCT"), ("will", 6, "aux", "AUX"), ("resume", 6, "ROOT", "VERB"),
                (".", 6, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert texts(doc, q) == ["Talks", "will resume"]
    assert q.speaker.text == "Novak"


def test_unattributed_quotation_has_no_speaker_and_low_confidence():
    # “This plan has no plan at all.”
    doc = parse(open_quote(3), ("This", 2, "det", "DET"), ("plan", 3, "nsubj", "NOUN"), ("has", 3, "ROOT", "VERB", "have"),
                ("no", 5, "det", "DET"), ("plan", 3, "dobj", "NOUN"), ("at", 7, "advmod", "ADV"), ("all", 3, "advmod", "ADV"),
                (".", 3, "punct", "PUNCT"), close_quote(3))
    [q] = quotes(doc)
    assert q.speaker is None and q.cue is None
    assert q.kind == "direct" and q.confidence <= 0.3


def test_verb_off_the_cue_list_attributes_a_quotation_next_to_it():
    # “We are ready,” Novak grumbled.
    doc = parse(open_quote(7), ("We", 2, "nsubj", "PRON", "we"), ("are", 7, "ccomp", "AUX", "be"),
                ("ready", 2, "acomp", "ADJ"), (",", 7, "punct", "PUNCT"), close_quote(7),
                ("Novak", 7, "nsubj", "PROPN", "Novak"), ("grumbled", 7, "ROOT", "VERB", "grumble"),
                (".", 7, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert q.cue.text == "grumbled" and q.speaker.text == "Novak"


def test_scare_quote_alone_is_not_a_quote():
    # The “deal” collapsed.
    doc = parse(("The", 2, "det", "DET"), open_quote(2), ("deal", 4, "nsubj", "NOUN"), close_quote(2),
                ("collapsed", 4, "ROOT", "VERB", "collapse"), (".", 4, "punct", "PUNCT"))
    assert quotes(doc) == []


def test_relaying_agency_is_not_the_speaker():
    # Talks resume, the Treasury said, Reuters reports.
    doc = parse(("Talks", 1, "nsubj", "NOUN", "talk"), ("resume", 5, "ccomp", "VERB"), (",", 5, "punct", "PUNCT"),
                ("the", 4, "det", "DET"), ("Treasury", 5, "nsubj", "PROPN", "Treasury"),
                ("said", 8, "ccomp", "VERB", "say"), (",", 8, "punct", "PUNCT"), ("Reuters", 8, "nsubj", "PROPN", "Reuters"),
                ("reports", 8, "ROOT", "VERB", "report"), (".", 8, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert texts(doc, q) == ["Talks resume"]
    assert q.speaker.text == "the Treasury"


def test_quote_with_a_cue_but_no_speaker_is_kept_with_lower_confidence():
    # Talks resume, it was said.  -> passive without agent: no speaker
    doc = parse(("Talks", 1, "nsubj", "NOUN", "talk"), ("resume", 1, "ROOT", "VERB"), (",", 1, "punct", "PUNCT"),
                ("it", 5, "nsubjpass", "PRON"), ("was", 5, "auxpass", "AUX", "be"),
                ("said", 1, "parataxis", "VERB", "say"), (".", 1, "punct", "PUNCT"))
    found = quotes(doc)
    assert all(q.speaker is None for q in found)


def test_a_draft_inside_a_longer_draft_is_dropped_as_nested():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.settle import drop_nested

    outer = Draft([(0, 100)], set(), "clause")
    nested = Draft([(40, 80)], set(), "noun")
    beside = Draft([(95, 140)], set(), "clause")  # overlaps the outer one but mostly lies outside it
    split = Draft([(150, 170), (190, 210)], set(), "adjacent")
    piece_inside = Draft([(192, 205)], set(), "object")  # within one of the split quote's pieces
    assert drop_nested([outer, nested, beside, split, piece_inside]) == [outer, beside, split]


def test_a_quote_between_the_pieces_of_a_split_quotation_is_not_nested():
    """'"Sanctions are coming," Novak said, adding that talks had failed. "We are ready."': the
    indirect quote lies in the attribution between the split quotation's pieces, not in its
    content, so it stays (nesting is measured against pieces, not the outer bounds)."""
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.settle import drop_nested

    split = Draft([(0, 20), (70, 90)], {0, 1}, "adjacent")
    between = Draft([(42, 62)], set(), "clause")
    spanning = Draft([(10, 20), (70, 75)], set(), "object")  # its characters all lie in the pieces
    assert drop_nested([split, between, spanning]) == [split, between]


def test_tagged_content_widens_a_quotation_freely_and_a_clause_up_to_twice_its_length():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.learned import widen_with_tagged

    doc = Doc(VOCAB, words=["x"] * 60, spaces=[True] * 60)  # 119 characters, one paragraph
    doc._.attribution = [("CONTENT", 10, 50, 0.4), ("SOURCE", 0, 5, 0.9), ("CONTENT", 70, 90, 0.9)]
    quotation = Draft([(40, 44)], set(), "embedded")
    clause = Draft([(20, 45)], set(), "clause")
    short_clause = Draft([(30, 45)], set(), "clause")  # 15 characters would become 40
    apart = Draft([(100, 110)], set(), "object")  # no tagged content overlaps it
    learned = Draft([(72, 80)], set(), "learned")
    widen_with_tagged(doc, [quotation, clause, short_clause, apart, learned])
    assert quotation.spans == [(10, 50)] and clause.spans == [(10, 50)]
    assert short_clause.spans == [(30, 45)] and apart.spans == [(100, 110)] and learned.spans == [(72, 80)]


def test_a_speakerless_draft_takes_the_nearest_tagged_source_of_its_paragraph():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.learned import speakers_from_tagged

    words = ["x"] * 30 + ["\n"] + ["x"] * 29  # a paragraph break at character 60
    doc = Doc(VOCAB, words=words, spaces=[w != "\n" for w in words])
    doc._.attribution = [("SOURCE", 0, 3, 0.9), ("SOURCE", 30, 33, 0.9), ("SOURCE", 36, 39, 0.3),
                         ("SOURCE", 61, 64, 0.9)]
    unattributed = Draft([(40, 50)], set(), "unattributed")  # nearest confident source: 30-33
    across_the_break = Draft([(69, 79)], set(), "unattributed")  # 61-64 is near but ...
    far = Draft([(115, 118)], set(), "clause")  # ... more than SOURCE_REACH from this one
    an_object = Draft([(20, 28)], set(), "object")
    speakers_from_tagged(doc, [unattributed, across_the_break, far, an_object])
    assert (unattributed.speaker.start_char, unattributed.speaker.end_char) == (30, 33)
    assert (across_the_break.speaker.start_char, across_the_break.speaker.end_char) == (61, 64)
    assert far.speaker is None and an_object.speaker is None


# Many have vouched for him. Grassley disagrees.
VOUCHED = [("Many", 2, "nsubj", "PRON", "many"), ("have", 2, "aux", "AUX"), ("vouched", 2, "ROOT", "VERB", "vouch"),
           ("for", 2, "prep", "ADP"), ("him", 3, "pobj", "PRON"), (".", 2, "punct", "PUNCT"),
           ("Grassley", 7, "nsubj", "PROPN", "Grassley"), ("disagrees", 7, "ROOT", "VERB", "disagree"),
           (".", 7, "punct", "PUNCT")]


def test_a_draft_with_a_cue_takes_a_tagged_source_only_from_the_cues_sentence():
    from newsgraph.extract.quotes.cues import Cue
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.learned import speakers_from_tagged

    doc = parse(*VOUCHED)
    him = (doc.text.index("him"), doc.text.index("him") + 3)
    grassley = (doc.text.index("Grassley"), doc.text.index("Grassley") + 8)
    vouched = Cue(doc[2], 2, 3, "speech")
    doc._.attribution = [("SOURCE", *grassley, 0.9)]  # the nearest source, in the next sentence
    other_sentence = Draft([him], set(), "clause", vouched)
    speakers_from_tagged(doc, [other_sentence])
    assert other_sentence.speaker is None
    doc._.attribution = [("SOURCE", 0, 4, 0.9)]  # "Many", before the cue
    same_sentence = Draft([him], set(), "clause", vouched)
    speakers_from_tagged(doc, [same_sentence])
    assert same_sentence.speaker.text == "Many"


def test_a_learned_draft_takes_its_tagged_source_only_from_its_cues_sentence():
    from newsgraph.extract.quotes.cues import Cue
    from newsgraph.extract.quotes.learned import _speaker

    # Vouched for him. Grassley disagrees. (a cue with no subject in the parse)
    doc = parse(("Vouched", 0, "ROOT", "VERB", "vouch"), ("for", 0, "prep", "ADP"), ("him", 1, "pobj", "PRON"),
                (".", 0, "punct", "PUNCT"), ("Grassley", 5, "nsubj", "PROPN", "Grassley"),
                ("disagrees", 5, "ROOT", "VERB", "disagree"), (".", 5, "punct", "PUNCT"))
    vouched = Cue(doc[0], 0, 1, "speech")
    grassley = {"start": doc.text.index("Grassley"), "end": doc.text.index("Grassley") + 8}
    assert _speaker(doc, grassley, vouched) is None
    assert _speaker(doc, grassley, None).text == "Grassley"  # no cue: the tagged source stands


def test_a_raising_verb_names_no_speaker_and_takes_no_tagged_source():
    from newsgraph.extract.quotes.cues import Cue
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.learned import speakerless, speakers_from_tagged

    # He seems to think he is exempt.
    doc = parse(("He", 1, "nsubj", "PRON", "he"), ("seems", 1, "ROOT", "VERB", "seem"), ("to", 3, "aux", "PART"),
                ("think", 1, "xcomp", "VERB"), ("he", 5, "nsubj", "PRON"), ("is", 3, "ccomp", "AUX", "be"),
                ("exempt", 5, "acomp", "ADJ"), (".", 1, "punct", "PUNCT"))
    seems, thinks = Cue(doc[1], 1, 2, "learned"), Cue(doc[3], 3, 4, "belief")
    assert speakerless(seems) and not speakerless(thinks)
    doc._.attribution = [("SOURCE", 0, 2, 0.9)]
    draft = Draft([(9, 31)], set(), "clause", seems)
    speakers_from_tagged(doc, [draft])
    assert draft.speaker is None


def test_a_quotation_growing_into_a_quote_with_a_cue_and_speaker_joins_it():
    from newsgraph.extract.quotes.cues import Cue
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.learned import widen_with_tagged

    doc = Doc(VOCAB, words=["x"] * 60, spaces=[True] * 60)
    doc._.attribution = [("CONTENT", 10, 50, 0.9)]
    said = Draft([(10, 30)], set(), "clause", Cue(doc[2], 2, 3, "speech"), doc[0:1])
    embedded = Draft([(40, 50)], {3}, "embedded", None, doc[8:9])
    lonely = Draft([(52, 56)], set(), "embedded", None, doc[1:2])  # no tagged content reaches it
    out = widen_with_tagged(doc, [said, embedded, lonely])
    assert out == [said, lonely]
    assert said.spans == [(10, 50)] and said.regions == {3} and said.speaker.text == "x"


def test_a_title_cased_quotation_without_a_cue_is_a_name_not_speech():
    from newsgraph.extract.quotes.direct import unattributed_ok

    title = 'He is now host of “The Nightly Show with Larry Wilmore.”'
    speech = 'The crowd was loud. “We will win this state again.”'
    assert not unattributed_ok(title, [(title.index("The N"), title.index("”"))])
    assert unattributed_ok(speech, [(speech.index("We"), speech.index("”"))])


# Novak says he respects Clinton and calls her “a leader.”
OUTER_REPORT = [("Novak", 1, "nsubj", "PROPN", "Novak"), ("says", 1, "ROOT", "VERB", "say"),
                ("he", 3, "nsubj", "PRON"), ("respects", 1, "ccomp", "VERB", "respect"),
                ("Clinton", 3, "dobj", "PROPN", "Clinton"), ("and", 3, "cc", "CCONJ"),
                ("calls", 3, "conj", "VERB", "call"), ("her", 6, "dobj", "PRON"), open_quote(10),
                ("a", 10, "det", "DET"), ("leader", 6, "oprd", "NOUN"), (".", 10, "punct", "PUNCT"), close_quote(1)]


def test_a_cue_inside_the_clause_another_speech_verb_reports_takes_that_verbs_speaker():
    doc = parse(*OUTER_REPORT)
    [q] = [q for q in quotes(doc) if "leader" in q.text]
    assert q.cue.text == "calls"
    assert q.speaker.text == "Novak"


# Novak suggested that the plan failed - “We need details,” he said. (parsed suggested <- said)
LATER_REPORT = [("Novak", 1, "nsubj", "PROPN", "Novak"), ("suggested", 14, "ccomp", "VERB", "suggest"),
                ("that", 5, "mark", "SCONJ"), ("the", 4, "det", "DET"), ("plan", 5, "nsubj", "NOUN"),
                ("failed", 1, "ccomp", "VERB", "fail"), ("-", 14, "punct", "PUNCT"), open_quote(9),
                ("We", 9, "nsubj", "PRON", "we"), ("need", 14, "ccomp", "VERB"), ("details", 9, "dobj", "NOUN"),
                (",", 9, "punct", "PUNCT"), close_quote(14), ("he", 14, "nsubj", "PRON"),
                ("said", 14, "ROOT", "VERB", "say"), (".", 14, "punct", "PUNCT")]


def test_a_speech_verb_after_the_cue_does_not_take_the_cues_quote_from_its_own_subject():
    doc = parse(*LATER_REPORT)
    [q] = [q for q in quotes(doc) if "plan" in q.text]
    assert q.cue.text == "suggested"
    assert q.speaker.text == "Novak"


def test_a_title_cased_quotation_as_a_cues_object_is_a_name():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.marks import pair_quote_marks
    from newsgraph.extract.quotes.settle import drop_quoted_names

    text = 'Ryan spoke on “Midday with Charlie Sykes” and said “We Will Win.”'
    marks = pair_quote_marks(text)
    show = (text.index("“Midday"), text.index("” and") + 1)
    said = (text.index("We"), text.index(".”") + 1)
    drafts = [Draft([show], {0}, "object"), Draft([said], {1}, "adjacent")]
    assert [d.spans for d in drop_quoted_names(spacy.blank("en")(text), drafts, marks)] == [[said]]


# “We won?” Trump went on, as if he did not hear her.
WENT_ON = [open_quote(2), ("We", 2, "nsubj", "PRON", "we"), ("won", 6, "ccomp", "VERB", "win"), ("?", 2, "punct", "PUNCT"),
           close_quote(6), ("Trump", 6, "nsubj", "PROPN", "Trump"), ("went", 6, "ROOT", "VERB", "go"),
           ("on", 6, "prt", "ADP"), (",", 6, "punct", "PUNCT"), ("as", 14, "mark", "SCONJ"), ("if", 14, "mark", "SCONJ"),
           ("he", 14, "nsubj", "PRON"), ("did", 14, "aux", "AUX", "do"), ("not", 14, "neg", "PART"),
           ("hear", 6, "advcl", "VERB"), ("her", 14, "dobj", "PRON"), (".", 6, "punct", "PUNCT")]


def test_a_verb_off_the_cue_list_after_a_quotation_attributes_it_up_to_its_comma():
    doc = parse(*WENT_ON)
    [q] = quotes(doc)
    assert texts(doc, q) == ["“We won?”"] and q.cue.text == "went" and q.speaker.text == "Trump"


# “We were wrong,” Ramos, 58, told AFP.  (the parser hangs "Ramos" and "told" on "were")
NAME_BEFORE_CUE = [open_quote(2), ("We", 2, "nsubj", "PRON", "we"), ("were", 2, "ROOT", "AUX", "be"),
                   ("wrong", 2, "acomp", "ADJ"), (",", 2, "punct", "PUNCT"), close_quote(2),
                   ("Ramos", 2, "npadvmod", "PROPN", "Ramos"), (",", 6, "punct", "PUNCT"), ("58", 6, "appos", "NUM"),
                   (",", 6, "punct", "PUNCT"), ("told", 2, "conj", "VERB", "tell"), ("AFP", 10, "dobj", "PROPN", "AFP"),
                   (".", 2, "punct", "PUNCT")]


def test_a_name_between_a_quotation_and_its_cue_is_the_speaker_when_the_parse_misses_it():
    doc = parse(*NAME_BEFORE_CUE)
    [q] = quotes(doc)
    assert texts(doc, q) == ["“We were wrong,”"] and q.cue.text == "told" and q.speaker.text == "Ramos"


# Asked about it, Hillary shot back, “I bake cookies.”
SHOT_BACK = [("Asked", 5, "advcl", "VERB", "ask"), ("about", 0, "prep", "ADP"), ("it", 1, "pobj", "PRON"),
             (",", 5, "punct", "PUNCT"), ("Hillary", 5, "nsubj", "PROPN", "Hillary"), ("shot", 5, "ROOT", "VERB", "shoot"),
             ("back", 5, "prt", "ADP"), (",", 5, "punct", "PUNCT"), open_quote(10), ("I", 10, "nsubj", "PRON"),
             ("bake", 5, "ccomp", "VERB"), ("cookies", 10, "dobj", "NOUN", "cookie"), (".", 10, "punct", "PUNCT"),
             close_quote(5)]


def test_a_verb_off_the_cue_list_before_a_comma_and_a_closing_quotation_attributes_it():
    doc = parse(*SHOT_BACK)
    [q] = [q for q in quotes(doc) if "cookies" in q.text]
    assert texts(doc, q) == ["“I bake cookies.”"] and q.cue.text == "shot" and q.speaker.text == "Hillary"


def _tagged(words, tags, pos):
    return Doc(VOCAB, words=words, tags=tags, pos=pos)


def test_content_ends_before_a_second_cue_whose_subject_follows_a_clause_link():
    # the parser hung "said" on the noun phrase; "more than 4 in 10" is its subject all the same
    from newsgraph.extract.quotes.pieces import clean

    words = "they were worried about the economy , and more than 4 in 10 said Trump would win .".split()
    tags = ["PRP", "VBD", "JJ", "IN", "DT", "NN", ",", "CC", "JJR", "IN", "CD", "IN", "CD", "VBD", "NNP", "MD", "VB", "."]
    pos = ["PRON", "AUX", "ADJ", "ADP", "DET", "NOUN", "PUNCT", "CCONJ", "ADJ", "ADP", "NUM", "ADP", "NUM", "VERB",
           "PROPN", "AUX", "VERB", "PUNCT"]
    doc = _tagged(words, tags, pos)
    assert clean(doc, [(0, len(doc))], frozenset({13})) == [(0, 6)]


def test_a_second_cue_in_a_relative_clause_or_not_finite_does_not_end_the_content():
    from newsgraph.extract.quotes.pieces import clean

    words = "he is tied with Rubio , in a finish that he said defied expectations".split()
    tags = ["PRP", "VBZ", "VBN", "IN", "NNP", ",", "IN", "DT", "NN", "WDT", "PRP", "VBD", "VBD", "NNS"]
    pos = ["PRON", "AUX", "VERB", "ADP", "PROPN", "PUNCT", "ADP", "DET", "NOUN", "PRON", "PRON", "VERB", "VERB", "NOUN"]
    doc = _tagged(words, tags, pos)
    assert clean(doc, [(0, len(doc))], frozenset({11})) == [(0, len(doc))]
    tags[11] = "VBG"
    doc = _tagged(words[:9] + ["and", "he"] + words[11:], tags, pos)
    assert clean(doc, [(0, len(doc))], frozenset({11})) == [(0, len(doc))]


def test_call_for_takes_the_infinitive_the_parser_hangs_on_the_verb():
    # "for" parsed as the marker of an adverbial for-to clause, and as a preposition followed by it
    marked = parse(("Cruz", 2, "nsubj", "PROPN"), ("is", 2, "aux", "AUX", "be"), ("calling", 2, "ROOT", "VERB", "call"),
                   ("for", 7, "mark", "SCONJ"), ("his", 5, "poss", "PRON"), ("rivals", 7, "nsubj", "NOUN", "rival"),
                   ("to", 7, "aux", "PART"), ("drop", 2, "advcl", "VERB"), ("out", 7, "prt", "ADP"),
                   (".", 2, "punct", "PUNCT"))
    after_object = parse(("Sanders", 1, "nsubj", "PROPN"), ("called", 1, "ROOT", "VERB", "call"),
                         ("for", 1, "prep", "ADP"), ("the", 4, "det", "DET"), ("secretary", 2, "pobj", "NOUN"),
                         ("to", 6, "aux", "PART"), ("release", 1, "advcl", "VERB"), ("the", 8, "det", "DET"),
                         ("transcripts", 6, "dobj", "NOUN", "transcript"), (".", 1, "punct", "PUNCT"))
    for doc, content, speaker in ((marked, "his rivals to drop out", "Cruz"),
                                  (after_object, "the secretary to release the transcripts", "Sanders")):
        [q] = quotes(doc)
        assert (q.text, q.kind, q.speaker.text) == (content, "indirect", speaker)


def test_a_participle_cue_after_a_quotation_takes_the_clause_after_it():
    # '“We will win.” Asked which county was his favorite, he demurred.': not '"...," said X'
    rows = [("“", 3, "punct", "PUNCT", "“", "``"), ("We", 3, "nsubj", "PRON", "we", "PRP"),
            ("will", 3, "aux", "AUX", "will", "MD"), ("win", 3, "ROOT", "VERB", "win", "VB"),
            (".", 3, "punct", "PUNCT", ".", "."), ("”", 3, "punct", "PUNCT", "”", "''"),
            ("Asked", 14, "advcl", "VERB", "ask", "VBN"), ("which", 9, "attr", "PRON", "which", "WDT"),
            ("county", 9, "nsubj", "NOUN", "county", "NN"), ("was", 6, "ccomp", "AUX", "be", "VBD"),
            ("his", 11, "poss", "PRON", "his", "PRP$"), ("favorite", 9, "attr", "ADJ", "favorite", "JJ"),
            (",", 14, "punct", "PUNCT", ",", ","), ("he", 14, "nsubj", "PRON", "he", "PRP"),
            ("demurred", 14, "ROOT", "VERB", "demur", "VBD"), (".", 14, "punct", "PUNCT", ".", ".")]
    asked = [q for q in quotes(parse(*rows)) if q.cue is not None and q.cue.text == "Asked"]
    assert [(q.text, q.speaker) for q in asked] == [("which county was his favorite", None)]


def test_a_title_cased_quotation_set_off_by_its_cue_is_a_name_only_inside_a_noun_phrase():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.marks import pair_quote_marks
    from newsgraph.extract.quotes.settle import drop_quoted_names

    # 'the host of “Today,” reminded ...' (object of "of") against 'a man shouted, “Cruz,” ...' (object of the cue)
    for words, deps, heads, name in (
            (["the", "host", "of", "“", "Today", ",", "”", "reminded", "staff", "."],
             ["det", "nsubj", "prep", "punct", "pobj", "punct", "punct", "ROOT", "dobj", "punct"],
             [1, 7, 1, 4, 2, 1, 1, 7, 7, 7], True),
            (["a", "man", "shouted", ",", "“", "Cruz", ",", "”", "laughing", "."],
             ["det", "nsubj", "ROOT", "punct", "punct", "dobj", "punct", "punct", "advcl", "punct"],
             [1, 2, 2, 2, 5, 2, 5, 5, 2, 2], False)):
        doc = Doc(VOCAB, words=words, spaces=[w not in (",", "”", ".") and words[i + 1] not in (",", ".", "”")
                                              and w != "“" for i, w in enumerate(words[:-1])] + [False],
                  heads=heads, deps=deps)
        marks = pair_quote_marks(doc.text)
        region = marks.regions[0]
        drafts = [Draft([(region.start, region.end)], {0}, "adjacent")]
        assert (drop_quoted_names(doc, drafts, marks) == []) is name


def test_an_attribution_between_two_quotations_of_a_paragraph_joins_them_not_across_a_line_break():
    from newsgraph.extract.quotes.direct import gap_is_attribution

    def gap_and_attribution(text, attribution):
        doc = spacy.blank("en")(text)
        first_end = text.index("?”") + 1
        second = text.rindex("“")
        start = text.index(attribution)
        span = doc.char_span(start, start + len(attribution), alignment_mode="expand")
        return text, (first_end, second), span

    same = "“We won?” Trump went on, as if he did not hear her. “But we fight.”"
    assert gap_is_attribution(*gap_and_attribution(same, "Trump went on, as if he did not hear her."))
    other = "“We won?” Trump went on. Then the crowd cheered. “But we fight.”"
    assert not gap_is_attribution(*gap_and_attribution(other, "Trump went on."))
    signed = "“We won?” ― Ana Ruiz\n“But we fight.”"
    assert not gap_is_attribution(*gap_and_attribution(signed, "Ana Ruiz"))


def test_a_bare_name_is_the_content_of_a_target_verb_and_the_listener_of_another_object_verb():
    def doc_of(verb, lemma):
        return parse(("Cruz", 1, "nsubj", "PROPN"), (verb, 1, "ROOT", "VERB", lemma),
                     ("Trump", 1, "dobj", "PROPN"), (".", 1, "punct", "PUNCT"))

    for verb, lemma in (("attacked", "attack"), ("endorsed", "endorse")):
        [q] = quotes(doc_of(verb, lemma))
        assert (q.text, q.cue.text, q.speaker.text) == ("Trump", verb, "Cruz")
    assert quotes(doc_of("warned", "warn")) == []  # "warn" takes an object, but a bare name is whom it warns


def test_a_verb_and_its_preposition_take_the_prepositions_object():
    doc = parse(("Cruz", 1, "nsubj", "PROPN"), ("commented", 1, "ROOT", "VERB", "comment"), ("on", 1, "prep", "ADP"),
                ("the", 4, "det", "DET"), ("plan", 2, "pobj", "NOUN"), (".", 1, "punct", "PUNCT"))
    [q] = quotes(doc)
    assert (q.text, q.cue.text, q.speaker.text) == ("the plan", "commented on", "Cruz")


def test_the_if_clause_of_a_verb_of_asking_is_the_question_not_a_condition():
    def doc_of(verb, lemma):
        return parse(("He", 1, "nsubj", "PRON", "he"), (verb, 1, "ROOT", "VERB", lemma), ("if", 4, "mark", "SCONJ"),
                     ("they", 4, "nsubj", "PRON"), ("planned", 1, "advcl", "VERB", "plan"), ("to", 6, "aux", "PART"),
                     ("attend", 4, "xcomp", "VERB"), (".", 1, "punct", "PUNCT"))

    [q] = quotes(doc_of("asked", "ask"))
    assert (q.text, q.cue.text, q.speaker.text) == ("if they planned to attend", "asked", "He")
    assert quotes(doc_of("said", "say")) == []  # "said ..., if they planned to": a condition


def test_every_verb_of_asking_is_a_cue_verb():
    from newsgraph.extract.quotes.indirect import QUESTION_VERBS_FILE
    from newsgraph.resources import read_word_set

    assert read_word_set(QUESTION_VERBS_FILE) <= set(LEXICON.single)  # the others are never looked up


def test_a_possessive_does_not_hide_a_title():
    from newsgraph.extract.quotes.direct import title_cased, words

    title = "a comedy in the style of ''Bridget Jones's Diary.''"
    speech = "He said ''It's time to go.''"
    assert title_cased(words(title, title.index("Bridget"), len(title)))
    assert not title_cased(words(speech, speech.index("It's"), len(speech)))


def test_a_title_cased_quotation_the_parse_makes_a_subject_is_a_name_even_when_set_off():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.marks import pair_quote_marks
    from newsgraph.extract.quotes.settle import drop_quoted_names

    # '“Lilyhammer,” the show CBS revived, returned.' against '“Lilyhammer,” CBS said.'
    for words, deps, heads, name in (
            (["“", "Lilyhammer", ",", "”", "the", "show", "returned", "."],
             ["punct", "nsubj", "punct", "punct", "det", "appos", "ROOT", "punct"],
             [1, 6, 1, 1, 5, 1, 6, 6], True),
            (["“", "Lilyhammer", ",", "”", "CBS", "said", "."],
             ["punct", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
             [1, 5, 1, 1, 5, 5, 5], False)):
        spaces = [w not in ("“",) and i + 1 < len(words) and words[i + 1] not in (",", ".", "”") for i, w in enumerate(words)]
        doc = Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps)
        marks = pair_quote_marks(doc.text)
        region = marks.regions[0]
        drafts = [Draft([(region.start, region.end)], {0}, "adjacent")]
        assert (drop_quoted_names(doc, drafts, marks) == []) is name


def test_a_quotation_followed_by_a_byline_is_the_headline_of_a_piece():
    from newsgraph.extract.quotes.drafts import Draft
    from newsgraph.extract.quotes.marks import pair_quote_marks
    from newsgraph.extract.quotes.settle import drop_quoted_names

    text = '"Met accused of whitewashing baby Jesus," by Post\'s Kathianne Boniello. "We will sue," said Novak.'
    marks = pair_quote_marks(text)
    drafts = [Draft([(r.start, r.end)], {i}, "adjacent") for i, r in enumerate(marks.regions)]
    kept = drop_quoted_names(spacy.blank("en")(text), drafts, marks)
    assert [text[d.start:d.end] for d in kept] == ["We will sue,"]


def test_of_two_cues_over_one_clause_the_one_reporting_the_other_stays():
    """'About 4 in 10 say they want the next president to have more liberal policies': the parser
    gives "say" no subject, and the content of "want" is nearly all of the content of "say"; the
    outer cue, whose content holds the other's attribution, is the quote (as PolNeAR marks it)."""
    doc = parse(("About", 1, "advmod", "ADV"), ("4", 3, "quantmod", "NUM"), ("in", 3, "quantmod", "ADP"),
                ("10", 4, "nummod", "NUM"), ("say", 4, "ROOT", "VERB"), ("they", 6, "nsubj", "PRON"),
                ("want", 4, "ccomp", "VERB"), ("the", 9, "det", "DET"), ("next", 9, "amod", "ADJ"),
                ("president", 11, "nsubj", "NOUN"), ("to", 11, "aux", "PART"), ("have", 6, "ccomp", "VERB"),
                ("more", 14, "amod", "ADJ"), ("liberal", 14, "amod", "ADJ"), ("policies", 11, "dobj", "NOUN", "policy"),
                (".", 4, "punct", "PUNCT"))
    found = quotes(doc)
    assert [q.cue.text for q in found] == ["say"]
    assert texts(doc, found[0]) == ["they want the next president to have more liberal policies"]
