"""AttributeTable against spaCy's AttributeRuler: the same attributes on the same Docs."""
from __future__ import annotations

import pytest
from spacy.attrs import IDS
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.attribute_table import AttributeTable, use_attribute_table

COMPARED = [IDS[name] for name in ("ORTH", "TAG", "POS", "MORPH", "LEMMA", "DEP", "HEAD")]

RULES = [  # each kind of pattern a model's ruler uses, and rules that overwrite earlier ones
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"TAG": "NN", "LOWER": "plan"}], [{"TAG": "NN", "LOWER": "deal"}]],
     "attrs": {"POS": "PROPN", "MORPH": "_"}},  # later than the NN rule: wins on these words
]


def _doc(vocab) -> Doc:
    words = ["There", "is", "a", "plan", "nothin'", "gon", "na", "happen", "\n", "deal", "is", "done", "Nuthin'"]
    tags = ["EX", "VBZ", "DT", "NN", "NN", "VBG", "TO", "VB", "_SP", "NN", "VBZ", "VBN", "NN"]
    deps = ["expl", "ROOT", "det", "attr", "appos", "advcl", "aux", "xcomp", "dep", "nsubjpass", "auxpass",
            "conj", "npadvmod"]
    heads = [1, 1, 3, 1, 3, 1, 7, 5, 7, 11, 11, 1, 11]
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=heads)


def _ruler_and_table(rules):
    nlp = English()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(rules)
    return ruler, AttributeTable(nlp.vocab).copy_rules(ruler), nlp.vocab


def _same(a: Doc, b: Doc) -> bool:
    return (a.to_array(COMPARED) == b.to_array(COMPARED)).all() and [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_sets_what_the_ruler_sets():
    ruler, table, vocab = _ruler_and_table(RULES)
    expected, got = ruler(_doc(vocab)), table(_doc(vocab))
    assert _same(expected, got)
    assert [t.pos_ for t in got][:4] == ["", "VERB", "", "PROPN"]  # the expl rule and the later NN rule won
    assert [t.lemma_ for t in got][4:7] == ["nothing", "", "to"]
    assert got[12].lemma_ == "nothing" and got[8].dep_ == "dep"


def test_a_second_document_reuses_what_the_first_worked_out():
    ruler, table, vocab = _ruler_and_table(RULES)
    table(_doc(vocab))
    assert _same(ruler(_doc(vocab)), table(_doc(vocab)))


@pytest.mark.parametrize("rule", [
    {"patterns": [[{"TAG": "NN", "OP": "+"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"ORTH": "US"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["", "a"]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": ""}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"LOWER": {"REGEX": "^x?$"}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"flag": True}}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"ENT_TYPE": "ORG"}},
])
def test_patterns_it_cannot_follow_leave_the_ruler_in_place(rule):
    if "_" in rule["attrs"] and not Doc.has_extension("flag"):
        from spacy.tokens import Token
        Token.set_extension("flag", default=False)
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([rule])
    assert not AttributeTable.supports(ruler)
    assert not use_attribute_table(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler


def test_replaces_a_supported_ruler_in_its_place():
    nlp = English()
    nlp.add_pipe("attribute_ruler").add_patterns(RULES)
    names = nlp.pipe_names
    assert use_attribute_table(nlp)
    assert nlp.pipe_names == names and isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)


@pytest.mark.model
def test_the_models_ruler_on_parsed_articles(nlp, stock_nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    text = ("There's no deal yet, but they're gonna meet. \"We haven't seen it,\" she said; "
            "nothin' is done.\n\nI told you it was him who'd called, and it's been said.")
    assert _same(stock_nlp(text), nlp(text))


def test_past_its_bound_it_forgets_the_words_and_still_agrees(monkeypatch):
    import newsgraph.attribute_table as module

    monkeypatch.setattr(module, "MAX_WORDS_KEPT", 2)
    ruler, table, vocab = _ruler_and_table(RULES)
    table(_doc(vocab))
    assert len(table._word_class) > 2
    assert _same(ruler(_doc(vocab)), table(_doc(vocab)))
    assert len(table._word_class) <= len(_doc(vocab))


def test_a_word_a_not_in_set_names_is_not_taken_for_an_unnamed_word():
    ruler, table, vocab = _ruler_and_table([{"patterns": [[{"LOWER": {"NOT_IN": ["plan"]}, "TAG": "NN"}]],
                                             "attrs": {"POS": "NOUN", "LEMMA": "thing"}}])
    expected, got = ruler(_doc(vocab)), table(_doc(vocab))
    assert _same(expected, got)
    assert got[3].pos_ == "" and got[9].pos_ == "NOUN"  # "plan" excluded, "deal" not


@pytest.mark.filterwarnings("ignore:\\[W036\\]")  # spaCy's, of the ruler with no patterns
def test_a_ruler_that_sets_one_attribute_or_none():
    for rules in ([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}}], []):
        ruler, table, vocab = _ruler_and_table(rules)
        assert _same(ruler(_doc(vocab)), table(_doc(vocab)))


def test_new_rules_replace_what_was_worked_out_from_the_old():
    ruler, table, vocab = _ruler_and_table(RULES)
    table(_doc(vocab))
    other = AttributeRuler(vocab)
    other.add_patterns([{"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "X", "LEMMA": "it"}}])
    table.copy_rules(other)
    assert _same(other(_doc(vocab)), table(_doc(vocab)))


def test_a_pipeline_with_the_table_pickles_and_saves_with_its_rules(tmp_path):
    import pickle

    from spacy.util import load_model_from_config

    nlp = English()
    nlp.add_pipe("attribute_ruler").add_patterns(RULES)
    expected = nlp(_doc(nlp.vocab))
    use_attribute_table(nlp)
    nlp.to_disk(tmp_path)
    copies = [pickle.loads(pickle.dumps(nlp)), load_model_from_config(nlp.config).from_bytes(nlp.to_bytes()),
              load_model_from_config(nlp.config).from_disk(tmp_path)]
    for copy in copies:
        assert isinstance(copy.get_pipe("attribute_ruler"), AttributeTable)
        assert _same(expected, copy(_doc(copy.vocab)))


def test_an_error_goes_to_the_handler_set_on_the_pipeline():
    nlp = English()
    nlp.add_pipe("attribute_ruler").add_patterns(RULES)
    use_attribute_table(nlp)
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, error: seen.append((name, type(error))) or docs[0])
    nlp.get_pipe("attribute_ruler")._apply = lambda doc: 1 / 0
    assert [doc.text for doc in nlp.pipe(["a plan"])] == ["a plan"]  # pipe: no handler of the pipeline around it
    assert seen == [("attribute_ruler", ZeroDivisionError)]


def test_evaluate_scores_what_the_table_sets():
    from spacy.training import Example

    nlp = English()
    nlp.add_pipe("attribute_ruler").add_patterns(RULES)
    use_attribute_table(nlp)
    reference = _doc(nlp.vocab)
    scores = nlp.evaluate([Example(nlp.make_doc(reference.text), reference)])
    assert {"pos_acc", "morph_acc", "lemma_acc"} <= set(scores)
