"""An event's status: negated, conditional, planned, or asserted (in that order of precedence).

Cue words are data (resources/events/status_cues.tsv). The verb an event is the complement of
can set its status too ("plans to send" -> planned, "failed to reach" -> negated); that effect is
passed in by the caller, which knows the complement chain.
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from newsgraph.extract.events.docview import kid_deps
from newsgraph.extract.events.patterns import category_quads, complement_effects, status_cues
from newsgraph.extract.events.triggers import TriggerMatch

ASSERTED, NEGATED, CONDITIONAL, PLANNED = "asserted", "negated", "conditional", "planned"
MATERIAL_QUADS = frozenset({"MC", "MX"})


def _cues(status: str, where: str) -> frozenset[str]:
    return status_cues().get((status, where), frozenset())


def _is_negated(match: TriggerMatch) -> bool:
    negations = _cues(NEGATED, "neg")
    word = match.host or match.token  # a noun event is negated through its support verb
    if any(dep == "neg" or (dep in ("advmod", "det", "preconj") and c.text.lower() in negations) for dep, c in kid_deps(word)):
        return True
    obj = match.object if match.object is not None else (match.token if match.host is not None else None)
    if obj is not None:  # "imposed no sanctions", "announced no ceasefire"
        return any(dep == "det" and c.text.lower() in negations for dep, c in kid_deps(obj))
    return False


def _opens_condition(clause: Token) -> bool:
    marks = _cues(CONDITIONAL, "mark")
    inverted = _cues(CONDITIONAL, "inverted")
    for dep, child in kid_deps(clause):
        if dep == "mark" and child.text.lower() in marks:
            return True
    first = clause.doc[clause.left_edge.i]
    # inversion: "should Moscow move ahead", "were Russia to invade"
    return first.text.lower() in inverted and first.head == clause and first.dep_ in ("aux", "auxpass", "advmod", "mark")


@cache
def _phrase_openings() -> frozenset[str]:
    """The first words of the conditional phrases: a preposition that is none of them opens none."""
    return frozenset(phrase.split(" ")[0] for phrase in _cues(CONDITIONAL, "phrase"))


def _condition_phrase(word: Token) -> bool:
    phrases, openings = _cues(CONDITIONAL, "phrase"), _phrase_openings()
    for dep, prep in kid_deps(word):
        if dep != "prep" or prep.text.lower().split(" ")[0] not in openings:
            continue
        for obj_dep, obj in kid_deps(prep):
            if obj_dep != "pobj":
                continue
            words = f"{prep.text.lower()} {obj.text.lower()}"
            with_det = f"{prep.text.lower()} " + " ".join(t.text.lower() for t in obj.doc[obj.left_edge.i:obj.i + 1])
            if words in phrases or with_det in phrases:
                return True
    return False


def _is_conditional(word: Token) -> bool:
    # the trigger's own clause, and the clause of the verb of saying that reports it
    # ("Russia will face consequences, Blinken warned, if it invades")
    if any(dep == "mark" and c.text.lower() in _cues(CONDITIONAL, "mark") for dep, c in kid_deps(word)):
        return True  # the event is itself the condition: "if Russia invades"
    holders = [word]
    if word.dep_ in ("ccomp", "parataxis") and word.head != word:
        holders.append(word.head)
    for holder in holders:
        if _condition_phrase(holder):
            return True
        if any(dep in ("advcl", "ccomp") and _opens_condition(c) for dep, c in kid_deps(holder)):
            return True
    return False


def _is_planned(match: TriggerMatch) -> bool:
    word = match.host or match.token
    future = _cues(PLANNED, "aux")
    if any(dep in ("aux", "auxpass") and c.text.lower() in future for dep, c in kid_deps(word)):
        return True
    # the verb announces a material act named by its object: "is preparing an aid package",
    # "pledged weapons" (a verbal act such as "pledged support" is done by saying it)
    return (match.object is not None and category_quads()[match.pattern.category] in MATERIAL_QUADS
            and complement_effects().get(word.lemma_.lower()) == PLANNED)


def event_status(match: TriggerMatch, complement_effect: str | None = None) -> str:
    """Status of the event triggered by `match`; `complement_effect` is planned/negated when the
    trigger is the complement of a verb such as "plan to" or "fail to"."""
    if complement_effect == NEGATED or _is_negated(match):
        return NEGATED
    if _is_conditional(match.host or match.token):
        return CONDITIONAL
    if complement_effect == PLANNED or _is_planned(match):
        return PLANNED
    return ASSERTED

