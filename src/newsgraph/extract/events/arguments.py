"""Who did it and to whom: actor and recipient noun phrases of a trigger, as Participants.

The doer of a verb is its subject, or the "by" agent of a passive, or (when the verb has no
subject of its own) the doer of the verb it hangs from: "X arrived and met Y", "X agreed to
send aid", "the EU, which imposed sanctions". Recipients come from the places the pattern names
(direct object, dative, a preposition of the trigger or of its object). Every conjunct counts:
"sanctions on A, B and C" has three recipients.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.docview import entity_at, kids, memo, sentence_of, text_at
from newsgraph.extract.events.patterns import AUTO_RECIPIENT
from newsgraph.extract.events.triggers import TriggerMatch, direct_objects, is_passive, preposition_objects
from newsgraph.records import Entity, Participant

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
RELATIVE_PRONOUN_TAGS = frozenset({"WDT", "WP", "WP$"})
INHERITS_SUBJECT = frozenset({"conj", "xcomp", "advcl", "relcl", "acl", "pcomp", "ccomp"})
# parts of a noun phrase that are not the participant: "the EU, which ...", "Lavrov, the minister"
NOT_IN_PHRASE = frozenset({"relcl", "appos", "conj", "cc", "punct", "parataxis", "advcl", "acl", "preconj"})
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "week", "month", "year", "day", "morning", "evening", "night",
    "phone", "telephone", "sideline", "sidelines", "basis", "behalf", "occasion", "way", "time",
})


# "BEIJING, October 13, 2023 (Wire) - ", "KABUL (Pajhwok) : ": the parser often makes the place
# the subject of the first sentence of a wire story
DATELINE = re.compile(
    r"\s*[A-Z][A-Z.'\- ]{2,}(?:,\s*[A-Z][A-Za-z.'\- ]+)?(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:--|[-–—:])\s+")

DATELINE_OPENING = re.compile(r"[A-Z][A-Z.'\- ]{2}")


def dateline_end(token: Token) -> int:
    """Character offset where the dateline opening the token's sentence ends (its start if none)."""
    sentence = sentence_of(token)
    return memo(token.doc, ("dateline", sentence[0]), lambda: _dateline_end(token.doc, *sentence))


def _dateline_end(doc: Doc, first: int, last: int, start: int, end: int) -> int:
    if not DATELINE_OPENING.match(text_at(doc, start, min(end, start + 3))):
        return start  # the cheap test first: most sentences do not open with three capitals
    match = DATELINE.match(doc[first:last].text)
    return start + match.end() if match else start


def _in_dateline(token: Token) -> bool:
    return token.idx < dateline_end(token)


def _real_subjects(subject: Token) -> list[Token]:
    """The subject, or for a dateline place parsed as subject the names set beside it."""
    if not _in_dateline(subject):
        return [subject]
    return [c for c in kids(subject) if c.dep_ in ("appos", "conj") and not _in_dateline(c)][:1]


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("A, B and C")."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in reversed(list(kids(t))) if c.dep_ == "conj")
    return sorted(out, key=lambda t: t.i)


def _agents(verb: Token) -> list[Token]:
    return [o for c in kids(verb) if c.dep_ == "agent" for o in preposition_objects(c)]


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
    subjects = [r for c in kids(word) if c.dep_ in SUBJECT_DEPS for r in _real_subjects(c)]
    if subjects:
        subject = subjects[0]
        if subject.tag_ in RELATIVE_PRONOUN_TAGS and word.dep_ == "relcl":
            return [word.head]
        return [subject]
    if word.dep_ == "relcl":
        return [word.head]
    if word.dep_ == "xcomp":
        # object control: "urged Russia to withdraw" -> Russia withdraws
        objects = [c for c in kids(word.head) if c.dep_ in ("dobj", "obj")]
        if objects and word.head.pos_ == "VERB":
            return objects[:1]
    if word.dep_ in INHERITS_SUBJECT and word.head != word:
        head = word.head
        if head.pos_ in ("ADP", "SCONJ"):  # "after attacking X": pcomp of a preposition
            head = head.head
        return doers(head, _depth + 1) if head.pos_ in ("VERB", "AUX", "ADJ") else []
    return []


