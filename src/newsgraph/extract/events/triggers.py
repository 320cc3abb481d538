"""Find event triggers in a parsed sentence: words that match a trigger pattern on the parse.

A verb pattern may require a particle ("crack down"), a direct object ("slapped sanctions"), a
preposition ("spoke with") or a preposition with its object ("put troops on alert"). A noun
pattern ("Blinken's call with Lavrov") applies only to a noun that no verb pattern took as its
object, so "held a call with" is one event, not two.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.extract.events.actor_like import actor_like
from newsgraph.extract.events.docview import kid_deps, label_ids, lower_lemma, memo, nouns_with_lemma, tree, verbs_of
from newsgraph.extract.events.patterns import (
    PatternSet, PhraseSpec, PrepSpec, TriggerPattern, pattern_set, support_verbs, trigger_lemmas,
)
from newsgraph.resources import read_word_set

OBJECT_DEPS = frozenset({"dobj", "obj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "nsubj:pass"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "compound:prt", "oprd", "acomp"})
ANY_OBJECT = "*"  # an object column of "*": any noun phrase ("returned * to")
ANY_PARTY = "@party"  # any noun phrase naming a possible side ("called Lavrov", not "called a strike")
_OBJECT_IDS, _PASSIVE_SUBJECT_IDS = label_ids(OBJECT_DEPS), label_ids(PASSIVE_SUBJECT_DEPS)
_COMPLEMENT_IDS = label_ids(["ccomp", "xcomp"])
_PASSIVE_IDS = _PASSIVE_SUBJECT_IDS | label_ids(["auxpass"])
_PREPOSITION_OBJECT_IDS, _CONJ = label_ids(["pobj", "pcomp"]), next(iter(label_ids(["conj"])))
_HOLDER_IDS = label_ids(["prep", "agent", "dative"])
_PREP_ID = next(iter(label_ids(["prep"])))
_PHRASE_REACH = 4  # how many words around an object a multi-word object spec may span


@dataclass
class TriggerMatch:
    token: Token
    pattern: TriggerPattern
    object: Token | None  # the object the pattern required ("sanctions" in "slapped sanctions")
    prep: Token | None  # the preposition the pattern required ("with" in "spoke with")
    host: Token | None = None  # for a noun, the support verb whose object it is ("announced a ceasefire")


def lemma_of(token: Token) -> str:
    """The token's lemma in lower case; its word where it has none."""
    key = token.lemma
    return lower_lemma(token.vocab.strings, key) if key else token.text.lower()


_lemma = lemma_of


def is_passive(verb: Token) -> bool:
    parse = tree(verb.doc)
    deps = parse.deps
    return any(deps[c] in _PASSIVE_IDS for c in parse.children(verb.i))


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects; the subject of a passive; the noun a participle modifies."""
    return memo(verb.doc, ("objects", verb.i), lambda: _direct_objects(verb))


def _direct_objects(verb: Token) -> list[Token]:
    doc, parse = verb.doc, tree(verb.doc)
    deps, children = parse.deps, parse.children(verb.i)
    objects = [c for c in children if deps[c] in _OBJECT_IDS]
    if any(deps[c] in _PASSIVE_IDS for c in children):  # is_passive
        objects += [c for c in children if deps[c] in _PASSIVE_SUBJECT_IDS]
    if not objects:
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return [verb.head]  # "sanctions imposed by ..."
        if not any(deps[c] in _COMPLEMENT_IDS for c in children):
            return []
        # a small clause: "found Barbarin guilty", "set the prisoners free" (the adjective's subject)
        return [s for c in _small_clauses(verb) for dep, s in kid_deps(c) if dep in ("nsubj", "nsubjpass")][:1]
    return [doc[c] for c in objects]


def _adjective_before_object(verb: Token) -> list[str]:
    """The adjective right after the verb that the parser hung on the verb's object ("let free
    activists": "free" a modifier of "activists"): the verb's predicate adjective, as in "let
    activists free"."""
    doc = verb.doc
    if verb.i + 1 >= len(doc):
        return []
    adj = doc[verb.i + 1]
    if adj.pos_ != "ADJ" or adj.dep_ != "amod" or adj.head.head.i != verb.i or adj.head.dep_ not in ("dobj", "nsubjpass"):
        return []
    return [adj.text.lower()]


