"""The mention pairs and sentence bags in array operations (extract/events/pairs.py): the same
pairs and the same column ids, in the same order, as candidates() and features() one by one."""
from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.events.learned import Parse, _sentence_bag, candidates, features, load_model
from newsgraph.records import Event, Participant, Quote, TextSpan
from newsgraph.extract.events.pairs import HashTable, TokenIds, _ancestor_chains, _drop_repeats, bag_rows, pair_rows


def _two_sentences():
    # Germany refused to send troops to Iraq to help Iraq . Police arrested protesters .
    words = ["Germany", "refused", "to", "send", "troops", "to", "Iraq", "to", "help", "Iraq", ".",
             "Police", "arrested", "protesters", "."]
    heads = [1, 1, 3, 1, 3, 3, 5, 8, 3, 8, 1, 12, 12, 12, 12]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "dobj", "prep", "pobj", "aux", "advcl", "dobj", "punct",
            "nsubj", "ROOT", "dobj", "punct"]
    pos = ["PROPN", "VERB", "PART", "VERB", "NOUN", "ADP", "PROPN", "PART", "VERB", "PROPN", "PUNCT",
           "NOUN", "VERB", "NOUN", "PUNCT"]
    lemmas = ["germany", "refuse", "to", "send", "troop", "to", "iraq", "to", "help", "iraq", ".",
              "police", "arrest", "protester", "."]
    starts = [True] + [False] * 10 + [True] + [False] * 3
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=starts)


def _one_by_one(parse: Parse, index: dict[str, int], events=()) -> list[tuple[int, int, list[int], object]]:
    return [(c.actor, c.recipient, [index[f] for f in features(parse, c) if f in index], c.completes)
            for sent in parse.doc.sents for c in candidates(parse, sent, list(events)) if c.rule is None]


def _in_arrays(parse: Parse, index: dict[str, int], events=()) -> list[tuple[int, int, list[int], object]]:
    sentences = [(s.start, s.end, candidates(parse, s, list(events), pairs=False)) for s in parse.doc.sents]
    rows = pair_rows(parse, sentences, TokenIds(parse, index))
    starts = np.concatenate(([0], np.cumsum(rows.lengths)))
    return [(int(a), int(b), rows.flat[starts[r]:starts[r + 1]].tolist(), rows.completes[r])
            for r, (a, b) in enumerate(zip(rows.actor, rows.recipient))]


def _feature_names(parse: Parse, events=()) -> list[str]:
    """Every feature of the document's candidates, sorted (as a model's index is)."""
    return sorted({f for sent in parse.doc.sents for c in candidates(parse, sent, list(events))
                   for f in features(parse, c)})


def _rule_event(etype: str, actor: tuple[int, int], recipient: tuple[int, int] | None = None) -> Event:
    def side(span):
        return [Participant(None, "X", None, None, *span)] if span else []
    return Event(id="", type=etype, mode=None, quad="VC", actor=side(actor), recipient=side(recipient),
                 status="asserted", date=None, trigger=TextSpan(8, 15, "refused"), sentence=(0, 54), quote=None,
                 confidence=0.8)


def test_the_pairs_and_their_ids_are_those_of_the_candidates_one_by_one():
    doc = _two_sentences()
    parse = Parse(doc)
    names = _feature_names(parse)
    assert "w=to" in names and any(f.startswith("pa=") for f in names)  # repeated words, paths with words
    for known in (names, names[::2], names[1::3]):  # every feature known; some of them
        index = {f: k for k, f in enumerate(known)}
        expected = _one_by_one(parse, index)
        assert len(expected) > 6 and _in_arrays(parse, index) == expected


def test_pairs_beside_rule_events_pair_the_actor_of_one_without_recipient():
    doc = _two_sentences()
    parse = Parse(doc)
    # Germany refused (no recipient); Germany -> troops; troops -> Iraq: pairs of Germany but (Germany, troops)
    events = [_rule_event("REJECT", (0, 7)), _rule_event("MOBILIZE", (0, 7), (24, 30)),
              _rule_event("ASSAULT", (24, 30), (34, 38))]
    names = _feature_names(parse, events)
    assert {"a=actor:REJECT", "a=actor:MOBILIZE", "b=recipient:ASSAULT"} <= set(names)
    for known in (names, names[::2]):
        index = {f: k for k, f in enumerate(known)}
        expected = _one_by_one(parse, index, events)
        assert _in_arrays(parse, index, events) == expected
        assert {a for a, _, _, rule in expected if rule is events[0]} == {0}  # only Germany is paired there
        pairs = {(a, b) for a, b, _, _ in expected}
        assert (0, 6) in pairs and (0, 4) not in pairs  # the sides of a rule event: no pair


