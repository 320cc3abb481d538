"""Publication dates given in any common form, normalised to YYYY-MM-DD."""
from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser

_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?\s*")
# dateutil fills missing parts from a default; parsing with two different defaults shows
# whether the string named a full date ("2022", "Friday" and "July" do not).
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def normalize_date(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    m = _ISO.fullmatch(value)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3])).date().isoformat()
        except ValueError:
            return None
    try:
        first, second = (parser.parse(value, default=d).date() for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    return first.isoformat() if first == second else None
