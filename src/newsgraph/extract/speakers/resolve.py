"""Which entity a mention stands for: a name, a pronoun, an office, an institution, a document.

`resolve_mention(doc, span)` is the one entry point; the quote extractor uses it for speakers and
the event extractor may use it for actors. In order:
- "who" in "Novak, who said": its antecedent;
- pronouns: the most salient agreeing entity (pronouns.py);
- a role noun with a name in apposition ("Sudan's envoy, Ahmed Khalil,"): that person;
- names: their entity (a bare surname NER tagged ORG is the person with that surname; a capital
  speaking is its country: "Tokyo said" -> Japan);
- offices ("the minister", "the top diplomat", "the head of European diplomacy"): the most
  salient person whose roles include that office, of that country if the mention names one;
  "a spokesperson" (indefinite) is someone new, never a person named before;
- documents ("the department's readout", "a statement from the Kremlin"): their author;
- a spokesperson of an institution that is not named ("a White House spokesperson"): the
  institution;
- institutions ("the ministry", "the British defence ministry"): an ORG entity, else a new one.
"""
from __future__ import annotations

from typing import Callable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.entities import add_entity, entity_at, first_name_gender, is_place_name
from newsgraph.extract.speakers.institutions import (DOCUMENT_NOUNS, SPOKESPERSON_NOUNS, document_author,
                                                     is_institution, resolve_institution)
from newsgraph.extract.speakers.mentions import RELATIVE_PRONOUNS, mention_span, relative_antecedent
from newsgraph.extract.speakers.offices import mention_office_length, role_offices
from newsgraph.extract.speakers.places import capital_country, country_name, is_place_word
from newsgraph.extract.speakers.pronouns import is_pronoun, resolve_pronoun
from newsgraph.extract.speakers.roles import resolve_role
from newsgraph.extract.speakers.salience import last_mention_before, salience
from newsgraph.extract.token_classes import FINITE_OR_MODAL_TAGS, QUOTE_CHARS
from newsgraph.records import Entity

NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "NORP"})
_NAME_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "mr", "mrs", "ms", "dr"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
# a previous speaker further back than this (characters) no longer gets the bonus
_SPEAKER_REACH = 600
PREVIOUS_SPEAKER_BONUS = 1.5

Quoted = Callable[[int], bool] | None


def resolve_mention(doc: Doc, span: Span, previous: tuple[Entity, int] | None = None,
                    quoted: Quoted = None) -> Entity | None:
    """The entity `span` refers to, or None. `previous` = (the last speaker, where its quote ended),
    the likeliest antecedent of a pronoun or an office; `quoted(pos)` is True inside quotations
    (names there are not antecedents)."""
    head = span.root
    if head.lower_ in RELATIVE_PRONOUNS and head.dep_ in ("nsubj", "nsubjpass"):
        antecedent = relative_antecedent(head)
        if antecedent is None:
            return None
        return resolve_mention(doc, mention_span(antecedent), previous, quoted)
    if is_pronoun(head):
        return resolve_pronoun(doc, head, previous, quoted)
    if head.pos_ == "NOUN":
        apposed = _trailing_name(doc, span, head) or apposed_person(doc, span)
        if apposed is not None:
            return apposed
    named = entity_at(doc, head.idx, head.idx + len(head))
    if named is not None and named.type in NAMED_TYPES and not _is_qualifier(head, span):
        return _speaking_entity(doc, _person_named(doc, named) or named, span)
    if head.pos_ == "PROPN" and head.ent_type_ not in _PLACE_LABELS:
        unlisted = _resolve_unlisted_name(doc, span, head)
        if unlisted is not None:
            return unlisted
    elif head.pos_ == "NOUN" and len(span) == 1 and _capitalised(head):
        surname = _person_with_surname(doc, head.lower_)  # "Trump conceded" tagged NOUN
        if surname is not None:
            return surname
    if head.lemma_.lower() in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS:
        return document_author(doc, span, lambda s: resolve_mention(doc, s, previous, quoted))
    if not _indefinite(head):
        role_mods, person = resolve_role(doc, span, _previous_entity(previous, span.start_char), quoted,
                                         PREVIOUS_SPEAKER_BONUS)
        if person is not None:
            return person
        if role_mods is not None and any(role_mods.get(c) for c in ("party", "place", "former")):
            return None  # "the Ohio governor", "the former secretary": offices cannot check that
        office = resolve_office(doc, span, previous, quoted)
        if office is not None:
            return office
    if head.lower_ in SPOKESPERSON_NOUNS or head.lemma_.lower() in SPOKESPERSON_NOUNS:
        return _spokesperson_institution(doc, span, head, quoted)
    if is_institution(span):
        return resolve_institution(doc, span, add_entity, quoted)
    return None


