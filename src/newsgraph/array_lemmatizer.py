"""The model's rule lemmatizer, run over a Doc's arrays instead of token by token.

spaCy's Lemmatizer makes a Token and sets `lemma_` for every word, and works most of them out
again each time: its cache, keyed by the word, its POS and its morphology, keeps only the answers
of its tables, not those of its commonest case (a base form, "the word in lower case"). Its
answer depends on those three values alone (the word's text, `pos_` and `morph` are all it
reads), so `ArrayLemmatizer` reads them and the lemmas already set (the attribute ruler sets
some) with one `Doc.to_array`, asks the lemmatizer once per distinct key, keeps the answers (up
to MAX_LEMMAS_KEPT, then afresh), and writes all lemmas with one `Doc.from_array`: the same
lemmas. On text it has not seen, most of the time is still the lemmatizer's own first answers
for new words (PolNeAR dev, one pass: 1.27 s spaCy's, 1.19 s this); the gain is on words seen
before, which spaCy works out again.
"""
from __future__ import annotations

from collections.abc import Mapping

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from spacy.parts_of_speech import VERB

from newsgraph.resources import read_table
from newsgraph.stand_in import StandIn

_COLUMNS = [ORTH, POS, MORPH, LEMMA]
MAX_LEMMAS_KEPT = 100_000  # (word, POS, morphology) answers kept: about 23 MB
VERB_EXCEPTIONS = "lemmas/verb_exceptions.tsv"


class ArrayLemmatizer(StandIn):
    """Wraps a rule-mode Lemmatizer that does not overwrite lemmas; `wrap` sets which. The wrapped
    lemmatizer is what is serialized: its lookup tables."""

    def __init__(self, vocab, name: str = "lemmatizer", lemmatizer: Lemmatizer | None = None,
                 verb_lemmas: Mapping[str, str] | None = None):
        self.vocab = vocab
        self.name = name
        self.lemmatizer: Lemmatizer | None = lemmatizer
        # lower-cased verb form -> its lemma, over the lemmatizer's answer
        self.verb_lemmas = dict(read_table(VERB_EXCEPTIONS) if verb_lemmas is None else verb_lemmas)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (ORTH, POS, MORPH) -> LEMMA

    @staticmethod
    def supports(lemmatizer) -> bool:
        return isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule" and not lemmatizer.overwrite

    def _to_load_into(self) -> Lemmatizer:
        return self._held()

    def wrap(self, lemmatizer: Lemmatizer) -> ArrayLemmatizer:
        self.lemmatizer = lemmatizer
        self._lemmas = {}  # the answers of the lemmatizer wrapped before
        return self

    _hold = wrap

    def _held(self) -> Lemmatizer:
        if self.lemmatizer is None:
            raise ValueError("ArrayLemmatizer wraps no lemmatizer: call wrap first")
        return self.lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self._held()
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        try:
            rows = doc.to_array(_COLUMNS)
            lemmas = rows[:, 3].copy()
            known = self._lemmas
            if len(known) > MAX_LEMMAS_KEPT:  # a long run meets ever more words: start afresh
                known.clear()
            for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
                if lemma == 0:  # not set by the attribute ruler
                    key = (orth, pos, morph)
                    found = known.get(key)
                    if found is None:
                        found = known[key] = doc.vocab.strings.add(self._lemma(doc[i], lemmatizer))
                    lemmas[i] = found
            doc.from_array([LEMMA], lemmas)
            return doc
        except Exception as e:  # noqa: BLE001 - handled as spaCy's own component would
            return lemmatizer.get_error_handler()(lemmatizer.name, lemmatizer, [doc], e)

    def _lemma(self, token, lemmatizer: Lemmatizer) -> str:
        if token.pos == VERB:
            corrected = self.verb_lemmas.get(token.lower_)
            if corrected is not None:
                return corrected
        return lemmatizer.lemmatize(token)[0]

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory("newsgraph_array_lemmatizer")
def make_array_lemmatizer(nlp: Language, name: str) -> ArrayLemmatizer:
    # the language's own rule lemmatizer, tables not loaded: what a saved pipeline's tables load into
    lemmatizer = nlp.create_pipe("lemmatizer", name=name, config={"mode": "rule", "overwrite": False})
    return ArrayLemmatizer(nlp.vocab, name, lemmatizer)


def use_array_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Run the pipeline's lemmatizer through an ArrayLemmatizer, where it is a rule lemmatizer."""
    if name not in nlp.pipe_names or not ArrayLemmatizer.supports(nlp.get_pipe(name)):
        return False
    lemmatizer = nlp.get_pipe(name)
    nlp.replace_pipe(name, "newsgraph_array_lemmatizer")
    nlp.get_pipe(name).wrap(lemmatizer)
    return True
