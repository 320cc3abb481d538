"""The CAMEO root of a PLOVER event, for exports that keep GDELT's codes beside PLOVER's."""
from __future__ import annotations

from functools import cache

from newsgraph.resources import read_table

CAMEO_ROOTS_FILE = "events/cameo_roots.tsv"


@cache
def _roots() -> dict[tuple[str, str], str]:
    return {(category, mode): root for category, mode, root in read_table(CAMEO_ROOTS_FILE)}


def cameo_root(category: str | None, mode: str | None = None) -> str | None:
    """The two-digit CAMEO root of a PLOVER category (and mode, where it narrows the root); None
    for a category CAMEO has no root for."""
    roots = _roots()
    return roots.get((category or "", mode or "-")) or roots.get((category or "", "-"))
