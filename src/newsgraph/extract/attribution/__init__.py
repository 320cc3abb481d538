"""Learned attribution roles: which tokens are reported content, its source and its cue.

A small tagger (trained by tools/train_attribution.py on PolNeAR; weights in
newsgraph/resources/models/attribution) over the base pipeline's tok2vec output and parse
features. The `newsgraph_attribution` component fills `Doc._.attribution` with
(label, start_char, end_char, score) spans; `attribution_quotes(doc)` pairs them into contract
quote records (content with the nearest source and cue of its sentence or the adjacent ones).
"""
from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extract.attribution.component import AttributionTagger, make_attribution_tagger
from newsgraph.extract.attribution.pairing import quote_kind, spans_to_quotes


def attribution_quotes(doc: Doc, **options) -> list[dict]:
    """Contract quote dicts from `doc._.attribution` (see pairing.spans_to_quotes for options)."""
    return spans_to_quotes(doc, doc._.attribution or [], **options)


__all__ = ["AttributionTagger", "attribution_quotes", "make_attribution_tagger", "quote_kind", "spans_to_quotes"]