def _indefinite(head: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children)


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.text[1:].islower() and tok.text.isalpha()


def _person_with_surname(doc: Doc, key: str) -> Entity | None:
    """The person named in full whose surname is `key`, the most mentioned one ("Trump" is Donald
    Trump, not Melania Trump named last)."""
    return _person_by_name(doc, lambda name: " " in name and name.split()[-1] == key, most_mentioned=True)


def _person_by_name(doc: Doc, named: Callable[[str], bool], most_mentioned: bool = False) -> Entity | None:
    """The person whose lower-cased name `named` accepts: the latest one, or with `most_mentioned`
    the one with the most mentions (the latest of those)."""
    best = None
    for entity in reversed(doc._.entities or []):
        if entity.type != "PERSON" or not named(entity.name.lower()):
            continue
        if not most_mentioned:
            return entity
        if best is None or len(entity.mentions) > len(best.mentions):
            best = entity
    return best


def _resolve_unlisted_name(doc: Doc, span: Span, head: Token) -> Entity | None:
    """A name NER did not tag ("Trump said"): the latest person with that surname, else a new entity."""
    key = head.lower_
    latest = _person_by_name(doc, lambda name: name.split()[-1] == key)
    if latest is not None:
        return latest
    words = [t for t in span if t.pos_ == "PROPN" and t.lower_ not in _NAME_TITLES]
    if not words or words[-1].i != head.i or any(not (t.is_title or t.is_upper) for t in words):
        return None
    if head.i - words[0].i + 1 != len(words):
        return None
    name = " ".join(t.text for t in words)
    titled = words[0].i > 0 and doc[words[0].i - 1].lower_ in _NAME_TITLES
    looks_personal = titled or len(words) > 1 or first_name_gender(words[0].text) is not None
    country, _ = code_actor(name)
    kind = "PERSON" if looks_personal and country is None else "ORG"
    start, end = words[0].idx, head.idx + len(head)
    return add_entity(doc, name, kind, start, end)


def _person_named(doc: Doc, entity: Entity) -> Entity | None:
    """The person a one-word non-person entity names: NER often tags a bare surname ("Novak
    said") as ORG even after "Foreign Minister Ana Novak"; a speaker is a person then."""
    if entity.type == "PERSON" or " " in entity.name or is_place_name(entity.name):
        return None
    key = entity.name.lower()
    return _person_by_name(doc, lambda name: key in (name.split()[-1], name.split()[0]))


def _speaking_entity(doc: Doc, entity: Entity, span: Span) -> Entity:
    """A capital speaking is its country's government: "Tokyo said" -> Japan."""
    if entity.type not in ("GPE", "ORG", "LOC") or " " in entity.name and entity.type != "GPE":
        return entity
    code = capital_country(entity.name)
    name = country_name(code)
    if not code or not name:
        return entity
    for other in doc._.entities or []:
        if other.type == "GPE" and other.name == name:
            return other
    country = add_entity(doc, name, "GPE", span.start_char, span.end_char)
    country.country = country.country or code
    return country


def _is_qualifier(head: Token, span: Span) -> bool:
    """"Russia's" in "Russia's foreign minister" qualifies the head; it is not the speaker."""
    return head.ent_type_ in _PLACE_LABELS and head.dep_ in ("poss", "compound", "amod")


def _without_places(span: Span) -> str:
    return " ".join(t.text for t in span if t.ent_type_ not in _PLACE_LABELS and not is_place_word(t.text)
                    and t.text not in ("'s", "’s"))


def _previous_entity(previous: tuple[Entity, int] | None, pos: int) -> Entity | None:
    if previous is not None and previous[0] is not None and pos - previous[1] <= _SPEAKER_REACH:
        return previous[0]
    return None


