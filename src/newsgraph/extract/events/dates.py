"""Dates written in news text, resolved against the publication date.

`resolve_date("on Friday", "2024-03-08")` -> "2024-03-08"; "on Wednesday" -> "2024-03-06";
"yesterday" -> the day before; "March 8" / "8 March 2024" / "2024-03-08" -> that day. A weekday
or a day-month without a year is the latest such day on or before publication, or the first on
or after it when the event is in the future (`future=True`). Month-only or vague expressions
("in February", "last week") give None: a day we do not know is not made up.
Reusable by any component: `find_dates` gives every date expression of a text with its offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(?P<{name}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
# the words a date expression without digits is made of (DATE_PATTERN), for a quick look first
DATE_WORDS = frozenset(WEEKDAYS + MONTHS + ("today", "tonight", "yesterday", "tomorrow", "night")
                       + tuple(m[:3] for m in MONTHS) + tuple(m[:3] + "." for m in MONTHS) + ("sept", "sept."))
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
                  "earlier today": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}

DATE_PATTERN = re.compile(
    "|".join([
        rf"\b(?P<iso>{_YEAR.format(name='iso_y')}-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))\b",
        rf"\b{_MONTH.format(name='md_m')}\s+{_DAY.format(name='md_d')}\b(?:,?\s+{_YEAR.format(name='md_y')}\b)?",
        rf"\b{_DAY.format(name='dm_d')}\s+(?:of\s+)?{_MONTH.format(name='dm_m')}(?:,?\s+{_YEAR.format(name='dm_y')}\b)?",
        r"\b(?:(?P<wd_rel>last|next|this|on|past)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
        r"\b(?P<rel>today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening)|last night|earlier today)\b",
    ]),
    re.IGNORECASE,
)


# every expression DATE_PATTERN finds has a digit or one of these in it: most sentences are
# turned away by this cheap test before the pattern runs
_DIGIT = re.compile(r"\d")
_CUES = ("day", "night", "tomorrow", "morning", "afternoon", "evening", "jan", "feb", "mar", "apr",
         "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _may_hold_date(text: str) -> bool:
    if _DIGIT.search(text):
        return True
    lower = text.lower()
    return any(cue in lower for cue in _CUES)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    match: re.Match


def parse_published(published: str | date | None) -> date | None:
    if published is None:
        return None
    if isinstance(published, date):
        return published
    try:
        return date.fromisoformat(str(published).strip()[:10])
    except ValueError:
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression in text[start:end], with offsets into `text`."""
    end = len(text) if end is None else end
    if not _may_hold_date(text[start:end]):
        return []
    return [DateMention(m.start(), m.end(), m.group(0), m) for m in DATE_PATTERN.finditer(text, start, end)]


def _month_number(name: str) -> int:
    return next(i for i, month in enumerate(MONTHS, start=1) if month.startswith(name.lower().rstrip(".")[:3]))


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_month(month: int, day: int, year: str | None, ref: date | None, future: bool) -> date | None:
    if year:
        return _safe_date(int(year), month, day)
    if ref is None:
        return None
    candidate = _safe_date(ref.year, month, day)
    if candidate is None:
        return None
    if not future and candidate > ref:
        return _safe_date(ref.year - 1, month, day)
    if future and candidate < ref:
        return _safe_date(ref.year + 1, month, day)
    return candidate


def _weekday(name: str, relation: str | None, ref: date | None, future: bool) -> date | None:
    if ref is None:
        return None
    target = WEEKDAYS.index(name.lower())
    relation = (relation or "").lower()
    if relation == "next" or (future and relation != "last"):
        ahead = (target - ref.weekday()) % 7
        if relation == "next" and ahead == 0:
            ahead = 7
        return ref + timedelta(days=ahead)
    back = (ref.weekday() - target) % 7
    if relation in ("last", "past") and back == 0:
        back = 7
    return ref - timedelta(days=back)


def resolve_mention(mention: DateMention, published: str | date | None, future: bool = False) -> str | None:
    m, ref = mention.match, parse_published(published)
    if m.group("iso"):
        day = _safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    elif m.group("md_m"):
        day = _day_month(_month_number(m.group("md_m")), int(m.group("md_d")), m.group("md_y"), ref, future)
    elif m.group("dm_m"):
        day = _day_month(_month_number(m.group("dm_m")), int(m.group("dm_d")), m.group("dm_y"), ref, future)
    elif m.group("wd"):
        day = _weekday(m.group("wd"), m.group("wd_rel"), ref, future)
    else:
        offset = _RELATIVE_DAYS.get(" ".join(m.group("rel").lower().split()))
        day = ref + timedelta(days=offset) if ref is not None and offset is not None else None
    return day.isoformat() if day else None


def resolve_date(expression: str, published: str | date | None, future: bool = False) -> str | None:
    """ISO date of the first date expression in `expression`, or None."""
    mentions = find_dates(expression)
    return resolve_mention(mentions[0], published, future) if mentions else None


def date_near(text: str, start: int, end: int, anchor: int, published: str | date | None,
              future: bool = False) -> str | None:
    """The resolved date expression in text[start:end] nearest to offset `anchor` (a trigger)."""
    return nearest_date(find_dates(text, start, end), anchor, published, future)


def nearest_date(mentions: list[DateMention], anchor: int, published: str | date | None,
                 future: bool = False) -> str | None:
    """The resolved date of the mention nearest to offset `anchor` that resolves (date_near on
    mentions found once per sentence)."""
    mentions = sorted(mentions, key=lambda d: min(abs(d.start - anchor), abs(d.end - anchor)))
    for mention in mentions:
        resolved = resolve_mention(mention, published, future)
        if resolved:
            return resolved
    return None
