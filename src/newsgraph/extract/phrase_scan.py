"""Leftmost-longest phrase matching against a table keyed by word tuples (actors.py's gazetteer,
speakers/roles.py's role and modifier tables)."""
from __future__ import annotations

from typing import Callable, Hashable, Mapping, TypeVar

V = TypeVar("V")


def longest_matches(keys: tuple[Hashable, ...], table: Mapping[tuple, V], longest: int,
                    accept: Callable[[int, V], bool] | None = None) -> list[tuple[int, int, V]]:
    """Non-overlapping phrases of `table` in `keys`, left to right: (start, end, value). At each place
    the longest phrase wins that `accept(start, value)` allows (all, without `accept`); where none
    matches, the scan moves on one word."""
    found, i = [], 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            value = table.get(keys[i:i + n])
            if value is not None and (accept is None or accept(i, value)):
                found.append((i, i + n, value))
                i += n
                break
        else:
            i += 1
    return found
