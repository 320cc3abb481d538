"""The `newsgraph_attribution` spaCy component: learned attribution roles per token.

Add it after NER (it reads the parse, the lemmas, the entities and the shared tok2vec's
`Doc.tensor`), e.g. `nlp.add_pipe("newsgraph_attribution", before="newsgraph_quotes")`. It sets
`doc._.attribution`: a list of (label, start_char, end_char, score) with label CONTENT, SOURCE or
CUE, in text order; score is the mean probability of the span's tags.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.extract.attribution.bio import decode
from newsgraph.extract.attribution.runtime import Tagger

log = logging.getLogger(__name__)

if not Doc.has_extension("attribution"):
    Doc.set_extension("attribution", default=None)


def default_model_dir() -> Path:
    return Path(str(resources.files("newsgraph.resources") / "models" / "attribution"))


@lru_cache(maxsize=4)
def load_tagger(path: str) -> Tagger:
    """The shipped weights, loaded once per process and path."""
    return Tagger.load(path)


class AttributionTagger:
    def __init__(self, nlp: Language, name: str, model_dir: str | None = None, batch_size: int = 64):
        self.name = name
        self.model_dir = str(model_dir or default_model_dir())
        self.tagger = load_tagger(self.model_dir)
        self.batch_size = batch_size
        self._warned = False
        trained_on = self.tagger.meta.get("base_model", {})
        meta = nlp.meta or {}
        if self.tagger.dense_width and trained_on and meta.get("name") and (meta.get("name"), meta.get("version")) != (
                trained_on.get("name"), trained_on.get("version")):
            log.warning("newsgraph_attribution was trained on the tok2vec of %s %s, not %s %s: expect worse tags",
                        trained_on.get("name"), trained_on.get("version"), meta.get("name"), meta.get("version"))

    def _check_tensor(self, doc: Doc) -> None:
        if not self.tagger.dense_width:
            return
        t = doc.tensor
        if len(doc) and (t is None or t.shape != (len(doc), self.tagger.dense_width)) and not self._warned:
            log.warning("newsgraph_attribution: Doc.tensor missing or not %d wide (no tok2vec before it?); "
                        "tagging without it", self.tagger.dense_width)
            self._warned = True

    def _annotate(self, docs: list[Doc]) -> None:
        for doc in docs:
            self._check_tensor(doc)
        for doc, (tags, probs) in zip(docs, self.tagger.predict(docs)):
            doc._.attribution = self.spans(doc, tags, probs)

    @staticmethod
    def spans(doc: Doc, tags, probs) -> list[tuple[str, int, int, float]]:
        """Character spans from label ids; no span starts or ends on a whitespace token."""
        if len(doc) == 0:
            return []
        arr = doc.to_array([IDX, LENGTH, IS_SPACE])
        idx, length, space = arr[:, 0].astype(int), arr[:, 1].astype(int), arr[:, 2].astype(bool)
        out = []
        for role, i, j, score in decode(tags, probs):
            while i < j and space[i]:
                i += 1
            while j > i and space[j - 1]:
                j -= 1
            if i < j:
                out.append((role, int(idx[i]), int(idx[j - 1] + length[j - 1]), round(score, 4)))
        return out

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        size = batch_size or self.batch_size
        batch: list[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= size:
                self._annotate(batch)
                yield from batch
                batch = []
        if batch:
            self._annotate(batch)
            yield from batch

    # the weights are a package resource: nothing to save with a pipeline
    def to_disk(self, path, *, exclude=tuple()) -> None:  # noqa: ARG002
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=tuple()):  # noqa: ARG002
        return self


@Language.factory("newsgraph_attribution", default_config={"model_dir": None, "batch_size": 64})
def make_attribution_tagger(nlp: Language, name: str, model_dir: str | None, batch_size: int) -> AttributionTagger:
    return AttributionTagger(nlp, name, model_dir=model_dir, batch_size=batch_size)
