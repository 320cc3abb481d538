"""Pronoun speakers ("he added", "according to him", "they said") -> the entity they stand for.

The antecedent is the most salient compatible entity before the pronoun: the previous speaker
when it agrees, else the most recently mentioned one. Gender comes from Mr./Mrs./Ms. (set by the
entity clusterer), from earlier pronoun links, or from first_names.tsv; unknown gender agrees
with both. "they"/"it" look for organisations and groups.
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from newsgraph.records import Entity
from newsgraph.resources import read_table

FIRST_NAMES_FILE = "speakers/first_names.tsv"

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its"})
GROUP_TYPES = ("ORG", "NORP", "GPE")
# a previous speaker further back than this is no longer the obvious antecedent
_SPEAKER_REACH = 600


@cache
def _first_names() -> dict[str, str]:
    return {name.lower(): gender for name, gender in read_table(FIRST_NAMES_FILE)}


def entity_gender(entity: Entity) -> str | None:
    if entity.gender:
        return entity.gender
    first = entity.name.split()[0].lower() if entity.name else ""
    return _first_names().get(first) if len(entity.name.split()) > 1 else None


def is_pronoun(tok: Token) -> bool:
    return tok.lower_ in PERSON_PRONOUNS or tok.lower_ in GROUP_PRONOUNS


def _last_mention_before(entity: Entity, pos: int) -> int:
    best = -1
    for s, e in entity.mentions:
        if e <= pos and s > best:
            best = s
    return best


def _agrees(entity: Entity, pronoun: str) -> bool:
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender is not None:
        if entity.type != "PERSON":
            return False
        known = entity_gender(entity)
        return known is None or known == gender
    return entity.type in GROUP_TYPES


def resolve_pronoun(doc: Doc, tok: Token, previous: tuple[Entity, int] | None = None) -> Entity | None:
    """The entity `tok` refers to; `previous` = (last quote's speaker, where that quote ended)."""
    pronoun = tok.lower_
    if pronoun not in PERSON_PRONOUNS and pronoun not in GROUP_PRONOUNS:
        return None  # I, we, you: the author or the audience
    pos = tok.idx
    if previous is not None:
        entity, where = previous
        if entity is not None and pos - where <= _SPEAKER_REACH and _agrees(entity, pronoun):
            return _learn(entity, pronoun)
    best, best_pos = None, -1
    for entity in doc._.entities or []:
        if not _agrees(entity, pronoun):
            continue
        last = _last_mention_before(entity, pos)
        if last > best_pos:
            best, best_pos = entity, last
    return _learn(best, pronoun) if best is not None else None


def _learn(entity: Entity, pronoun: str) -> Entity:
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender and entity.gender is None:
        entity.gender = gender
    return entity
