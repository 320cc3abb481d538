"""Data files (word lists, gazetteers, patterns, trained weights) and the one way to read them."""
from __future__ import annotations

from functools import cache
from importlib import resources as _res


def data_path(name: str):
    return _res.files(__name__).joinpath(name)


@cache
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a resource file, stripped (comments start with '#')."""
    text = data_path(name).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@cache
def read_word_set(name: str) -> frozenset[str]:
    """The lines of a word-list resource file as a set, for membership tests."""
    return frozenset(read_lines(name))


@cache
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated resource file (comments and blank lines skipped)."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in read_lines(name))
