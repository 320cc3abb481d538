"""Quotations between marks and the cues they belong to.

A quoted region belongs to a cue when the parse puts it in the cue's content, or when only
punctuation separates it from the attribution ("...," Novak said; Novak said: "..."). A region
on each side makes a split quote. A region no cue claims continues the quote just before it when
nothing but that quote's attribution lies between them (`"...," he said. "But ..."`), and is a
quote without a known speaker otherwise.
"""
from __future__ import annotations

import re

from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from newsgraph.extract.docfacts import positions_set, token_facts
from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.token_classes import QUOTE_TOKENS
from newsgraph.resources import read_word_set

CharSpan = tuple[int, int]

_CLAUSE_MODIFIERS = frozenset(get_string_id(dep) for dep in ("relcl", "acl"))
# between a closing mark and "Novak said"; capitalised words there are the start of a name the
# parser left out of the attribution ('"...," Tulsa police Chief Chuck Jordan said', "Tulsa" a verb)
_GAP_BEFORE = re.compile(r"[ \t,;—–-]{0,4}(?:[A-Z][\w'’.-]*[ \t]+){0,2}")
_GAP_AFTER = re.compile(r"[ \t,:—–-]{0,4}|\s*:\s*")  # between "Novak said" and an opening mark
_ENDS_SENTENCE = re.compile(r"\s*(?:[.?!…]|$|\n)")
_JOINABLE = re.compile(r"[\s\"“”„«»‟'‘’,;:—–-]*")
_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
MIN_UNATTRIBUTED_WORDS = 3


def token_chars(doc: Doc, start: int, end: int) -> CharSpan:
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def frame(cue: Cue, sent: Span, content: list[tuple[int, int]], marks: QuoteMarks,
          other_cues: set[int]) -> tuple[int, int]:
    """Token range of the attribution around a cue ("Novak told reporters"): the cue's own
    phrase without its content, quotations and any other cue it governs."""
    doc = cue.token.doc
    facts = token_facts(doc)
    subtree = facts.subtree(cue.token)
    blocked = set()
    for s, e in content:
        blocked.update(range(s, e))
    for i in other_cues:
        if i in subtree:
            blocked.update(facts.subtree(doc[i]))
    for i in subtree:  # "said Feldman, a plaintiff who waited in an "extraordinarily long line""
        if facts.deps[i] in _CLAUSE_MODIFIERS and i != cue.token.i:
            blocked.update(facts.subtree(doc[i]))
    quote_chars = {i for i in positions_set(doc, QUOTE_TOKENS) if facts.idx[i] not in marks.name_marks}

    def free(i: int) -> bool:
        return (i in subtree and i not in blocked and i not in quote_chars
                and marks.index_at(facts.idx[i]) is None)

    left, right = cue.start, cue.end
    while left - 1 >= sent.start and free(left - 1):
        left -= 1
    while right < sent.end and free(right):
        right += 1
    while left < cue.start and facts.punct_or_space[left]:
        left += 1
    while right > cue.end and facts.punct_or_space[right - 1]:
        right -= 1
    return left, right


def adjacent_regions(doc: Doc, marks: QuoteMarks, frame_chars: CharSpan,
                     bare_frame: bool = False) -> tuple[int | None, int | None]:
    """Indexes of the quoted regions right before and right after an attribution;
    `bare_frame`: the cue has no content of its own."""
    text = marks.text
    start, end = frame_chars
    before = after = None
    r = marks.last_ending_by(start)
    if r is not None and _GAP_BEFORE.fullmatch(text, marks.regions[r].outer_end, start):
        region = marks.regions[r]
        # a quotation ending its own sentence belongs to this cue only if the cue has nothing
        # else to say: ""We will fight." Novak said." but not ""...step." Trump blasted the plan"
        if (text[region.end - 1] not in ".…" or "," in text[region.outer_end:start]
                or (bare_frame and _ENDS_SENTENCE.match(text, end))):
            before = r
    r = marks.first_starting_from(end)
    if r is not None:
        region = marks.regions[r]
        gap = text[end:region.outer_start]
        if region.opened and _GAP_AFTER.fullmatch(gap) and (
                "," in gap or ":" in gap or _ENDS_SENTENCE.match(text, region.outer_end)
                or text[region.end - 1] in ".?!…"):
            after = r  # "said, "..."", "said: "..."", "said "...."" - not "vowed to "take our fight" to"
    return before, after


def snap(text: str, spans: list[CharSpan], marks: QuoteMarks, extra: set[int]) -> tuple[list[CharSpan], set[int]]:
    """Grow content spans to whole quoted regions, add the `extra` regions, merge what touches."""
    used = set(extra)
    for s, e in spans:
        used.update(marks.overlapping(s, e))
    used = marks.linked(used)
    pieces = list(spans) + [(marks.regions[r].start, marks.regions[r].end) for r in used]
    return merge(text, pieces), used


