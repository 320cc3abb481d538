"""Whom a personal pronoun standing for an actor refers to.

- "I", "we" inside a quotation: the quotation's speaker ("We will respond," Peskov said).
- A pronoun that is itself a quotation's speaker: the speaker the quote component resolved.
- Any pronoun in a clause reported or governed by another verb: that verb's subject, when it can
  be what the pronoun stands for ("The committee declared that it will ...", "Rebels said they
  will ...", "Turkey's president says it will ...").
- "they" / "it" in a clause a person reports, when no subject above fits: the group the
  speaker's phrase names, if it fits ("The head of the protesters said they ...": the
  protesters), else the speaker, who speaks for the group the pronoun stands for ("Coalition
  spokesperson X said that they support ...": X).
- "him" / "her" / "them" in an adverbial or purpose clause: the object of the verb it hangs on
  ("called Morrison to congratulate him"), else that verb's subject when the clause has a doer
  of its own ("Ajak was released after Kiir pardoned him").
- "he" / "she" otherwise: the last person named before it, when the gender does not clash.
A same-sentence antecedent is returned as its token (the event then names that phrase); one from
elsewhere as a Participant that keeps the pronoun's own offsets.
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.arguments import real_subjects
from newsgraph.extract.speakers.mentions import speech_lemmas
from newsgraph.extract.events.docview import entity_at, kid_deps, memo, quote_spans, sentence_of
from newsgraph.records import Participant
from newsgraph.resources import read_word_set

PERSONAL = frozenset({"he", "him", "she", "her", "it", "they", "them", "we", "us", "i", "me", "its", "their"})
POSSESSIVE_AS = {"its": "it", "their": "they"}
FIRST_PERSON = frozenset({"i", "me", "we", "us"})
PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "i": None, "me": None}
PLURAL_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})
SPOKEN_FOR = frozenset({"they", "it"})  # a spokesperson's "they" / "it": the group spoken for
OBJECT_PRONOUNS = frozenset({"him", "her", "them"})
UP_DEPS = frozenset({"ccomp", "xcomp", "conj", "parataxis", "relcl"})
GROUP_TYPES = frozenset({"ORG", "GPE", "NORP"})
PARTITIVES_FILE = "events/partitives.txt"
CROWD_NUMBERS_FILE = "events/crowd_numbers.txt"
PERSON_REACH = 600  # characters back to look for the person "he" / "she" stands for


def _plural(token: Token) -> bool:
    """A plural noun, a coordination, or a part of a plural ("a majority of the guards", "dozens of
    students": a partitive head of partitives.txt or crowd_numbers.txt)."""
    if token.tag_ in ("NNS", "NNPS") or any(dep == "conj" for dep, _ in kid_deps(token)):
        return True
    if token.lower_ not in read_word_set(PARTITIVES_FILE) | read_word_set(CROWD_NUMBERS_FILE):
        return False
    return any(dep == "prep" and c.lower_ == "of" and any(d == "pobj" and o.tag_ in ("NNS", "NNPS") for d, o in kid_deps(c))
               for dep, c in kid_deps(token))


def _fits(word: str, candidate: Token) -> bool:
    word = POSSESSIVE_AS.get(word, word)
    ent = candidate.ent_type_
    if candidate.pos_ == "PRON" or ent in ("DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    if word in PERSON_PRONOUNS:
        if ent:
            return ent == "PERSON"
        return not _plural(candidate) and code_actor(candidate.text, None)[1] is not None
    if word in THING_PRONOUNS:
        return ent != "PERSON" and not _plural(candidate)
    if word in PLURAL_PRONOUNS:
        return _plural(candidate) or ent in GROUP_TYPES
    return True  # we / us: a person, a group, a state


def _subjects(verb: Token) -> list[Token]:
    return [r for dep, c in kid_deps(verb) if dep in ("nsubj", "nsubjpass") for r in real_subjects(c)]


def same_sentence_antecedent(pron: Token) -> Token | None:
    """The subject of a verb the pronoun's clause hangs from, if the pronoun can stand for it;
    for "they" / "it" that no such subject fits, the person reporting the clause; for an object
    pronoun of an adverbial clause, the object or subject of the verb the clause hangs on."""
    found = _fitting_subject(pron)
    if found is None and pron.text.lower() in SPOKEN_FOR:
        found = _reporting_person(pron)
    if found is None and pron.text.lower() in OBJECT_PRONOUNS:
        found = _adverbial_antecedent(pron)
    return found


def _clause_verb(pron: Token) -> Token:
    """The verb of the pronoun's clause ("with them": up from the preposition), else the root."""
    clause = pron.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head != clause:
        clause = clause.head
    return clause


def _adverbial_antecedent(pron: Token) -> Token | None:
    """An object pronoun in an adverbial or purpose clause: the object of the verb that clause
    hangs on ("called Morrison to congratulate him": Morrison), else its subject, unless that is
    also the clause's own doer ("Ajak was released after Kiir pardoned him": Ajak)."""
    clause = _clause_verb(pron)
    # not an xcomp: its controller is the verb's object, which the pronoun cannot be ("asked
    # Morrison to support him")
    if clause.dep_ != "advcl" or clause.head == clause:
        return None
    governor, word = clause.head, pron.text.lower()
    objects = [o for dep, o in kid_deps(governor) if dep in ("dobj", "obj")]
    own_subject = bool(_subjects(clause))
    candidates = objects + (_subjects(governor) if own_subject else [])
    return next((c for c in candidates if c.i != pron.i and c.pos_ != "PRON" and _fits(word, c)), None)


def _reporting_person(pron: Token) -> Token | None:
    """The person (a PERSON name or an office) whose verb of saying reports the pronoun's clause."""
    clause = _clause_verb(pron)
    for _ in range(3):
        if clause.head == clause or clause.dep_ not in ("ccomp", "conj"):
            return None
        governor = clause.head
        if governor.lemma_.lower() in speech_lemmas():
            for subject in _subjects(governor):
                if subject.i != pron.i and subject.pos_ != "PRON" and _fits("he", subject):
                    return _spoken_for(subject, pron.text.lower()) or subject
            return None
        clause = governor
    return None


def _spoken_for(speaker: Token, word: str) -> Token | None:
    """The group a speaker's phrase names and the pronoun fits: "the head of the protesters" (the
    protesters), "the group's leader" (the group)."""
    kids = kid_deps(speaker)
    named = [c for dep, c in kids if dep == "poss" and c.pos_ != "PRON"] + \
        [o for dep, c in kids if dep == "prep" and c.lower_ == "of" for d, o in kid_deps(c) if d == "pobj"]
    return next((g for g in named if _fits(word, g)), None)


def _fitting_subject(pron: Token) -> Token | None:
    word = pron.text.lower()
    clause = _clause_verb(pron)
    if word in POSSESSIVE_AS:  # "The Syrian army intensified its bombardment": its own clause's subject
        for subject in _subjects(clause):
            if subject.i != pron.i and not _contains(subject, pron) and _fits(word, subject):
                return subject
    for _ in range(6):
        if clause.head == clause or clause.dep_ not in UP_DEPS:
            return None
        governor = clause.head
        if clause.dep_ == "relcl" and _fits(word, governor):
            return governor
        for subject in _subjects(governor):
            if subject.i != pron.i and _fits(word, subject):
                return subject
        clause = governor
    return None


def _contains(phrase: Token, token: Token) -> bool:
    return phrase.left_edge.i <= token.i <= phrase.right_edge.i


def _speaker_participant(doc, speaker, start: int, end: int) -> Participant:
    entity = next((e for e in doc._.entities or [] if e.id == speaker.entity), None) if speaker.entity else None
    country, sector = code_actor(speaker.text, entity.type if entity else None)
    if entity is not None:
        country, sector = entity.country or country, entity.sector or sector
    return Participant(speaker.entity, speaker.name or speaker.text, country, sector, start, end)


def _quote_speaker(pron: Token) -> Participant | None:
    doc, start, end = pron.doc, pron.idx, pron.idx + len(pron)
    first_person = pron.text.lower() in FIRST_PERSON
    for spans, quote in quote_spans(doc):
        speaker = quote.speaker
        if speaker is None:
            continue
        if speaker.start == start and pron.dep_ == "poss" and speaker.end > end:
            continue  # "Its spokeswoman Maria Zakharova said": the pronoun opens the speaker's phrase
        if speaker.start == start:  # the pronoun is the speaker: the quote component resolved it
            return _speaker_participant(doc, speaker, start, end) if speaker.name else None
        if first_person and any(s <= start < e for s, e in spans):
            return _speaker_participant(doc, speaker, start, end)
    return None


def _last_person(pron: Token) -> Participant | None:
    gender = PERSON_PRONOUNS.get(pron.text.lower())
    doc, start = pron.doc, pron.idx
    best = None
    for entity in doc._.entities or []:
        if entity.type != "PERSON" or (gender and entity.gender and entity.gender != gender):
            continue
        before = [s for s, e in entity.mentions if start - PERSON_REACH <= s and e <= start]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), entity)
    if best is None:
        return None
    entity = best[1]
    return Participant(entity.id, entity.name, entity.country, entity.sector, start, start + len(pron))


