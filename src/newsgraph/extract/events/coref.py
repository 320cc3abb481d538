"""Light coreference for event participants that name no one themselves.

- A short nominal naming an entity met before by its last word or title: "the ministry" (the
  Russian Foreign Ministry), "the secretary" (Janet Yellen, Treasury Secretary).
- A pair named by number: "the two sides", "both countries", "their foreign ministers": the
  last two different countries named before it.
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.docview import kids, memo, sentence_of
from newsgraph.records import Entity, Participant

PAIR_WORDS = frozenset({"two", "both"})
PAIR_NOUNS = frozenset({"side", "country", "nation", "minister", "leader", "president", "government",
                        "neighbour", "neighbor", "delegation", "capital", "party", "state", "rival",
                        "counterpart", "team", "official", "diplomat"})
PAIR_REACH = 1500  # characters back to look for the two parties
NAMED_TYPES = frozenset({"ORG", "PERSON", "GPE", "NORP"})


def _mentions_before(doc, offset: int, reach: int) -> list[tuple[int, Entity]]:
    return sorted(((s, e) for e in doc._.entities or [] for s, _ in e.mentions if offset - reach <= s < offset),
                  key=lambda pair: pair[0], reverse=True)


def namesake(head: Token) -> Entity | None:
    """The entity a short nominal ("the ministry", "the secretary") names by its last word."""
    if head.pos_ not in ("NOUN", "PROPN") or len([t for t in kids(head) if t.dep_ not in ("det", "compound", "amod")]):
        return None
    word = head.text.lower()
    for _, entity in _mentions_before(head.doc, head.idx, 4000):
        if entity.type not in NAMED_TYPES:
            continue
        if entity.type != "PERSON" and entity.name.lower().split()[-1] == word:
            return entity
        if any(role.lower().split()[-1] == word for role in entity.roles):
            return entity
    return None


def is_pair(head: Token) -> bool:
    if head.lemma_.lower() not in PAIR_NOUNS or head.tag_ not in ("NNS", "NNPS"):
        return False
    return any(c.text.lower() in PAIR_WORDS or (c.dep_ == "poss" and c.text.lower() == "their") for c in kids(head))


def pair(head: Token) -> list[Entity]:
    """The last two entities of different countries named before "the two sides"."""
    def compute() -> list[Entity]:
        found: list[Entity] = []
        sentence_start = sentence_of(head)[2]  # parties named before the sentence: not its own subject
        for _, entity in _mentions_before(head.doc, sentence_start, PAIR_REACH):
            if entity.type in NAMED_TYPES and entity.country and all(entity.country != f.country for f in found):
                found.append(entity)
                if len(found) == 2:
                    return found
        return []
    return memo(head.doc, ("pair", head.i), compute)
