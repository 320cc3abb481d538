"""Entity mentions and their in-article clustering: the `newsgraph_entities` component.

Takes spaCy's named entities and groups mentions of one person or institution into one Entity
("Antony Blinken", later "Blinken"; "Rapid Support Forces", later "the RSF"). Along the way:
- NER labels fixed for people: a name with a known first name or a title before it is a PERSON
  even when the small model says ORG/GPE ("Minister Novak", "Nikola Perić"); a first name NER left
  out joins the name ("Ana" + "Novak"); a lone place name tagged PERSON ("Kyiv") is a place;
- roles: the title before a name ("Foreign Minister Ana Novak") and appositions ("Ana Novak,
  Slovenia's foreign minister," / "the foreign minister, Ana Novak," / "her Serbian counterpart
  Nikola Perić", who takes the roles of the person whose counterpart he is);
- a bare surname joins the latest person with that surname (also when NER calls it ORG/GPE, and
  a surname written first: "Wang" = "Wang Yi"); two people with one surname stay apart by first
  name and recency.
Pronoun and office mentions are added later by the speaker resolver (`entity_at` / `add_entity`).
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.clean.resources import place_key, places
from newsgraph.extract.actors import code_actor, lexicon
from newsgraph.extract.extensions import doc_text, ensure_lists, mostly_inside
from newsgraph.extract.token_classes import FINITE_OR_MODAL_TAGS, QUOTE_CHARS
from newsgraph.records import Entity
from newsgraph.resources import read_lines, read_table, read_word_set

FIRST_NAMES_FILE = "speakers/first_names.tsv"
PERSON_VERBS_FILE = "speakers/person_verbs.txt"
PERSON_SURNAMES_FILE = "gazetteer/person_surnames.txt"
_SURNAME_MISLABELS = frozenset({"ORG", "GPE", "NORP"})
_PERSON_MISLABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_GENDER_TITLES = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_PLACE_KINDS = frozenset({"country", "capital", "nationality", "igo", "institution"})
_ROLE_STOP_PREPS = frozenset({"to", "in", "at", "for", "from", "on", "with", "since", "during", "who", "which", "that"})
_COUNTERPART_WORDS = frozenset({"counterpart", "counterparts", "colleague", "opposite"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
_APPOSITION_REACH = 12  # tokens


@cache
def _first_names() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_table(FIRST_NAMES_FILE) if len(row) > 1}


def first_name_gender(word: str) -> str | None:
    """"m"/"f" for a first name news copy mostly gives that gender, else None (first_names.tsv)."""
    return _first_names().get(word.lower())


def is_first_name(word: str) -> bool:
    return word.lower() in _first_names()


@cache
def _titles() -> tuple[str, ...]:
    return tuple(sorted(read_lines("titles.txt"), key=len, reverse=True))


@cache
def _title_before_name() -> re.Pattern[str]:
    """The longest known title that ends right before a name (the leftmost match ending at $)."""
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _titles())
    return re.compile(rf"(?<![\w.])(?:{alternatives})\s+$", re.IGNORECASE)


@cache
def _title_last_words() -> frozenset[str]:
    return frozenset(t.split()[-1].lower() for t in _titles())


@cache
def _title_last_words_cased() -> frozenset[str]:
    """One-word titles ("Minister", "Spokesman"): the title regex has read them already."""
    singles = [t for t in _titles() if " " not in t]
    return frozenset(singles) | frozenset(t.title() for t in singles)


@cache
def _title_at_start() -> re.Pattern[str]:
    """A title NER took into the name ("President Biden"): the title, then the name."""
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _titles())
    return re.compile(rf"^(?:{alternatives})\s+(?=[A-Z])")


_PLACE_BEFORE_TITLE = re.compile(r"(?<![\w.])([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?:'s|’s)?\s+$")


def person_title(doc: Doc, start_char: int) -> tuple[str | None, str | None, int]:
    """The title written right before a person name: (title, place, start of the titled phrase).

    "U.S. Secretary of State Antony Blinken" -> ("Secretary of State", "U.S.", start of "U.S.").
    """
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, start_char) + 1
    window_start = max(line_start, start_char - 80)
    window = text[window_start:start_char]
    last = window.rsplit(None, 1)[-1].lower() if window.strip() else ""
    if last not in _title_last_words():
        return None, None, start_char
    match = _title_before_name().search(window)
    if not match:
        return None, None, start_char
    title = " ".join(match.group(0).split())
    begin = window_start + match.start()
    place = None
    before = _PLACE_BEFORE_TITLE.search(window, 0, match.start())
    if before and code_actor(before.group(1))[0] is not None:
        place = before.group(1)
        begin = window_start + before.start()
    return title, place, begin


def clean_name(text: str) -> str:
    return " ".join(_POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).split())


@lru_cache(maxsize=4096)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t.lower().strip(".") for t in name.split())


@lru_cache(maxsize=4096)
def is_place_name(name: str) -> bool:
    """A country, capital, nationality word or international body written alone ("Kyiv", "NATO")."""
    try:
        table = lexicon()[0]
    except Exception:  # noqa: BLE001 - the gazetteer is someone else's module; no table, no place
        return False
    key = tuple(w.strip(".,").replace(".", "").lower() for w in name.split())
    entry = table.get(key)
    return entry is not None and getattr(entry, "kind", None) in _PLACE_KINDS


def _without_generic_tail(name: str) -> str:
    """"Xinhua news agency" -> "Xinhua", "Islamic State group" -> "Islamic State": the proper name
    without the common nouns NER took along."""
    words = name.split()
    k = len(words)
    while k > 1 and words[k - 1].islower() and words[k - 1].isalpha():
        k -= 1
    if k == len(words) or not all(w[:1].isupper() or not w[:1].isalpha() for w in words[:k]):
        return name
    if any(w in ("of", "for", "and", "the", "on", "in", "de") for w in words[k:]):
        return name  # "Ministry of foreign affairs": the tail is part of the name
    return " ".join(words[:k])


def _same_person(name: str, other: str) -> bool:
    """'Blinken' ~ 'Antony Blinken'; 'Antony Blinken' ~ 'Antony J. Blinken'; not 'Hunter Biden' ~ 'Joe Biden'."""
    a, b = _name_tokens(name), _name_tokens(other)
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    return a[0] == b[0]


def _surname_first(name: str, other: str) -> bool:
    """'Wang' ~ 'Wang Yi', 'Lai' ~ 'Lai Ching-te': a family name written first (not a first name)."""
    a, b = _name_tokens(name), _name_tokens(other)
    return len(a) == 1 and 2 <= len(b) <= 3 and a[0] == b[0] and not is_first_name(a[0])


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[0].isupper()) if all(w[0].isupper() for w in words) else ""


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class EntityClusterer:
    def __init__(self, nlp: Language | None = None, name: str = "newsgraph_entities"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ensure_lists(doc)
        entities: list[Entity] = doc._.entities
        named: list[tuple[Entity, int, int]] = []  # (entity, start token, end token) of each name
        boilerplate = doc._.boilerplate or []
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS or mostly_inside(boilerplate, ent.start_char, ent.end_char):
                continue
            start, end, label = self._fix_label(doc, ent)
            entity = self._add_mention(doc, entities, doc[start:end], label)
            if entity is not None:
                named.append((entity, start, end))
        for entity, start, end in named:
            if entity.type == "PERSON":
                _apposition_roles(doc, entity, start, end, named)
        _merge_surnames(entities)
        for i, entity in enumerate(entities):
            entity.id = f"e{i + 1}"
        return doc

    # NER's label, fixed for people

    @staticmethod
    def _fix_label(doc: Doc, ent: Span) -> tuple[int, int, str]:
        start, end, label = ent.start, ent.end, ent.label_
        if label not in _PERSON_MISLABELS and label != "PERSON" or end - start > 4:
            return start, end, label
        text = doc_text(doc)[ent.start_char:ent.end_char]  # ent.text makes a Token per word
        if label != "PERSON" and is_place_name(text):
            return start, end, label  # the common case: a place tagged as one
        words = [t for t in ent if not _punct(t)]
        if not words or len(words) > 3 or not all(t.text[:1].isupper() for t in words if t.text.isalpha()):
            return start, end, label
        name = clean_name(text)
        before = doc[start - 1] if start > 0 else None
        if before is not None and before.ent_iob_ == "O" and _titlecase(before) and is_first_name(before.text) \
                and len(words) < 3:
            return start - 1, end, "PERSON"  # "Ana" + "Novak": NER left the first name out
        if label == "PERSON":
            if len(words) == 1 and is_place_name(name):
                return start, end, "GPE"  # "Kyiv" tagged PERSON
            return start, end, label
        if is_place_name(name) or any(t.text.lower() in _ORG_WORDS for t in words):
            return start, end, label
        if len(words) > 1 and is_first_name(words[0].text):
            return start, end, "PERSON"  # "Nikola Perić" tagged ORG
        title, _, _ = person_title(doc, ent.start_char)
        if title and title.lower() not in _ORG_TITLES:
            return start, end, "PERSON"  # "Minister Novak" with Novak tagged GPE
        if len(words) > 1 and _role_before(doc, start):
            return start, end, "PERSON"  # "her Serbian counterpart Nikola Perić"
        if len(words) == 1 and (label == "GPE" or name.lower() in read_word_set(PERSON_SURNAMES_FILE)) \
                and place_key(name) not in places() and _speaks_or_meets(words[0]):
            return start, end, "PERSON"  # "Blinken spoke with Lavrov", Blinken tagged GPE, Lavrov ORG
        return start, end, label

    def _add_mention(self, doc: Doc, entities: list[Entity], ent: Span, label: str) -> Entity | None:
        text = doc_text(doc)
        coded_text = text[ent.start_char:ent.end_char]  # ent.text makes a Token per word
        name = clean_name(coded_text)
        title = place = None
        if label == "PERSON":
            inner = _title_at_start().match(name)
            if inner and len(name[inner.end():].split()) >= 1:
                title = " ".join(inner.group(0).split())
                name = name[inner.end():]
            else:
                title, place, begin = person_title(doc, ent.start_char)
                coded_text = text[begin:ent.end_char]
        if label == "ORG":
            name = _without_generic_tail(name)
        if not name:
            return None
        entity = self._find(entities, name, label)
        if entity is None and label in _SURNAME_MISLABELS and len(name.split()) == 1 and not is_place_name(name):
            # the small model often labels a bare surname ORG/GPE ("Novak said"): it is the person
            entity = self._find(entities, name, "PERSON", people_only=True)
        if entity is None and label == "ORG":
            entity = self._find_acronym(entities, name)
        if entity is None:
            entity = Entity(id=f"e{len(entities) + 1}", name=name, type=label)
            entities.append(entity)
        elif label == "PERSON" and entity.type == "PERSON" and len(name.split()) > len(entity.name.split()):
            entity.name = name
        elif entity.type == "ORG" and _is_acronym(entity.name) and not _is_acronym(name) and len(name) > len(entity.name):
            entity.name = name  # "RSF" ... "Rapid Support Forces": the full name is canonical
        entity.add_mention(ent.start_char, ent.end_char)
        if title:
            gender = _GENDER_TITLES.get(title.lower())
            if gender:
                entity.gender = entity.gender or gender
            elif title not in entity.roles:
                entity.roles.append(title)
        if entity.country is None or entity.sector is None:
            country, sector = code_actor(coded_text, label)
            entity.country = entity.country or country
            entity.sector = entity.sector or sector
        return entity

    @staticmethod
    def _find(entities: list[Entity], name: str, label: str, people_only: bool = False) -> Entity | None:
        key = name.lower()
        if label == "PERSON":
            people = [e for e in reversed(entities) if e.type == "PERSON"]  # the most recent wins
            for entity in people:
                if _same_person(name, entity.name) and (not people_only or len(entity.name.split()) > 1):
                    return entity
            for entity in people:
                if _surname_first(name, entity.name):
                    return entity
            return None
        for entity in reversed(entities):
            if entity.type == label and entity.name.lower() == key:
                return entity
        return None

    @staticmethod
    def _find_acronym(entities: list[Entity], name: str) -> Entity | None:
        """"RSF" for an earlier "Rapid Support Forces", and the other way round."""
        for entity in reversed(entities):
            if entity.type != "ORG":
                continue
            if _is_acronym(name) and _initials(entity.name) == name.replace(".", ""):
                return entity
            if _is_acronym(entity.name) and _initials(name) == entity.name.replace(".", ""):
                return entity
        return None


def _speaks_or_meets(tok: Token) -> bool:
    """Whether a word is a side of a verb of speaking or meeting (person_verbs.txt): its subject,
    its object, or its partner after "with"."""
    verbs = read_word_set(PERSON_VERBS_FILE)
    head = tok.head
    if tok.dep_ == "pobj" and head.text.lower() == "with" and head.dep_ == "prep":
        head = head.head
    elif tok.dep_ not in ("nsubj", "dobj", "dative"):
        return False
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in verbs


def _merge_surnames(entities: list[Entity]) -> None:
    """A bare surname NER tagged ORG/GPE before the full name appeared ("Novak warns Moscow" in a
    headline, then "Foreign Minister Ana Novak") joins the person; each of its mentions goes to
    the person with that surname named last before it (else the first named after it)."""
    people = [e for e in entities if e.type == "PERSON" and len(e.name.split()) > 1]
    if not people:
        return
    for entity in list(entities):
        if entity.type not in _SURNAME_MISLABELS and not (entity.type == "PERSON" and entity is not None):
            continue
        words = entity.name.split()
        if len(words) != 1 or _is_acronym(entity.name) or is_place_name(entity.name):
            continue
        key = words[0].lower()
        owners = [p for p in people if p is not entity and (_name_tokens(p.name)[-1] == key or _surname_first(key, p.name))]
        if not owners:
            continue
        for s, e in entity.mentions:
            before = [p for p in owners if p.mentions and p.mentions[0][0] <= s]
            owner = max(before, key=lambda p: p.mentions[0][0]) if before else min(owners, key=lambda p: p.mentions[0][0])
            owner.add_mention(s, e)
        entities.remove(entity)


# words that make a name an organisation, not a person, whatever stands before it
_ORG_WORDS = frozenset({"ministry", "department", "office", "council", "committee", "commission", "party",
                        "agency", "bank", "union", "house", "court", "forces", "army", "service", "group",
                        "university", "institute", "foundation", "association", "corporation", "company",
                        "news", "times", "post", "journal", "press", "media", "tv", "radio", "network"})
# titles that also stand before institutions' names ("the Chairman of Gazprom")
_ORG_TITLES = frozenset({"chairman", "chairwoman", "chair", "ceo", "director", "speaker", "general", "gen."})


# roles from appositions


def _punct(tok: Token) -> bool:
    """Punctuation, by the characters (a bare Vocab gives no lexical flags)."""
    if tok.is_punct:
        return True
    text = tok.text
    return len(text) < 4 and bool(text.strip()) and not any(c.isalnum() for c in text)


def _titlecase(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text[1:].islower() and tok.text.isalpha()


def _finite(tok: Token) -> bool:
    return tok.tag_ in FINITE_OR_MODAL_TAGS


def _segment_after(doc: Doc, end: int) -> tuple[int, int] | None:
    """", Slovenia's foreign minister," after a name: the tokens up to the next comma."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    i = end + 1
    while i < len(doc) and i - end <= _APPOSITION_REACH:
        tok = doc[i]
        if tok.is_sent_start or tok.text in (",", ".", ";", ":", "(", ")") or tok.text in QUOTE_CHARS or _finite(tok):
            break
        i += 1
    if i == end + 1 or i - end > _APPOSITION_REACH:
        return None
    if i < len(doc) and _finite(doc[i]):
        return None  # "Novak, the minister said": no apposition
    return end + 1, i


