"""The per-Doc token facts of extract/docfacts.py agree with what spaCy's Token objects say."""
from spacy.lang.en import English
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.docfacts import positions_of_texts, positions_set, token_facts

WORDS = ["Novak", ",", "who", "left", "--", "said", "''", "we", "won", "''", "."]
HEADS = [5, 0, 3, 0, 5, 5, 8, 8, 5, 8, 5]
DEPS = ["nsubj", "punct", "nsubj", "relcl", "punct", "ROOT", "punct", "nsubj", "ccomp", "punct", "punct"]


def _doc() -> Doc:
    return Doc(Vocab(), words=WORDS, heads=HEADS, deps=DEPS)


def test_subtree_is_the_token_and_its_descendants():
    doc = _doc()
    facts = token_facts(doc)
    for token in doc:
        assert facts.subtree(token) == frozenset(t.i for t in token.subtree)
    assert facts.subtree(doc[0]) == {0, 1, 2, 3}


def test_dependency_labels_are_the_string_store_ids_even_for_spacy_symbols():
    doc = _doc()
    facts = token_facts(doc)
    # "relcl" is one of spaCy's symbols: its id is not the hash of the string
    assert [facts.deps[t.i] == doc.vocab.strings["relcl"] for t in doc] == [d == "relcl" for d in DEPS]


def test_positions_of_texts_finds_every_token_with_one_of_the_texts():
    doc = _doc()
    assert positions_of_texts(doc, frozenset({"''", "--"})) == [4, 6, 9]
    assert positions_set(doc, frozenset({","})) == {1}
    assert positions_of_texts(doc, frozenset({"nowhere"})) == []


def test_facts_follow_the_doc_asked_about():
    first, second = _doc(), Doc(Vocab(), words=["a", ",", "b"])
    assert token_facts(first).idx == [t.idx for t in first]
    assert token_facts(second).idx == [t.idx for t in second]
    assert positions_of_texts(second, frozenset({","})) == [1]
    assert token_facts(first).punct_or_space == [t.is_punct or t.is_space for t in first]


def test_sentence_ids_and_word_counts():
    doc = Doc(English().vocab, words=["Taxes", "rose", ".", "He", "said", "so", "."],
              sent_starts=[True, False, False, True, False, False, False])
    facts = token_facts(doc)
    assert facts.sentence_ids == [0, 0, 0, 1, 1, 1, 1]
    assert facts.sentence_ids == [k for k, sent in enumerate(doc.sents) for _ in sent]
    assert facts.words_before == [0, 1, 2, 2, 3, 4, 5, 5]
