"""Who did it: the doer of a trigger (a verb, or a noun trigger), as head tokens.

The doer of a verb is its subject, or the "by" agent of a passive, or (when the verb has no
subject of its own) the doer of the verb it hangs from: "X arrived and met Y", "X agreed to
send aid", "the EU, which imposed sanctions"; a verb coordinated with a passive one shares its
subject, not its agent ("X was alarmed by Y and urged Z"); of a participle modifying a noun, that
noun, or the author of a thing ("a report accusing X"). A noun's doer is its possessor or a name
modifying it ("Blinken's call", "the Russian invasion").
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.datelines import in_dateline
from newsgraph.extract.events.docview import kid_deps
from newsgraph.extract.events.triggers import is_passive, preposition_objects, support_host

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
RELATIVE_PRONOUN_TAGS = frozenset({"WDT", "WP", "WP$"})
ACTOR_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
INHERITS_SUBJECT = frozenset({"conj", "xcomp", "advcl", "relcl", "acl", "pcomp", "ccomp", "acomp"})


def real_subjects(subject: Token) -> list[Token]:
    """The subject, or for a dateline place parsed as subject the names set beside it."""
    if not in_dateline(subject):
        return [subject]
    return [c for dep, c in kid_deps(subject) if dep in ("appos", "conj") and not in_dateline(c)][:1]


def _agents(verb: Token) -> list[Token]:
    return [o for dep, c in kid_deps(verb) if dep == "agent" for o in preposition_objects(c)]


def doers(word: Token, _depth: int = 0) -> list[Token]:
    """Head tokens of whoever does `word` (a verb, or a noun trigger)."""
    if _depth > 6:
        return []
    if word.pos_ == "NOUN":
        return _noun_doers(word)
    agents = _agents(word)
    if agents:
        return agents
    if is_passive(word) or (word.dep_ == "acl" and word.tag_ == "VBN"):  # "sanctions imposed on X"
        return []
    subjects = [r for dep, c in kid_deps(word) if dep in SUBJECT_DEPS for r in real_subjects(c)]
    if subjects:
        subject = subjects[0]
        if subject.tag_ in RELATIVE_PRONOUN_TAGS and word.dep_ == "relcl":
            return [word.head]
        return [subject]
    if word.dep_ == "acl" and word.tag_ == "VBD" and word.head.dep_ == "ROOT" and word.head.pos_ in ("NOUN", "PROPN"):
        # a past-tense verb without a subject that the parser hung on a verbless sentence's noun, as
        # if it were a participle, is the sentence's main verb ("Khodorkovsky, a former oil tycoon,
        # called for sanctions"): the noun is its subject (present forms are not misread this way)
        return [word.head]
    if word.dep_ == "relcl":
        return [word.head]
    if word.dep_ == "xcomp":
        # object control: "urged Russia to withdraw" -> Russia withdraws
        objects = [c for dep, c in kid_deps(word.head) if dep in ("dobj", "obj")]
        if objects and word.head.pos_ == "VERB":
            return objects[:1]
    if word.dep_ == "conj" and word.head != word:
        # "X was concerned by Y and urged Z": coordinated verbs share the grammatical subject, not the agent
        shared = [r for dep, c in kid_deps(word.head) if dep == "nsubjpass" for r in real_subjects(c)]
        if shared and word.head.pos_ in ("VERB", "AUX") and word.tag_ != "VBN":  # "was tortured and killed": passive too
            return shared[:1]
    if word.dep_ == "acl" and word.tag_ == "VBG" and word.head.pos_ in ("NOUN", "PROPN"):
        return _participle_doers(word.head, _depth)
    if word.dep_ in INHERITS_SUBJECT and word.head != word:
        head = word.head
        if head.pos_ in ("ADP", "SCONJ"):  # "after attacking X": pcomp of a preposition
            head = head.head
        return doers(head, _depth + 1) if head.pos_ in ("VERB", "AUX", "ADJ") else []
    return []


def _participle_doers(noun: Token, depth: int) -> list[Token]:
    """The doer of a participle that modifies `noun`: the noun itself when it can act ("troops
    attacking the city", "protesters demanding X"), else the noun's author ("a report accusing
    X": Amnesty's report, or the doer of the verb that put it out: "Amnesty put out a report
    accusing X", "parliament passed a resolution criticizing X")."""
    if noun.ent_type_ in ACTOR_ENTITY_TYPES or code_actor(noun.text, None)[1] is not None:
        return [noun]
    authors = _noun_doers(noun)
    if authors:
        return authors
    if noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB":
        return doers(noun.head, depth + 1)
    return []


def _noun_doers(noun: Token) -> list[Token]:
    possessors = [c for dep, c in kid_deps(noun) if dep == "poss"]
    if possessors:
        return possessors
    for dep, child in kid_deps(noun):
        if dep in ("compound", "amod") and (child.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")):
            return [child]
    for dep, child in kid_deps(noun):
        if dep == "prep" and child.text.lower() == "by":
            return preposition_objects(child)
    host = support_host(noun)
    if host is not None:  # "held a call with", "announced a ceasefire": the support verb's doer
        return doers(host, 1)
    return []


def speaker_heads(word: Token) -> list[Token]:
    """The doer of the verb of saying this clause is reported by: "..., Blinken warned"."""
    head = word
    while head.dep_ in ("ccomp", "conj", "parataxis", "xcomp") and head.head != head:
        head = head.head
        if head.pos_ == "VERB" and head != word:
            return doers(head)
    return []


