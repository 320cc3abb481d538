"""Entity mentions and their in-article clustering: the `newsgraph_entities` component.

Takes spaCy's named entities, finds the titles that stand before person names ("Foreign
Minister Ana Novak"), and groups mentions of one person or institution into one Entity
("Antony Blinken", later "Blinken"). Pronoun and office mentions are added later by the
speaker resolver, which calls `entity_at` / `add_entity`.
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph.extract.actors import code_actor
from newsgraph.extract.extensions import doc_text, ensure_lists, in_boilerplate
from newsgraph.records import Entity
from newsgraph.resources import read_lines

_SURNAME_MISLABELS = frozenset({"ORG", "GPE", "NORP"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_GENDER_TITLES = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@cache
def _title_before_name() -> re.Pattern[str]:
    """The longest known title that ends right before a name (the leftmost match ending at $)."""
    titles = sorted(read_lines("titles.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    return re.compile(rf"(?<![\w.])(?:{alternatives})\s+$", re.IGNORECASE)


_PLACE_BEFORE_TITLE = re.compile(r"(?<![\w.])([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?:'s|’s)?\s+$")


def person_title(doc: Doc, start_char: int) -> tuple[str | None, str | None, int]:
    """The title written right before a person name: (title, place, start of the titled phrase).

    "U.S. Secretary of State Antony Blinken" -> ("Secretary of State", "U.S.", start of "U.S.").
    """
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, start_char) + 1
    window_start = max(line_start, start_char - 80)
    window = text[window_start:start_char]
    match = _title_before_name().search(window)
    if not match:
        return None, None, start_char
    title = " ".join(match.group(0).split())
    begin = window_start + match.start()
    place = None
    before = _PLACE_BEFORE_TITLE.search(window, 0, match.start())
    if before and code_actor(before.group(1))[0] is not None:
        place = before.group(1)
        begin = window_start + before.start()
    return title, place, begin


def clean_name(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).strip()


def _name_tokens(name: str) -> list[str]:
    return [t.lower().strip(".") for t in name.split()]


def _same_person(name: str, other: str) -> bool:
    """'Blinken' ~ 'Antony Blinken'; 'Antony Blinken' ~ 'Antony J. Blinken'; not 'Hunter Biden' ~ 'Joe Biden'."""
    a, b = _name_tokens(name), _name_tokens(other)
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    return a[0] == b[0]


class EntityClusterer:
    def __init__(self, nlp: Language, name: str = "newsgraph_entities"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ensure_lists(doc)
        entities: list[Entity] = doc._.entities
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS or in_boilerplate(doc, ent.start_char, ent.end_char):
                continue
            self._add_mention(doc, entities, ent)
        return doc

    def _add_mention(self, doc: Doc, entities: list[Entity], ent: Span) -> None:
        name = clean_name(ent.text)
        if not name:
            return
        title = place = None
        coded_text = ent.text
        if ent.label_ == "PERSON":
            title, place, begin = person_title(doc, ent.start_char)
            coded_text = doc_text(doc)[begin:ent.end_char]
        entity = self._find(entities, name, ent.label_)
        if entity is None and ent.label_ in _SURNAME_MISLABELS and len(name.split()) == 1:
            # the small model often labels a bare surname ORG/GPE ("Novak said"): it is the person
            entity = self._find(entities, name, "PERSON", people_only=True)
        if entity is None:
            entity = Entity(id=f"e{len(entities) + 1}", name=name, type=ent.label_)
            entities.append(entity)
        elif ent.label_ == "PERSON" and len(name.split()) > len(entity.name.split()):
            entity.name = name
        entity.add_mention(ent.start_char, ent.end_char)
        if title:
            gender = _GENDER_TITLES.get(title.lower())
            if gender:
                entity.gender = entity.gender or gender
            elif title not in entity.roles:
                entity.roles.append(title)
        if entity.country is None or entity.sector is None:
            country, sector = code_actor(coded_text, ent.label_)
            entity.country = entity.country or country
            entity.sector = entity.sector or sector

    @staticmethod
    def _find(entities: list[Entity], name: str, label: str, people_only: bool = False) -> Entity | None:
        key = name.lower()
        for entity in reversed(entities):  # the most recent wins: two Kirbys stay apart by recency
            if label == "PERSON" and entity.type == "PERSON":
                if _same_person(name, entity.name) and (not people_only or len(entity.name.split()) > 1):
                    return entity
            elif entity.type == label and entity.name.lower() == key:
                return entity
        return None


@Language.factory("newsgraph_entities")
def make_entity_clusterer(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer(nlp, name)


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping [start, end), preferring the tightest mention."""
    best, best_len = None, None
    for entity in doc._.entities or []:
        for s, e in entity.mentions:
            if s < end and start < e:
                length = e - s
                if best_len is None or length < best_len:
                    best, best_len = entity, length
    return best


def add_entity(doc: Doc, name: str, type_: str, start: int, end: int) -> Entity:
    """Register an entity NER missed (an institution named as 'the ministry', say)."""
    ensure_lists(doc)
    entity = Entity(id=f"e{len(doc._.entities) + 1}", name=name, type=type_)
    entity.add_mention(start, end)
    entity.country, entity.sector = code_actor(doc_text(doc)[start:end], type_)
    doc._.entities.append(entity)
    return entity