def merge(text: str, pieces: list[CharSpan]) -> list[CharSpan]:
    out: list[list[int]] = []
    for s, e in sorted(pieces):
        if out and (s <= out[-1][1] or _JOINABLE.fullmatch(text, out[-1][1], s)):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def words(text: str, start: int, end: int) -> list[str]:
    return _WORDS.findall(text, start, end)


def words_in(text: str, start: int, end: int) -> bool:
    return _WORD.search(text, start, end) is not None


def gap_is_attribution(text: str, gap: CharSpan, attribution: Span | None) -> bool:
    """True when the only words in `gap` belong to the sentence of the previous attribution. Inside
    a paragraph that sentence may stand between the quotations ('"...?" Trump went on, as if he
    didn't hear her. "But ..."'); across a line break it must touch one of them ('"..." ― Sonya
    Herridge' and a new line: the next quotation is someone else's)."""
    s, e = gap
    if attribution is None:
        return not words_in(text, s, e)
    a_start, a_end = attribution.start_char, attribution.end_char
    if s < a_start and a_end < e and "\n" not in text[s:e]:
        return not words_in(text, s, a_start) and not words_in(text, a_end, e)
    if a_start <= s < a_end:
        s = min(e, a_end)
    if a_start < e <= a_end:
        e = max(s, a_start)
    return not words_in(text, s, e)


def unattributed_ok(text: str, spans: list[CharSpan]) -> bool:
    """Whether quoted words with no cue are worth a quote: not a scare quote, not a title
    ("Face the Nation", "The Walking Dead")."""
    words = [w for s, e in spans for w in _WORDS.findall(text, s, e)]
    if len(words) < MIN_UNATTRIBUTED_WORDS:
        return False
    if title_cased(words):
        return False  # 'host of "The Nightly Show with Larry Wilmore."': the full stop is the sentence's
    ending = text[spans[-1][0]:spans[-1][1]].rstrip()[-1:]
    capitalised = sum(w[0].isupper() for w in words)
    return ending in ".?!,…" or capitalised * 5 < len(words) * 3


TITLE_MINOR_WORDS_FILE = "quotes/title_minor_words.txt"


def title_cased(words: list[str]) -> bool:
    """Every word but the minor ones ("of", "with") capitalised: the name of a show, a group, a
    slogan, not speech."""
    minor = read_word_set(TITLE_MINOR_WORDS_FILE)
    # "s" is the end of a possessive the word pattern splits off ("Bridget Jones's Diary")
    major = [w for w in words if w[0].isalpha() and w not in minor and w != "s"]
    return bool(major) and all(w[0].isupper() for w in major)


_BARE_MAX_TOKENS = 10
_BARE_VERB_POS = frozenset({"VERB"})


def bare_cue(doc: Doc, sents, marks: QuoteMarks, r: int) -> Cue | None:
    """A verb outside the cue list that attributes a quotation by its position alone:
    '"...," he surmised.' or 'The ad begins: "..."'."""
    region = marks.regions[r]
    text = marks.text
    i = sents.token_from(region.outer_end)
    while i < len(doc) and doc[i].text in (",", "--", "—", "–"):
        i += 1
    set_off = text[region.end - 1] in ",?!" or text[region.outer_end:region.outer_end + 1] == ","
    if i < len(doc) and region.closed and set_off and starts_clause(text, region.outer_start):
        sent = sents.of(i)
        # '"...?" Trump went on, as if he didn't hear her.': the attribution ends at its comma
        comma = next((k for k in range(i + 2, min(sent.end, i + _BARE_MAX_TOKENS + 1)) if doc[k].text == ","), sent.end)
        clause = _bare_clause(doc, i, comma, marks)
        if clause is not None:
            return clause
    j = sents.token_from(region.outer_start) - 1
    if j >= 0 and doc[j].text == ":" and region.opened:
        sent = sents.of(j)
        return _bare_clause(doc, sent.start, j, marks)
    if j >= 0 and doc[j].text == "," and region.opened and region.closed and _ENDS_SENTENCE.match(text, region.outer_end):
        # '..., Hillary shot back, "I suppose ..."': the clause since the previous comma, quotation
        # ending the sentence
        sent = sents.of(j)
        start = next((k + 1 for k in range(j - 1, sent.start - 1, -1) if doc[k].text == ","), sent.start)
        return _bare_clause(doc, start, j, marks)
    return None


def starts_clause(text: str, pos: int) -> bool:
    """Nothing but the start of a line, a sentence end or a colon/dash before `pos`."""
    before = text[max(0, pos - 3):pos].rstrip(" \t")
    return not before or before[-1] in "\n.?!:—–-"


def _bare_clause(doc: Doc, start: int, end: int, marks: QuoteMarks) -> Cue | None:
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if not 2 <= end - start <= _BARE_MAX_TOKENS:
        return None
    if marks.overlapping(doc[start].idx, doc[end - 1].idx + 1):
        return None
    for tok in doc[start:end]:
        if tok.pos_ in _BARE_VERB_POS and any(c.dep_ == "nsubj" and start <= c.i < end for c in tok.children):
            return Cue(tok, tok.i, tok.i + 1, "speech")
    return None
