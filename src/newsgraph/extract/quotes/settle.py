"""What happens to the drafts once every cue has made one: relayed statements lose the relay,
duplicates go, and quotations no cue claimed are attributed by a verb next to them, join the
quote they continue, or stand alone without a speaker."""
from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.drafts import Draft
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.mentions import mention_span, speaker_head


def drop_relays_and_duplicates(drafts: list[Draft]) -> list[Draft]:
    """A news agency reporting someone else's statement is not its speaker; two cues claiming
    the same content leave one quote."""
    keep = []
    for d in drafts:
        if d.speaker is not None and d.cue is not None and is_relay(d.speaker):
            inner = any(o is not d and o.cue is not None and _contains(d, o.cue.token.idx) for o in drafts)
            if inner or d.method == "adjacent":
                continue  # the relayed statement is kept; the relaying is not a quote
        keep.append(d)
    keep.sort(key=lambda d: (d.start, -d.length))
    out: list[Draft] = []
    for d in keep:
        twin = next((o for o in out if o.overlap(d) >= 0.8 * max(o.length, d.length)), None)
        if twin is None:
            out.append(d)
        elif _rank(d) > _rank(twin):
            out[out.index(twin)] = d
    return out


_METHOD_RANK = {"adjacent": 6, "clause": 5, "according": 4, "inverted": 4, "previous": 3,
                "directive": 2, "infinitive": 2, "noun": 2, "bare": 2, "label": 5, "object": 1, "unattributed": 0}


def _rank(d: Draft) -> tuple[int, int]:
    return _METHOD_RANK.get(d.method, 0), d.speaker is not None


def _contains(d: Draft, pos: int) -> bool:
    return any(s <= pos < e for s, e in d.spans)


def attach_unclaimed(doc: Doc, marks: QuoteMarks, drafts: list[Draft], sents: Sentences, skip) -> list[Draft]:
    """Quotations no cue claimed: attributed by a verb next to them that is not on the cue list,
    continuing the quote before them, or speakerless."""
    text = marks.text
    claimed = set()
    for d in drafts:
        claimed |= d.regions
    drafts = sorted(drafts, key=lambda d: d.start)
    out = list(drafts)
    for r, region in enumerate(marks.regions):
        if r in claimed or skip(region.start, region.end):
            continue
        cue = direct.bare_cue(doc, sents, marks, r)
        if cue is not None:
            group = marks.linked({r}) - claimed
            spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
            head = speaker_head(cue.token)
            out.append(Draft(spans, group, "bare", cue, mention_span(head) if head is not None else None,
                             sents.of(cue.token.i)))
            claimed |= group
            continue
        prev = _quote_before(out, region.outer_start)
        if prev is not None and prev.method != "unattributed" and direct.gap_is_attribution(
                text, (prev.end, region.outer_start), prev.attribution):
            group = marks.linked({r}) - claimed
            prev.spans = direct.merge(text, prev.spans + [(marks.regions[i].start, marks.regions[i].end) for i in group])
            prev.regions |= group
            claimed |= group
            continue
        group = marks.linked({r}) - claimed
        spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
        if direct.unattributed_ok(text, spans):
            # the speaker of the paragraph, when one is quoted earlier in it, is the likeliest
            last = _last_speaker_in_paragraph(out, text, region.outer_start)
            if last is not None:
                out.append(Draft(spans, group, "paragraph", None, last.speaker, last.attribution))
            else:
                out.append(Draft(spans, group, "unattributed"))
        claimed |= group
    out.sort(key=lambda d: d.start)
    return out


def _last_speaker_in_paragraph(drafts: list[Draft], text: str, pos: int) -> Draft | None:
    paragraph_start = text.rfind("\n", 0, pos) + 1
    best = None
    for d in drafts:
        if d.speaker is not None and paragraph_start <= d.speaker.start_char < pos:
            if best is None or d.speaker.start_char > best.speaker.start_char:
                best = d
    return best


def _quote_before(drafts: list[Draft], pos: int) -> Draft | None:
    """The latest quote with a quotation in it that ends before `pos`, if no other speech came
    between (other cues of its own attribution sentence, like "..., referring to X", may)."""
    best = None
    for d in drafts:
        if d.regions and d.end <= pos and (best is None or d.end > best.end):
            best = d
    if best is None:
        return None
    sentence = best.attribution
    for d in drafts:
        if d is not best and best.end < d.start < pos:
            same_sentence = (sentence is not None and d.cue is not None
                             and sentence.start <= d.cue.token.i < sentence.end)
            if not same_sentence:
                return None
    return best
