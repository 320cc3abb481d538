"""Quote candidates before they become records: one per cue, plus quotations no cue claimed."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.indirect import content_for, object_content
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.mentions import mention_span, speaker_head

CharSpan = tuple[int, int]
# which cue classes may take a quotation standing next to them
_ADJACENT_CLASSES = frozenset({"speech"})


@dataclass
class Draft:
    spans: list[CharSpan]
    regions: set[int]
    method: str  # adjacent | clause | inverted | according | previous | directive | object | unattributed
    cue: Cue | None = None
    speaker: Span | None = None
    attribution: Span | None = None  # the sentence holding cue and speaker
    continued: list[int] = field(default_factory=list)  # regions added as continuation

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def overlap(self, other: "Draft") -> int:
        total = 0
        for s, e in self.spans:
            for s2, e2 in other.spans:
                total += max(0, min(e, e2) - max(s, s2))
        return total

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.spans)


def draft_for_cue(doc: Doc, cue: Cue, marks: QuoteMarks, cue_heads: set[int], sents: Sentences) -> Draft | None:
    sent = sents.of(cue.token.i)
    content = content_for(cue, sents.before(sent))
    pieces = content.pieces if content else []
    method = content.method if content else "adjacent"
    extra: set[int] = set()
    if cue.cls in _ADJACENT_CLASSES and cue.token.dep_ != "relcl":
        left, right = direct.frame(cue, sent, pieces, marks, cue_heads - {cue.token.i})
        before, after = direct.adjacent_regions(doc, marks, direct.token_chars(doc, left, right))
        if before is not None and not _plain_content_after(doc, pieces, cue, marks):
            extra.add(before)
        if after is not None:
            extra.add(after)
    if not pieces and not extra and cue.takes_object:
        content = object_content(cue)
        if content is not None:
            pieces, method = content.pieces, content.method
    if not pieces and not extra:
        return None
    spans, regions = direct.snap(marks.text, [direct.token_chars(doc, s, e) for s, e in pieces], marks, extra)
    head = speaker_head(cue.token, according=cue.cls == "according")
    speaker = mention_span(head) if head is not None else None
    if speaker is not None and any(s < speaker.end_char and speaker.start_char < e for s, e in spans):
        if speaker.start_char <= cue.token.idx <= speaker.end_char:
            return None
        speaker = None  # the "speaker" sits inside the content: a misparse, keep the quote only
    spans = [sp for sp in spans if direct.words_in(marks.text, *sp)]
    if not spans:
        return None
    return Draft(spans, regions, method, cue, speaker, sent)


def _plain_content_after(doc: Doc, pieces, cue: Cue, marks: QuoteMarks) -> bool:
    """True when the cue has unquoted content to its right ("Novak said the talks failed")."""
    for s, e in pieces:
        if s > cue.token.i:
            cs, ce = direct.token_chars(doc, s, e)
            if not marks.overlapping(cs, ce):
                return True
    return False


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
                "directive": 2, "object": 1, "unattributed": 0}


def _rank(d: Draft) -> tuple[int, int]:
    return _METHOD_RANK.get(d.method, 0), d.speaker is not None


def _contains(d: Draft, pos: int) -> bool:
    return any(s <= pos < e for s, e in d.spans)


def attach_unclaimed(doc: Doc, marks: QuoteMarks, drafts: list[Draft], skip) -> list[Draft]:
    """Quotations no cue claimed: continuations of the quote before them, or speakerless quotes."""
    text = marks.text
    claimed = set()
    for d in drafts:
        claimed |= d.regions
    drafts = sorted(drafts, key=lambda d: d.start)
    out = list(drafts)
    for r, region in enumerate(marks.regions):
        if r in claimed or skip(region.start, region.end):
            continue
        prev = _last_before(out, region.outer_start)
        if prev is not None and prev.method != "unattributed" and direct.gap_is_attribution(
                text, (prev.end, region.outer_start), prev.attribution):
            group = direct.linked(marks, {r}) - claimed
            prev.spans = direct.merge(text, prev.spans + [(marks.regions[i].start, marks.regions[i].end) for i in group])
            prev.regions |= group
            prev.continued.extend(sorted(group))
            claimed |= group
            continue
        group = direct.linked(marks, {r}) - claimed
        spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
        if direct.unattributed_ok(text, spans):
            out.append(Draft(spans, group, "unattributed"))
        claimed |= group
    out.sort(key=lambda d: d.start)
    return out


def _last_before(drafts: list[Draft], pos: int) -> Draft | None:
    best = None
    for d in drafts:
        if d.end <= pos and (best is None or d.end > best.end):
            best = d
    if best is not None and any(best.end < d.start < pos for d in drafts):
        return None
    return best