def _segment_before(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """"the foreign minister," before ", Ana Novak," (the name closed by a comma); a title may
    stand between the comma and the name (", Senior Colonel Zhang Wei,")."""
    if end >= len(doc) or doc[end].text not in (",", ")") or start < 2:
        return None
    if doc[start - 1].text != ",":
        title, _, begin = person_title(doc, doc[start].idx)
        if title:
            while start > 0 and doc[start - 1].idx >= begin:
                start -= 1
    if start < 2 or doc[start - 1].text != ",":
        return None
    if doc[start].is_sent_start:
        return None
    i = start - 1
    while i > 0 and start - i <= _APPOSITION_REACH:
        tok = doc[i - 1]
        if tok.text in (",", ".", ";", ":", "(", ")") or tok.text in QUOTE_CHARS or _finite(tok) or tok.pos_ == "VERB":
            break
        i -= 1
        if tok.is_sent_start:
            break
    if i >= start - 1 or start - i > _APPOSITION_REACH:
        return None
    return i, start - 1


def _segment_adjacent(doc: Doc, start: int) -> tuple[int, int] | None:
    """"her Serbian counterpart" / "UN relief chief" right before a name, no comma between."""
    i = start
    while i > 0 and start - i < 6:
        tok = doc[i - 1]
        if _punct(tok) and not (tok.text == "-" and not tok.whitespace_ and i - 2 >= 0 and not doc[i - 2].whitespace_) \
                and tok.text not in ("'s", "’s") or tok.text in QUOTE_CHARS or _finite(tok) or not tok.text.strip():
            break
        if tok.pos_ in ("VERB", "AUX", "ADP", "CCONJ", "SCONJ") and tok.text.lower() != "of":
            break
        i -= 1
        if tok.is_sent_start:
            break
    while i < start and (_punct(doc[i]) or doc[i].text.lower() == "of"):
        i += 1
    if i == start or doc[start - 1].pos_ in ("ADP", "DET", "PRON") or doc[start - 1].text.lower() == "of":
        return None
    return i, start


def _role_before(doc: Doc, start: int) -> bool:
    from newsgraph.extract.speakers.offices import mention_office

    segment = _segment_adjacent(doc, start)
    if segment is None:
        return False
    text = doc[segment[0]:segment[1]].text
    return bool({t.text.lower() for t in doc[segment[0]:segment[1]]} & _COUNTERPART_WORDS) or bool(mention_office(text)[0])


def _role_phrase(doc: Doc, s: int, e: int) -> str:
    """The office words of an apposition: "Slovenia's foreign minister" -> "foreign minister",
    "Sudan's envoy to the UN in Geneva" -> "envoy", "the inauguration of President" -> "President"."""
    from newsgraph.extract.speakers.offices import mention_office

    words: list[Token] = []
    for tok in doc[s:e]:
        if tok.text.lower() in _ROLE_STOP_PREPS and words:
            break
        words.append(tok)
    # "of" inside an office ("Secretary of State", "head of diplomacy") stays; before one it cuts
    for k in range(len(words) - 1, 0, -1):
        if words[k].text.lower() == "of" and not mention_office(words[k - 1].text)[0]:
            words = words[k + 1:]
            break
    # leading determiners, possessives and place words qualify the office; they are not it
    while words and (words[0].pos_ in ("DET", "PRON") or _punct(words[0])
                     or words[0].text.lower() in ("the", "a", "an", "its", "his", "her", "their")
                     or words[0].text in ("'s", "’s") or words[0].ent_type_ in ("GPE", "NORP")
                     or (len(words) > 1 and words[1].text in ("'s", "’s"))):
        words.pop(0)
    return " ".join(t.text for t in words).strip(" ,-")


def _apposition_roles(doc: Doc, entity: Entity, start: int, end: int, named) -> None:
    from newsgraph.extract.speakers.offices import mention_office  # speakers imports this module

    before = doc[start - 1] if start > 0 else None
    adjacent = None
    if before is not None and before.text[:1].isalpha() and before.pos_ not in ("VERB", "AUX", "ADP", "DET", "PRON") \
            and before.text not in _title_last_words_cased():
        adjacent = _segment_adjacent(doc, start)
    for segment in (_segment_after(doc, end), _segment_before(doc, start, end), adjacent):
        if segment is None or segment[1] <= segment[0]:
            continue
        s, e = segment
        text = doc[s:e].text
        words = {t.text.lower() for t in doc[s:e]}
        counterpart = bool(words & _COUNTERPART_WORDS)
        if not counterpart and not mention_office(text)[0]:
            continue
        if any(t.ent_type_ == "PERSON" for t in doc[s:e]):
            continue  # another name: a list, not an apposition
        country = code_actor(text)[0]
        if counterpart:
            other = _counterpart_of(doc, entity, start, named)
            if other is not None:
                for role in other.roles:
                    if role not in entity.roles:
                        entity.roles.append(role)
        else:
            role = _role_phrase(doc, s, e)
            if role and role not in entity.roles and mention_office(role)[0]:
                entity.roles.append(role)
        if country and entity.country is None:
            entity.country = country
            entity.sector = entity.sector or code_actor(text)[1]


def _counterpart_of(doc: Doc, entity: Entity, start: int, named) -> Entity | None:
    """The person with roles named before `start` in the same sentence ("X met her counterpart Y")."""
    best = None
    for other, s, e in named:
        if other is entity or other.type != "PERSON" or not other.roles or e > start:
            continue
        if any(doc[i].is_sent_start for i in range(e, start)):
            continue
        best = other
    return best


@Language.factory("newsgraph_entities")
def make_entity_clusterer(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer(nlp, name)


def entity_at(doc: Doc, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping [start, end), preferring the tightest mention."""
    best, best_len = None, None
    for entity in doc._.entities or []:
        for s, e in entity.mentions:
            if s < end and start < e:
                length = e - s
                if best_len is None or length < best_len:
                    best, best_len = entity, length
    return best


def add_entity(doc: Doc, name: str, type_: str, start: int, end: int) -> Entity:
    """Register an entity NER missed (an institution named as 'the ministry', say)."""
    ensure_lists(doc)
    entity = Entity(id=f"e{len(doc._.entities) + 1}", name=name, type=type_)
    entity.add_mention(start, end)
    entity.country, entity.sector = code_actor(doc_text(doc)[start:end], type_)
    doc._.entities.append(entity)
    return entity
