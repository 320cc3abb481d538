"""Which stretches of an article are between quotation marks.

Works on the raw text, one line (paragraph) at a time, so a stray mark cannot pair with one
several paragraphs later. Handles straight and curly double marks mixed in one article, two
apostrophes used as a double mark (''...'', as some archives print it), a quote that runs on
over several paragraphs (each re-opened, only the last closed), a closing mark with no opening
mark (the translated-copy habit `said. – And when ... everyone."`), a closing mark typed as an
opening one (`aides ”get close to Ben”`), and articles that use single marks as their only quote
marks. Single marks inside double-quoted text are nested or scare quotes and stay part of the
content, and so does a quotation nested with the same marks (`“... what he calls “hell” than ...”`);
apostrophes are never marks, and a nickname inside a name (`Marcia "Cia" Price`) is no quotation.
A run-on quote is cut where a later paragraph has an attribution of its own, once cues are known.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

DOUBLE_OPENERS = frozenset({"“", "„", "«", "‟"})
DOUBLE_CLOSERS = frozenset({"”", "»"})
SINGLE_OPENERS = frozenset({"‘", "‹"})
SINGLE_CLOSERS = frozenset({"’", "›"})
_DOUBLE_MARK = re.compile("''|[\"“”„«»‟]")
_SINGLE_MARK = re.compile("['‘’‹›]")
_LINE = re.compile(r"[^\n]*")
# a dash that starts a new stretch of speech: "said. – And when ..." (after a sentence end)
_DASH_RESTART = re.compile(r"[.!?…]\s*[–—-]{1,2}\s+(?=\S)")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+)(?=\S)")
_WORD = re.compile(r"\w+")
_OPEN_CONTEXT = frozenset(" \t([{—–-/\"“'‘")
# a markup tag left in the text ('<tweet author="@AP" datetime="2016-08-23">'): its attribute
# values are delimited by marks that quote no one
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[\w:-]+=(?:\"[^\"\n]*\"|'[^'\n]*'))*\s*/?>")


# a quoted nickname between the parts of a name ('Rep. Robert C. "Bobby" Scott', 'Del. Marcia
# "Cia" Price'): part of the name, not a quotation
_NICKNAME = re.compile(r".?\s[\"“]\w[\w'’.-]*(?:\s\w[\w'’.-]*)?[\"”]\s.?")
_NAME_PART = re.compile(r"[A-Z][\w'’-]*\.?")


def _in_name(line: str, open_at: int, close_end: int) -> bool:
    """Capitalised words on both sides of a quoted word or two, and capitalised inside."""
    before = line[:open_at].rstrip().rsplit(" ", 1)[-1]
    after = line[close_end:].lstrip().split(" ", 1)[0].rstrip(",.;:)")
    inner = line[open_at + 1:close_end - 1].split()
    return (bool(_NAME_PART.fullmatch(before)) and bool(_NAME_PART.fullmatch(after))
            and all(w[0].isupper() for w in inner))


@dataclass(frozen=True)
class QuotedRegion:
    """Quoted content [start, end) without its marks; [outer_start, outer_end) includes them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    opened: bool  # False when the opening mark is missing (dash or paragraph continuation)
    closed: bool  # False when the paragraph ends before a closing mark
    how: str  # paired | unclosed | dash | orphan
    continues: int | None = None  # index of the region this one continues (same speech)