def test_pairs_are_grouped_by_sentence():
    doc = _two_sentences()
    parse = Parse(doc)
    rows = pair_rows(parse, [(s.start, s.end, []) for s in doc.sents], TokenIds(parse, {"bias": 0}))
    first, second = (set(zip(rows.actor[s:e].tolist(), rows.recipient[s:e].tolist()))
                     for s, e in zip(rows.bounds, rows.bounds[1:]))
    assert (11, 13) in second and all(a < 11 and b < 11 for a, b in first)
    assert rows.lengths.tolist() == [1] * len(rows.actor)  # only "bias" is known


def test_ancestor_chains_stop_at_the_root():
    chains = _ancestor_chains(np.array([1, 1, 1, 2]))
    assert chains[3].tolist() == [3, 2, 1, -1, -1, -1, -1, -1]
    assert chains[1].tolist() == [1] + [-1] * 7


def test_only_later_repeats_are_dropped():
    matrix = np.array([[5, -1, 3, 5, 3, 7], [1, 2, 3, -1, -1, 1]])
    _drop_repeats(matrix)
    assert matrix.tolist() == [[5, -1, 3, -1, -1, 7], [1, 2, 3, -1, -1, -1]]


def test_a_hash_table_makes_each_row_once():
    made = []
    table = HashTable(lambda key: made.append(key) or [key * 10, key], width=2)
    assert table[np.array([3, 1, 3], dtype=np.uint64)].tolist() == [[30, 3], [10, 1], [30, 3]]
    assert table[np.array([[2], [3]], dtype=np.uint64)].tolist() == [[[20, 2]], [[30, 3]]]
    assert made == [1, 3, 2]


@pytest.mark.model
def test_a_parsed_article_gives_the_same_rows(nlp):
    doc = nlp("Russia and Ukraine traded accusations on Monday after talks in Istanbul stalled. "
              "Officials in Kyiv said Moscow had rejected a proposal from Turkey to exchange prisoners, "
              "while the Kremlin blamed Washington for the breakdown of the negotiations.")
    parse, index = Parse(doc), load_model().index
    expected = _one_by_one(parse, index)
    assert len(expected) > 10 and _in_arrays(parse, index) == expected


def test_sentence_bags_are_the_known_words_of_each_sentence_sorted():
    doc = _two_sentences()
    parse = Parse(doc)
    sents = list(doc.sents)
    names = sorted({f for s in sents for f in _sentence_bag(parse, s)})
    assert {"s=refuse", "s=troop", "s=to"} <= set(names) and "s=germany" not in names  # a PROPN is no bag word
    for known in (names, names[1::2]):  # the index is sorted by name, as load_model requires
        index = {f: k for k, f in enumerate(known)}
        flat, lengths = bag_rows(parse, TokenIds(parse, index), [(s.start, s.end) for s in sents])
        expected = [[index[f] for f in _sentence_bag(parse, s) if f in index] for s in sents]
        assert all(expected) and [part.tolist() for part in np.split(flat, np.cumsum(lengths)[:-1])] == expected


@pytest.mark.model
def test_a_parsed_article_gives_the_same_bags(nlp):
    doc = nlp("The government did not agree to the talks. Rebels in the north refused to lay down their arms.")
    parse, index = Parse(doc), load_model().index
    sents = list(doc.sents)
    flat, lengths = bag_rows(parse, TokenIds(parse, index), [(s.start, s.end) for s in sents])
    expected = [[index[f] for f in _sentence_bag(parse, s) if f in index] for s in sents]
    assert index["s=not"] in expected[0]  # a negation: an adverb, and a stop word, but in the bag
    assert [part.tolist() for part in np.split(flat, np.cumsum(lengths)[:-1])] == expected


