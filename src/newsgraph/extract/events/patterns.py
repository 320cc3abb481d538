"""The event data tables (resources/events/) as typed, indexed objects, loaded once.

triggers.tsv (hand-written) and petrarch_patterns.tsv (converted from PETRARCH2 by
tools/build_event_patterns.py) share one format; see the header of triggers.tsv.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

from newsgraph.resources import data_path, read_lines, read_table

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


@dataclass(frozen=True, eq=False)
class TriggerPattern:
    """What a trigger word must have around it, and the event it then is. The trigger lemma is
    the key the pattern is filed under, not part of it: the converted table gives one pattern to
    many synonyms, and they share one object (compared and hashed by identity)."""
    general: bool  # a pattern of any verb ("*" in the trigger column)
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
    object_words: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)  # see _phrase_words

    @property
    def reciprocal(self) -> bool:
        return self.actor == "subj+recipient"

    @property
    def specificity(self) -> int:
        return 2 * (not self.general) + bool(self.objects) + bool(self.preps) + bool(self.particle)


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


def _row_key(row: tuple[str, ...], rank: int) -> tuple:
    """What a row says apart from its trigger lemma: rows with equal keys share one pattern."""
    lemma, _, particle = row[0].lower().partition(" ")
    return (lemma == "*", particle or None, *row[1:9], rank)


def parse_pattern(row: tuple[str, ...], rank: int) -> TriggerPattern:
    """The pattern of a table row (rows that differ only in the trigger lemma share one)."""
    return _shared_pattern(_row_key(row, rank))


@lru_cache(maxsize=None)
def _shared_pattern(key: tuple) -> TriggerPattern:
    general, particle, pos, objects, preps, category, mode, actor, recipient, confidence, rank = key
    recipients = tuple(_alternatives(recipient))
    if recipients == ("auto",):
        recipients = AUTO_RECIPIENT
    return TriggerPattern(
        general=general, particle=particle, pos=pos.upper(),
        objects=_objects_cell(objects), preps=_preps_cell(preps),
        category=category.upper(), mode=None if mode == "-" else mode, actor=actor,
        recipient=recipients, confidence=float(confidence), rank=rank,
        object_words=_phrase_words(_objects_cell(objects)),
    )


@cache
def _patterns_by_trigger() -> dict[tuple[str, str], list[TriggerPattern]]:
    """(lemma or "*", pos) -> its patterns, in file order. The converted table's 40,000 rows say
    only some 3,000 different things apart from their trigger lemma: each is parsed once."""
    index: dict[tuple[str, str], list[TriggerPattern]] = {}
    seen: dict[tuple, TriggerPattern] = {}
    for rank, name in enumerate(PATTERN_FILES):
        if not data_path(f"{EVENTS}/{name}").is_file():
            continue
        for line in read_lines(f"{EVENTS}/{name}"):
            trigger, _, rest = line.partition("\t")
            lemma, _, particle = trigger.strip().lower().partition(" ")
            pattern = seen.get((lemma == "*", particle, rest, rank))
            if pattern is None:
                row = tuple(cell.strip() for cell in line.split("\t"))
                pattern = seen[(lemma == "*", particle, rest, rank)] = _shared_pattern(_row_key(row, rank))
            index.setdefault((lemma, pattern.pos), []).append(pattern)
    return index


def _best_first(pattern: TriggerPattern) -> tuple:
    return (pattern.rank, -pattern.specificity, -pattern.confidence)


@lru_cache(maxsize=None)
def patterns_for(lemma: str, pos: str) -> tuple[TriggerPattern, ...]:
    """The patterns of a trigger lemma ("*" = any verb) and pos (V or N): file order, then most specific."""
    return tuple(sorted(_patterns_by_trigger().get((lemma, pos), ()), key=_best_first))


SPEC_BITS = 10  # an object phrase is indexed as position << SPEC_BITS | its index in the pattern


class PatternSet:
    """Every pattern that may fit one trigger word, best first (hand-written before converted, then
    the most specific), indexed so that a word is matched with dict look-ups, not a scan:
    `plain` are the positions of patterns that need neither object nor preposition, `by_prep`
    those that need no object, by each preposition they accept; `object_entries(word)` gives
    those whose object phrases have that word (filled in per word on first use)."""
    __slots__ = ("patterns", "plain", "by_prep", "_with_objects", "_by_word")

    def __init__(self, patterns: tuple[TriggerPattern, ...]):
        self.patterns = patterns
        plain, by_prep, with_objects = [], {}, []
        for position, pattern in enumerate(patterns):
            if pattern.objects:
                with_objects.append(position)
                continue
            if not pattern.preps:
                plain.append(position)
            for prep in dict.fromkeys(p.prep for p in pattern.preps):
                by_prep.setdefault(prep, []).append(position)
        self.plain: tuple[int, ...] = tuple(plain)
        self.by_prep: dict[str, list[int]] = by_prep
        self._with_objects = tuple(with_objects)
        self._by_word: dict[str, tuple[int, ...]] = {}

    @property
    def needs_objects(self) -> bool:
        return bool(self._with_objects)

    def object_entries(self, word: str) -> tuple[int, ...]:
        """The object phrases with `word` in them, as position << SPEC_BITS | phrase index."""
        found = self._by_word.get(word)
        if found is None:
            entries = []
            for position in self._with_objects:
                indexes = self.patterns[position].object_words.get(word)
                if indexes:
                    entries.extend(position << SPEC_BITS | k for k in indexes)
            found = self._by_word[word] = tuple(entries)
        return found

    def phrase(self, entry: int) -> tuple[int, PhraseSpec]:
        position = entry >> SPEC_BITS
        return position, self.patterns[position].objects[entry & ((1 << SPEC_BITS) - 1)]


def pattern_set(lemma: str, pos: str) -> PatternSet | None:
    """The PatternSet of a trigger lemma and pos; for verbs the any-verb ("*") patterns are merged
    in (after the lemma's own on ties). None when no pattern can fit. Built on first use, and
    shared by the lemmas that have the same patterns (synonyms in the converted table)."""
    found = _sets.get((lemma, pos), _sets)
    if found is _sets:
        found = _sets[(lemma, pos)] = _set_of(_candidates(lemma, pos))
    return found


_sets: dict[tuple[str, str], PatternSet | None] = {}


def _candidates(lemma: str, pos: str) -> tuple[TriggerPattern, ...]:
    patterns = list(patterns_for(lemma, pos))
    if pos == "V" and lemma != "*":
        patterns += patterns_for("*", pos)
    patterns.sort(key=_best_first)  # stable: the lemma's own patterns first on ties
    return tuple(patterns)


@lru_cache(maxsize=None)
def _set_of(patterns: tuple[TriggerPattern, ...]) -> PatternSet | None:
    return PatternSet(patterns) if patterns else None


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
    return frozenset(lemma for lemma, p in _patterns_by_trigger() if p == pos)


def load_patterns() -> None:
    """Read every table now (a component calls this when it is built); patterns are still parsed
    per trigger word on first use."""
    _patterns_by_trigger()
    pattern_set("*", "V")
    category_quads(), complement_effects(), status_cues(), mode_cues(), support_verbs()


@cache
def category_quads() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table(f"{EVENTS}/categories.tsv")}


@cache
def _means_categories() -> frozenset[str]:
    return frozenset(row[0] for row in read_table(f"{EVENTS}/categories.tsv") if len(row) > 2 and row[2] == "means")


def object_is_recipient(category: str) -> bool:
    """False where a direct object is the doer's own means ("mobilized troops"), unless the
    pattern itself names it as the recipient (see categories.tsv)."""
    return category not in _means_categories()


@cache
def complement_effects() -> dict[str, str]:
    """Lemma of a governing word -> planned | negated | absorbed (see complements.tsv)."""
    return {lemma: effect for lemma, effect in read_table(f"{EVENTS}/complements.tsv")}


@cache
def retaliation_verbs() -> frozenset[str]:
    """Lemmas (with a particle: "hit back") whose THREATEN events are threats only when announced
    for later (see retaliations.tsv)."""
    return frozenset(row[0] for row in read_table(f"{EVENTS}/retaliations.tsv"))


@cache
def support_verbs() -> dict[str, str | None]:
    """Lemma of a support verb -> the status it gives its object's event (None = as is)."""
    return {lemma: None if effect == "-" else effect for lemma, effect in read_table(f"{EVENTS}/support_verbs.tsv")}


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
