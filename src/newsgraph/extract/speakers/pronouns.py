"""Pronoun speakers ("he added", "according to him", "they said") -> the entity they stand for.

The antecedent is the most salient compatible entity before the pronoun: the previous speaker
when it agrees, else the most recently mentioned one. Gender comes from Mr./Mrs./Ms. (set by the
entity clusterer), from earlier pronoun links, or from first_names.tsv; unknown gender agrees
with both. "they"/"it" look for organisations and groups.
"""
from __future__ import annotations

from functools import cache
from typing import Callable

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
_GENDER_BONUS = 800


@cache
def _first_names() -> dict[str, str]:
    return {name.lower(): gender for name, gender in read_table(FIRST_NAMES_FILE)}


_TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}


def first_name_gender(word: str) -> str | None:
    return _first_names().get(word.lower())


def entity_gender(entity: Entity) -> str | None:
    if entity.gender:
        return entity.gender
    first = entity.name.split()[0].lower() if entity.name else ""
    return _first_names().get(first) if len(entity.name.split()) > 1 else None


def person_evidence(doc: Doc, entity: Entity) -> tuple[bool, str | None]:
    """(is a person, gender) for an entity NER may have mislabelled: "Mrs. Ana Novak" tagged ORG
    as "Novak" is a person, shown by the title or the first name written before it."""
    if entity.type == "PERSON":
        return True, entity_gender(entity)
    if entity.type != "ORG" or len(entity.name.split()) > 3:
        return False, None
    names = _first_names()
    first = entity.name.split()[0].lower()
    if len(entity.name.split()) > 1 and first in names:
        return True, names[first]
    for s, e in entity.mentions[:3]:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        before = doc[span.start - 1]
        title = before.lower_.rstrip(".")
        if title in _TITLE_GENDER or title == "dr":
            return True, _TITLE_GENDER.get(title)
        if before.is_title and before.lower_ in names:
            return True, names[before.lower_]
    return False, None


def is_pronoun(tok: Token) -> bool:
    return tok.lower_ in PERSON_PRONOUNS or tok.lower_ in GROUP_PRONOUNS


def _last_mention_before(entity: Entity, pos: int, quoted: Callable[[int], bool] | None) -> int:
    best = -1
    for s, e in entity.mentions:
        if e <= pos and s > best and not (quoted and quoted(s)):
            best = s
    return best


def _agrees(doc: Doc, entity: Entity, pronoun: str) -> bool:
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender is not None:
        person, known = person_evidence(doc, entity)
        return person and (known is None or known == gender)
    return entity.type in GROUP_TYPES and not person_evidence(doc, entity)[0]


def resolve_pronoun(doc: Doc, tok: Token, previous: tuple[Entity, int] | None = None,
                    quoted: Callable[[int], bool] | None = None) -> Entity | None:
    """The entity `tok` refers to; `previous` = (last quote's speaker, where that quote ended);
    `quoted(pos)` tells mentions inside quotations, which are not antecedents."""
    pronoun = tok.lower_
    if pronoun not in PERSON_PRONOUNS and pronoun not in GROUP_PRONOUNS:
        return None  # I, we, you: the author or the audience
    pos = tok.idx
    if previous is not None:
        entity, where = previous
        if entity is not None and pos - where <= _SPEAKER_REACH and _agrees(doc, entity, pronoun):
            return _learn(entity, pronoun)
    # the latest compatible entity; one whose gender is known to agree counts as if mentioned
    # _GENDER_BONUS characters later than it was
    best, best_key, rivals = None, None, 0
    for entity in doc._.entities or []:
        if not _agrees(doc, entity, pronoun):
            continue
        last = _last_mention_before(entity, pos, quoted)
        if last < 0:
            continue
        rivals += 1
        known = _known_gender(doc, entity) is not None
        key = last + (_GENDER_BONUS if known else 0)
        if best_key is None or key > best_key:
            best, best_key, best_known = entity, key, known
    if best is None:
        return None
    return _learn(best, pronoun) if rivals == 1 or best_known else best


def _known_gender(doc: Doc, entity: Entity) -> str | None:
    return person_evidence(doc, entity)[1]


def _learn(entity: Entity, pronoun: str) -> Entity:
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender and entity.gender is None:
        entity.gender = gender
    return entity
