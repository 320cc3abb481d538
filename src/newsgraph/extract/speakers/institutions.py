"""Institutional speakers ("the Treasury said", "the ministry said"), the documents they issue
("according to the department's readout") and relaying outlets ("Reuters reports")."""
from __future__ import annotations

import re
from functools import cache
from typing import Callable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.speakers.places import country_adjective, country_of_name
from newsgraph.extract.speakers.salience import last_mention_before
from newsgraph.records import Entity
from newsgraph.resources import read_lines

INSTITUTIONS_FILE = "speakers/institution_nouns.txt"
AGENCIES_FILE = "speakers/news_agencies.txt"
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
ORG_TYPES = ("ORG", "FAC", "GPE", "NORP")
# nouns for what an institution issues: its author is the speaker
DOCUMENT_NOUNS = frozenset({"readout", "statement", "communique", "communiqué", "release", "transcript",
                            "account", "declaration", "note", "memo", "letter", "post", "tweet", "message",
                            "report", "summary", "notice", "filing", "document", "decree", "resolution"})
SPOKESPERSON_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "mouthpiece"})
_DOCUMENTS_KEY = "newsgraph_document_authors"
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "at"})
_PLURAL_INSTITUTIONS = frozenset({"authorities", "forces", "police", "services", "armed"})


@cache
def _institution_heads() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    words = [tuple(line.lower().split()) for line in read_lines(INSTITUTIONS_FILE)]
    return frozenset(w[0] for w in words if len(w) == 1), tuple(w for w in words if len(w) > 1)


@cache
def _agencies() -> tuple[frozenset[str], frozenset[str]]:
    names = [line.lower() for line in read_lines(AGENCIES_FILE)]
    return frozenset(names), frozenset(n for n in names if " " not in n)


def _lower_words(span: Span) -> tuple[str, ...]:
    return tuple(t.lower_ for t in span if not t.is_punct)


def is_institution(span: Span) -> bool:
    singles, phrases = _institution_heads()
    if span.root.lemma_.lower() in singles or span.root.lower_ in singles:
        return True
    words = _lower_words(span)
    return any(words[-len(p):] == p for p in phrases)


def is_relay(span: Span) -> bool:
    """A news outlet or reporter ("Reuters", "the agency's correspondent", "local media")."""
    names, heads = _agencies()
    root = span.root  # Span.root walks the span's tokens: once
    if root.lower_ in heads or root.lemma_.lower() in heads:
        return True
    return _LEADING_DET.sub("", span.text.lower()).strip() in names


def is_relay_name(name: str) -> bool:
    names, _ = _agencies()
    return _LEADING_DET.sub("", name.lower()).strip() in names


def clean_institution_name(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_DET.sub("", text.strip())).strip()


def institution_name(span: Span) -> str | None:
    """A name for an institution NER did not tag, from the mention: "the British defence ministry"
    -> "British Defence Ministry", "China's Commerce Ministry" -> "Chinese Commerce Ministry"."""
    head = span.root
    toks = list(span)
    end = head.i - span.start + 1
    if end < len(toks) and toks[end].lower_ == "of":  # "Ministry of Defence"
        end = len(toks)
    words: list[str] = []
    for tok in toks[:end]:
        if tok.is_punct and tok.text != "-" or tok.pos_ in ("DET", "PRON") or tok.lower_ in ("a", "an", "the"):
            continue
        if tok.text in ("'s", "’s"):
            continue
        if tok.dep_ == "poss" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in ("'s", "’s")):
            adjective = country_adjective(country_of_name(tok.text))
            if adjective:
                words.append(adjective)
                continue
            return None  # "the department's", "Novak's": not an institution's own name
        words.append(tok.text)
    if not words:
        return None
    if head.tag_ in ("NNS", "NNPS") and head.lower_ not in _PLURAL_INSTITUTIONS:
        return None  # "the foreign ministries of the three countries": several, no one name
    return " ".join(w if w.lower() in _SMALL_WORDS or not w[:1].isalpha() or w[:1].isupper() else w[:1].upper() + w[1:]
                    for w in words)


def _qualifiers(span: Span) -> set[str]:
    """The words that tell one ministry from another ("defence" in "the British defence ministry")."""
    head = span.root
    return {t.lower_ for t in span if t.i < head.i and t.pos_ in ("PROPN", "NOUN", "ADJ")
            and t.ent_type_ not in ("GPE", "NORP") and t.lower_ not in _SMALL_WORDS}


