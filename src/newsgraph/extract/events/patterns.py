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


@lru_cache(maxsize=None)
def _phrase(text: str) -> PhraseSpec:
    return PhraseSpec(tuple(text.split()))


def _prep(text: str) -> PrepSpec:
    prep, _, noun = text.partition(" ")
    return PrepSpec(prep, _phrase(noun) if noun else None)


# the converted table repeats the same object and preposition lists for many verbs: parse each once
@lru_cache(maxsize=None)
def _objects_cell(cell: str) -> tuple[PhraseSpec, ...]:
    return tuple(_phrase(o) for o in _alternatives(cell))


@lru_cache(maxsize=None)
def _preps_cell(cell: str) -> tuple[PrepSpec, ...]:
    return tuple(_prep(p) for p in _alternatives(cell))


def parse_pattern(row: tuple[str, ...], rank: int) -> TriggerPattern:
    trigger, pos, objects, preps, category, mode, actor, recipient, confidence = row[:9]
    lemma, _, particle = trigger.lower().partition(" ")
    recipients = tuple(_alternatives(recipient))
    if recipients == ("auto",):
        recipients = AUTO_RECIPIENT
    return TriggerPattern(
        lemma=lemma, particle=particle or None, pos=pos.upper(),
        objects=_objects_cell(objects), preps=_preps_cell(preps),
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


SPEC_BITS = 10  # an object phrase is indexed as position << SPEC_BITS | its index in the pattern


@dataclass(frozen=True)
class PatternSet:
    """Every pattern that may fit one trigger word, best first (hand-written before converted, then
    the most specific), indexed so that a word is matched with dict look-ups, not a scan:
    `plain` are the positions of patterns that need neither object nor preposition, `by_prep`
    those that need no object, by each preposition they accept, and `by_word` those that need an
    object, by each word of their object phrases (as position << SPEC_BITS | phrase index)."""
    patterns: tuple[TriggerPattern, ...]
    plain: tuple[int, ...]
    by_prep: dict[str, list[int]]
    by_word: dict[str, list[int]]

    def phrase(self, entry: int) -> tuple[int, PhraseSpec]:
        position = entry >> SPEC_BITS
        return position, self.patterns[position].objects[entry & ((1 << SPEC_BITS) - 1)]


def _best_first(pattern: TriggerPattern) -> tuple:
    return (pattern.rank, -pattern.specificity, -pattern.confidence)


@lru_cache(maxsize=None)
def pattern_set(lemma: str, pos: str) -> PatternSet | None:
    """The PatternSet of a trigger lemma and pos; for verbs the any-verb ("*") patterns are merged
    in (after the lemma's own on ties). None when no pattern can fit. Built on first use."""
    patterns = list(patterns_for(lemma, pos))
    if pos == "V" and lemma != "*":
        if not patterns:
            return pattern_set("*", pos)  # shared by every verb without patterns of its own
        patterns += patterns_for("*", pos)
    if not patterns:
        return None
    patterns.sort(key=_best_first)  # stable: the lemma's own patterns first on ties
    plain, by_prep, by_word = [], {}, {}
    for position, pattern in enumerate(patterns):
        if not pattern.objects:
            if not pattern.preps:
                plain.append(position)
            for prep in dict.fromkeys(p.prep for p in pattern.preps):
                by_prep.setdefault(prep, []).append(position)
            continue
        base = position << SPEC_BITS
        for word, indexes in _phrase_words(pattern.objects).items():
            entries = by_word.get(word)
            if entries is None:
                by_word[word] = [base | k for k in indexes]
            else:
                entries.extend(base | k for k in indexes)
    return PatternSet(tuple(patterns), tuple(plain), by_prep, by_word)


@lru_cache(maxsize=None)
def _phrase_words(objects: tuple[PhraseSpec, ...]) -> dict[str, tuple[int, ...]]:
    """Each word of a list of object phrases -> the indexes of the phrases it is in (the
    converted table repeats one list for many verbs, so this is worked out once per list)."""
    words: dict[str, list[int]] = {}
    for k, spec in enumerate(objects):
        for word in dict.fromkeys(spec.words):
            words.setdefault(word, []).append(k)
    return {word: tuple(ks) for word, ks in words.items()}


@cache
def trigger_lemmas(pos: str) -> frozenset[str]:
    """Every lemma that has a pattern of this pos (V or N), for a cheap first look at a sentence."""
    return frozenset(lemma for lemma, p in _rows_by_trigger() if p == pos)


def load_patterns() -> None:
    """Read every table now (a component calls this when it is built); patterns are still parsed
    per trigger word on first use."""
    _rows_by_trigger()
    pattern_set("*", "V")
    category_quads(), complement_effects(), status_cues(), mode_cues()


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
