"""Drafts -> records.Quote: trimmed spans, kind, cue, resolved speaker, confidence."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from newsgraph.extract.events.datelines import dateline_end
from newsgraph.extract.events.docview import tree
from newsgraph.extract.extensions import all_within
from newsgraph.extract.quotes.drafts import Draft
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.speakers.resolve import resolve_mention
from newsgraph.records import Entity, Quote, Speaker, TextSpan

_EDGE = " \t\n\r\"'“”„«»‟‘’‹›,;:—–-"
_BASE_CONFIDENCE = {"adjacent": 0.9, "bare": 0.7, "label": 0.7, "paragraph": 0.4, "continued": 0.35, "embedded": 0.45, "signature": 0.7, "clause": 0.8, "according": 0.8, "inverted": 0.75,
                    "previous": 0.6, "evidential": 0.5, "attitude": 0.5, "directive": 0.55, "infinitive": 0.5, "noun": 0.5, "object": 0.45, "unattributed": 0.3}
_CLASS_FACTOR = {"speech": 1.0, "according": 1.0, "belief": 0.8, "evidence": 0.75, "directive": 1.0}


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Content without the quote marks, edge punctuation and a trailing comma."""
    while s < e and text[s] in _EDGE:
        s += 1
    while e > s and text[e - 1] in _EDGE:
        e -= 1
    return s, e


_INNER_EDGE = " \t,;:.?!…'’›"  # between a content edge and its region's closing mark (a nested quotation's too)


def with_marks(marks: QuoteMarks, s: int, e: int) -> tuple[int, int]:
    """A trimmed span with the quote marks of the quotation it starts or ends with ("“We will
    stay,”"): a quotation is reported with its marks, as PolNeAR (and a reader) marks it."""
    text = marks.text
    r = marks.index_at(s)
    if r is not None:
        region = marks.regions[r]
        if region.opened and region.start <= s and not text[region.start:s].strip(_EDGE):
            s = region.outer_start
    r = marks.index_at(e - 1)
    if r is not None:
        region = marks.regions[r]
        if region.closed and e <= region.end and not text[e:region.end].strip(_INNER_EDGE):
            e = region.outer_end
    return s, e


def past_dateline(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """A content span without the dateline opening its sentence ("WASHINGTON, March 8, 2024
    (Wire) – The United States is preparing ...": the reporter's, not the speaker's)."""
    starts = tree(doc).idx
    i = bisect_right(starts, s) - 1
    if i < 0:
        return s, e
    return min(max(s, dateline_end(doc[i])), e), e


def confidence(d: Draft) -> float:
    if d.score is not None:
        return round(min(1.0, max(0.0, d.score)), 2)
    value = _BASE_CONFIDENCE.get(d.method, 0.3)
    if d.cue is not None:
        value *= _CLASS_FACTOR.get(d.cue.cls, 1.0)
    if d.speaker is None and d.method != "unattributed":
        value *= 0.8
    return round(min(1.0, max(0.0, value)), 2)


_CATEGORIES = frozenset({"belief", "evidence"})


def category(d: Draft) -> str:
    """speech, belief or evidence, from the cue's class in cue_verbs.txt."""
    cls = d.cue.cls if d.cue is not None else None
    if cls in ("evidential", "attitude"):
        return "belief"  # a judgement, not something said
    return cls if cls in _CATEGORIES else "speech"


def to_quotes(doc: Doc, marks: QuoteMarks, drafts: list[Draft]) -> list[Quote]:
    text = marks.text
    speakers = _resolve_speakers(doc, marks, drafts)
    quotes = []
    for d in sorted(drafts, key=lambda d: (d.start, d.end)):  # nested attributions: the tighter first
        spans = [trim_span(text, *past_dateline(doc, s, e)) for s, e in d.spans]
        spans = [with_marks(marks, s, e) for s, e in spans if e > s]
        if not spans:
            continue
        start, end = spans[0][0], spans[-1][1]
        cue = None
        if d.cue is not None:
            cue = TextSpan(d.cue.start_char, d.cue.end_char, text[d.cue.start_char:d.cue.end_char])
        quotes.append(Quote(
            id=f"q{len(quotes) + 1}", start=start, end=end, spans=spans, text=text[start:end],
            kind=marks.kind(spans), cue=cue, speaker=speakers.get(id(d)), confidence=confidence(d),
            category=category(d)))
    quotes = drop_repeats(quotes)
    for n, q in enumerate(quotes, 1):
        q.id = f"q{n}"
    return quotes


def _attribution_rank(q: Quote) -> tuple[bool, bool, bool, float]:
    return (q.cue is not None and q.speaker is not None, q.speaker is not None, q.cue is not None, q.confidence)


def _same_cue(a: Quote, b: Quote) -> bool:
    return a.cue is not None and b.cue is not None and (a.cue.start, a.cue.end) == (b.cue.start, b.cue.end)


def drop_repeats(quotes: list[Quote]) -> list[Quote]:
    """One quote per content: of quotes with the same spans (two drafts grown over the same tagged
    content) the better attributed stays, and a quote inside another's content with the same cue
    goes. Nested attributions with cues of their own stay: PolNeAR annotates them."""
    keep: list[Quote] = []
    for q in quotes:
        twin = next((k for k, o in enumerate(keep) if o.spans == q.spans), None)
        if twin is None:
            keep.append(q)
        elif _attribution_rank(q) > _attribution_rank(keep[twin]):
            keep[twin] = q
    return [q for q in keep if not any(o is not q and _same_cue(o, q) and all_within(q.spans, o.spans) for o in keep)]


def _resolve_speakers(doc: Doc, marks: QuoteMarks, drafts: list[Draft]) -> dict[int, Speaker]:
    """Speakers in reading order of their attributions, so a pronoun can lean on the last speaker."""
    out: dict[int, Speaker] = {}
    previous: tuple[Entity, int] | None = None
    ordered = sorted((d for d in drafts if d.speaker is not None), key=lambda d: d.speaker.start_char)
    for d in ordered:
        span = d.speaker
        entity = resolve_mention(doc, span, previous, marks.inside)
        if entity is not None:
            if not any(s < span.end_char and span.start_char < e for s, e in entity.mentions):
                entity.add_mention(span.start_char, span.end_char)
            previous = (entity, max(d.end, span.end_char))
        out[id(d)] = Speaker(entity=entity.id if entity else None, name=entity.name if entity else None,
                             start=span.start_char, end=span.end_char, text=span.text)
    return out
