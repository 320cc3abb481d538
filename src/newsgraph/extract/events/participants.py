"""Participants: the noun phrase a head token stands for, with its entity, country and sector.

The phrase leaves out relative clauses, appositions and coordinated phrases ("the EU, which
...", "Lavrov, the minister", "A and B" are separate), is widened to the named entity its head
is part of, and never reaches into a dateline. Every conjunct is a participant of its own.
"""
from __future__ import annotations

from spacy.symbols import ADP, AUX, CCONJ, PUNCT, SCONJ, VERB
from spacy.tokens import Doc, Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.datelines import dateline_end
from newsgraph.extract.events.docview import entity_at, kid_deps, label_ids, memo, text_at, tree
from newsgraph.extract.events.coref import home_country, is_home_office, is_pair, namesake, pair, place_home_offices
from newsgraph.extract.events.pronouns import resolve
from newsgraph.records import Entity, Participant
from newsgraph.resources import read_word_set

# parts of a noun phrase that are not the participant: "the EU, which ...", "Lavrov, the minister"
NOT_IN_PHRASE = frozenset({"relcl", "appos", "conj", "cc", "punct", "parataxis", "advcl", "acl", "preconj",
                           "advmod", "npadvmod"})
NOT_IN_NESTED_PHRASE = frozenset({"relcl", "appos", "parataxis"})  # deeper down, only these
_NOT_IN_PHRASE_IDS, _NOT_IN_NESTED_IDS = label_ids(NOT_IN_PHRASE), label_ids(NOT_IN_NESTED_PHRASE)
_CONJ = next(iter(label_ids(["conj"])))
_NOT_USABLE_POS = frozenset({VERB, AUX, ADP, PUNCT, SCONJ, CCONJ})  # Token.pos ids: no pos_ string per look-up
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
CALENDAR_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "week", "month", "year", "day", "morning", "evening", "night",
    "phone", "telephone", "sideline", "sidelines", "basis", "behalf", "occasion", "way", "time",
})


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("A, B and C")."""
    parse = tree(token.doc)
    out, stack = [], [token.i]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in reversed(parse.children(t)) if parse.deps[c] == _CONJ)
    doc = token.doc
    return [doc[i] for i in sorted(out)] if len(out) > 1 else [token]


def usable(token: Token) -> bool:
    if token.pos in _NOT_USABLE_POS or token.text.lower() in CALENDAR_WORDS:
        return False
    if token.ent_type_ in NOT_PARTICIPANTS:  # a number is no participant, "hundreds of banks" is
        return token.ent_type_ in ("CARDINAL", "QUANTITY") and any(
            dep == "prep" and c.text.lower() == "of" for dep, c in kid_deps(token))
    return True


def phrase_bounds(head: Token) -> tuple[int, int]:
    """Character bounds of the noun phrase headed by `head`, without relative clauses,
    appositions and coordinated phrases; widened to any named entity the head is part of."""
    parse = tree(head.doc)
    deps, children, idx = parse.deps, parse.children, parse.idx
    opening = dateline_end(head)  # no word before it is part of the phrase
    i = head.i
    first = last = i if idx[i] >= opening else -1
    stack = [c for c in children(i) if deps[c] not in _NOT_IN_PHRASE_IDS]
    while stack:
        t = stack.pop()
        if idx[t] >= opening:
            if first < 0:
                first = last = t
            elif t < first:
                first = t
            elif t > last:
                last = t
        stack.extend([c for c in children(t) if deps[c] not in _NOT_IN_NESTED_IDS])
    if first < 0:
        first = last = i
    while last > first and parse.punct[last]:
        last -= 1
    while first < last and parse.punct[first]:
        first += 1
    start, end = idx[first], parse.ends[last]
    if head.ent_type_:
        ent_start, ent_end = entity_bounds(head)
        start, end = min(start, ent_start), max(end, ent_end)
    return start, end


def entity_bounds(token: Token) -> tuple[int, int]:
    """Character bounds of the named entity (doc.ents) the token is part of, read from the IOB
    tags around it: building doc.ents would cost a pass over the whole document."""
    parse = tree(token.doc)
    inside, first, last = parse.inside_entity, token.i, token.i
    while first > 0 and inside[first]:
        first -= 1
    while last + 1 < len(inside) and inside[last + 1]:
        last += 1
    return parse.idx[first], parse.ends[last]


TITLE_WORDS = 4  # compounds before a name: "Deputy Foreign Minister Ana Novak"


def _entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    return entity_at(doc, start, end)


def _person_named(doc: Doc, head: Token) -> Entity | None:
    """The person whose name ends in the head's word, mentioned last before it."""
    best = None
    for entity in doc._.entities or []:
        if entity.type != "PERSON" or entity.name.split()[-1] != head.text:
            continue
        before = [s for s, _ in entity.mentions if s < head.idx]
        if before and (best is None or max(before) > best[0]):
            best = (max(before), entity)
    return best[1] if best else None


