"""The clean/ data files (resources/clean/), loaded and compiled once."""
from __future__ import annotations

import functools
import re

from newsgraph.resources import data_path


def _entries(name: str) -> list[tuple[int, str]]:
    """(line number, entry) for every non-blank, non-comment line of a data file."""
    text = data_path(f"clean/{name}").read_text(encoding="utf-8")
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def chrome_pattern() -> re.Pattern[str]:
    """All site-chrome patterns as one case-insensitive alternation, for re.fullmatch."""
    parts = []
    for number, pattern in _entries("chrome.txt"):
        try:
            re.compile(pattern)
        except re.error as err:
            raise ValueError(f"chrome.txt line {number}: bad pattern {pattern!r}: {err}") from None
        parts.append(f"(?:{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


@functools.cache
def regions() -> frozenset[str]:
    """Countries and states that follow a place after a comma, as place_key() spells them."""
    return frozenset(place_key(entry) for _, entry in _entries("regions.txt"))


@functools.cache
def places() -> frozenset[str]:
    """Dateline place names (regions included), as place_key() spells them."""
    return frozenset(place_key(entry) for _, entry in _entries("places.txt")) | regions()


def place_key(name: str) -> str:
    """"Washington, D.C." and "WASHINGTON DC" -> "washington dc"."""
    return " ".join(name.replace(".", "").replace(",", " ").casefold().split())