def _small_clauses(verb: Token) -> list[Token]:
    """The verb's complements that are an adjective with no verb of their own: "found X guilty"."""
    parse, doc = tree(verb.doc), verb.doc
    return [doc[c] for c in parse.children(verb.i) if parse.deps[c] in _COMPLEMENT_IDS and doc[c].pos_ == "ADJ"]


def phrase_matches(token: Token, spec: PhraseSpec) -> bool:
    """Does `token` head a phrase ending in spec's words ("aid package", "state of emergency")?"""
    if len(spec.words) == 1:
        if spec.head == ANY_OBJECT:
            return token.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
        if spec.head == ANY_PARTY:
            return token.pos_ in ("NOUN", "PROPN", "PRON") and actor_like(token)
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


PARTITIVES_FILE = "events/partitives.txt"  # heads of a partitive object: "one of the crossings"


def _object_candidates(verb: Token) -> list[Token]:
    """The verb's objects and their conjuncts, in the order a pattern's object is looked for; a
    partitive object ("one of the crossings") is followed by what it is part of."""
    doc, parse = verb.doc, tree(verb.doc)
    deps = parse.deps
    out = []
    for obj in direct_objects(verb):
        out.append(obj)
        if obj.pos_ == "NUM" or obj.lower_ in read_word_set(PARTITIVES_FILE):
            out.extend(o for c in parse.children(obj.i) if deps[c] == _PREP_ID and doc[c].lower_ == "of"
                       for o in preposition_objects(doc[c]))
        out.extend(doc[c] for c in parse.children(obj.i) if deps[c] == _CONJ)
    return out


def preposition_objects(prep: Token) -> list[Token]:
    doc, parse = prep.doc, tree(prep.doc)
    deps = parse.deps
    return [doc[c] for c in parse.children(prep.i) if deps[c] in _PREPOSITION_OBJECT_IDS]


# a preposition whose object is a date or a time says when, not to whom: "called Morrison on
# Wednesday" is no "call on", "met for two hours" no "meet for"
_WHEN_ENTITIES = frozenset({"DATE", "TIME"})


def _prep_matches(prep: Token, spec: PrepSpec) -> bool:
    if prep.text.lower() != spec.prep:
        return False
    if spec.noun is None:
        objects = preposition_objects(prep)
        return not objects or not all(o.ent_type_ in _WHEN_ENTITIES for o in objects)
    return any(phrase_matches(o, spec.noun) for o in preposition_objects(prep))


class _Holder:
    """The preposition children of a word (the trigger or its object), read once per word."""
    __slots__ = ("preps", "words")

    def __init__(self, word: Token):
        doc, parse = word.doc, tree(word.doc)
        deps = parse.deps
        preps = [doc[c] for c in parse.children(word.i) if deps[c] in _HOLDER_IDS]
        self.preps = [(c, c.text.lower()) for c in preps]
        self.words = {lower for _, lower in self.preps}


def _find_prep(holders: list[_Holder], pattern: TriggerPattern) -> Token | None | bool:
    if not pattern.preps:
        return None
    for holder in holders:
        for child, lower in holder.preps:
            if any(s.prep == lower and _prep_matches(child, s) for s in pattern.preps):
                return child
    return False


def _object_hits(candidates: list[Token], patterns: PatternSet) -> dict[int, Token]:
    """Pattern position -> the first object candidate that one of its object phrases fits."""
    hits: dict[int, Token] = {}
    for candidate in candidates:
        for key in {_lemma(candidate), candidate.text.lower(), ANY_OBJECT, ANY_PARTY}:
            for entry in patterns.object_entries(key):
                position, spec = patterns.phrase(entry)
                if position not in hits and phrase_matches(candidate, spec):
                    hits[position] = candidate
    return hits


