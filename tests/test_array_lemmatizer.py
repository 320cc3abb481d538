"""ArrayLemmatizer against the rule lemmatizer it wraps: the same lemmas on the same Docs."""
from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.lookups import Lookups
from spacy.tokens import Doc

from newsgraph.array_lemmatizer import ArrayLemmatizer, use_array_lemmatizer


def _lemmatizer(nlp):
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""]], "verb": [["ed", ""], ["ing", ""]]})
    lookups.add_table("lemma_index", {"noun": ["talk", "tank"], "verb": ["talk", "send"]})
    lookups.add_table("lemma_exc", {"verb": {"sent": ["send"]}})
    lemmatizer.initialize(lookups=lookups)
    return lemmatizer


def _doc(vocab) -> Doc:
    words = ["Talks", "talked", "sent", "tanks", "talks", "Talks", "sending", "tank", "here"]
    pos = ["NOUN", "VERB", "VERB", "NOUN", "VERB", "NOUN", "VERB", "NOUN", "ADV"]
    morphs = ["Number=Plur", "Tense=Past|VerbForm=Fin", "Tense=Past|VerbForm=Fin", "Number=Plur",
              "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Number=Plur", "VerbForm=Ger", "Number=Sing", ""]
    lemmas = [""] * 8 + ["hither"]  # set before: the lemmatizer leaves it
    return Doc(vocab, words=words, pos=pos, morphs=morphs, lemmas=lemmas)


def test_same_lemmas_as_the_rule_lemmatizer():
    nlp = English()
    lemmatizer = _lemmatizer(nlp)
    ours = ArrayLemmatizer(nlp.vocab).wrap(lemmatizer)
    expected = [t.lemma_ for t in lemmatizer(_doc(nlp.vocab))]
    assert [t.lemma_ for t in ours(_doc(nlp.vocab))] == expected
    assert [t.lemma_ for t in ours(_doc(nlp.vocab))] == expected  # from what the first document kept
    assert expected == ["talk", "talk", "send", "tank", "talks", "talk", "send", "tank", "hither"]


def test_listed_verb_forms_get_their_listed_lemma_over_the_rules_answer():
    nlp = English()
    lemmatizer = _lemmatizer(nlp)
    ours = ArrayLemmatizer(nlp.vocab, verb_lemmas={"talked": "talk over", "tanks": "tank up"}).wrap(lemmatizer)
    lemmas = [t.lemma_ for t in ours(_doc(nlp.vocab))]
    # "talked" is a VERB here: corrected; "tanks" is a NOUN: the rules' answer stands
    assert lemmas == ["talk", "talk over", "send", "tank", "talks", "talk", "send", "tank", "hither"]


@pytest.mark.model
def test_the_models_lemmatizer_with_the_verb_exceptions(nlp, stock_nlp):
    text = "Rebels staged attacks and are waging war; a court fined them."
    stock = {t.text: t.lemma_ for t in stock_nlp(text)}
    ours = {t.text: t.lemma_ for t in nlp(text)}
    assert (stock["staged"], stock["waging"], stock["fined"]) == ("stag", "wag", "fin")  # what it fixes
    assert (ours["staged"], ours["waging"], ours["fined"]) == ("stage", "wage", "fine")
    assert ours["attacks"] == stock["attacks"] and ours["Rebels"] == stock["Rebels"]


def test_wraps_only_a_rule_lemmatizer_that_keeps_set_lemmas():
    nlp = English()
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not use_array_lemmatizer(nlp)
    nlp = English()
    nlp.add_pipe("lemmatizer", config={"mode": "rule", "overwrite": True})
    assert not use_array_lemmatizer(nlp)
    nlp = English()
    _lemmatizer(nlp)
    names = nlp.pipe_names
    assert use_array_lemmatizer(nlp)
    assert nlp.pipe_names == names and isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)


@pytest.mark.model
def test_the_models_lemmatizer_on_parsed_text(nlp, stock_nlp):
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayLemmatizer)
    text = ("The ministers were meeting again; talks had stalled as the rebels' better-armed units "
            "advanced. \"We aren't leaving,\" she said, and the Talks resumed on Mondays.")
    assert [t.lemma_ for t in stock_nlp(text)] == [t.lemma_ for t in nlp(text)]


def test_past_its_bound_it_starts_afresh_with_the_same_lemmas(monkeypatch):
    import newsgraph.array_lemmatizer as module

    monkeypatch.setattr(module, "MAX_LEMMAS_KEPT", 2)
    nlp = English()
    lemmatizer = _lemmatizer(nlp)
    ours = ArrayLemmatizer(nlp.vocab).wrap(lemmatizer)
    expected = [t.lemma_ for t in lemmatizer(_doc(nlp.vocab))]
    assert [t.lemma_ for t in ours(_doc(nlp.vocab))] == expected
    assert len(ours._lemmas) > 2
    assert [t.lemma_ for t in ours(_doc(nlp.vocab))] == expected
    assert len(ours._lemmas) <= len(_doc(nlp.vocab))  # cleared, then this document's keys only


def test_a_pipeline_with_it_pickles_and_saves_with_its_tables(tmp_path):
    import pickle

    from spacy.util import load_model_from_config

    nlp = English()
    _lemmatizer(nlp)
    expected = [t.lemma_ for t in nlp(_doc(nlp.vocab))]
    assert use_array_lemmatizer(nlp)
    nlp.to_disk(tmp_path)
    copies = [pickle.loads(pickle.dumps(nlp)), load_model_from_config(nlp.config).from_bytes(nlp.to_bytes()),
              load_model_from_config(nlp.config).from_disk(tmp_path)]
    for copy in copies:
        assert isinstance(copy.get_pipe("lemmatizer"), ArrayLemmatizer)
        assert [t.lemma_ for t in copy(_doc(copy.vocab))] == expected


def test_a_second_lemmatizer_wrapped_forgets_the_first_ones_lemmas():
    nlp = English()
    ours = ArrayLemmatizer(nlp.vocab).wrap(_lemmatizer(nlp))
    ours(_doc(nlp.vocab))
    other = English()
    lemmatizer = other.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["ks", "x"]]})
    lemmatizer.initialize(lookups=lookups)
    ours.wrap(lemmatizer)
    assert [t.lemma_ for t in ours(_doc(nlp.vocab))] == [t.lemma_ for t in lemmatizer(_doc(nlp.vocab))]


def test_an_error_goes_to_the_handler_set_on_the_pipeline():
    nlp = English()
    lemmatizer = _lemmatizer(nlp)
    use_array_lemmatizer(nlp)
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, error: seen.append((name, type(error))) or docs[0])
    lemmatizer.lemmatize = lambda token: 1 / 0
    assert [doc.text for doc in nlp.pipe(["talks"])] == ["talks"]  # pipe: no handler of the pipeline around it
    assert seen == [("lemmatizer", ZeroDivisionError)]


@pytest.mark.filterwarnings("ignore:\\[W108\\]")  # spaCy's: this pipeline has no tagger to set POS
def test_evaluate_scores_its_lemmas():
    from spacy.training import Example

    nlp = English()
    _lemmatizer(nlp)
    use_array_lemmatizer(nlp)
    reference = _doc(nlp.vocab)
    assert "lemma_acc" in nlp.evaluate([Example(nlp.make_doc(reference.text), reference)])
