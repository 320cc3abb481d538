"""Pronoun speakers ("he added", "according to him", "they said") -> the entity they stand for.

The antecedent is the most salient agreeing entity before the pronoun (salience.py: recent
mentions, subjects count double), with a bonus for the previous quote's speaker. Agreement:
gender from Mr./Mrs./Ms. (set by the entity clusterer), from earlier pronoun links, or from
first_names.tsv (unknown gender agrees with both, but less than a known one); "it"/"they" take
organisations, places and groups, never a person.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Token

from newsgraph.extract.entities import first_name_gender, is_first_name
from newsgraph.extract.speakers.salience import salience
from newsgraph.records import Entity

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}
GROUP_PRONOUNS = frozenset({"they", "them", "their", "it", "its", "itself", "themselves"})
GROUP_TYPES = ("ORG", "NORP", "GPE")
# a previous speaker further back than this (characters) is no longer the obvious antecedent
_SPEAKER_REACH = 600
PREVIOUS_SPEAKER_BONUS = 1.5
_UNKNOWN_GENDER_FACTOR = 0.6
_TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}

__all__ = ["PERSON_PRONOUNS", "GROUP_PRONOUNS", "first_name_gender", "entity_gender", "person_evidence",
           "is_pronoun", "agrees", "resolve_pronoun"]


def entity_gender(entity: Entity) -> str | None:
    if entity.gender:
        return entity.gender
    words = entity.name.split()
    return first_name_gender(words[0]) if len(words) > 1 else None


def person_evidence(doc: Doc, entity: Entity) -> tuple[bool, str | None]:
    """(is a person, gender) for an entity NER may have mislabelled: "Mrs. Ana Novak" tagged ORG
    as "Novak" is a person, shown by the title or the first name written before it."""
    if entity.type == "PERSON":
        return True, entity_gender(entity)
    if entity.type != "ORG" or len(entity.name.split()) > 3:
        return False, None
    first = entity.name.split()[0]
    if len(entity.name.split()) > 1 and is_first_name(first):
        return True, first_name_gender(first)
    for s, e in entity.mentions[:3]:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or span.start == 0:
            continue
        before = doc[span.start - 1]
        title = before.lower_.rstrip(".")
        if title in _TITLE_GENDER or title == "dr":
            return True, _TITLE_GENDER.get(title)
        if before.is_title and is_first_name(before.text):
            return True, first_name_gender(before.text)
    return False, None


def is_pronoun(tok: Token) -> bool:
    return tok.lower_ in PERSON_PRONOUNS or tok.lower_ in GROUP_PRONOUNS


def agrees(doc: Doc, entity: Entity, pronoun: str) -> float:
    """How well `entity` fits `pronoun`: 1 (agrees), less (gender unknown), 0 (cannot)."""
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender is not None:
        person, known = person_evidence(doc, entity)
        if not person:
            return 0.0
        if known is None:
            return _UNKNOWN_GENDER_FACTOR
        return 1.0 if known == gender else 0.0
    if entity.type not in GROUP_TYPES or person_evidence(doc, entity)[0]:
        return 0.0
    if pronoun in ("it", "its", "itself") and entity.type == "NORP":
        return 0.3  # "the Chinese" are rather "they"
    return 1.0


def resolve_pronoun(doc: Doc, tok: Token, previous: tuple[Entity, int] | None = None,
                    quoted: Callable[[int], bool] | None = None) -> Entity | None:
    """The entity `tok` refers to; `previous` = (last quote's speaker, where that quote ended);
    `quoted(pos)` tells mentions inside quotations, which are not antecedents."""
    pronoun = tok.lower_
    if pronoun not in PERSON_PRONOUNS and pronoun not in GROUP_PRONOUNS:
        return None  # I, we, you: the author or the audience
    pos = tok.idx
    prev_entity = None
    if previous is not None and previous[0] is not None and pos - previous[1] <= _SPEAKER_REACH:
        prev_entity = previous[0]
    best, best_score, best_fit = None, 0.0, 0.0
    for entity in doc._.entities or []:
        fit = agrees(doc, entity, pronoun)
        if fit <= 0.0:
            continue
        score = salience(doc, entity, pos, quoted)
        if entity is prev_entity:
            score += PREVIOUS_SPEAKER_BONUS
        if score <= 0.0:
            continue
        score *= fit
        if score > best_score:
            best, best_score, best_fit = entity, score, fit
    if best is None:
        return None
    return _learn(best, pronoun) if best_fit >= 1.0 or _only_candidate(doc, best, pronoun, pos, quoted) else best


def _only_candidate(doc: Doc, entity: Entity, pronoun: str, pos: int, quoted) -> bool:
    return not any(other is not entity and agrees(doc, other, pronoun) > 0 and salience(doc, other, pos, quoted) > 0
                   for other in doc._.entities or [])


def _learn(entity: Entity, pronoun: str) -> Entity:
    gender = PERSON_PRONOUNS.get(pronoun)
    if gender and entity.gender is None and entity.type == "PERSON":
        entity.gender = gender
    return entity