def _positions(patterns: PatternSet, own: _Holder, hits: dict[int, Token]) -> Sequence[int]:
    """Positions of the patterns that may fit, best first: those needing neither object nor
    preposition, those whose preposition the word has, those whose object it has."""
    extra = [p for word in own.words for p in patterns.by_prep.get(word, ())]
    if not extra and not hits:
        return patterns.plain  # ascending and unique already
    return sorted({*patterns.plain, *extra, *hits})


def _match_verb(verb: Token) -> TriggerMatch | None:
    patterns = pattern_set(_lemma(verb), "V")
    if patterns is None:
        return None
    hits = _object_hits(_object_candidates(verb), patterns) if patterns.needs_objects else {}
    if not hits and not patterns.plain and not patterns.by_prep:
        return None  # only object patterns (the any-verb ones, mostly), and no object fits one
    own = _Holder(verb)
    particles: set[str] | None = None
    for position in _positions(patterns, own, hits):  # the first pattern that fits is the best
        pattern = patterns.patterns[position]
        if pattern.particle:
            if particles is None:
                particles = {c.text.lower() for dep, c in kid_deps(verb) if dep in PARTICLE_DEPS}
                particles.update(c.text.lower() for c in _small_clauses(verb))  # "found X guilty"
                particles.update(_adjective_before_object(verb))  # "let free activists"
            if pattern.particle not in particles:
                continue
        obj = hits.get(position)
        if obj is not None and any_object(pattern) and _names_its_object(verb):
            continue
        prep = _find_prep([own, _Holder(obj)] if obj is not None else [own], pattern)
        if prep is False:
            continue
        return TriggerMatch(verb, pattern, obj, prep)
    return None


def any_object(pattern: TriggerPattern) -> bool:
    """Whether the pattern takes an open object ('*' or '@party') rather than named object words."""
    return any(spec.head in (ANY_OBJECT, ANY_PARTY) for spec in pattern.objects)


def _names_its_object(verb: Token) -> bool:
    """Whether the verb has a naming complement: "called him a liar", "Russia, which he called a
    partner" name their object, they do nothing to it (no "call @party" phone call, no "hand over *")."""
    return any(dep == "oprd" for dep, _ in kid_deps(verb))


def _match_noun(noun: Token) -> TriggerMatch | None:
    patterns = pattern_set(_lemma(noun), "N")
    if patterns is None:
        return None
    own = _Holder(noun)
    for position in _positions(patterns, own, {}):
        pattern = patterns.patterns[position]
        prep = _find_prep([own], pattern)
        if prep is False:
            continue
        return TriggerMatch(noun, pattern, None, prep)
    return None


BATCH_NOUNS = frozenset({"package", "round", "set", "series", "wave", "raft", "batch", "tranche", "list"})


def support_host(noun: Token) -> Token | None:
    """The support verb whose direct object the noun is ("launched an offensive", "adopted a
    package of sanctions"), if any."""
    if noun.dep_ == "pobj" and noun.head.text.lower() == "of" and _lemma(noun.head.head) in BATCH_NOUNS:
        noun = noun.head.head
    if noun.dep_ in OBJECT_DEPS and noun.head.pos_ == "VERB" and _lemma(noun.head) in support_verbs():
        return noun.head
    return None


def find_triggers(sent: Span) -> list[TriggerMatch]:
    verbs = verbs_of(sent)
    verb_matches = [m for t in verbs if (m := _match_verb(t)) is not None]
    noun_candidates = nouns_with_lemma(sent, trigger_lemmas("N"))
    if not noun_candidates:
        return verb_matches
    # the object of a matched verb belongs to that verb's event, unless the verb only supports it
    # ("announced a ceasefire") and none of its patterns asked for that object
    support = support_verbs()
    taken = {o.i for m in verb_matches if m.object is not None or _lemma(m.token) not in support
             for o in direct_objects(m.token)}
    noun_matches = []
    for t in noun_candidates:
        if t.i not in taken and (m := _match_noun(t)) is not None:
            m.host = support_host(t)
            noun_matches.append(m)
    return sorted(verb_matches + noun_matches, key=lambda m: m.token.i)
