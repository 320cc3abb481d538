"""Offices named in different words ("Secretary of State" = "the top diplomat"), from offices.tsv."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from newsgraph.resources import read_table

OFFICES_FILE = "speakers/offices.tsv"
_WORD = re.compile(r"[\w.'-]+")


@cache
def _phrases() -> tuple[dict[tuple[str, ...], frozenset[str]], dict[str, str], int]:
    """phrase words -> office keys; office key -> country (when one country owns the office)."""
    keys: dict[tuple[str, ...], set[str]] = {}
    country: dict[tuple[str, ...], str] = {}
    for row in read_table(OFFICES_FILE):
        office, phrase = row[0], row[1]
        words = words_of(phrase)
        keys.setdefault(words, set()).add(office)
        if len(row) > 2 and row[2]:
            country[words] = row[2]
    table = {k: frozenset(v) for k, v in keys.items()}
    return table, country, max(len(k) for k in table)


def words_of(text: str) -> tuple[str, ...]:
    text = text.lower().replace("’", "'")
    # trailing dots go on both sides alike: "Sen." and "sen." -> "sen", "U.N." -> "u.n"
    return tuple(w for w in (w.strip("'").rstrip(".") for w in _WORD.findall(text)) if w)


def _matches(words: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    table, _, longest = _phrases()
    found = []
    for i in range(len(words)):
        for n in range(min(longest, len(words) - i), 0, -1):
            if words[i:i + n] in table:
                found.append((i, i + n, words[i:i + n]))
                break
    return found


def mention_office(text: str) -> tuple[frozenset[str], str | None]:
    """Office keys of a nominal mention ("the top U.S. diplomat") by its longest office phrase,
    and the country the phrase implies (USA for "secretary of state"), if any."""
    keys, implied, _ = mention_office_length(text)
    return keys, implied


@lru_cache(maxsize=4096)
def mention_office_length(text: str) -> tuple[frozenset[str], str | None, int]:
    """mention_office, and how many words the deciding phrase has (0 when none)."""
    table, country, _ = _phrases()
    found = _matches(words_of(text))
    if not found:
        return frozenset(), None, 0
    start, end, phrase = max(found, key=lambda m: (m[1] - m[0], m[0]))
    return table[phrase], country.get(phrase), end - start


def role_offices(role: str) -> frozenset[str]:
    """Every office a role string stands for: "Foreign Minister" -> foreign_minister and minister."""
    table, _, _ = _phrases()
    words = words_of(role)
    out: set[str] = set()
    for i in range(len(words)):
        for n in range(1, len(words) - i + 1):
            out |= table.get(words[i:i + n], frozenset())
    return frozenset(out)