def _appositive_text(head: Token) -> str:
    return " ".join(text_at(c.doc, c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                    for dep, c in kid_deps(head) if dep == "appos")


def _display_name(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def titled_name(word: Token) -> Token | None:
    """The head of the person's name a word is a title word of: a compound outside any entity
    whose chain of compounds ends on a PERSON ("Foreign Minister Ana Novak" -> Novak)."""
    if word.dep_ != "compound" or word.ent_type_:
        return None
    name = word.head
    for _ in range(TITLE_WORDS):
        if name.dep_ != "compound" or name.head is name:
            break
        name = name.head
    return name if name.ent_type_ == "PERSON" else None


def participant(head: Token) -> Participant:
    """The participant whose phrase `head` heads (a fresh object: callers may change it); for
    a personal pronoun, what it stands for (see pronouns.py)."""
    place_home_offices(head.doc)
    p = memo(head.doc, ("participant", head.i), lambda: _participant_or_referent(head))
    return Participant(p.entity, p.name, p.country, p.sector, p.start, p.end)


def _participant_or_referent(head: Token) -> Participant:
    named = titled_name(head)
    if named is not None:  # "Foreign" or "Minister" of "Foreign Minister Ana Novak": she is the side
        return participant(named)
    referent = resolve(head) if head.pos_ == "PRON" else None
    if isinstance(referent, Participant):
        return referent
    if referent is not None:
        return participant(referent)
    return _participant(head)


def _participant(head: Token) -> Participant:
    doc = head.doc
    start, end = phrase_bounds(head)
    text = text_at(doc, start, end)
    entity = _entity_at(doc, head.idx, head.idx + len(head))
    if entity is None:  # "his Chinese counterpart Wang Yi": the name is an apposition
        for appos in (c for dep, c in kid_deps(head) if dep == "appos" and c.ent_type_ == "PERSON"):
            entity = _entity_at(doc, appos.idx, appos.idx + len(appos))
            if entity is not None:
                if appos.left_edge.i == head.i + 1:  # no comma between: one phrase
                    end = max(end, appos.right_edge.idx + len(appos.right_edge))
                break
    if entity is None and head.pos_ == "PROPN":  # a surname NER did not mark again: "Yellen held talks"
        entity = _person_named(doc, head)
    label = entity.type if entity else (head.ent_type_ or None)
    country, sector = code_actor(text, label)
    if entity is None and country is None:  # "the ministry", "the secretary": named before
        entity = namesake(head)
    if country is None:  # "its pro-Western government"
        country = _possessor_country(head)
    if country is None:  # "the southern Armenian town of Goris"
        country = _place_noun_country(head)
    if country is None or sector is None:
        appositive = _appositive_text(head)
        if appositive:
            c, s = code_actor(appositive, None)
            country, sector = country or c, sector or s
    if entity is not None:
        return Participant(entity.id, entity.name, entity.country or country, entity.sector or sector, start, end)
    if country is None and is_home_office(text):  # "the government" of a story datelined TBILISI
        country = home_country(doc)
    return Participant(None, _display_name(text), country, sector, start, end)


def _possessor_country(head: Token) -> str | None:
    """"its pro-Western government", "the bloc's leaders", "the ministry's spokesman": the
    possessor's country; a named possessor only for a member or official of it (a head word with a
    sector), not for "Ukraine's allies"."""
    for dep, child in kid_deps(head):
        if dep != "poss":
            continue
        if child.text.lower() in ("its", "their"):
            referent = resolve(child)
            if isinstance(referent, Participant):
                return referent.country
            if referent is not None and referent.i != head.i:
                return participant(referent).country
        elif child.pos_ in ("NOUN", "PROPN") and code_actor(head.text, None)[1] is not None:
            return participant(child).country
    return None


PLACE_NOUNS_FILE = "gazetteer/place_nouns.txt"  # "the Armenian town of Goris"


def _place_noun_country(head: Token) -> str | None:
    """A name set after a place noun ("the southern Armenian town of Goris", "the Ukrainian port
    city of Odesa"): the country the words before it give."""
    prep = head.head
    if head.dep_ != "pobj" or prep.text.lower() != "of" or prep.head.lemma_.lower() not in read_word_set(PLACE_NOUNS_FILE):
        return None
    noun = prep.head
    return code_actor(text_at(head.doc, noun.left_edge.idx, noun.idx + len(noun)), None)[0]


def _pair(head: Token) -> list[Participant]:
    """"The two sides", "both countries": one participant for each of the last two parties."""
    if not is_pair(head):
        return []
    start, end = phrase_bounds(head)
    return [Participant(p.entity, p.name, p.country, p.sector, start, end) for p in pair(head)]


def _between(head: Token) -> list[Participant]:
    """"cooperation between Pyongyang and Moscow", "ties between the two governments": a phrase
    naming no one itself that is between named parties stands for each of them."""
    if head.pos_ != "NOUN" or head.ent_type_:
        return []
    objects = [o for dep, c in kid_deps(head) if dep == "prep" and c.text.lower() == "between"
               for dep2, o in kid_deps(c) if dep2 == "pobj"]
    if not objects:
        return []
    names = [t for t in conjuncts(objects[0]) if t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")]
    if len(names) < 2 or code_actor(head.text, None) != (None, None):
        return []
    start, end = phrase_bounds(head)
    return [Participant(p.entity, p.name, p.country, p.sector, start, end) for p in map(participant, names)]


def _bare(token: Token) -> bool:
    """A conjunct with no words of its own: "entities" in "Russian individuals and entities"."""
    return token.pos_ == "NOUN" and all(dep in ("cc", "punct", "conj") for dep, _ in kid_deps(token))


def participants(heads: list[Token]) -> list[Participant]:
    """The participants the heads stand for, each conjunct its own (fresh objects: callers may
    change them). Made once per document for the same heads: the recipient search and the doers
    ask for the same ones again."""
    if not heads:
        return []
    place_home_offices(heads[0].doc)
    found = memo(heads[0].doc, ("participants", *[h.i for h in heads]), lambda: _participants(heads))
    return [Participant(p.entity, p.name, p.country, p.sector, p.start, p.end) for p in found]


def _participants(heads: list[Token]) -> list[Participant]:
    out, seen = [], set()
    for head in heads:
        first: Participant | None = None
        for token in conjuncts(head):
            if token.i in seen or not usable(token):
                continue
            seen.add(token.i)
            both = _pair(token) or _between(token)
            if len(both) >= 2:
                out.extend(both)
                continue
            p = participant(token)
            if first is None:
                first = p
            elif p.country is None and p.entity is None and _bare(token):
                p.country = first.country  # the first conjunct's modifiers cover it too
            if all((p.start, p.end) != (q.start, q.end) for q in out):
                out.append(p)
    return out