class QuoteMarks:
    """All quoted regions of one text, in order (they never overlap), with lookups by offset."""

    def __init__(self, text: str, regions: list[QuotedRegion], name_marks: frozenset[int] = frozenset()):
        self.text = text
        self.regions = regions
        self.name_marks = name_marks  # offsets of the marks around a nickname inside a name
        self._starts = [r.outer_start for r in regions]
        self._ends = [r.outer_end for r in regions]
        # chains of regions that are one quotation (paragraphs of a run-on quote, dash pieces);
        # `continues` always points back, so one forward pass labels every chain
        self._chain = list(range(len(regions)))
        for i, r in enumerate(regions):
            if r.continues is not None:
                self._chain[i] = self._chain[r.continues]
        self._index_members()

    def _index_members(self) -> None:
        self._members: dict[int, list[int]] = {}
        for i, c in enumerate(self._chain):
            self._members.setdefault(c, []).append(i)

    def split_at_attributed_paragraphs(self, cue_positions: list[int]) -> None:
        """Cut a run-on quote before a paragraph that has an attribution of its own when an earlier
        paragraph of it has one too ('"A," he said. "B.' / '"C," he continued.'): the reader, and
        PolNeAR, take the later paragraphs as a new quote of the later cue, and B as the end of the
        first. `cue_positions`: offsets of cue words outside quotation marks."""
        text = self.text
        attributed_lines = {text.rfind("\n", 0, p) + 1 for p in cue_positions}
        cuts = set()
        for members in self._members.values():
            seen_attribution = False
            previous_line = None
            for i in members:
                line = text.rfind("\n", 0, self.regions[i].outer_start) + 1
                if line == previous_line:
                    continue
                previous_line = line
                if line in attributed_lines:
                    if seen_attribution:
                        cuts.add(i)
                    seen_attribution = True
        if not cuts:
            return
        for i, r in enumerate(self.regions):  # `continues` points back: one forward pass relabels
            self._chain[i] = self._chain[r.continues] if r.continues is not None and i not in cuts else i
        self._index_members()

    def linked(self, indexes) -> set[int]:
        """`indexes` plus every region chained to them."""
        out: set[int] = set()
        for i in indexes:
            out.update(self._members[self._chain[i]])
        return out

    def index_at(self, pos: int) -> int | None:
        """Index of the region whose marks enclose `pos` (marks included)."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and pos < self.regions[i].outer_end:
            return i
        return None

    def inside(self, pos: int) -> bool:
        i = self.index_at(pos)
        return i is not None and self.regions[i].start <= pos < self.regions[i].end

    def last_ending_by(self, pos: int) -> int | None:
        i = bisect_right(self._ends, pos) - 1
        return i if i >= 0 else None

    def first_starting_from(self, pos: int) -> int | None:
        i = bisect_left(self._starts, pos)
        return i if i < len(self.regions) else None

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indexes of the regions whose content overlaps [start, end)."""
        i = max(0, bisect_right(self._starts, start) - 1)
        found = []
        while i < len(self.regions) and self.regions[i].outer_start < end:
            r = self.regions[i]
            if r.start < end and start < r.end:
                found.append(i)
            i += 1
        return found

    def kind(self, spans: list[tuple[int, int]]) -> str:
        """direct / indirect / mixed by where the content's words are (the gold's own rule)."""
        inside = outside = 0
        first = True
        for s, e in spans:
            for m in _WORD.finditer(self.text, s, e):
                if self.inside(m.start()):
                    inside += 1
                elif not (first and m.group().lower() == "that"):  # "said that "..."" stays direct
                    outside += 1
                first = False
        if inside and not outside:
            return "direct"
        if inside:
            return "mixed"
        return "indirect"


def _looks_opening(line: str, i: int, n: int) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + n] if i + n < len(line) else " "
    return (before in _OPEN_CONTEXT or before.isspace()) and not after.isspace()


def _looks_closing(line: str, i: int, n: int) -> bool:
    before = line[i - 1] if i > 0 else " "
    after = line[i + n] if i + n < len(line) else " "
    return not before.isspace() and not after.isalnum()


def _orphan_start(line: str, lo: int, hi: int) -> tuple[int, bool]:
    """Where speech closed at `hi` without an opening mark began; True when after a dash."""
    dash = None
    for m in _DASH_RESTART.finditer(line, lo, hi):
        dash = m
    if dash is not None:
        return dash.end(), True
    if lo == 0:
        return 0, False
    start = lo
    for m in _SENTENCE_START.finditer(line, lo, hi):
        start = m.end()
    return start, False


