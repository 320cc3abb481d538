"""Which entity a mention stands for: a name, a pronoun, an office, an institution.

`resolve_mention(doc, span)` is the one entry point; the quote extractor uses it for speakers and
the event extractor may use it for actors.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span

from newsgraph.records import Entity
from newsgraph.extract.speakers.institutions import is_institution, resolve_institution
from newsgraph.extract.speakers.mentions import RELATIVE_PRONOUNS, mention_span, relative_antecedent
from newsgraph.extract.speakers.offices import mention_office, role_offices
from newsgraph.extract.speakers.pronouns import first_name_gender, is_pronoun, resolve_pronoun

from newsgraph.extract.actors import code_actor
from newsgraph.extract.entities import add_entity, entity_at

NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "NORP"})


def resolve_mention(doc: Doc, span: Span, previous: tuple[Entity, int] | None = None,
                    quoted: Callable[[int], bool] | None = None) -> Entity | None:
    """The entity `span` refers to, or None. `previous` = (the last speaker, where its quote ended),
    the likeliest antecedent of a pronoun; `quoted(pos)` is True inside quotations (names there
    are not antecedents)."""
    head = span.root
    if head.lower_ in RELATIVE_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
        antecedent = relative_antecedent(head)
        if antecedent is None:
            return None
        return resolve_mention(doc, mention_span(antecedent), previous, quoted)
    if is_pronoun(head):
        return resolve_pronoun(doc, head, previous, quoted)
    named = entity_at(doc, head.idx, head.idx + len(head))
    if named is not None and named.type in NAMED_TYPES and not _is_qualifier(head, span):
        return _person_named(doc, named) or named
    if head.pos_ == "PROPN":
        return _resolve_unlisted_name(doc, span, head)
    office = resolve_office(doc, span)
    if office is not None:
        return office
    if is_institution(span):
        return resolve_institution(doc, span, add_entity)
    return None


_NAME_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "mr", "mrs", "ms", "dr"})


def _resolve_unlisted_name(doc: Doc, span: Span, head) -> Entity | None:
    """A name NER did not tag ("Trump said"): the person with that surname, else a new entity."""
    key = head.lower_
    for entity in doc._.entities or []:
        if entity.type == "PERSON" and entity.name.lower().split()[-1] == key:
            return entity
    words = [t for t in span if t.pos_ == "PROPN" and not t.lower_ in _NAME_TITLES]
    if not words or words[-1].i != head.i or any(not (t.is_title or t.is_upper) for t in words):
        return None
    if head.i - words[0].i + 1 != len(words):
        return None
    name = " ".join(t.text for t in words)
    titled = head.i > 0 and doc[words[0].i - 1].lower_ in _NAME_TITLES if words[0].i > 0 else False
    looks_personal = titled or len(words) > 1 or first_name_gender(words[0].text) is not None
    country, _ = code_actor(name)
    kind = "PERSON" if looks_personal and country is None else "ORG"
    start, end = words[0].idx, head.idx + len(head)
    return add_entity(doc, name, kind, start, end)


def _person_named(doc: Doc, entity: Entity) -> Entity | None:
    """The person a one-word non-person entity names: NER often tags a bare surname ("Novak
    said") as ORG even after "Foreign Minister Ana Novak"; a speaker is a person then."""
    if entity.type == "PERSON" or " " in entity.name:
        return None
    key = entity.name.lower()
    for other in doc._.entities or []:
        if other.type == "PERSON" and other.name.lower().split()[-1] == key:
            return other
    return None


def _is_qualifier(head, span: Span) -> bool:
    """"Russia's" in "Russia's foreign minister" qualifies the head; it is not the speaker."""
    return head.ent_type_ in _PLACE_LABELS and head.dep_ in ("poss", "compound", "amod")


def _without_places(span: Span) -> str:
    return " ".join(t.text for t in span if t.ent_type_ not in _PLACE_LABELS)


def resolve_office(doc: Doc, span: Span) -> Entity | None:
    """A person introduced earlier with the office this mention names ("the top diplomat")."""
    keys, implied_country = mention_office(span.text)
    if not keys:  # "the top U.S. diplomat": the place word splits the office phrase
        keys, implied_country = mention_office(_without_places(span))
    if not keys:
        return None
    country = code_actor(span.text)[0] or implied_country
    best, best_pos = None, -1
    for entity in doc._.entities or []:
        if entity.type != "PERSON" or not entity.roles:
            continue
        if not any(keys & role_offices(role) for role in entity.roles):
            continue
        if country and entity.country and entity.country != country:
            continue
        last = max((s for s, e in entity.mentions if e <= span.start_char), default=-1)
        if last > best_pos:
            best, best_pos = entity, last
    return best