def test_two_models_keep_their_own_names():
    # interleaved as two threads with two models would: each document's ids stay its model's
    doc = _two_sentences()
    parse = Parse(doc)
    names = _feature_names(parse)
    first, second = ({f: k for k, f in enumerate(known)} for known in (names, names[::3]))
    ids_first, ids_second = TokenIds(parse, first), TokenIds(parse, second)
    sentences = [(s.start, s.end, []) for s in doc.sents]
    rows = pair_rows(parse, sentences, ids_first), pair_rows(parse, sentences, ids_second)
    for found, index in zip(rows, (first, second)):
        starts = np.concatenate(([0], np.cumsum(found.lengths)))
        got = [(int(a), int(b), found.flat[starts[r]:starts[r + 1]].tolist())
               for r, (a, b) in enumerate(zip(found.actor, found.recipient))]
        assert got == [(a, b, ids) for a, b, ids, _ in _one_by_one(parse, index)]


def test_the_place_of_a_dateline_is_paired_with_no_one():
    # ISTANBUL -- Erdogan met Putin . (the parser makes the dateline's place a subject)
    doc = Doc(Vocab(), words=["ISTANBUL", "--", "Erdogan", "met", "Putin", "."],
              spaces=[True, True, True, True, False, False], heads=[3, 3, 3, 3, 3, 3],
              deps=["nsubj", "punct", "nsubj", "ROOT", "dobj", "punct"],
              pos=["PROPN", "PUNCT", "PROPN", "VERB", "PROPN", "PUNCT"],
              lemmas=["istanbul", "--", "erdogan", "meet", "putin", "."])
    parse = Parse(doc)
    index = {f: k for k, f in enumerate(_feature_names(parse))}
    expected = _one_by_one(parse, index)
    assert {(a, b) for a, b, _, _ in expected} == {(2, 4)}  # not (0, 2), (0, 4), (2, 0)
    assert _in_arrays(parse, index) == expected


def test_a_compound_inside_its_heads_name_is_no_mention_of_its_own():
    # United States helped Ukraine . ("United" is part of the name "United States": one side, not two)
    doc = Doc(Vocab(), words=["United", "States", "helped", "Ukraine", "."], heads=[1, 2, 2, 2, 2],
              deps=["compound", "nsubj", "ROOT", "dobj", "punct"], pos=["PROPN", "PROPN", "VERB", "PROPN", "PUNCT"],
              lemmas=["united", "states", "help", "ukraine", "."], ents=["B-GPE", "I-GPE", "O", "B-GPE", "O"])
    parse = Parse(doc)
    index = {f: k for k, f in enumerate(_feature_names(parse))}
    expected = _one_by_one(parse, index)
    assert {(a, b) for a, b, _, _ in expected} == {(1, 3)}  # not (0, 3)
    assert _in_arrays(parse, index) == expected


def test_the_actor_of_a_rule_event_whose_recipient_lies_inside_it_is_paired_in_arrays_too():
    # Workers in Peru went on strike . (the rule event's recipient, Peru, is inside its actor)
    doc = Doc(Vocab(), words=["Workers", "in", "Peru", "went", "on", "strike", "."], heads=[3, 0, 1, 3, 3, 4, 3],
              deps=["nsubj", "prep", "pobj", "ROOT", "prep", "pobj", "punct"],
              pos=["NOUN", "ADP", "PROPN", "VERB", "ADP", "NOUN", "PUNCT"],
              lemmas=["worker", "in", "peru", "go", "on", "strike", "."])
    strike = Event(id="", type="PROTEST", mode=None, quad="VC", actor=[Participant(None, "X", None, None, 0, 15)],
                   recipient=[Participant(None, "X", None, None, 11, 15)], status="asserted", date=None,
                   trigger=TextSpan(16, 20, "went"), sentence=(0, 31), quote=None, confidence=0.8)
    parse = Parse(doc)
    index = {f: k for k, f in enumerate(_feature_names(parse, [strike]))}
    expected = _one_by_one(parse, index, [strike])
    assert [(a, b, rule) for a, b, _, rule in expected] == [(0, 5, strike)]
    assert any(f.startswith("tb=") for f in index)  # the recipient's way to the trigger is named
    assert _in_arrays(parse, index, [strike]) == expected


