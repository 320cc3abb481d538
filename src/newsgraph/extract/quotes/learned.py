"""Drafts from the learned attribution tagger (`newsgraph_attribution`), for content the rules missed.

The rules find quotations and cue-governed clauses with high precision; the tagger (trained on
PolNeAR) finds reported speech the cue list and the parse patterns do not reach. A tagged content
span becomes a draft only when no rule draft overlaps it and its mean tag probability reaches
MIN_SCORE (chosen on PolNeAR dev: 0.5 adds recall at too much precision, 0.7 adds too little).
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.extract.attribution.pairing import spans_to_quotes
from newsgraph.extract.extensions import doc_text
from newsgraph.extract.quotes.cues import Cue, CueLexicon
from newsgraph.extract.quotes.drafts import Draft
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.mentions import mention_span, speaker_head

MIN_SCORE = 0.6
MIN_SCORE_ATTRIBUTED = 0.6


def learned_drafts(doc: Doc, drafts: list[Draft], sents: Sentences, skip, lexicon: CueLexicon,
                   min_score: float | None = None, min_score_attributed: float | None = None) -> list[Draft]:
    tagged = doc._.attribution
    if not tagged:
        return []
    min_score = MIN_SCORE if min_score is None else min_score
    min_attributed = MIN_SCORE_ATTRIBUTED if min_score_attributed is None else min_score_attributed
    text = doc_text(doc)
    taken = [sp for d in drafts for sp in d.spans]
    out = []
    for q in spans_to_quotes(doc, tagged, min_score=min(min_score, min_attributed)):
        if q["confidence"] < min_score and (q["cue"] is None or q["speaker"] is None):
            continue
        spans = _in_paragraph(text, [(int(s), int(e)) for s, e in q["spans"]], q["cue"] or q["speaker"])
        if not spans or any(s < e2 and s2 < e for s, e in spans for s2, e2 in taken) or skip(spans[0][0], spans[-1][1]):
            continue
        cue = _cue(doc, q["cue"], lexicon)
        if cue is None and q["speaker"] is None:
            continue  # content with neither cue nor source: mostly not reported speech
        speaker = _speaker(doc, q["speaker"], cue)
        if speaker is not None and any(s < speaker.end_char and speaker.start_char < e for s, e in spans):
            speaker = None
        attribution = sents.of(cue.token.i) if cue is not None else None
        out.append(Draft(spans, set(), "learned", cue, speaker, attribution, score=q["confidence"]))
        taken.extend(spans)
    return out


def _in_paragraph(text: str, spans: list[tuple[int, int]], anchor: dict | None) -> list[tuple[int, int]]:
    """The pieces clipped to the paragraph of the cue (or source, or the content's start): a tagged
    run across paragraph breaks is mostly several attributions, or a transcript, run together."""
    at = anchor["start"] if anchor is not None else spans[0][0]
    para_start = text.rfind("\n", 0, at) + 1
    para_end = text.find("\n", at)
    para_end = len(text) if para_end < 0 else para_end
    clipped = [(max(s, para_start), min(e, para_end)) for s, e in spans]
    return [(s, e) for s, e in clipped if e - s > 1 and any(ch.isalnum() for ch in text[s:e])]


def _cue(doc: Doc, cue: dict | None, lexicon: CueLexicon) -> Cue | None:
    """The tagged cue, with its class from the cue list when its head word is on it."""
    if cue is None:
        return None
    span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
    if span is None or not len(span):
        return None
    return Cue(span.root, span.start, span.end, lexicon.single.get(span.root.lemma_, "learned"))


def _speaker(doc: Doc, source: dict | None, cue: Cue | None) -> Span | None:
    """The cue's subject from the parse, as for rule drafts; else the tagged source span."""
    if cue is not None:
        head = speaker_head(cue.token)
        if head is not None:
            return mention_span(head)
    if source is not None:
        span = doc.char_span(source["start"], source["end"], alignment_mode="expand")
        if span is not None and len(span):
            return span
    return None
