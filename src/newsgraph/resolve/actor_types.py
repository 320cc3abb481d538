"""An actor's type from the tallies of its entities' types: shared by the resolution index
(resolve/actors.py) and the process that commits batches (store/committer.py), which imports this
module alone rather than the index and its name matching (rapidfuzz): ~0.04 s less of the
child's start (BENCHMARKS section 7, eighth pass)."""
from __future__ import annotations


def choose_type(types: dict[str, int], actor_id: str) -> str | None:
    """An actor's type: the most common of its entities' types; on a tie, the type its id was made
    with ("gpe:belarus": GPE), then the first in alphabetical order. Not the first counted: the same
    tallies give the same type in whatever order their entities came (a resumed run, a replaced
    article), and the store keeps them (store/committer.py)."""
    prefix = actor_id.split(":", 1)[0].upper()
    best = None
    for type_, n in types.items():
        if n > 0:
            key = (-n, type_.upper() != prefix, type_)
            if best is None or key < best[0]:
                best = (key, type_)
    return best[1] if best else None
