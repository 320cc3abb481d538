"""Institutional speakers ("the Treasury said", "the ministry said") and relaying outlets."""
from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from newsgraph.records import Entity
from newsgraph.resources import read_lines

INSTITUTIONS_FILE = "speakers/institution_nouns.txt"
AGENCIES_FILE = "speakers/news_agencies.txt"
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
ORG_TYPES = ("ORG", "FAC", "GPE", "NORP")


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
    text = _LEADING_DET.sub("", span.text.lower()).strip()
    return text in names or span.root.lower_ in heads or span.root.lemma_.lower() in heads


def clean_institution_name(text: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_DET.sub("", text.strip())).strip()


def resolve_institution(doc: Doc, span: Span, add_entity) -> Entity | None:
    """An ORG entity for an institutional mention: one already named, else a new one when the
    mention is a proper name ("the Treasury"); a bare "the ministry" takes the latest ministry."""
    head = span.root
    key = head.lemma_.lower()
    best, best_pos = None, -1
    for entity in doc._.entities or []:
        if entity.type not in ORG_TYPES:
            continue
        words = entity.name.lower().split()
        if not words or key not in (words[-1], words[-1].rstrip("s")):
            continue
        for s, e in entity.mentions:
            if e <= span.start_char and s > best_pos:
                best, best_pos = entity, s
    if best is not None:
        return best
    if any(t.is_title or t.is_upper for t in span if not t.is_punct and t.i >= span.start):
        name = clean_institution_name(span.text)
        if name and name[0].isupper():
            return add_entity(doc, name, "ORG", span.start_char, span.end_char)
    return None
