"""Reported demands: "X says Y must do Z" is X's REQUEST to Y (CAMEO 10), not Y doing Z.

The reported clause's own trigger, if any, is what is asked for: it gives no event of its own.
The words are data (resources/events/demands.tsv).
"""
from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from newsgraph.extract.events.docview import kid_deps, words_in
from newsgraph.extract.events.patterns import TriggerPattern, parse_pattern
from newsgraph.extract.events.triggers import TriggerMatch, lemma_of
from newsgraph.resources import read_table

DEMAND_CONFIDENCE = "0.7"


@cache
def _words() -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    for kind, cell in read_table("events/demands.tsv"):
        words.setdefault(kind, set()).update(w.strip().lower() for w in cell.split("|") if w.strip())
    return {kind: frozenset(ws) for kind, ws in words.items()}


@cache
def demand_pattern() -> TriggerPattern:
    """A REQUEST of the speaker; the recipient is found in the reported clause."""
    return parse_pattern(("*", "V", "-", "-", "REQUEST", "-", "subj", "-", DEMAND_CONFIDENCE), 0)


def _is_demand(clause: Token) -> bool:
    modals = _words().get("modal", frozenset())
    return clause.dep_ == "ccomp" and any(dep == "aux" and c.text.lower() in modals for dep, c in kid_deps(clause)) \
        and lemma_of(clause.head) in _words().get("speech", frozenset())


def _inverted(modal: Token, clause: Token) -> bool:
    """Whether the modal comes before its clause's subject: "should Moscow move ahead" is a
    condition (if Moscow moves ahead), not a demand that it should."""
    return any(dep in ("nsubj", "nsubjpass", "expl") and c.i > modal.i for dep, c in kid_deps(clause))


def find_demands(sent: Span) -> list[tuple[TriggerMatch, Token]]:
    """(a REQUEST match on the verb of saying, the demanded clause) for each reported demand."""
    out = []
    for modal in words_in(sent, _words().get("modal", frozenset())):
        clause = modal.head
        if modal.dep_ == "aux" and clause.pos_ in ("VERB", "AUX") and not _inverted(modal, clause) \
                and _is_demand(clause):
            out.append((TriggerMatch(clause.head, demand_pattern(), None, None), clause))
    return out