class _LinePairer:
    """Pairs the marks of one line after another; carries a run-on quote to the next line."""

    def __init__(self, text: str, single: bool):
        self.text = text
        self.single = single
        self.mark_re = _SINGLE_MARK if single else _DOUBLE_MARK
        self.openers = SINGLE_OPENERS if single else DOUBLE_OPENERS
        self.closers = SINGLE_CLOSERS if single else DOUBLE_CLOSERS
        self.regions: list[QuotedRegion] = []
        self.name_marks: set[int] = set()
        self.last_unclosed: int | None = None

    def _add(self, s: int, e: int, outer: tuple[int, int], opened: bool, closed: bool, how: str,
             continues: int | None) -> bool:
        text = self.text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            return False
        self.regions.append(QuotedRegion(s, e, outer[0], outer[1], opened, closed, how, continues))
        return True

    def line(self, base: int, line: str) -> None:
        open_at: int | None = None
        open_len = 1
        segment_start = 0  # where text not yet inside a region begins
        first_in_line = len(self.regions)
        carried, self.last_unclosed = self.last_unclosed, None
        tags = [t.span() for t in _MARKUP_TAG.finditer(line)] if "<" in line else ()
        nested_close = -1  # the closing mark of a quotation nested in the open one, to pass over
        for m in self.mark_re.finditer(line):
            i, mark = m.start(), m.group()
            if tags and any(s <= i < e for s, e in tags) or i == nested_close:
                continue
            n = len(mark)
            after = line[i + n] if i + n < len(line) else " "
            if self.single and mark in "'’" and after.isalnum() and i > 0 and line[i - 1].isalnum():
                continue  # apostrophe: "don't", "Novak’s"
            if open_at is None:
                if mark in self.closers:
                    # typed where an opening one belongs ('policy aides ”get close', a paragraph
                    # opening '”Fear.'): it opens when it looks like an opening mark and not like a
                    # closing one (8 such marks in PolNeAR train+dev, all openers)
                    closing = _looks_closing(line, i, n) or not _looks_opening(line, i, n)
                else:
                    closing = mark not in self.openers and _looks_closing(line, i, n) and not _looks_opening(line, i, n)
                if not closing:
                    open_at, open_len = i, n
                    continue
                if not self.single:  # a lone closing single mark is a plural possessive, not speech
                    self._orphan(base, line, segment_start, i, n, first_in_line, carried)
                segment_start = i + n
            else:
                if mark in self.openers and not _looks_closing(line, i, n):
                    nested_close = self._nested_close(line, i + n)
                    if nested_close < 0:
                        open_at, open_len = i, n  # an opener while open: the earlier mark was never closed
                    continue
                if self.single and mark in "'’" and after.isalnum():
                    continue  # apostrophe inside single-quoted speech
                if _NICKNAME.fullmatch(line[max(0, open_at - 2):i + n + 2]) and _in_name(line, open_at, i + n):
                    self.name_marks.update((base + open_at, base + i))
                else:
                    self._add(base + open_at + open_len, base + i, (base + open_at, base + i + n), True, True,
                              "paired", self._carry(line, open_at, first_in_line, carried))
                open_at = None
                segment_start = i + n
        if open_at is not None:
            before = len(self.regions)
            if self._add(base + open_at + open_len, base + len(line), (base + open_at, base + len(line)),
                         True, False, "unclosed", self._carry(line, open_at, first_in_line, carried)):
                self.last_unclosed = before

    def _nested_close(self, line: str, start: int) -> int:
        """Where a quotation opened at `start` inside an open one closes, when two closing marks
        and no opening mark follow on the line ('“... what he calls “hell” than live ...”'): -1
        when the earlier mark was simply never closed."""
        closers = []
        for m in self.mark_re.finditer(line, start):
            if m.group() in self.openers:
                break
            if m.group() in self.closers:
                closers.append(m.start())
                if len(closers) == 2:
                    return closers[0]
        return -1

    def _carry(self, line: str, open_at: int, first_in_line: int, carried: int | None) -> int | None:
        """A paragraph opening with a mark continues the previous paragraph's unclosed quote."""
        if len(self.regions) == first_in_line and not line[:open_at].strip():
            return carried
        return None

    def _orphan(self, base: int, line: str, lo: int, i: int, n: int, first_in_line: int,
                carried: int | None) -> None:
        start, after_dash = _orphan_start(line, lo, i)
        outer = (base + start, base + i + n)
        if after_dash and len(self.regions) > first_in_line:
            self._add(base + start, base + i, outer, False, True, "dash", len(self.regions) - 1)
        elif lo == 0 and len(self.regions) == first_in_line:
            # a paragraph closing speech it never opened continues the previous paragraph's
            self._add(base + start, base + i, outer, False, True, "orphan", carried)
        else:
            self._add(base + start, base + i, outer, False, True, "orphan", None)


def pair_quote_marks(text: str) -> QuoteMarks:
    """Find every quoted region of `text` (double marks; single marks when there are no doubles)."""
    pairer = _LinePairer(text, single=not _DOUBLE_MARK.search(text))
    for m in _LINE.finditer(text):
        if m.group().strip():  # blank lines do not end a run-on quote
            pairer.line(m.start(), m.group())
    return QuoteMarks(text, pairer.regions, frozenset(pairer.name_marks))
