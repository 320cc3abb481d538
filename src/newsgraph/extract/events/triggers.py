"""Find event triggers in a parsed sentence: words that match a trigger pattern on the parse.

A verb pattern may require a particle ("crack down"), a direct object ("slapped sanctions"), a
preposition ("spoke with") or a preposition with its object ("put troops on alert"). A noun
pattern ("Blinken's call with Lavrov") applies only to a noun that no verb pattern took as its
object, so "held a call with" is one event, not two.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.extract.events.patterns import PhraseSpec, PrepSpec, TriggerPattern, patterns_for

OBJECT_DEPS = frozenset({"dobj", "obj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "nsubj:pass"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "compound:prt"})
_PHRASE_REACH = 4  # how many words around an object a multi-word object spec may span


@dataclass
class TriggerMatch:
    token: Token
    pattern: TriggerPattern
    object: Token | None  # the object the pattern required ("sanctions" in "slapped sanctions")
    prep: Token | None  # the preposition the pattern required ("with" in "spoke with")


def _lemma(token: Token) -> str:
    return (token.lemma_ or token.text).lower()


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects; the subject of a passive; the noun a participle modifies."""
    objects = [c for c in verb.children if c.dep_ in OBJECT_DEPS]
    if is_passive(verb):
        objects += [c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS]
    if not objects and verb.dep_ == "acl" and verb.tag_ == "VBN":  # "sanctions imposed by ..."
        objects.append(verb.head)
    return objects


def phrase_matches(token: Token, spec: PhraseSpec) -> bool:
    """Does `token` head a phrase ending in spec's words ("aid package", "state of emergency")?"""
    if len(spec.words) == 1:
        return _lemma(token) == spec.head or token.text.lower() == spec.head
    doc = token.doc
    lo = max(token.left_edge.i, token.i - _PHRASE_REACH)
    hi = min(token.right_edge.i, token.i + _PHRASE_REACH)
    lemmas = [_lemma(t) for t in doc[lo:hi + 1]]
    lowers = [t.text.lower() for t in doc[lo:hi + 1]]
    n = len(spec.words)
    for start in range(0, len(lemmas) - n + 1):
        if not lo + start <= token.i < lo + start + n:
            continue
        if all(w in (lemmas[start + k], lowers[start + k]) for k, w in enumerate(spec.words)):
            return True
    return False


def _find_object(verb: Token, pattern: TriggerPattern) -> Token | None | bool:
    if not pattern.objects:
        return None
    for obj in direct_objects(verb):
        for candidate in [obj, *[c for c in obj.children if c.dep_ == "conj"]]:
            if any(phrase_matches(candidate, spec) for spec in pattern.objects):
                return candidate
    return False


def preposition_objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _prep_matches(prep: Token, spec: PrepSpec) -> bool:
    if prep.text.lower() != spec.prep:
        return False
    if spec.noun is None:
        return True
    return any(phrase_matches(o, spec.noun) for o in preposition_objects(prep))


def _find_prep(word: Token, obj: Token | None, pattern: TriggerPattern) -> Token | None | bool:
    if not pattern.preps:
        return None
    holders = [word] + ([obj] if obj is not None else [])
    for holder in holders:
        for child in holder.children:
            if child.dep_ in ("prep", "agent", "dative") and any(_prep_matches(child, s) for s in pattern.preps):
                return child
    return False


def _has_particle(verb: Token, particle: str) -> bool:
    return any(c.dep_ in PARTICLE_DEPS and c.text.lower() == particle for c in verb.children)


def _match_verb(verb: Token) -> TriggerMatch | None:
    candidates = [*patterns_for(_lemma(verb), "V"), *patterns_for("*", "V")]
    best: tuple[tuple, TriggerMatch] | None = None
    for pattern in candidates:
        if pattern.particle and not _has_particle(verb, pattern.particle):
            continue
        obj = _find_object(verb, pattern)
        if obj is False:
            continue
        prep = _find_prep(verb, obj, pattern)
        if prep is False:
            continue
        # a hand-written pattern that fits wins over any converted one; then the most specific
        key = (-pattern.rank, pattern.specificity, pattern.confidence)
        if best is None or key > best[0]:
            best = (key, TriggerMatch(verb, pattern, obj, prep))
    return best[1] if best else None


def _match_noun(noun: Token) -> TriggerMatch | None:
    for pattern in patterns_for(_lemma(noun), "N"):
        prep = _find_prep(noun, None, pattern)
        if prep is False:
            continue
        return TriggerMatch(noun, pattern, None, prep)
    return None


def find_triggers(sent: Span) -> list[TriggerMatch]:
    verb_matches = [m for t in sent if t.pos_ == "VERB" and (m := _match_verb(t))]
    # a noun that is the object of a matched verb belongs to that verb's event
    taken = {o.i for m in verb_matches for o in direct_objects(m.token)}
    noun_matches = [m for t in sent if t.pos_ == "NOUN" and t.i not in taken and (m := _match_noun(t))]
    return sorted(verb_matches + noun_matches, key=lambda m: m.token.i)
