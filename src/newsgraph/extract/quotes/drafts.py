"""Quote candidates ("drafts") before they become records: one per cue word, one per speaker label."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.labels import label_quotes
from newsgraph.extract.quotes.indirect import content_for
from newsgraph.extract.quotes.objects import naming_content, object_content
from newsgraph.extract.quotes.pieces import minus
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.mentions import mention_span, passive_without_source, speaker_head
from newsgraph.extract.speakers.names import name_run
from newsgraph.extract.token_classes import FINITE_OR_MODAL_TAGS

CharSpan = tuple[int, int]
# which cue classes may take a quotation standing next to them
_ADJACENT_CLASSES = frozenset({"speech", "quoting"})


@dataclass
class Draft:
    spans: list[CharSpan]
    regions: set[int]
    # how the content was found: adjacent (quotation next to the cue), clause, inverted,
    # according, previous (sentence before), directive, infinitive, object, noun, label, bare
    # (verb off the cue list next to a quotation), evidential ("X seemed tired": the judged
    # clause, no speaker), attitude ("critical of [X]"), unattributed (quotation with no cue),
    # learned (content tagged by newsgraph_attribution that no rule found); and for quotations
    # no cue claimed: signature (a '― Name' after it), embedded, paragraph, continued (see settle.py)
    method: str
    cue: Cue | None = None
    speaker: Span | None = None
    attribution: Span | None = None  # the sentence holding cue and speaker
    score: float | None = None  # the learned tagger's probability (method "learned")

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
    other_cues = frozenset(cue_heads - {cue.token.i})
    # an evidential cue's subject is what is judged, not who judges ("The speaker appeared closer")
    head = speaker_head(cue.token, according=cue.cls == "according") if cue.cls != "evidential" else None
    speaker = mention_span(head) if head is not None else None
    content = None if cue.cls == "quoting" else content_for(cue, sents.before(sent), other_cues, sent)
    pieces = content.pieces if content else []
    method = content.method if content else "adjacent"
    if method == "clause" or (method == "inverted" and (_participle_then_quotation(doc, cue, pieces, marks)
                                                         or _attribution_then_quotation(doc, cue, pieces, marks, other_cues))):
        pieces = _without_leading_clause(doc, cue, pieces, marks)
    if speaker is None and _inverted_after_content(doc, cue, pieces, marks):
        # ""...," said David Brock, a confidant who ...": the parser took the name for the subject
        # of a clause after the cue; the name is the speaker and only the content before counts
        speaker = _noun_phrase_at(doc, cue.end)
        pieces = [p for p in pieces if p[1] <= cue.start]
    extra: set[int] = set()
    if cue.cls in _ADJACENT_CLASSES and not _relative_clause(cue, marks):
        left, right = direct.frame(cue, sent, pieces, marks, other_cues)
        before, after = direct.adjacent_regions(doc, marks, direct.token_chars(doc, left, right),
                                                not pieces and not _has_object(cue))
        if before is not None and after is not None and _introduced_by_other_cue(doc, marks, before, sents, other_cues):
            # 'Blumenthal was asked, "...?" He answered, "..."': the quotation before is the other cue's
            taken = marks.linked({before})
            pieces = [p for p in pieces if not set(marks.overlapping(*direct.token_chars(doc, *p))) & taken]
            before = None
        if before is not None and not _plain_content_after(doc, pieces, cue, marks):
            extra.add(before)
            pieces = _from_own_quotation(doc, pieces, marks, before, other_cues, sents)
        if after is not None:
            extra.add(after)
    if (not extra or speaker is None) and cue.cls in _ADJACENT_CLASSES and not _plain_content_after(doc, pieces, cue, marks):
        named = _name_after_quotation(doc, cue, marks)
        # a subject inside the quotation is the parser sharing the quoted clause's subject with the cue
        if named is not None and (speaker is None or marks.inside(speaker.start_char) or speaker.root == named[0].root):
            speaker, region = named
            # the name and its apposition are not content, whatever the parser hung them on
            extra = {r for r in extra if marks.regions[r].start < speaker.start_char} | {region}
            pieces = [(s, min(e, speaker.start)) for s, e in pieces if s < speaker.start]
    if not pieces and cue.takes_object:
        content = object_content(cue) or naming_content(cue)
        if content is not None and (not extra or _covers(doc, content.pieces, marks, extra)):
            # "described Trump as "unfit"": a quotation inside the object is part of the content
            pieces, method = content.pieces, content.method
    if not pieces and not extra:
        return None
    # "which he said had harmed the economy": the attribution sits inside its own content
    attribution = (min(speaker.start, cue.start), max(speaker.end, cue.end)) if speaker is not None else (cue.start, cue.end)
    pieces = [p for piece in pieces for p in minus(piece, attribution) if p[1] > p[0]] if method != "evidential" and any(
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


def label_drafts(doc: Doc, marks: QuoteMarks, sents: Sentences, skip) -> list[Draft]:
    """"TAPPER: Will you ...?" - a speaker label at the start of a line."""
    out = []
    for speaker, (start, end), colon in label_quotes(doc, marks.text):
        if skip(start, end):
            continue
        i = sents.token_from(colon)
        if i >= len(doc) or doc[i].text != ":":
            continue
        line_start = marks.text.rfind("\n", 0, speaker.start_char) + 1
        if marks.text[line_start:speaker.start_char].strip() in ('"', "“"):
            # a transcript quoted paragraph by paragraph: the turn is the line, not the quotation
            region = marks.index_at(start)
            spans, regions = [(start, end)], set() if region is None else {region}
        else:
            spans, regions = direct.snap(marks.text, [(start, end)], marks, set())
        out.append(Draft(spans, regions, "label", Cue(doc[i], i, i + 1, "label"), speaker, sents.of(i)))
    return out


_INTRO_PUNCT = frozenset({",", ":", "—", "–", "--"})


def _introduced_by_other_cue(doc: Doc, marks: QuoteMarks, r: int, sents: Sentences, other_cues) -> bool:
    """The words right before quotation `r` ("asked, "...", "shouted, "...", "responds to Mills
    with, "...") belong to another cue of their sentence: that cue introduces the quotation."""
    first = sents.token_from(marks.regions[r].outer_start)
    j = first - 1
    while j >= 0 and (doc[j].text in _INTRO_PUNCT or doc[j].is_space):
        j -= 1
    if j < 0 or doc[j].is_punct or marks.index_at(doc[j].idx) is not None:
        return False
    sent = sents.of(j)
    if first >= sent.end:
        return False  # the quotation opens a sentence of its own
    return any(sent.start <= c <= j and doc[c].left_edge.i <= j <= doc[c].right_edge.i for c in other_cues)


def _from_own_quotation(doc: Doc, pieces, marks: QuoteMarks, before: int, other_cues, sents: Sentences) -> list:
    """'Rhimes declared the need for drive: "Change the world," she said.': content that runs back
    from the quotation before the cue over another cue of its own ("declared", 'Feinstein said
    "..." she said') starts at that quotation; the words before it are the other cue's attribution."""
    region = marks.regions[before]
    first = sents.token_from(region.outer_start)
    if not any(s < first for s, _ in pieces):
        return pieces
    lead = [i for i in other_cues if i < first and any(s <= i < e for s, e in pieces)
            and marks.index_at(doc[i].idx) is None and _heads_a_clause(doc[i])]
    # 'McCaskill scolded him: "...," she said.': a colon before the quotation ends the words that
    # introduce it, whatever verb they hold
    if not lead and not (first > 0 and doc[first - 1].text == ":"):
        return pieces
    return [(max(s, first), e) for s, e in pieces if e > first]


# a cue in one of these sits inside a noun phrase ("Nothing the president said", "Trump's remarks
# about the judge"): it is part of the subject of what was said, not an attribution of its own
_NOUN_PHRASE_MODIFIERS = frozenset({"relcl", "acl"})


def _heads_a_clause(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _NOUN_PHRASE_MODIFIERS


def _without_leading_clause(doc: Doc, cue: Cue, pieces, marks: QuoteMarks):
    """'In a statement released after the senator suspended his campaign, Cruz said he's certain
    ...': with content after the cue, a clause before it that quotes nothing is one the parser
    hung on the cue by mistake (a split quotation keeps both sides)."""
    before = [p for p in pieces if p[1] <= cue.start]
    if not before or len(before) == len(pieces):
        return pieces
    if any(marks.overlapping(*direct.token_chars(doc, s, e)) for s, e in before):
        return pieces
    return [p for p in pieces if p[1] > cue.start]


def _attribution_then_quotation(doc: Doc, cue: Cue, pieces, marks: QuoteMarks, other_cues) -> bool:
    """'When Clinton noted that X, Trump boasted, "That makes me smart."': a clause before the cue
    that holds an attribution of its own and a quotation after the cue; the clause is the
    circumstance of the quotation, not part of it."""
    before = [p for p in pieces if p[1] <= cue.start]
    after = [p for p in pieces if p[0] >= cue.end]
    if not before or not after or not all(marks.index_at(doc[s].idx) is not None for s, _ in after):
        return False
    return any(s <= i < e and marks.index_at(doc[i].idx) is None for s, e in before for i in other_cues)


def _participle_then_quotation(doc: Doc, cue: Cue, pieces, marks: QuoteMarks) -> bool:
    """'Asked what he wants, Adelson said, "They have got to win."': a participle clause before the
    cue and a quotation after it (the parser hung the cue on the quoted verb, and the participle
    with it). A subject or a clause with one before the cue ('The investment, she said, "is ..."',
    'While confidence is high, he said, "..."') is part of what was said."""
    before = [p for p in pieces if p[1] <= cue.start]
    after = [p for p in pieces if p[0] >= cue.end]
    if not before or not after or not all(marks.index_at(doc[s].idx) is not None for s, _ in after):
        return False
    s, e = before[0]
    roots = [t for t in doc[s:e] if not s <= t.head.i < e or t.head.i == t.i]
    return len(roots) == 1 and roots[0].pos_ == "VERB" and roots[0].dep_ == "advcl" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") for c in roots[0].children)


def _relative_clause(cue: Cue, marks: QuoteMarks) -> bool:
    """A cue in a relative clause ("which he said had harmed") takes no quotation next to it; one
    the parser hung on a noun inside the quotation before it ('"... the mosques," the candidate
    said') is the quotation's attribution read across the closing mark."""
    tok = cue.token
    return tok.dep_ == "relcl" and not (marks.inside(tok.head.idx) and not marks.inside(tok.idx))


def _inverted_after_content(doc: Doc, cue: Cue, pieces, marks: QuoteMarks) -> bool:
    """'"...," said X' / 'X, said Y': the cue stands right after the content. Not a participle
    without a source ('..." Asked which county was his favorite, he demurred'), whose content follows it."""
    if cue.start == 0 or cue.end >= len(doc) or passive_without_source(cue.token):
        return False
    before = doc[cue.start - 1]
    if before.text not in (",", "”", '"', "''", "’", "'"):
        return False
    return bool(marks.index_at(before.idx) is not None or any(p[1] >= cue.start - 2 and p[1] <= cue.start
                                                               for p in pieces))


def _noun_phrase_at(doc: Doc, i: int) -> Span | None:
    """The noun phrase starting at token `i` ("David Brock", "a senior official")."""
    if i < len(doc) and doc[i].pos_ not in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM") and doc[i].is_title \
            and doc[i].is_alpha and doc[i].ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL"):
        # '"...," said Skelly': a name the tagger took for an adverb; '"...," Tulsa police Chief Chuck
        # Jordan said': the first word of a name taken for a verb, the rest a noun phrase; a name
        # ends in a proper noun (the words as mentions._inverted_name reads them: names.name_run)
        return name_run(doc, i, ends_in_proper_noun=True)
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "PRON", "ADJ", "NUM"):
        return None
    head = doc[i]
    while head.dep_ in ("compound", "det", "amod", "nummod", "poss", "flat") and head.head.i > head.i:
        head = head.head
    if head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return mention_span(head)


def _covers(doc: Doc, pieces, marks: QuoteMarks, regions: set[int]) -> bool:
    """True when every one of the quoted regions overlaps the token pieces."""
    chars = [direct.token_chars(doc, s, e) for s, e in pieces]
    return all(any(s < marks.regions[r].end and marks.regions[r].start < e for s, e in chars) for r in regions)


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


# an apposition between the name and the cue: "Eastland, wearing a cowboy hat and pins, said"
_APPOSITION_MAX_TOKENS = 12
_NAME_REACH = _APPOSITION_MAX_TOKENS + 8  # tokens back from the cue to the quotation's end


def _name_after_quotation(doc: Doc, cue: Cue, marks: QuoteMarks) -> tuple[Span, int] | None:
    """'"...," Ramos, 58, told AFP': a name between a quotation and its cue that the parser hung
    on the quotation's verb, with the quotation's index. The quotation may be the one before the
    last: the apposition can hold one of its own ('Eastland, wearing "Ted Cruz" pins, said')."""
    last = marks.last_ending_by(cue.start_char)
    for r in () if last is None else range(last, max(-1, last - 2), -1):
        named = _name_after(doc, cue, marks, r)
        if named is not None:
            return named, r
    return None


def _name_after(doc: Doc, cue: Cue, marks: QuoteMarks, r: int) -> Span | None:
    region = marks.regions[r]
    if marks.text[region.end - 1] not in ",?!" and marks.text[region.outer_end:region.outer_end + 1] != ",":
        return None  # only a quotation set off by a comma (or ? !) runs on into its attribution
    first = next((k for k in range(max(0, cue.start - _NAME_REACH), cue.start) if doc[k].idx >= region.outer_end
                  and not doc[k].is_punct and not doc[k].is_space), None)
    if first is None:
        return None
    name = _noun_phrase_at(doc, first)
    if name is None or (name.root.pos_ not in ("PROPN", "PRON") and name[-1].pos_ != "PROPN") or name.end > cue.start:
        return None
    rest = doc[name.end:cue.start]
    if len(rest) and not (rest[0].text == "," and rest[-1].text == "," and len(rest) - 2 <= _APPOSITION_MAX_TOKENS
                          and not any(t.tag_ in FINITE_OR_MODAL_TAGS for t in rest)):
        return None  # only "Ramos told", "Ramos, 58, told", "Bozell, founder of the Center, told"
    return name
