"""Page furniture: the parts of a text that are not article body.

Repeated headlines and captions at the top, site chrome anywhere (mostly at the end), and bare
byline and dateline lines at the end. Everything is reported as [start, end) spans over whole
lines; the text itself is never changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from newsgraph.clean.resources import chrome_pattern, place_key, places, regions

TOP_LINES = 6  # a repeated headline or caption is looked for this far down
TAIL_LINES = 15  # bylines and datelines are looked for this far up from the end
MAX_CHROME = 200  # longer lines are body, whatever they contain
MAX_TRAILER = 80
MAX_HEADLINE = 300
NEAR_REPEAT = 0.9


@dataclass(frozen=True)
class Line:
    start: int  # span of the line's content, surrounding whitespace excluded
    end: int
    text: str


@dataclass
class Furniture:
    spans: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    byline: str | None = None


_LINE = re.compile(r"[^\r\n]+")


def split_lines(text: str) -> list[Line]:
    lines = []
    for m in _LINE.finditer(text):
        raw = m.group()
        content = raw.strip()
        if content:
            start = m.start() + len(raw) - len(raw.lstrip())
            lines.append(Line(start, start + len(content), content))
    return lines


# --- site chrome -----------------------------------------------------------------------------

_EDGE = r"\s|•·»«›‹<>*_=#~–—:….\-"
_TRIM = re.compile(rf"^[{_EDGE}]+|[{_EDGE}]+$")
_BRACKETED = re.compile(r"[\[(](.*)[\])]")
_PIECES = re.compile(r"\s*[|•·/]\s*")


def _core(line: str) -> str:
    """The line without decoration: "» Read more…" -> "Read more", "[Advertisement]" -> "Advertisement"."""
    core = _TRIM.sub("", line)
    m = _BRACKETED.fullmatch(core)
    return _TRIM.sub("", m.group(1)) if m else core


def is_chrome(line: str) -> bool:
    """True when the whole line is site chrome ("Share this article", "World | Politics")."""
    if len(line) > MAX_CHROME:
        return False
    pattern = chrome_pattern()
    core = _core(line)
    if not core:
        return False
    if pattern.fullmatch(core):
        return True
    pieces = [p for p in (_core(piece) for piece in _PIECES.split(core)) if p]
    return len(pieces) > 1 and all(pattern.fullmatch(p) for p in pieces)


# --- dates, places and names -------------------------------------------------------------------

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}|\d{{4}}[./-]\d{{1,2}}[./-]\d{{1,2}}"
    rf"|{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?|{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?|{_MONTH}\s+\d{{4}})"
)
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?:gmt|utc|msk|cet|cest|eet|eest|est|edt|cst|cdt|pst|pdt|bst))?(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?)"
_DATE_LINE = re.compile(
    rf"(?:{_WEEKDAY},?\s+)?(?:{_DATE}(?:[\s,|T–—-]+(?:at\s+)?{_TIME})?|{_TIME}(?:[\s,|–—-]+{_DATE})?)",
    re.IGNORECASE,
)


def is_date_line(line: str) -> bool:
    return len(line) <= MAX_TRAILER and _DATE_LINE.fullmatch(_core(line)) is not None


_PARTICLES = frozenset("al bin ben da das de del della den der di dos du el ibn la le ter van von".split())
# Title-case headlines ("Biden Meets Xi") look like names; these words give them away.
_NOT_NAME = frozenset(
    """a an the of in on at to for from with by as is are was be over after before into about
    says said say tells told meets meet visits visit calls call warns warn urges urge vows agrees
    rejects backs slams talks war news update updates live video photo photos new latest
    more posts post share like reply show follow comments comment read""".split()
)
_INITIALS = re.compile(r"(?:[^\W\d_]\.){1,3}|[^\W\d_]")
_SUFFIXES = frozenset({"jr.", "sr.", "jr", "sr", "ii", "iii"})


def _is_cap_word(token: str) -> bool:
    return (
        token[0].isupper()
        and sum(c.isupper() for c in token) <= 2  # McDonald, DeSantis; not run-together UI labels
        and any(c.islower() for c in token)
        and all(c.isalpha() or c in "'’-" for c in token)
    )


def _is_name_token(token: str) -> bool:
    if _is_cap_word(token) or (_INITIALS.fullmatch(token) and token[0].isupper()):
        return True
    prefix, dash, rest = token.partition("-")  # al-Sudani, bin-Salman
    return bool(dash) and prefix in _PARTICLES and bool(rest) and _is_cap_word(rest)


def is_person_name(part: str) -> bool:
    """Two to four capitalised words, no sentence punctuation: "Jane Doe", "Ana de la Cruz", "J. R. Smith"."""
    tokens = part.split()
    if not 2 <= len(tokens) <= 7:
        return False
    capitalised = 0
    for i, token in enumerate(tokens):
        low = token.casefold()
        if low in _NOT_NAME:
            return False
        if _is_name_token(token):
            capitalised += 1
        elif not ((low in _PARTICLES and 0 < i < len(tokens) - 1) or (low in _SUFFIXES and i == len(tokens) - 1)):
            return False
    return 2 <= capitalised <= 4


def _is_upper_word(token: str) -> bool:
    return any(c.isalpha() for c in token) and token == token.upper() and all(c.isalpha() or c in ".'’-" for c in token)


def is_place(part: str) -> bool:
    """A dateline place: a listed one ("Washington D.C."), a single capitalised word, or ALL CAPS."""
    if place_key(part) in places():
        return True
    tokens = part.split()
    if len(tokens) == 1:
        token = tokens[0]
        return token[0].isupper() and all(c.isalpha() or c in ".'’-" for c in token)
    if not 1 < len(tokens) <= 4:
        return False
    if place_key(tokens[-1]) in regions() and all(_is_cap_word(t) for t in tokens[:-1]):
        return True  # "Staunton Va."
    return all(_is_upper_word(t) for t in tokens)


# --- bylines and datelines as bare lines ---------------------------------------------------------

_BY = re.compile(r"by\s+(.+)", re.IGNORECASE)
_PARTS = re.compile(r"\s*(?:,|;|/|\||&|\band\b)\s*")
_REPORTING = re.compile(r"\(?\s*(?:additional\s+)?(?:reporting|writing|text)\s+by\s+([^;)]+)", re.IGNORECASE)
_IN_PLACE = re.compile(r"\s+in\s+[A-Z].*$")
_ENDS_IN_INITIAL = re.compile(r"(?:^|[\s.])[^\W\d_]\.$")  # "D.C.", "J." keep their dot


def classify_trailer(line: str) -> tuple[str, str | None] | None:
    """("byline", names) or ("dateline", None) for a bare byline/dateline line, else None."""
    text = line.strip()
    # A bulleted or quoted line is list or body content ("- Ivan Petrov"), not a bare byline.
    if len(text) > MAX_TRAILER or not text[:1].isalnum():
        return None
    by = _BY.fullmatch(text)
    if by:
        text = by.group(1)
    if text.endswith(".") and not _ENDS_IN_INITIAL.search(text):
        text = text[:-1]  # "Len Bennett." as some sources punctuate every paragraph
    parts = [p for p in _PARTS.split(text) if p]
    if not parts or len(parts) > 4:
        return None
    kinds = []
    for i, part in enumerate(parts):
        if _DATE_LINE.fullmatch(part):
            kinds.append("date")
        elif i + 1 < len(parts) and place_key(parts[i + 1]) in regions() and (is_place(part) or is_person_name(part)):
            kinds.append("place")  # "Deerfield Beach, Fla.": a region makes the part before it a place
        elif is_place(part) and not by:
            kinds.append("place")
        elif is_person_name(part):
            kinds.append("name")
        elif by and is_place(part):
            kinds.append("place")
        else:
            return None
    names = [p for p, k in zip(parts, kinds) if k == "name"]
    if by and (not names or kinds[0] != "name"):
        return None
    if not names:
        return "dateline", None
    return "byline", text if len(names) == len(parts) else ", ".join(names)


def _reporting_byline(line: str) -> str | None:
    m = _REPORTING.match(_core(line))
    if not m:
        return None
    names = _IN_PLACE.sub("", m.group(1)).strip(" ,.")
    return names or None


# --- headlines repeated at the top ------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")


def _headline_key(line: str) -> str:
    return " ".join(_NON_WORD.sub(" ", line.casefold()).split())


def _near(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < 10:
        return False
    # Cheap bounds first: different body paragraphs fail them, and ratio() is quadratic.
    words_a, words_b = set(a.split()), set(b.split())
    if len(words_a & words_b) < 0.6 * len(words_a | words_b):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR_REPEAT and matcher.quick_ratio() >= NEAR_REPEAT and matcher.ratio() >= NEAR_REPEAT


# --- the whole analysis -------------------------------------------------------------------------


def find_furniture(text: str, title: str | None = None) -> Furniture:
    """Spans of page furniture in `text`, plus the title and byline they reveal (None if none)."""
    lines = split_lines(text)
    flagged: set[int] = set()
    found = Furniture()

    top = [i for i in range(min(TOP_LINES, len(lines))) if len(lines[i].text) <= MAX_HEADLINE]
    keys = {i: _headline_key(lines[i].text) for i in top}
    for a, i in enumerate(top):
        for j in top[a + 1 :]:
            if _near(keys[i], keys[j]):
                flagged.update((i, j))
                if found.title is None:
                    found.title = lines[i].text
    known_title = _headline_key(title) if title else None
    for i in top:
        if known_title and _near(keys[i], known_title):
            flagged.add(i)
        if _BY.fullmatch(_core(lines[i].text)):
            trailer = classify_trailer(lines[i].text)
            if trailer:
                flagged.add(i)
                found.byline = found.byline or trailer[1]

    for i, line in enumerate(lines):
        if is_chrome(line.text) or is_date_line(line.text):
            flagged.add(i)

    trailing_bylines: list[str] = []
    for i in range(len(lines) - 1, max(len(lines) - 1 - TAIL_LINES, -1), -1):
        line = lines[i].text
        if i in flagged:
            names = _reporting_byline(line)
            if names:
                trailing_bylines.append(names)
            continue
        trailer = classify_trailer(line)
        if trailer is None:
            break
        flagged.add(i)
        if trailer[1]:
            trailing_bylines.append(trailer[1])
    if found.byline is None and trailing_bylines:
        found.byline = trailing_bylines[-1]  # the one nearest the body

    lone_headline = found.title is None and title is None and _lone_headline(lines, flagged)
    if lone_headline:
        found.title = lone_headline
    headline_repeated = any(i in flagged for i in top)
    if lone_headline or headline_repeated:
        flagged.update(_captions(lines, flagged, skip=1 if lone_headline else 0))
    found.spans = [(lines[i].start, lines[i].end) for i in sorted(flagged)]
    return found


_SENTENCE_END = re.compile(r"[.!?:;,\"”’')\]]$")


def _is_headline_like(line: str) -> bool:
    return len(line) <= MAX_HEADLINE and len(line.split()) <= 20 and not _SENTENCE_END.search(line)


def _captions(lines: list[Line], flagged: set[int], skip: int) -> list[int]:
    """Photo captions: unpunctuated short lines between the headline and the first body sentence."""
    body = [i for i in range(min(TOP_LINES, len(lines))) if i not in flagged]
    captions = []
    for i in body[skip:]:
        if not _is_headline_like(lines[i].text) or find_dateline(lines[i].text):
            break
        captions.append(i)
    has_body_after = len(body) > len(captions) + skip
    return captions if has_body_after else []


def _lone_headline(lines: list[Line], flagged: set[int]) -> str | None:
    """The first body line when it reads as a headline: short, unpunctuated, with body after it.

    It names the article but stays body text (it is not repeated, so nothing marks it as furniture).
    """
    body = [line for i, line in enumerate(lines) if i not in flagged]
    if len(body) < 2:
        return None
    first = body[0].text
    if not _is_headline_like(first):
        return None
    if find_dateline(first) and find_dateline(first)[1]:
        return None
    return first


# --- wire datelines at the start of the body (not furniture) ----------------------------------------

_DATELINE = re.compile(
    rf"""
    (?P<place>[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){{0,3}}     # MOSCOW, NEW YORK, MOSCOW/KYIV
      |[A-Z][a-z]+(?:[ ][A-Z][a-z]+){{0,2}})                    # Moscow: only with a date or agency
    (?:,[ ](?P<region>(?!(?i:{_MONTH})[ ]\d)[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)?))?
    (?:,?[ ](?P<date>(?i:{_MONTH}[ ]{_DAY}|{_DAY}[ ]{_MONTH})(?:,?[ ]\d{{4}})?))?
    [ ]?\.?[ ]?
    (?P<agency>\([A-Za-z][\w .&-]*\)|/[A-Za-z][\w .&-]*/\.?)?
    [ ]*(?P<dash>[-–—]+|:)?
    """,
    re.VERBOSE,
)


def find_dateline(text: str) -> tuple[str, str | None] | None:
    """(place, date) of a wire dateline opening the body, "WASHINGTON, March 8 (Reuters) -" -> ("WASHINGTON", "March 8")."""
    for line in split_lines(text)[:TOP_LINES]:
        m = _DATELINE.match(line.text)
        if not m:
            continue
        caps = m.group("place").isupper()
        agency, date, dash = m.group("agency"), m.group("date"), m.group("dash")
        if agency or (dash and (caps or date)):
            place = m.group("place") + (f", {m.group('region')}" if m.group("region") else "")
            return place, date
    return None