def resolve_institution(doc: Doc, span: Span, add_entity, quoted: Callable[[int], bool] | None = None) -> Entity | None:
    """An ORG entity for an institutional mention: one already named with that head word (and
    its qualifiers, and no other country), else a new one named after the mention."""
    head = span.root
    key = head.lemma_.lower()
    qualifiers = _qualifiers(span)
    country = code_actor(span.text)[0]
    best, best_pos = None, -1
    for entity in doc._.entities or []:
        if entity.type not in ORG_TYPES:
            continue
        words = entity.name.lower().split()
        if not words or words[-1] not in (key, head.lower_) and words[-1].rstrip("s") != key:
            continue
        if qualifiers and not qualifiers <= set(words):
            continue
        if country and entity.country and entity.country != country:
            continue
        last = last_mention_before(entity, span.start_char, quoted)
        if last > best_pos:
            best, best_pos = entity, last
    if best is not None:
        return best
    name = institution_name(span)
    if name:
        return add_entity(doc, name, "ORG", span.start_char, span.end_char)
    return None


def document_author(doc: Doc, span: Span, resolve: Callable[[Span], Entity | None]) -> Entity | None:
    """Who issued "the department's readout", "a readout published by the Foreign Ministry", "a
    statement from the Kremlin"; a bare "the readout" is the last document's author."""
    head = span.root
    authors: list[tuple[int, str, Entity]] = doc.user_data.setdefault(_DOCUMENTS_KEY, [])
    author = None
    for child in head.children:
        if child.dep_ == "poss" and child.lower_ not in ("its", "their", "his", "her"):
            author = resolve(_mention_of(child))
        elif child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or (
                    obj is not None and obj.pos_ in ("PROPN", "NOUN") and obj.lemma_ not in DOCUMENT_NOUNS):
                author = resolve(_mention_of(obj))
        elif child.dep_ == "acl":  # "published by the Chinese Foreign Ministry"
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                author = resolve(_mention_of(obj))
        if author is not None:
            break
    if author is None and any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children):
        return None  # "its readout": the pronoun's antecedent, left to the caller
    if author is not None:
        authors.append((span.start_char, head.lemma_.lower(), author))
        return author
    if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        earlier = [a for a in authors if a[0] < span.start_char and a[1] == head.lemma_.lower()]
        if earlier:
            return earlier[-1][2]
    return None


def _mention_of(tok: Token) -> Span:
    from newsgraph.extract.speakers.mentions import mention_span

    return mention_span(tok)


# nouns for people who speak in news copy, besides offices (offices.tsv) and institutions
PEOPLE_NOUNS = frozenset({
    "official", "aide", "adviser", "advisor", "candidate", "nominee", "lawmaker", "legislator", "politician",
    "voter", "supporter", "critic", "opponent", "rival", "activist", "protester", "protestor", "resident",
    "analyst", "expert", "economist", "strategist", "consultant", "pollster", "lawyer", "attorney", "judge",
    "prosecutor", "investigator", "witness", "victim", "survivor", "farmer", "worker", "leader", "member",
    "delegate", "donor", "founder", "owner", "executive", "businessman", "businesswoman", "journalist",
    "reporter", "columnist", "commentator", "host", "anchor", "author", "writer", "editor", "historian",
    "scholar", "professor", "researcher", "scientist", "doctor", "diplomat", "envoy", "negotiator",
    "commander", "officer", "soldier", "general", "spokesperson", "spokesman", "spokeswoman", "man", "woman",
    "people", "person", "father", "mother", "son", "daughter", "wife", "husband", "brother", "sister",
    "friend", "neighbour", "neighbor", "colleague", "counterpart", "partner", "chairman", "chairwoman",
    "president", "governor", "senator", "congressman", "congresswoman", "mayor", "minister", "secretary",
    "ambassador", "speaker", "director", "chief", "head", "manager", "staff", "staffer", "team", "crowd",
    "audience", "students", "student", "teacher", "parent", "citizen", "american", "republican", "democrat",
    "conservative", "liberal", "progressive", "insider", "source", "ally", "backer", "fan", "campaign",
})


def could_speak(span: Span) -> bool:
    """Whether a common-noun mention can be a speaker: a person noun, an office, an institution,
    or a named entity ("the ministry", "a senior official", "aides"); not "the figure"."""
    from newsgraph.extract.speakers.offices import mention_office

    head = span.root
    if head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or any(t.ent_type_ in ("PERSON", "ORG") for t in span):
        return True
    lemma = head.lemma_.lower()
    if lemma in PEOPLE_NOUNS or head.lower_ in PEOPLE_NOUNS or lemma in DOCUMENT_NOUNS:
        return True
    return is_institution(span) or bool(mention_office(head.text)[0])