def _noun_doers(noun: Token) -> list[Token]:
    possessors = [c for c in kids(noun) if c.dep_ == "poss"]
    if possessors:
        return possessors
    for child in kids(noun):
        if child.dep_ in ("compound", "amod") and (child.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")):
            return [child]
    for child in kids(noun):
        if child.dep_ == "prep" and child.text.lower() == "by":
            return preposition_objects(child)
    if noun.dep_ in ("dobj", "obj") and noun.head.pos_ == "VERB":  # "held a call with": verb's doer
        return doers(noun.head, 1)
    return []


def speaker_heads(word: Token) -> list[Token]:
    """The doer of the verb of saying this clause is reported by: "..., Blinken warned"."""
    head = word
    while head.dep_ in ("ccomp", "conj", "parataxis", "xcomp") and head.head != head:
        head = head.head
        if head.pos_ == "VERB" and head != word:
            return doers(head)
    return []


def _usable(token: Token) -> bool:
    return token.ent_type_ not in NOT_PARTICIPANTS and token.text.lower() not in CALENDAR_WORDS \
        and token.pos_ not in ("VERB", "AUX", "ADP", "PUNCT", "SCONJ", "CCONJ")


def _prep_objects(holder: Token, prep_word: str) -> list[Token]:
    return [o for c in kids(holder) if c.dep_ in ("prep", "dative", "agent") and c.text.lower() == prep_word
            for o in preposition_objects(c) if o.pos_ != "VERB"]


FALLBACK_RECIPIENT = AUTO_RECIPIENT + ("of", "into", "over")


def recipient_heads(match: TriggerMatch, fallback: bool = False) -> list[Token]:
    """Head tokens of the recipients, from the first place in the pattern's list that has any
    (with `fallback`, from the general list of places instead)."""
    word, obj = match.token, match.object
    sources = [s for s in FALLBACK_RECIPIENT if s not in match.pattern.recipient] if fallback else match.pattern.recipient
    for source in sources:
        if source == "dobj":
            found = [o for o in direct_objects(word) if obj is None or o.i != obj.i]
        elif source == "dative":
            found = [c for c in kids(word) if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
            found += [o for c in kids(word) if c.dep_ == "dative" and c.pos_ == "ADP" for o in preposition_objects(c)]
        elif source == "subj":
            found = [c for c in kids(word) if c.dep_ in SUBJECT_DEPS]
        else:
            found = _prep_objects(word, source) + (_prep_objects(obj, source) if obj is not None else [])
        found = [f for f in found if _usable(f)]
        if found:
            return [c for f in found for c in conjuncts(f) if _usable(c)]
    return []


def _is_punct(token: Token) -> bool:
    return token.pos_ == "PUNCT" or token.is_punct


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by `head`, without relative clauses,
    appositions and coordinated phrases; widened to any named entity the head is part of."""
    kept = [head]
    stack = [c for c in kids(head) if c.dep_ not in NOT_IN_PHRASE]
    while stack:
        t = stack.pop()
        kept.append(t)
        stack.extend(c for c in kids(t) if c.dep_ not in ("relcl", "appos", "parataxis"))
    doc = head.doc
    opening = dateline_end(head)
    kept = [t for t in kept if t.idx >= opening] or [head]
    first = min(t.i for t in kept)
    last = max(t.i for t in kept)
    while last > first and _is_punct(doc[last]):
        last -= 1
    while first < last and _is_punct(doc[first]):
        first += 1
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    if head.ent_type_:
        ent_start, ent_end = entity_bounds(head)
        start, end = min(start, ent_start), max(end, ent_end)
    return start, end


def entity_bounds(token: Token) -> tuple[int, int]:
    """Character bounds of the named entity (doc.ents) the token is part of, read from the IOB
    tags around it: building doc.ents would cost a pass over the whole document."""
    doc, first, last = token.doc, token.i, token.i
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    return entity_at(doc, start, end)


def _appositive_text(head: Token) -> str:
    return " ".join(text_at(c.doc, c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    for c in kids(head) if c.dep_ == "appos")


def _display_name(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def participant(head: Token) -> Participant:
    """The participant whose phrase `head` heads (a fresh object: callers may change it)."""
    p = memo(head.doc, ("participant", head.i), lambda: _participant(head))
    return Participant(p.entity, p.name, p.country, p.sector, p.start, p.end)


def _participant(head: Token) -> Participant:
    doc = head.doc
    start, end = phrase_bounds(head)
    text = text_at(doc, start, end)
    entity = _entity_at(doc, head.idx, head.idx + len(head))
    if entity is None:  # "his Chinese counterpart Wang Yi": the name is an apposition
        for appos in (c for c in kids(head) if c.dep_ == "appos" and c.ent_type_ == "PERSON"):
            entity = _entity_at(doc, appos.idx, appos.idx + len(appos))
            if entity is not None:
                if appos.left_edge.i == head.i + 1:  # no comma between: one phrase
                    end = max(end, appos.right_edge.idx + len(appos.right_edge))
                break
    label = entity.type if entity else (head.ent_type_ or None)
    country, sector = code_actor(text, label)
    if country is None or sector is None:
        appositive = _appositive_text(head)
        if appositive:
            c, s = code_actor(appositive, None)
            country, sector = country or c, sector or s
    if entity is not None:
        return Participant(entity.id, entity.name, entity.country or country, entity.sector or sector, start, end)
    return Participant(None, _display_name(text), country, sector, start, end)


def _bare(token: Token) -> bool:
    """A conjunct with no words of its own: "entities" in "Russian individuals and entities"."""
    return token.pos_ == "NOUN" and all(c.dep_ in ("cc", "punct", "conj") for c in kids(token))


def participants(heads: list[Token]) -> list[Participant]:
    out, seen = [], set()
    for head in heads:
        first: Participant | None = None
        for token in conjuncts(head):
            if token.i in seen or not _usable(token):
                continue
            seen.add(token.i)
            p = participant(token)
            if first is None:
                first = p
            elif p.country is None and p.entity is None and _bare(token):
                p.country = first.country  # the first conjunct's modifiers cover it too
            if all((p.start, p.end) != (q.start, q.end) for q in out):
                out.append(p)
    return out
