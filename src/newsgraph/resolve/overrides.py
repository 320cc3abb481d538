"""The user's corrections to actor resolution: a tab-separated file of merges, splits and renames.

    # comments and blank lines are skipped
    merge	Antony Blinken	Tony Blinken          # the second actor joins the first (names or actor ids)
    split	John Kirby	country                   # same name, different country: different actors
    split	Kirby	role                          # same name, different role: different actors
    rename	person:antony-blinken	Antony J. Blinken   # the actor's display name (its id stays)

Names are compared as folded keys, so case, accents and dots do not matter. A bad line is reported
and skipped; the other lines still apply.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsgraph.errors import ErrorCode, describe

SPLIT_DIMENSIONS = frozenset({"country", "role", "sector"})


@dataclass(frozen=True)
class Override:
    action: str  # merge | split | rename
    target: str  # merge: the actor that stays; split/rename: the actor concerned
    argument: str  # merge: the actor that joins target; split: country|role|sector; rename: the new name
    line: int


def parse_overrides(text: str, source: str = "overrides") -> tuple[list[Override], list[str]]:
    """The overrides of a file's text, and one error message per line that could not be read."""
    overrides: list[Override] = []
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
        action = cells[0].lower() if cells else ""
        problem = None
        if action not in ("merge", "split", "rename"):
            problem = f"unknown action {cells[0]!r}"
        elif len(cells) != 3:
            problem = f"{action} takes two tab-separated arguments, got {len(cells) - 1}"
        elif action == "split" and cells[2].lower() not in SPLIT_DIMENSIONS:
            problem = f"split by {cells[2]!r}: use one of {', '.join(sorted(SPLIT_DIMENSIONS))}"
        if problem:
            problems.append(describe(ErrorCode.BAD_OVERRIDE, f"{source} line {number}: {problem}"))
            continue
        argument = cells[2].lower() if action == "split" else cells[2]
        overrides.append(Override(action, cells[1], argument, number))
    return overrides, problems


def read_overrides(path: str | Path) -> tuple[list[Override], list[str]]:
    """The overrides in a file; a file that does not exist holds none."""
    path = Path(path)
    if not path.exists():
        return [], []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [], [describe(ErrorCode.BAD_OVERRIDE, f"{path}: cannot be read ({err})")]
    return parse_overrides(text, str(path))