def resolve_office(doc: Doc, span: Span, previous: tuple[Entity, int] | None = None,
                   quoted: Quoted = None) -> Entity | None:
    """The person introduced earlier with the office this mention names ("the top diplomat"):
    the most salient one, of the mention's country when it names one."""
    keys, implied_country, length = mention_office_length(span.text)
    # "the top U.S. diplomat", "the head of Slovenian diplomacy": place words split the phrase
    keys2, implied2, length2 = mention_office_length(_without_places(span))
    if length2 > length:
        keys, implied_country = keys2, implied2
    if not keys:
        return None
    country = code_actor(span.text)[0] or implied_country
    pos = span.start_char
    prev = _previous_entity(previous, pos)
    best, best_score = None, 0.0
    for entity in doc._.entities or []:
        if entity.type != "PERSON" or not entity.roles:
            continue
        if not any(keys & role_offices(role) for role in entity.roles):
            continue
        if country and entity.country and entity.country != country:
            continue
        if last_mention_before(entity, pos, quoted) < 0:
            continue
        # someone introduced long ago still counts, just less than anyone mentioned lately
        score = salience(doc, entity, pos, quoted) + 0.001
        if entity is prev:
            score += PREVIOUS_SPEAKER_BONUS
        if score > best_score:
            best, best_score = entity, score
    return best


def _trailing_name(doc: Doc, span: Span, head: Token) -> Entity | None:
    """The name closing a mention after its role noun: "His neighbour Anna Kowal"."""
    if head.i + 1 >= span.end:
        return None
    tok = doc[head.i + 1]  # right after the role noun, not inside "head of the Foreign Ministry"
    if tok.ent_iob_ == "B" and tok.ent_type_ in ("PERSON", "ORG"):
        return entity_at(doc, tok.idx, tok.idx + len(tok))
    return None


def apposed_person(doc: Doc, span: Span) -> Entity | None:
    """The person named in apposition to a role noun: "Sudan's envoy to the UN in Geneva, Ahmed
    Khalil, said", "the Chinese defence ministry spokesman, Senior Colonel Zhang Wei, said"."""
    i = span.end
    while i < len(doc) and i - span.end < 12:
        tok = doc[i]
        if tok.text == ",":
            return _person_after(doc, i + 1)
        if tok.is_sent_start or tok.tag_ in FINITE_OR_MODAL_TAGS or tok.pos_ in ("VERB", "AUX") or tok.text in QUOTE_CHARS \
                or tok.text in (".", ";", ":", "(", ")"):
            return None
        i += 1
    return None


def _person_after(doc: Doc, i: int) -> Entity | None:
    """A person whose name starts at token `i`, maybe after a title ("Senior Colonel"), and is
    closed by a comma or followed by the verb."""
    if i >= len(doc):
        return None
    start = doc[i].idx
    limit = start + 40
    best, best_s, best_e = None, None, None
    for entity in doc._.entities or []:
        if entity.type != "PERSON":
            continue
        for s, e in entity.mentions:
            if start <= s <= limit and (best_s is None or s < best_s):
                best, best_s, best_e = entity, s, e
    if best is None:
        return None
    between = doc_text_between(doc, start, best_s)
    if between and not all(w[:1].isupper() for w in between.split()):
        return None  # a clause, not a title, stands between
    after = doc.char_span(best_e, best_e + 1, alignment_mode="expand")
    if after is None or not len(after) or after[0].text not in (",", ")"):
        return None  # "According to the top diplomat, Lavrov repeated": no apposition
    return best


def doc_text_between(doc: Doc, start: int, end: int) -> str:
    from newsgraph.extract.extensions import doc_text

    return doc_text(doc)[start:end].strip()


def _spokesperson_institution(doc: Doc, span: Span, head: Token, quoted: Quoted) -> Entity | None:
    """"a White House spokesperson", "the Kremlin spokesman" with no one named in that role: the
    institution speaks."""
    for tok in span:
        if tok.i == head.i:
            break
        entity = entity_at(doc, tok.idx, tok.idx + len(tok))
        if entity is not None and entity.type in ("ORG", "GPE", "FAC") and not _is_qualifier_place(tok):
            return _speaking_entity(doc, entity, span)
    return None


def _is_qualifier_place(tok: Token) -> bool:
    return tok.ent_type_ == "NORP"
