"""Quote candidates before they become records: one per cue, plus quotations no cue claimed."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.indirect import content_for, minus, object_content
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.mentions import mention_span, speaker_head

CharSpan = tuple[int, int]
# which cue classes may take a quotation standing next to them
_ADJACENT_CLASSES = frozenset({"speech", "quoting"})


@dataclass
class Draft:
    spans: list[CharSpan]
    regions: set[int]
    method: str  # adjacent | bare | clause | inverted | according | previous | directive | infinitive | object | unattributed
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
    head = speaker_head(cue.token, according=cue.cls == "according")
    speaker = mention_span(head) if head is not None else None
    content = None if cue.cls == "quoting" else content_for(cue, sents.before(sent), frozenset(cue_heads - {cue.token.i}))
    pieces = content.pieces if content else []
    method = content.method if content else "adjacent"
    if speaker is None and _inverted_after_content(doc, cue, pieces, marks):
        # ""...," said David Brock, a confidant who ...": the parser took the name for the subject
        # of a clause after the cue; the name is the speaker and only the content before counts
        speaker = _noun_phrase_at(doc, cue.end)
        pieces = [p for p in pieces if p[1] <= cue.start]
    extra: set[int] = set()
    if cue.cls in _ADJACENT_CLASSES and cue.token.dep_ != "relcl":
        left, right = direct.frame(cue, sent, pieces, marks, cue_heads - {cue.token.i})
        before, after = direct.adjacent_regions(doc, marks, direct.token_chars(doc, left, right),
                                                not pieces and not _has_object(cue))
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
    # "which he said had harmed the economy": the attribution sits inside its own content
    attribution = (min(speaker.start, cue.start), max(speaker.end, cue.end)) if speaker is not None else (cue.start, cue.end)
    pieces = [p for piece in pieces for p in minus(piece, attribution) if p[1] > p[0]] if any(
        s <= attribution[0] and attribution[1] <= e for s, e in pieces) else pieces
    spans, regions = direct.snap(marks.text, [direct.token_chars(doc, s, e) for s, e in pieces], marks, extra)
    spans = [sp for sp in spans if direct.words_in(marks.text, *sp)]
    if not spans:
        return None
    if speaker is not None and any(s < speaker.end_char and speaker.start_char < e for s, e in spans):
        if speaker.start_char <= cue.token.idx <= speaker.end_char:
            return None
        speaker = None  # the "speaker" sits inside the content: a misparse, keep the quote only
    return Draft(spans, regions, method, cue, speaker, sent)


def _inverted_after_content(doc: Doc, cue: Cue, pieces, marks: QuoteMarks) -> bool:
    """'"...," said X' / 'X, said Y': the cue stands right after the content."""
    if cue.start == 0 or cue.end >= len(doc):
        return False
    before = doc[cue.start - 1]
    if before.text not in (",", "”", '"', "''", "’", "'"):
        return False
    return bool(marks.index_at(before.idx) is not None or any(p[1] >= cue.start - 2 and p[1] <= cue.start
                                                               for p in pieces))


def _noun_phrase_at(doc: Doc, i: int) -> Span | None:
    """The noun phrase starting at token `i` ("David Brock", "a senior official")."""
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM"):
        return None
    head = doc[i]
    while head.dep_ in ("compound", "det", "amod", "nummod", "poss", "flat") and head.head.i > head.i:
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return mention_span(head)


def _has_object(cue: Cue) -> bool:
    return any(c.dep_ in ("dobj", "xcomp", "ccomp", "oprd") for c in cue.token.children)


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
                "directive": 2, "infinitive": 2, "bare": 2, "object": 1, "unattributed": 0}


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
            group = direct.linked(marks, {r}) - claimed
            spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
            head = speaker_head(cue.token)
            out.append(Draft(spans, group, "bare", cue, mention_span(head) if head is not None else None,
                             sents.of(cue.token.i)))
            claimed |= group
            continue
        prev = _quote_before(out, region.outer_start)
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
