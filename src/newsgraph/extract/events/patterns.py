"""The event data tables (resources/events/) as typed, indexed objects, loaded once.

triggers.tsv (hand-written) and petrarch_patterns.tsv (converted from PETRARCH2 by
tools/build_event_patterns.py) share one format; see the header of triggers.tsv.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from newsgraph.resources import data_path, read_table

EVENTS = "events"
PATTERN_FILES = ("triggers.tsv", "petrarch_patterns.tsv")  # a fitting pattern of an earlier file wins
AUTO_RECIPIENT = ("dobj", "dative", "against", "on", "with", "to", "for", "at", "toward", "into")


@dataclass(frozen=True)
class PhraseSpec:
    """A word, optionally with the words written before it: "aid package", "state of emergency"."""
    words: tuple[str, ...]

    @property
    def head(self) -> str:
        return self.words[-1]


@dataclass(frozen=True)
class PrepSpec:
    prep: str
    noun: PhraseSpec | None  # "on alert": the preposition's object must be "alert"


@dataclass(frozen=True)
class TriggerPattern:
    lemma: str  # "*" = any verb
    particle: str | None
    pos: str  # "V" | "N"
    objects: tuple[PhraseSpec, ...]
    preps: tuple[PrepSpec, ...]
    category: str
    mode: str | None
    actor: str  # subj | subj+recipient | speaker
    recipient: tuple[str, ...]  # dobj, dative, subj, or prepositions
    confidence: float
    rank: int  # position of the source file in PATTERN_FILES: lower wins ties

    @property
    def reciprocal(self) -> bool:
        return self.actor == "subj+recipient"

    @property
    def specificity(self) -> int:
        return 2 * (self.lemma != "*") + bool(self.objects) + bool(self.preps) + bool(self.particle)


def _alternatives(cell: str) -> list[str]:
    return [] if cell in ("", "-") else [a.strip().lower() for a in cell.split("|") if a.strip()]


def _phrase(text: str) -> PhraseSpec:
    return PhraseSpec(tuple(text.split()))


def _prep(text: str) -> PrepSpec:
    prep, _, noun = text.partition(" ")
    return PrepSpec(prep, _phrase(noun) if noun else None)


def parse_pattern(row: tuple[str, ...], rank: int) -> TriggerPattern:
    trigger, pos, objects, preps, category, mode, actor, recipient, confidence = row[:9]
    lemma, _, particle = trigger.lower().partition(" ")
    recipients = tuple(_alternatives(recipient))
    if recipients == ("auto",):
        recipients = AUTO_RECIPIENT
    return TriggerPattern(
        lemma=lemma, particle=particle or None, pos=pos.upper(),
        objects=tuple(_phrase(o) for o in _alternatives(objects)),
        preps=tuple(_prep(p) for p in _alternatives(preps)),
        category=category.upper(), mode=None if mode == "-" else mode, actor=actor,
        recipient=recipients, confidence=float(confidence), rank=rank,
    )


@cache
def _rows_by_trigger() -> dict[tuple[str, str], list[tuple[tuple[str, ...], int]]]:
    """(lemma or "*", pos) -> unparsed rows with their file rank; parsing waits for first use,
    since the converted file has tens of thousands of rows and a text uses a few hundred."""
    index: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
    for rank, name in enumerate(PATTERN_FILES):
        if not data_path(f"{EVENTS}/{name}").is_file():
            continue
        for row in read_table(f"{EVENTS}/{name}"):
            lemma = row[0].lower().partition(" ")[0]
            index.setdefault((lemma, row[1].upper()), []).append((row, rank))
    return index


@lru_cache(maxsize=None)
def patterns_for(lemma: str, pos: str) -> tuple[TriggerPattern, ...]:
    """The patterns of a trigger lemma ("*" = any verb) and pos (V or N): file order, then most specific."""
    patterns = [parse_pattern(row, rank) for row, rank in _rows_by_trigger().get((lemma, pos), ())]
    return tuple(sorted(patterns, key=lambda p: (p.rank, -p.specificity, -p.confidence)))


@cache
def category_quads() -> dict[str, str]:
    return {category: quad for category, quad in read_table(f"{EVENTS}/categories.tsv")}


@cache
def complement_effects() -> dict[str, str]:
    """Lemma of a governing word -> planned | negated | absorbed (see complements.tsv)."""
    return {lemma: effect for lemma, effect in read_table(f"{EVENTS}/complements.tsv")}


@cache
def status_cues() -> dict[tuple[str, str], frozenset[str]]:
    """(status, where) -> cue words (see status_cues.tsv)."""
    cues: dict[tuple[str, str], set[str]] = {}
    for status, where, words in read_table(f"{EVENTS}/status_cues.tsv"):
        cues.setdefault((status, where), set()).update(_alternatives(words))
    return {key: frozenset(words) for key, words in cues.items()}


@cache
def mode_cues() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Category -> ((mode, cue lemmas), ...) in file order."""
    cues: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for category, mode, words in read_table(f"{EVENTS}/modes.tsv"):
        cues.setdefault(category, []).append((mode, frozenset(_alternatives(words))))
    return {category: tuple(modes) for category, modes in cues.items()}
