"""Drafts from the learned attribution tagger (`newsgraph_attribution`), for content the rules missed.

The rules find quotations and cue-governed clauses with high precision; the tagger (trained on
PolNeAR) finds reported speech the cue list and the parse patterns do not reach. A tagged content
span becomes a draft only when no rule draft overlaps it and its mean tag probability reaches
MIN_SCORE. The value was first picked on PolNeAR dev; it is now checked on a train holdout: the
full pipeline, with tagger weights trained without the first 300 train articles, scored on those
300 (F1@0.3 / relation F1): 0.50 0.740 / 0.660, 0.55 0.742 / 0.664, 0.60 0.741 / 0.666,
0.65 0.740 / 0.667, 0.70 0.736 / 0.666. No value beats 0.6 on both, and 0.6 is within 0.002 of
the best on each; without any learned drafts the holdout figures are 0.716 / 0.653.
The tagged spans also widen rule contents that are only part of what was reported, and give rule
quotes without a speaker the tagged source next to them.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.extract.attribution.pairing import spans_to_quotes
from newsgraph.extract.extensions import doc_text
from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.cues import Cue, CueLexicon
from newsgraph.extract.quotes.drafts import Draft
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.mentions import mention_span, passive_without_source, speaker_head
from newsgraph.resources import read_word_set

MIN_SCORE = 0.6
# How far the tagger's CONTENT spans may widen a rule draft's content. A quotation or an object is
# often only part of what is reported ("denied [the allegations that ...]", "called the plan ["a
# disaster"] for farmers"): those grow over all the tagged content they touch. Parsed clauses are
# mostly right already; they grow only up to twice their length (further widening lost more
# matches than it fixed on PolNeAR train). Learned drafts are the tagger's spans already.
FREELY_WIDENED = frozenset({"adjacent", "embedded", "unattributed", "paragraph", "continued", "object", "noun"})
NOT_WIDENED = frozenset({"learned", "signature", "label"})
MAX_GROWTH = 2.0
# A rule draft without a speaker takes the nearest tagged SOURCE (mean tag probability >= this)
# within SOURCE_REACH characters of its content in its paragraph; not for objects, whose
# attributions the parse reads better ("criticized X" under a subject elsewhere). Chosen on
# PolNeAR train: speaker span +0.005 there.
MIN_SOURCE_SCORE = 0.5
SOURCE_REACH = 50
NO_TAGGED_SOURCE = frozenset({"learned", "signature", "label", "object"})
# drafts whose speaker is only a guess from an earlier paragraph: a tagged source next to them wins
TAGGED_SOURCE_FIRST = frozenset({"continued"})

def learned_drafts(doc: Doc, drafts: list[Draft], sents: Sentences, skip, lexicon: CueLexicon,
                   min_score: float | None = None) -> list[Draft]:
    tagged = doc._.attribution
    if not tagged:
        return []
    min_score = MIN_SCORE if min_score is None else min_score
    text = doc_text(doc)
    taken = [sp for d in drafts for sp in d.spans]
    out = []
    for q in spans_to_quotes(doc, tagged, min_score=min_score, with_kind=False):  # to_quotes sets the kind
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


def widen_with_tagged(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Grow rule drafts' content over the tagged CONTENT spans that overlap it within its paragraph.

    A quotation without a cue that grows into the content of a quote with a cue and a speaker
    ('Sanders said he hoped for a large turnout, which "will help ..."') is part of that quote:
    the two become one, with that quote's cue and speaker."""
    tagged = [(s, e) for role, s, e, _ in doc._.attribution or () if role == "CONTENT"]
    if not tagged:
        return drafts
    text = doc_text(doc)
    absorbed: set[int] = set()
    for d in drafts:
        if d.method in NOT_WIDENED:
            continue
        para_start = text.rfind("\n", 0, d.start) + 1
        para_end = text.find("\n", d.end)
        para_end = len(text) if para_end < 0 else para_end
        grown = [(s, e) for s, e in tagged if para_start <= s and e <= para_end
                 and any(s < e2 and s2 < e for s2, e2 in d.spans)]
        if not grown:
            continue
        spans = direct.merge(text, d.spans + grown)
        if d.method in FREELY_WIDENED or sum(e - s for s, e in spans) <= MAX_GROWTH * d.length:
            if d.cue is None:
                host = next((o for o in drafts if o is not d and id(o) not in absorbed and o.cue is not None
                             and o.speaker is not None and _touches(o.spans, spans)), None)
                if host is not None:
                    host.spans = direct.merge(text, host.spans + spans)
                    host.regions |= d.regions
                    absorbed.add(id(d))
                    continue
            d.spans = spans
    return [d for d in drafts if id(d) not in absorbed]



def _touches(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def speakers_from_tagged(doc: Doc, drafts: list[Draft]) -> None:
    """Give speakerless rule drafts the nearest tagged SOURCE span next to their content."""
    sources = [(s, e) for role, s, e, score in doc._.attribution or () if role == "SOURCE" and score >= MIN_SOURCE_SCORE]
    if not sources:
        return
    text = doc_text(doc)
    for d in drafts:
        if (d.speaker is not None and d.method not in TAGGED_SOURCE_FIRST) or d.method in NO_TAGGED_SOURCE:
            continue
        if d.cue is not None and (passive_without_source(d.cue.token) or speakerless(d.cue)):
            continue  # "Asked whether ..., Ryan said", "he seems to": the parse knows no one is named
        para_start = text.rfind("\n", 0, d.start) + 1
        para_end = text.find("\n", d.end)
        para_end = len(text) if para_end < 0 else para_end
        best = None
        for s, e in sources:
            if s < para_start or e > para_end or (s < d.end and d.start < e):
                continue
            gap = d.start - e if e <= d.start else s - d.end
            if gap <= SOURCE_REACH and (best is None or gap < best[0]):
                best = (gap, s, e)
        if best is not None:
            span = doc.char_span(best[1], best[2], alignment_mode="expand")
            if span is not None and len(span) and _in_cue_sentence(span, d.cue) and not any(
                    s < span.end_char and span.start_char < e for s, e in d.spans):
                d.speaker = span


def _in_cue_sentence(span: Span, cue: Cue | None) -> bool:
    """A tagged source may speak for a cue only in the cue's sentence: a cue names its source there
    ("a coalition ... have vouched for X. Though Grassley hasn't ..." is not Grassley's)."""
    return cue is None or span.root.sent.start == cue.token.sent.start


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


SPEAKERLESS_FILE = "speakers/speakerless_cues.txt"


def speakerless(cue: Cue | None) -> bool:
    """A cue whose subject is not a source ("he seems to think ...")."""
    return cue is not None and cue.token.lemma_.lower() in read_word_set(SPEAKERLESS_FILE)


def _speaker(doc: Doc, source: dict | None, cue: Cue | None) -> Span | None:
    """The cue's subject from the parse, as for rule drafts; else the tagged source span; none for
    a speakerless cue."""
    if speakerless(cue) or (cue is not None and passive_without_source(cue.token)):
        return None  # "he seems to", "Clinton has been asked to release": no one is named
    if cue is not None:
        head = speaker_head(cue.token)
        if head is not None:
            return mention_span(head)
    if source is not None:
        span = doc.char_span(source["start"], source["end"], alignment_mode="expand")
        if span is not None and len(span) and _in_cue_sentence(span, cue):
            return span
    return None