def test_the_apposition_of_a_rule_events_recipient_is_paired_with_its_actor_in_arrays_too():
    # Maltsev agreed with his counterpart , Najjar . (PLV marks the name, our recipient is "his counterpart")
    doc = Doc(Vocab(), words=["Maltsev", "agreed", "with", "his", "counterpart", ",", "Najjar", "."],
              spaces=[True, True, True, True, False, True, False, False], heads=[1, 1, 1, 4, 2, 4, 4, 1],
              deps=["nsubj", "ROOT", "prep", "poss", "pobj", "punct", "appos", "punct"],
              pos=["PROPN", "VERB", "ADP", "PRON", "NOUN", "PUNCT", "PROPN", "PUNCT"],
              lemmas=["maltsev", "agree", "with", "his", "counterpart", ",", "najjar", "."])
    counterpart = (doc[3].idx, doc[4].idx + len(doc[4]))
    agreed = Event(id="", type="AGREE", mode=None, quad="VC", actor=[Participant(None, "X", None, None, 0, 7)],
                   recipient=[Participant(None, "X", None, None, *counterpart)], status="asserted", date=None,
                   trigger=TextSpan(8, 14, "agreed"), sentence=(0, len(doc.text)), quote=None, confidence=0.8)
    parse = Parse(doc)
    names = _feature_names(parse, [agreed])
    assert {"instead", "instead=NOUN", "instead=counterpart"} <= set(names)
    index = {f: k for k, f in enumerate(names)}
    expected = _one_by_one(parse, index, [agreed])
    assert [(a, b, rule) for a, b, _, rule in expected] == [(0, 6, agreed)]  # only the apposition: not "his"
    assert _in_arrays(parse, index, [agreed]) == expected


def test_a_title_word_of_a_persons_name_stands_for_the_person():
    # Foreign Minister Ana Novak met Lavrov . (a pair with "Foreign" or "Minister" is one with her)
    from newsgraph.extract.entities import EntityClusterer
    from newsgraph.extract.events.docview import forget
    from newsgraph.extract.events.participants import participant
    doc = Doc(Vocab(), words=["Foreign", "Minister", "Ana", "Novak", "met", "Lavrov", "."], heads=[1, 3, 3, 4, 4, 4, 4],
              deps=["compound", "compound", "compound", "nsubj", "ROOT", "dobj", "punct"],
              pos=["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PROPN", "PUNCT"],
              lemmas=["foreign", "minister", "ana", "novak", "meet", "lavrov", "."],
              ents=["O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O"])
    doc = EntityClusterer(None)(doc)
    forget()
    novak = participant(doc[3])
    assert novak.name == "Ana Novak"
    assert participant(doc[0]) == novak and participant(doc[1]) == novak
    assert participant(doc[5]).name == "Lavrov"


def _attributed_quotation(quoted: bool) -> Doc:
    # " Sanctions are coming , " Novak said . (said attributes the quotation: no event of Novak's on sanctions)
    doc = Doc(Vocab(), words=['"', "Sanctions", "are", "coming", ",", '"', "Novak", "said", "."],
              spaces=[False, True, True, False, False, True, True, False, False], heads=[7, 3, 3, 7, 7, 7, 7, 7, 7],
              deps=["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
              pos=["PUNCT", "NOUN", "AUX", "VERB", "PUNCT", "PUNCT", "PROPN", "VERB", "PUNCT"],
              lemmas=['"', "sanction", "be", "come", ",", '"', "novak", "say", "."],
              ents=["O", "O", "O", "O", "O", "O", "B-PERSON", "O", "O"])
    said = doc[7]
    kind = "direct" if quoted else "indirect"
    doc._.quotes = [Quote("q1", 0, 23, [(0, 23)], doc.text[:23], kind, TextSpan(said.idx, said.idx + 4, "said"),
                          None, 0.9)]
    return doc


def test_a_direct_quotes_speaker_and_a_word_of_the_quotation_are_no_pair():
    for quoted, pairs in ((True, set()), (False, {(1, 6), (6, 1)})):
        parse = Parse(_attributed_quotation(quoted))
        index = {f: k for k, f in enumerate(_feature_names(parse))}
        expected = _one_by_one(parse, index)
        assert {(a, b) for a, b, _, _ in expected} == pairs
        assert _in_arrays(parse, index) == expected
