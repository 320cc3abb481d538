"""The per-document views of the event code against what spaCy's Token gives."""
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.events.docview import (
    forget, kid_deps, kids, label_ids, quote_spans, sentence_spans, tree, words_in,
)
from newsgraph.extract.events.triggers import lemma_of
from newsgraph.extract.extensions import ensure_lists
from newsgraph.records import Quote

# two sentences, so two roots: "Russia sent troops to the border. Kyiv protested loudly."
WORDS = ["Russia", "sent", "troops", "to", "the", "border", ".", "Kyiv", "protested", "loudly", "."]
HEADS = [1, 1, 1, 1, 5, 3, 1, 8, 8, 8, 8]
DEPS = ["nsubj", "ROOT", "dobj", "prep", "det", "pobj", "punct", "nsubj", "ROOT", "advmod", "punct"]
STARTS = [True] + [False] * 6 + [True] + [False] * 3


def _doc() -> Doc:
    return Doc(Vocab(), words=WORDS, heads=HEADS, deps=DEPS, sent_starts=STARTS)


def test_tree_children_are_token_children_and_no_root_is_its_own_child():
    doc = _doc()
    forget()
    parse = tree(doc)
    for token in doc:
        assert parse.children(token.i) == [c.i for c in token.children]
    assert 1 not in parse.children(1) and 8 not in parse.children(8)
    assert parse.children(8) == [7, 9, 10]


def test_children_lists_are_fresh_so_callers_may_extend_them():
    doc = _doc()
    forget()
    queue = tree(doc).children(1)
    queue.append(99)
    assert tree(doc).children(1) == [0, 2, 3, 6]


def test_kid_deps_pairs_each_child_with_its_label():
    doc = _doc()
    forget()
    for token in doc:
        found = kid_deps(token)
        assert [(dep, c.i) for dep, c in found] == [(c.dep_, c.i) for c in token.children]
        assert [c.i for _, c in found] == [c.i for c in kids(token)]


def test_tree_is_rebuilt_for_another_document():
    first, second = _doc(), Doc(Vocab(), words=["Talks", "resumed"], heads=[1, 1], deps=["nsubj", "ROOT"])
    forget()
    assert tree(first).children(1) == [0, 2, 3, 6]
    assert tree(second).children(1) == [0]
    assert tree(first).children(1) == [0, 2, 3, 6]


def test_tree_offsets_and_entity_inside_tags_are_the_tokens():
    doc = Doc(Vocab(), words=["The", "United", "Nations", "met"], heads=[2, 2, 3, 3],
              deps=["det", "compound", "nsubj", "ROOT"], ents=["O", "B-ORG", "I-ORG", "O"])
    forget()
    parse = tree(doc)
    assert parse.ends == [t.idx + len(t) for t in doc]
    assert parse.inside_entity == [t.ent_iob_ == "I" for t in doc] == [False, False, True, False]



def test_tree_entity_types_are_the_tokens_ids():
    doc = Doc(Vocab(), words=["The", "United", "Nations", "met"], heads=[2, 2, 3, 3],
              deps=["det", "compound", "nsubj", "ROOT"], ents=["O", "B-ORG", "I-ORG", "O"])
    forget()
    types = tree(doc).ent_types
    assert types == [t.ent_type for t in doc]
    assert [t in label_ids(["ORG"]) for t in types] == [False, True, True, False]


def test_sentence_spans_are_doc_sents():
    doc = _doc()
    forget()
    assert [(s.start, s.end) for s in sentence_spans(doc)] == [(s.start, s.end) for s in doc.sents] == [(0, 7), (7, 11)]


def test_words_in_finds_lower_capitalised_and_upper_case_forms_in_the_sentence_only():
    doc = Doc(Vocab(), words=["Talks", "resume", "today", ".", "TODAY", "and", "Today", "talks", "end"],
              sent_starts=[True, False, False, False, True, False, False, False, False])
    forget()
    first, second = list(doc.sents)
    words = frozenset({"today", "talks"})
    assert [t.i for t in words_in(first, words)] == [0, 2]
    assert [t.i for t in words_in(second, words)] == [4, 6, 7]


def test_lemma_of_is_the_lower_case_lemma_or_the_word():
    doc = Doc(Vocab(), words=["Sanctions", "Were", "IMPOSED"], lemmas=["Sanction", "", "impose"])
    assert [lemma_of(t) for t in doc] == ["sanction", "were", "impose"]


def test_quote_spans_list_each_quote_once_with_its_spans_or_bounds():
    doc = _doc()
    ensure_lists(doc)
    whole = Quote("q1", 0, 34, [(0, 10), (20, 34)], "", "mixed", None, None, 1.0)
    plain = Quote("q2", 35, 50, [], "", "indirect", None, None, 1.0)
    doc._.quotes = [whole, plain]
    forget()
    assert quote_spans(doc) == [([(0, 10), (20, 34)], whole), ([(35, 50)], plain)]
