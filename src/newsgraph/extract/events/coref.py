"""Light coreference for event participants that name no one themselves.

- A short nominal naming an entity met before by its last word or title: "the ministry" (the
  Russian Foreign Ministry), "the secretary" (Janet Yellen, Treasury Secretary).
- A common noun for an international body ("the bloc", "the alliance", resources/gazetteer/
  generic_bodies.tsv): the last body of a code it can stand for mentioned before it.
- A home office with no country ("the Interior Ministry", "Foreign Minister Elena Rusu", "the
  government") in a story datelined in one place: that place's country (resources/gazetteer/
  home_offices.txt), as wire copy names the dateline country's own offices without it.
- A pair named by number: "the two sides", "both countries", "their foreign ministers": the
  parties of the last event with two actors (named or with a sector, then any), else the last two different countries named before
  it; not whoever does something to the pair ("Fidan warned both sides").
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import cache, lru_cache

from spacy.tokens import Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.datelines import dateline_end
from newsgraph.extract.events.docview import entity_at, kid_deps, memo, sentence_of, sentences, text_at
from newsgraph.records import Entity, Participant
from newsgraph.resources import read_lines, read_table

PAIR_WORDS = frozenset({"two", "both"})
PAIR_NOUNS = frozenset({"side", "country", "nation", "minister", "leader", "president", "government",
                        "neighbour", "neighbor", "delegation", "capital", "party", "state", "rival",
                        "counterpart", "team", "official", "diplomat"})
PAIR_REACH = 1500  # characters back to look for the two parties
NAMESAKE_REACH = 4000  # characters back to look for the entity a nominal names
NAMED_TYPES = frozenset({"ORG", "PERSON", "GPE", "NORP"})
STATE_NOUNS = frozenset({"country", "nation", "state", "neighbour", "neighbor", "government", "capital"})
NOT_STATES = frozenset({"IGO", "EUR", "UNO", "NGO", "MNC"})
PLACED_BEFORE = 30  # characters before a mention where a country word may place it ("Russia's")
DATELINE_SENTENCES = 3  # the dateline opens one of the first sentences (after a headline)
_OFFICE_WORD = re.compile(r"[a-z]+")
_CLAUSE_BREAK = re.compile(r"[.,;:!?\"“”()\n]")
_PLACE_END = re.compile(r"[,(\-–—:]")  # where a dateline's place ends ("TBILISI, May 1")


@cache
def home_offices() -> frozenset[tuple[str, ...]]:
    """Office phrases as word tuples, with the plural of the last word."""
    out = set()
    for line in read_lines("gazetteer/home_offices.txt"):
        words = tuple(line.lower().split())
        if words:
            out.add(words)
            last = words[-1]
            out.add(words[:-1] + ((last[:-1] + "ies") if last.endswith("y") else (last + "s"),))
    return frozenset(out)


@lru_cache(maxsize=4096)
def is_home_office(text: str) -> bool:
    """Whether the phrase is an office every state has: all its words but a determiner and
    a few modifiers make one listed phrase ("the Interior Ministry", "Foreign Minister")."""
    words = tuple(w for w in _OFFICE_WORD.findall(text.lower()) if w not in ("the", "its", "their", "country", "s"))
    if not words:
        return False
    offices = home_offices()
    return any(words[i:] in offices for i in range(min(len(words), 3)))


def home_country(doc) -> str | None:
    """The country of the place a story is datelined in ("TBILISI, May 1 (BSO) - "), if one place."""
    def compute() -> str | None:
        for first, _, start, _ in sentences(doc)[:DATELINE_SENTENCES]:
            end = dateline_end(doc[first])
            if end <= start:
                continue
            place = _PLACE_END.split(text_at(doc, start, end).strip(), maxsplit=1)[0].strip()
            if not place or "/" in place:
                return None  # "MOSCOW/BUCHAREST": whose offices is not said
            country = code_actor(place, "GPE")[0]
            return country if country and country not in NOT_STATES else None
        return None
    return memo(doc, "home country", compute)


def _all_mentions(doc) -> tuple[list[int], list[Entity]]:
    pairs = sorted(((s, e) for e in doc._.entities or [] for s, _ in e.mentions), key=lambda p: p[0])
    return [s for s, _ in pairs], [e for _, e in pairs]


def _mentions_before(doc, offset: int, reach: int) -> Iterator[tuple[int, Entity]]:
    """Entity mentions starting in [offset - reach, offset), nearest first."""
    starts, entities = memo(doc, "mentions by start", lambda: _all_mentions(doc))
    i = bisect_left(starts, offset) - 1
    while i >= 0 and starts[i] >= offset - reach:
        yield starts[i], entities[i]
        i -= 1


def _by_last_word(doc) -> dict[str, tuple[list[int], list[Entity]]]:
    """Last word of an entity's name (not a person's) or of one of its titles -> its mentions."""
    index: dict[str, list[tuple[int, Entity]]] = {}
    for entity in doc._.entities or []:
        if entity.type not in NAMED_TYPES:
            continue
        words = set()
        for role in entity.roles:
            role = role.lower()
            head = role.split(" of ")[0].split()  # "Secretary of State" is also "the secretary"
            words.update(role.split()[-1:] + head[-1:])
        if entity.type != "PERSON" and entity.name.strip():
            words.add(entity.name.lower().split()[-1])
        for word in words:
            index.setdefault(word, []).extend((s, entity) for s, _ in entity.mentions)
    return {w: ([s for s, _ in sorted(pairs, key=lambda p: p[0])], [e for _, e in sorted(pairs, key=lambda p: p[0])])
            for w, pairs in index.items()}


@cache
def generic_bodies() -> dict[str, frozenset[str]]:
    """Noun -> the codes of the international bodies it can stand for ("bloc" -> EUR, IGO)."""
    return {noun: frozenset(codes.split("|")) for noun, codes in read_table("gazetteer/generic_bodies.tsv")}


def namesake(head: Token) -> Entity | None:
    """The entity a short nominal ("the ministry", "the secretary") names by its last word,
    mentioned last before it; for "the bloc", "the alliance", the last body it can stand for."""
    if head.pos_ not in ("NOUN", "PROPN") or any(dep not in ("det", "compound", "amod", "nummod", "case") for dep, _ in kid_deps(head)):
        return None
    doc = head.doc
    found = memo(doc, "entities by last word", lambda: _by_last_word(doc)).get(head.text.lower())
    if found is not None:
        starts, entities = found
        i = bisect_left(starts, head.idx) - 1
        if i >= 0 and starts[i] >= head.idx - NAMESAKE_REACH:
            return entities[i]
    codes = generic_bodies().get(head.lemma_.lower()) if head.tag_ in ("NN", "NNP") else None
    if codes:
        for _, entity in _mentions_before(doc, head.idx, NAMESAKE_REACH):
            if entity.type in ("ORG", "GPE", "NORP") and entity.country in codes:
                return entity
    return None


def is_pair(head: Token) -> bool:
    if head.lemma_.lower() not in PAIR_NOUNS or head.tag_ not in ("NNS", "NNPS"):
        return False
    return any(c.text.lower() in PAIR_WORDS or (dep == "poss" and c.text.lower() == "their") for dep, c in kid_deps(head))


def _outsider(head: Token) -> set[str]:
    """The entities (ids and countries) doing something to a pair that is not the subject ("Fidan warned both sides",
    "urged the two sides"): the subject of the verb the pair phrase is the object of; they are
    not one of the two."""
    token = head
    for _ in range(4):
        if token.dep_ in ("nsubj", "nsubjpass") or token.head == token:
            return set()
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            break
    else:
        return set()
    from newsgraph.extract.events.participants import participant  # (participants imports this module)

    subjects = [participant(c) for dep, c in kid_deps(token) if dep in ("nsubj", "nsubjpass")]
    return ({p.entity for p in subjects} | {p.country for p in subjects}) - {None}  # not "no entity": any unnamed actor


def pair(head: Token) -> list[Participant]:
    """The two parties "the two sides" stands for: the two actors of the last event done
    together (the talks they held), else the last two entities of different countries named before."""
    states = head.lemma_.lower() in STATE_NOUNS  # "the two countries": states, not the EU or the UN

    def fits(country: str | None) -> bool:
        return bool(country) and not (states and country in NOT_STATES)

    def compute() -> list[Participant]:
        outsider = _outsider(head)
        earlier = [e for e in reversed(head.doc._.events or []) if e.sentence[1] <= head.idx
                   and not (outsider and any(p.entity in outsider for p in e.actor))]  # "Fidan warned both sides"
        for actors_only in (True, False):  # first two actors, not "discussed Russia's war"
            for event in earlier:
                countries = {}
                for p in event.actor:  # sides acting together: the talks they held
                    if fits(p.country) and p.country not in countries and (p.entity or p.sector or not actors_only):
                        countries[p.country] = p
                if len(countries) >= 2:
                    return list(countries.values())[:2]
        found: list[Participant] = []
        sentence_start = sentence_of(head)[2]  # parties named before the sentence: not its own subject
        for _, entity in _mentions_before(head.doc, sentence_start, PAIR_REACH):
            if entity.id in outsider or entity.country in outsider:
                continue
            if entity.type in NAMED_TYPES and fits(entity.country) and all(entity.country != f.country for f in found):
                found.append(Participant(entity.id, entity.name, entity.country, entity.sector, 0, 0))
                if len(found) == 2:
                    return found
        return []
    return memo(head.doc, ("pair", head.i), compute)


POSSESSOR_REACH = 4  # tokens before a person's name where "Baerbock's" may stand


def _place_by_possessor(doc) -> None:
    """A person with no country introduced as someone's officer ("Baerbock's spokeswoman Katrin
    Müller", "the ministry's spokesman X") is of the possessor's country."""
    for entity in doc._.entities or []:
        if entity.country is not None or entity.type != "PERSON":
            continue
        for start, end in entity.mentions:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for k in range(span.start - 1, max(-1, span.start - 1 - POSSESSOR_REACH), -1):
                token = doc[k]
                if token.is_punct or token.is_sent_start:
                    break
                if token.tag_ == "POS" and token.head.dep_ == "poss":
                    owner = entity_at(doc, token.head.idx, token.head.idx + len(token.head))
                    if owner is not None and owner is not entity and owner.country:
                        entity.country = owner.country
                    break
            if entity.country is not None:
                break


def _place_by_mentions(doc) -> None:
    """An entity with no country whose own mentions or quotation-speaker mentions name one
    ("China's Commerce Ministry" ... "the ministry said"; "Antony Blinken" ... "the top US
    diplomat said") is of the country of the first that does, as its quotations' speaker is."""
    spoken: dict[str, list[tuple[int, str]]] = {}
    for quote in doc._.quotes or []:
        speaker = quote.speaker
        if speaker is not None and speaker.entity:
            spoken.setdefault(speaker.entity, []).append((speaker.start, speaker.text))
    for entity in doc._.entities or []:
        if entity.country is not None:
            continue
        texts = sorted([(s, text_at(doc, s, e)) for s, e in entity.mentions] + spoken.get(entity.id, []))
        for _, text in texts:
            country = code_actor(text, entity.type)[0]
            if country:
                entity.country = country
                break


def place_home_offices(doc) -> None:
    """Give the dateline's country to the entities that are home offices with no country of their
    own: a person titled "Foreign Minister", an organisation named "the Interior Ministry"; and a
    person introduced as someone's officer the possessor's country. Once per document, before any
    side is made."""
    def compute() -> bool:
        _place_by_mentions(doc)
        _place_by_possessor(doc)
        home = home_country(doc)
        if home is None:
            return False
        for entity in doc._.entities or []:
            if entity.country is not None:
                continue
            if any(code_actor(_CLAUSE_BREAK.split(text_at(doc, max(0, s - PLACED_BEFORE), s))[-1], None)[0]
                   for s, _ in entity.mentions):
                continue  # "Russia's Foreign Ministry": placed where it is named, though NER left it out
            if entity.type == "PERSON" and any(is_home_office(role) for role in entity.roles) or \
                    entity.type == "ORG" and is_home_office(entity.name):
                entity.country = home
        return True
    memo(doc, "home offices placed", compute)
