"""Whether a noun phrase names a possible side of an event: a person, group, institution or
country, as opposed to a thing or an act ("the minister", "him", "protesters" against "a general
strike", "military aid")."""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.coref import namesake
from newsgraph.extract.events.docview import label_ids, text_at, tree

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_ACTOR_TYPE_IDS = label_ids(ACTOR_TYPES)


def actor_like(head: Token) -> bool:
    """A pronoun, a name, a head word the gazetteer gives a sector ("protesters"), a phrase it
    gives a country up to the head ("the Iranian tanker"), or a nominal naming an entity met
    before ("the ministry"); not "military aid"."""
    types = tree(head.doc).ent_types
    if head.pos_ == "PRON" or types[head.i] in _ACTOR_TYPE_IDS:
        return True
    left = head.left_edge
    if any(types[k] in _ACTOR_TYPE_IDS for k in range(left.i, head.i)):
        return True
    if code_actor(text_at(head.doc, left.idx, head.idx + len(head)), None)[0] or code_actor(head.text, None)[1]:
        return True
    return namesake(head) is not None
