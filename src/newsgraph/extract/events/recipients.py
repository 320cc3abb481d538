"""Whom an event is done to: the recipients of a trigger.

Looked for, in this order, the first that holds an actor-like phrase (a name, a pronoun, or a
phrase the gazetteer codes before its head ends: "the government", "protesters", "Russian
diamonds"; not "the upsurge in tensions with Syria"):
1. the places the trigger's pattern names (direct object, dative, subject, or a preposition of
   the trigger or of its object: "sanctions on X");
2. for a one-sided event, "against X" anywhere in the trigger's own clause ("mobilized troops
   for a war against Iraq"), then the general places (AUTO_RECIPIENT and "of", "into", "over")
   on the trigger, its objects and what they carry ("sanctions imposed on X"), then "to X"
   anywhere in the clause where the pattern names "to";
3. the complement the trigger governs ("refused to allow the plane", "demanded that Dbeibeh
   appear", "threatened to close the borders with Iraqi Kurdistan");
then, when none is actor-like: the first phrase of 1; else a named place in the trigger's clause
("imposed blockades in Lahore", "a ceasefire in Idlib"), or else in the clause it governs ("agreed
to set up a company in Berlin"); else the first phrase of 2 or 3.

A recipient that names no one and is a noun referring back to an event told before ("welcomed the
decision", "rejected the accusations", resources/events/event_anaphors.tsv) stands for whoever did
the last earlier event of a category the noun can refer to, other than the trigger's own doer.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Token

from newsgraph.extract.events.actor_like import actor_like
from newsgraph.extract.events.arguments import RELATIVE_PRONOUN_TAGS, SUBJECT_DEPS, doers
from newsgraph.extract.events.docview import kid_deps, label_ids, memo, tree
from newsgraph.extract.events.participants import conjuncts, participants, usable
from newsgraph.extract.events.patterns import AUTO_RECIPIENT, object_is_recipient
from newsgraph.extract.events.triggers import TriggerMatch, any_object, direct_objects, preposition_objects
from newsgraph.records import Participant
from newsgraph.resources import read_table, read_word_set

FALLBACK_RECIPIENT = AUTO_RECIPIENT + ("of", "into", "over")
# in the clause a trigger governs, "from" too: "agreed to withdraw from Iraq", "refused aid from X"
COMPLEMENT_PREPS = FALLBACK_RECIPIENT[2:] + ("from",)
LOCATION_PREPS = frozenset({"in", "into", "at", "near", "across", "inside", "outside", "throughout", "along"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "csubj", "acl", "pcomp"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp"})
_CLAUSE_IDS, _PREP = label_ids(CLAUSE_DEPS), next(iter(label_ids(["prep"])))

PATTERN, OTHER, PLACE, NONE = "pattern", "other", "place", ""
POSSESSOR = "poss"  # triggers.tsv recipient source: the possessor of the pattern's object
ANAPHOR_REACH = 3000  # characters back to look for the event a noun refers to
AUTHOR_DEPS = frozenset({"poss"})
UNDONE = frozenset({"negated", "conditional"})
JOINT_CATEGORIES = frozenset({"AGREE", "CONSULT", "COOPERATE"})  # their recipients are parties too
BLAMING = frozenset({"ACCUSE"})  # categories whose object is the act blamed, not a thing handed over


@cache
def event_anaphors() -> dict[str, frozenset[str] | None]:
    """Noun lemma -> the categories of the earlier event it can refer to (None: any)."""
    return {noun: None if cats.strip() == "*" else frozenset(cats.split("|"))
            for noun, cats in read_table("events/event_anaphors.tsv")}


def _event_referents(match: TriggerMatch, p: Participant) -> list[Participant]:
    """The doers of the earlier event an uncoded recipient phrase ("the decision") refers to."""
    nouns = event_anaphors()
    if not any(w in nouns or w[:-1] in nouns for w in p.name.lower().split()):
        return []  # no noun of the table in the phrase: no Span to make
    doc = match.token.doc
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    if span is None:
        return []
    head = span.root
    lemma = head.lemma_.lower()
    if lemma not in nouns or head.pos_ != "NOUN":
        return []
    if any(dep in AUTHOR_DEPS or (dep == "prep" and c.text.lower() in ("by", "from"))
           for dep, c in kid_deps(head)):
        return []  # "Russia's decision", "a call from Bush": the author is named
    categories = nouns[lemma]
    own = {a.country for a in participants(doers(match.token))}
    for event in reversed(doc._.events or []):
        if event.trigger.start >= head.idx or event.sentence[1] < head.idx - ANAPHOR_REACH:
            continue
        if (categories is not None and event.type not in categories) or event.status in UNDONE:
            continue  # "rejected the accusations": not a denied or threatened act
        sides = {}
        for a in event.actor + (event.recipient if event.type in JOINT_CATEGORIES else []):
            if a.country and a.country not in own and a.country not in sides:
                sides[a.country] = a
        if sides:
            return [Participant(a.entity, a.name, a.country, a.sector, p.start, p.end) for a in sides.values()]
    return []


def _referred(match: TriggerMatch, found: list[Participant]) -> list[Participant]:
    out = []
    for p in found:
        referents = _event_referents(match, p) if p.entity is None and p.country is None else []
        out.extend(referents or [p])
    return out


def _prep_objects(holder: Token, prep_word: str) -> list[Token]:
    return [o for prep in _preps_of(holder).get(prep_word, ()) for o in preposition_objects(prep) if o.pos_ != "VERB"]


def _preps_of(holder: Token) -> dict[str, list[Token]]:
    """Preposition word -> the prepositions with that word attached to the holder."""
    def compute() -> dict[str, list[Token]]:
        out: dict[str, list[Token]] = {}
        for dep, c in kid_deps(holder):
            if dep in ("prep", "dative", "agent"):
                out.setdefault(c.text.lower(), []).append(c)
        return out
    return memo(holder.doc, ("preps", holder.i), compute)


def _carried(noun: Token) -> list[Token]:
    """A noun, its conjuncts and the participles it carries: "rejection and condemnation of X",
    "sanctions imposed on X"."""
    out = [noun]
    for dep, c in kid_deps(noun):
        if dep == "conj" or (dep == "acl" and c.tag_ == "VBN"):
            out.append(c)
    return out


def _heads(match: TriggerMatch, source: str, holders: list[Token], own_place: bool = True) -> list[Token]:
    word, obj = match.token, match.object
    if source == "dobj":  # the object the pattern asked for is no recipient, unless it is an actor
        # the pattern names as its recipient ("expelled the diplomat")
        asked = {o.i for o in _carried(obj)} if obj is not None else set()  # the object and its conjuncts
        found = [o for o in direct_objects(word) if o.i not in asked or (own_place and actor_like(o))]
        if not own_place and (not object_is_recipient(match.pattern.category) or any_object(match.pattern)):
            found = []  # "mobilized troops", "returned the manuscript": the doer's own means, the thing given
    elif source == "dative":
        found = [c for dep, c in kid_deps(word) if dep in ("dative", "iobj") and c.pos_ != "ADP"]
        found += [o for dep, c in kid_deps(word) if dep == "dative" and c.pos_ == "ADP" for o in preposition_objects(c)]
    elif source == "subj":
        found = [c for dep, c in kid_deps(word) if dep in SUBJECT_DEPS]
    elif source == POSSESSOR:  # "ordered the tanker's release": whose release
        found = [c for o in (_carried(obj) if obj is not None else []) for dep, c in kid_deps(o)
                 if dep == "poss" and c.pos_ != "PRON"]
    else:
        found = [o for holder in holders for o in _prep_objects(holder, source)]
    return [f for f in map(_antecedent, found) if f is not None and usable(f)]


def _antecedent(t: Token) -> Token | None:
    """A relative pronoun stands for the noun its clause is on, when that is an actor ("the
    prisoners whom Israel arrested": the prisoners), else for nothing ("the blockade which it
    imposed on Qatar": the blockade is no recipient, Qatar may be); any other word for itself."""
    if t.tag_ not in RELATIVE_PRONOUN_TAGS:
        return t
    clause = t.head
    while clause.dep_ in ("prep", "pobj"):
        clause = clause.head
    if clause.dep_ != "relcl":
        return None
    return clause.head if actor_like(clause.head) else None


def _present(sources: Iterable[str], holders: list[Token]) -> list[str]:
    """The sources worth a look: the non-preposition places, and the prepositions the holders have."""
    have = {w for h in holders for w in _preps_of(h)}
    return [s for s in sources if s in ("dobj", "dative", "subj", POSSESSOR) or s in have]




def _authors(heads: list[Token]) -> list[Token]:
    """Who a thing comes from: "a call from Bush", "an appeal filed by his lawyers", "Trump's plan",
    "the act of aggression and the threats made by X" (of each conjunct)."""
    out = []
    for head in [c for h in heads for c in conjuncts(h)]:
        for dep, c in kid_deps(head):
            if dep == "poss" and c.pos_ != "PRON":
                out.append(c)
            elif dep == "prep" and c.text.lower() in ("from", "by"):
                out += [o for o in preposition_objects(c) if o.pos_ != "VERB"]
            elif dep == "acl" and c.tag_ == "VBN":  # not a pronoun: "homeguards held captive by them"
                out += [o for dep, a in kid_deps(c) if dep == "agent" for o in preposition_objects(a)
                        if o.pos_ != "PRON"]
    return [a for a in out if usable(a) and actor_like(a)]


def _first_actor_like(groups: Iterable[list[Token]]) -> tuple[list[Participant] | None, list[Token] | None]:
    """(the participants of the first group with an actor-like head, or the actor-like authors
    of a group's heads; the heads of the first non-empty group)."""
    first = None
    for heads in groups:
        if not heads:
            continue
        if any(actor_like(h) for h in heads):
            found = participants(heads)
            if found:
                return found, first or heads
            continue
        authors = _authors(heads)
        if authors:  # "rejected a call from Bush": Bush
            return participants(authors), first or heads
        first = first or heads
    return None, first


def _clause_preps(word: Token) -> list[Token]:
    """The prepositions of the trigger's own clause, not of the clauses inside it, nearest first."""
    def walk() -> list[Token]:
        parse, doc = tree(word.doc), word.doc
        out, queue = [], parse.children(word.i)
        for t in queue:
            dep = parse.deps[t]
            if dep not in _CLAUSE_IDS:
                if dep == _PREP:
                    out.append(doc[t])
                queue.extend(parse.children(t))
        return out
    return memo(word.doc, ("clause preps", word.i), walk)


def _clause_prep(word: Token, prep: str) -> list[Token]:
    """Objects of the preposition anywhere in the trigger's clause ("troops for a war against Iraq",
    "returned a portrait of a girl by Carte to its owner")."""
    return [o for t in _clause_preps(word) if t.text.lower() == prep
            for o in preposition_objects(t) if o.pos_ != "VERB" and usable(o)]


def _trailing_prep(word: Token, prep: str) -> list[Token]:
    """Objects of the preposition that ends the trigger's direct object, wherever the parser hung
    it inside that object (a relative clause, a participle): a long object pulls the sentence's
    last "to X" down onto its nearest verb or noun ("gave account information of the holders,
    which includes their names, to the Indian government")."""
    out = []
    for obj in direct_objects(word):
        if obj.i < word.i:
            continue
        end = obj.right_edge.i
        for t in obj.subtree:
            if t.dep_ == "prep" and t.lower_ == prep and t.right_edge.i == end and t.i > obj.i:
                out += [o for o in preposition_objects(t) if o.pos_ != "VERB" and usable(o)]
    return out


def _places(word: Token) -> list[Token]:
    for t in _clause_preps(word):
        if t.text.lower() in LOCATION_PREPS:
            found = [o for o in preposition_objects(t) if o.ent_type_ in PLACE_TYPES]
            if found:
                return found
    return []


def _complement_places(word: Token) -> list[Token]:
    """A named place in a clause the trigger governs, when its own clause has none ("agreed to
    set up a company in Berlin": Berlin, before the company)."""
    for dep, clause in kid_deps(word):
        if dep in COMPLEMENT_DEPS and clause.pos_ in ("VERB", "AUX"):
            found = _places(clause)
            if found:
                return found
    return []


def _complement_heads(word: Token) -> Iterable[list[Token]]:
    """Recipient candidates in the clause the trigger governs: its subject (of a that-clause),
    its objects, then its prepositions' objects."""
    for dep, clause in kid_deps(word):
        if dep not in COMPLEMENT_DEPS or clause.pos_ not in ("VERB", "AUX"):
            continue
        if dep == "ccomp":
            yield [c for dep, c in kid_deps(clause) if dep in SUBJECT_DEPS and usable(c)]
        holders = [clause, *direct_objects(clause)]
        yield [o for o in direct_objects(clause) if usable(o)]
        yield _controlled(clause)
        yield [o for h in holders for p in COMPLEMENT_PREPS for o in _prep_objects(h, p) if usable(o)]


def _controlled(verb: Token) -> list[Token]:
    """Whom a verb lets or makes act, as the parser hangs it: the subject of an unmarked clause the
    verb governs ("refused to allow the plane to enter": the plane; "agreed to allow aid workers
    expanded access": the workers), not of a that-clause ("agreed to say that X ...")."""
    return [s for dep, c in kid_deps(verb) if dep == "ccomp" and c.pos_ in ("VERB", "AUX")
            and not any(d == "mark" for d, _ in kid_deps(c))
            for d, s in kid_deps(c) if d in SUBJECT_DEPS and usable(s)]


def choose_recipients(match: TriggerMatch) -> tuple[list[Participant], str]:
    """The recipients and where they came from: PATTERN, OTHER (a place the pattern does not
    name), PLACE (where it happened) or NONE; a noun referring back to an event stands for its doers."""
    found, source = _choose_recipients(match)
    return (_referred(match, found), source) if found and source in (PATTERN, OTHER) else (found, source)


def _choose_recipients(match: TriggerMatch) -> tuple[list[Participant], str]:
    """The recipients and where they came from: PATTERN, OTHER (a place the pattern does not
    name), PLACE (where it happened) or NONE."""
    word, pattern = match.token, match.pattern
    own = _carried(match.object) if match.object is not None else []
    if match.host is not None:  # "imposed blockades in Lahore": the support verb's places count too
        own.append(match.host)
    found, first = _first_actor_like(_heads(match, s, [word, *own]) for s in _present(pattern.recipient, [word, *own]))
    if found:
        return found, PATTERN
    if "against" in pattern.recipient and not pattern.reciprocal:
        # what an act is against is its target, named or not ("held a protest at the university
        # against the siege of Kashmir": the siege, not the university)
        target = participants(_heads(match, "against", [word, *own]))
        if target:
            return target, PATTERN
    if pattern.reciprocal:
        found = participants(first) if first else []
        return (found, PATTERN) if found else ([], NONE)
    clause = match.host or word
    holders = [word, *own]
    if not (pattern.category in BLAMING and "dobj" in pattern.recipient):
        # "sanctions imposed on X"; but what a condemned act was done to is its victim, not the
        # one blamed: "condemned the attack on a church" blames the attack (the pattern's object)
        holders += [h for o in direct_objects(word) for h in _carried(o)]
    others = [_clause_prep(clause, "against")]
    if "to" in pattern.recipient:  # "gave information of the holders, which includes ..., to X"
        others.append(_trailing_prep(word, "to"))
    if pattern.recipient:
        others += [_heads(match, s, holders, own_place=False)
                   for s in _present(FALLBACK_RECIPIENT, holders) if s not in pattern.recipient]
        if "to" in pattern.recipient:
            others.append(_clause_prep(clause, "to"))
    found, first_other = _first_actor_like(others)
    if found:
        return found, OTHER
    found, first_complement = _first_actor_like(_complement_heads(clause))
    if found:
        return found, OTHER
    found = participants(first) if first else []
    if found:
        return found, PATTERN
    place = participants(_places(clause) or _complement_places(clause))
    if place:
        return place, PLACE
    found = participants(first_other or first_complement or [])
    return (found, OTHER) if found else ([], NONE)


CONDITION_MARKS_FILE = "events/condition_marks.txt"
CONDITION_DEPTH = 3  # clauses looked into for the doer: "until he is satisfied Vietnam is doing"


def condition_doers(word: Token, actor: list[Participant]) -> list[Participant]:
    """The doers of a condition clause of `word` ("will not end the strike until the authorities
    fulfil its demands": the authorities; "until their demands are met by the authorities": the
    passive's agent), none of them the actor; where the clause's subject is the actor or a pronoun
    ("until he is satisfied Vietnam is doing"), those of the clause it governs."""
    marks = read_word_set(CONDITION_MARKS_FILE)
    taken = {(p.start, p.end) for p in actor}
    for dep, clause in kid_deps(word):
        if dep != "advcl" or not any(d == "mark" and k.lower_ in marks for d, k in kid_deps(clause)):
            continue
        verb = clause
        for _ in range(CONDITION_DEPTH):
            heads = [o for d, k in kid_deps(verb) if d == "agent" for o in preposition_objects(k)] or \
                [k for d, k in kid_deps(verb) if d in SUBJECT_DEPS]
            found = [p for p in participants([h for h in heads if h.pos_ != "PRON"]) if (p.start, p.end) not in taken]
            if found:
                return found
            # the clause it governs, also through a predicate adjective ("is satisfied Vietnam is")
            verb = next((k for d, k in kid_deps(verb) if d == "ccomp"), None) or \
                next((g for d, k in kid_deps(verb) if d == "acomp" for e, g in kid_deps(k) if e == "ccomp"), None)
            if verb is None:
                break
    return []


INVESTIGATED_NOUNS_FILE = "events/investigated_nouns.txt"
INVESTIGATION_PREPS = frozenset({"into", "of"})


def investigated_parties(match: TriggerMatch) -> list[Participant]:
    """Who an investigation (ACCUSE investigate) looks into when it looks into an act or a claim
    (investigated_nouns.txt): "into Khashoggi's death" (the possessor), "of the killing of mayor
    Ramirez" (the "of" object), "into claims that two servicemen abused children" (the subject of
    the clause the claim carries)."""
    noun = match.object if match.object is not None else match.token
    nouns = read_word_set(INVESTIGATED_NOUNS_FILE)
    for dep, prep in kid_deps(noun):
        if dep != "prep" or prep.lower_ not in INVESTIGATION_PREPS:
            continue
        for act in preposition_objects(prep):
            if act.lemma_.lower() not in nouns:
                continue
            kids = kid_deps(act)
            heads = [k for d, k in kids if d == "poss" and k.pos_ != "PRON"] or \
                [o for d, k in kids if d == "prep" and k.lower_ == "of" for o in preposition_objects(k)] or \
                [s for d, k in kids if d in ("acl", "ccomp") for e, s in kid_deps(k) if e in SUBJECT_DEPS | {"nsubjpass"}]
            found = participants(heads)
            if found:
                return found
    return []
