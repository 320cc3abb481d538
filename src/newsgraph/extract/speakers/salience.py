"""How prominent an entity is at a point of the article: what pronouns and offices lean on.

An entity's salience at position `pos` adds up its mentions before `pos` (not inside quotations):
each counts 0.5 ** (sentences back), twice when it is the subject of its clause. Resolved pronoun
and office mentions are mentions too, so a chain ("Novak ... she ... the minister") stays
prominent. The previous quote's speaker gets a bonus on top (see resolve / pronouns).
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Callable

from spacy.tokens import Doc

from newsgraph.records import Entity

_SENTS_KEY = "newsgraph_sentence_starts"
_SUBJECTS_KEY = "newsgraph_subject_mentions"
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
MAX_SENTENCES_BACK = 8
SUBJECT_WEIGHT = 2.0


def sentence_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get(_SENTS_KEY)
    if starts is None:
        if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            starts = [s.start_char for s in doc.sents]
        else:
            starts = [0]
        doc.user_data[_SENTS_KEY] = starts
    return starts


def sentence_index(doc: Doc, pos: int) -> int:
    return max(0, bisect_right(sentence_starts(doc), pos) - 1)


def is_subject(doc: Doc, start: int, end: int) -> bool:
    """The mention [start, end) is the subject of its clause ("Novak said", "Novak, the minister, said")."""
    cache: dict = doc.user_data.setdefault(_SUBJECTS_KEY, {})
    key = (start, end)
    found = cache.get(key)
    if found is None:
        span = doc.char_span(start, end, alignment_mode="expand")
        found = False
        if span is not None and len(span):
            root = span.root
            while root.dep_ in ("compound", "flat", "appos", "conj") and root.head.i != root.i:
                root = root.head
            found = root.dep_ in _SUBJECT_DEPS or (root.dep_ == "pobj" and root.head.dep_ == "agent")
        cache[key] = found
    return found


def salience(doc: Doc, entity: Entity, pos: int, quoted: Callable[[int], bool] | None = None) -> float:
    """How prominent `entity` is just before `pos`; 0 when it was not mentioned (recently) before."""
    here = sentence_index(doc, pos)
    total = 0.0
    for s, e in entity.mentions:
        if e > pos:
            break
        if quoted is not None and quoted(s):
            continue
        back = here - sentence_index(doc, s)
        if back > MAX_SENTENCES_BACK:
            continue
        weight = 0.5 ** back
        if is_subject(doc, s, e):
            weight *= SUBJECT_WEIGHT
        total += weight
    return total


def last_mention_before(entity: Entity, pos: int, quoted: Callable[[int], bool] | None = None) -> int:
    best = -1
    for s, e in entity.mentions:
        if e <= pos and s > best and not (quoted and quoted(s)):
            best = s
    return best