def resolve(pron: Token) -> Token | Participant | None:
    """What the personal pronoun `pron` stands for, or None."""
    if pron.pos_ != "PRON" or pron.text.lower() not in PERSONAL:
        return None
    return memo(pron.doc, ("pronoun", pron.i), lambda: _resolve(pron))


def _resolve(pron: Token) -> Token | Participant | None:
    found = _quote_speaker(pron)
    if found is not None:
        return found
    entity = entity_at(pron.doc, pron.idx, pron.idx + len(pron))
    if entity is not None:  # another component tied the pronoun to an entity
        return Participant(entity.id, entity.name, entity.country, entity.sector, pron.idx, pron.idx + len(pron))
    if pron.text.lower() in FIRST_PERSON:
        return None
    antecedent = same_sentence_antecedent(pron)
    if antecedent is not None:
        return antecedent
    if pron.text.lower() in PERSON_PRONOUNS:
        return _last_person(pron)
    return _previous_subject(pron)


def _previous_subject(pron: Token) -> Participant | None:
    """For "it", "they", "its", "their": the subject of the sentence before, if it fits."""
    first = sentence_of(pron)[0]
    if first == 0:
        return None
    doc = pron.doc
    start = sentence_of(doc[first - 1])[0]
    root = next((t for t in doc[start:first] if t.dep_ == "ROOT"), None)
    subject = next((c for dep, c in kid_deps(root) if dep in ("nsubj", "nsubjpass")), None) if root is not None else None
    if subject is None or not _fits(pron.text.lower(), subject):
        return None
    from newsgraph.extract.events.participants import participant  # (participants imports this module)
    p = participant(subject)
    return Participant(p.entity, p.name, p.country, p.sector, pron.idx, pron.idx + len(pron))
