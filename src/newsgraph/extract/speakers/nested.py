"""Nested attributions: a quote whose cue sits in the complement clause of an outer predicate.

"The survey showed that voters backed Clinton", "The outlet glosses over the fact that the gun
laws guaranteed ...", "Devine made it clear that his boss wanted ...": PolNeAR attributes the
reported clause to the outer subject (the survey, the outlet, Devine), not to the subject of the
inner cue. `outer_subject(cue)` finds that subject: the cue heads a that-clause which is the
clausal complement of a predicate before it (for "made it clear that", of the adjective, which
the parser may hang it on as an adverbial clause), or the clause of a fact noun ("the fact that",
`resources/speakers/fact_nouns.txt`) that a verb governs directly or through a preposition; the
predicate's own subject, before it, is a noun or pronoun that can hold a view (not an expletive,
a relative, "you" or "none": `resources/speakers/not_outer_sources.txt`). Predicates whose
subject does not report the clause ("the point is that") are in
`resources/speakers/not_outer_predicates.txt`.

Only a that-clause counts: without "that" (or with "whether", "how") the outer subject was as
often wrong as right on PolNeAR train.

Likewise a report verb after the cue's clause that reports nothing after itself ("Carter
discussed how he had ..., the Times reported": `trailing_reporter`, verbs in
`resources/speakers/trailing_report_verbs.txt`) makes its subject, a name or noun, the source;
but a news agency that reports a statement only relays it (speakers.institutions.is_relay).
"""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.mentions import mention_span
from newsgraph.extract.token_classes import FINITE_TAGS
from newsgraph.resources import read_word_set

FACT_NOUNS_FILE = "speakers/fact_nouns.txt"
TRAILING_REPORT_FILE = "speakers/trailing_report_verbs.txt"
NOT_OUTER_FILE = "speakers/not_outer_predicates.txt"
NOT_SOURCES_FILE = "speakers/not_outer_sources.txt"

_SOURCE_POS = frozenset({"PROPN", "NOUN", "PRON"})
_PREDICATE_POS = frozenset({"VERB", "AUX", "ADJ"})
_NOUN_LINKS = frozenset({"dobj", "attr", "nsubjpass"})


def _subject(predicate: Token) -> Token | None:
    return next((c for c in predicate.children if c.dep_ == "nsubj"), None)


def _has_that(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def complement_governor(cue: Token, need_that: bool = True) -> Token | None:
    """The predicate whose complement the cue's clause is, or None."""
    if need_that and not _has_that(cue):
        return None
    head = cue.head
    if cue.dep_ == "ccomp":
        return head
    if cue.dep_ == "advcl" and head.pos_ == "ADJ" and any(c.dep_ == "nsubj" and c.lower_ == "it" for c in head.children):
        return head  # "made it clear that ...": the parser hangs the clause on the adjective
    if cue.dep_ == "acl" and head.lemma_.lower() in read_word_set(FACT_NOUNS_FILE):
        if head.dep_ in _NOUN_LINKS:
            return head.head
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            return head.head.head  # "glosses over the fact that"
    return None


def outer_subject(cue: Token, need_that: bool = True) -> Token | None:
    """The subject of the predicate that reports the cue's clause, or None (see the module doc)."""
    governor = complement_governor(cue, need_that)
    if governor is None or governor.i > cue.i or governor.pos_ not in _PREDICATE_POS or not governor.is_alpha:
        return None
    subj = _subject(governor)
    if (subj is None or subj.lower_ == "it") and governor.pos_ == "ADJ" and governor.dep_ in ("ccomp", "oprd", "acomp", "advcl"):
        governor = governor.head  # "made it clear that": the maker
        subj = _subject(governor)
    if subj is None or subj.i > governor.i or subj.tag_ == "EX" or subj.pos_ not in _SOURCE_POS:
        return None
    if subj.lower_ in read_word_set(NOT_SOURCES_FILE) or governor.lemma_.lower() in read_word_set(NOT_OUTER_FILE):
        return None
    return subj


_NAMING_POS = frozenset({"PROPN", "NOUN"})


def trailing_reporter(cue: Token) -> Token | None:
    """"Carter discussed how he had ..., the Times reported.": the subject of a report verb after
    the cue that reports the cue's clause and nothing after itself (its subject a name or noun)."""
    for verb in cue.sent[cue.i - cue.sent.start + 1:]:
        if verb.lemma_.lower() not in read_word_set(TRAILING_REPORT_FILE) or verb.pos_ != "VERB" or verb.tag_ not in FINITE_TAGS:
            continue
        if not verb.is_ancestor(cue):
            continue  # a report inside the reported words ("said the deal, which the Times reported, ...")
        if any(c.dep_ in ("ccomp", "dobj") and c.i > verb.i for c in verb.children):
            continue  # "the Huffington Post reported that ...": it reports what follows
        subj = _subject(verb)
        if subj is not None and subj.pos_ in _NAMING_POS:
            return subj
    return None


def defer_to_outer_subjects(drafts) -> None:
    """Give each quote draft whose cue is reported by an outer predicate that predicate's subject
    (drafts of quotes.drafts: `cue.token`, `spans`, `speaker`, `method`). Speech verbs above the
    cue are quotes.settle.defer_to_outer_speakers' already; this takes any predicate."""
    for d in drafts:
        if d.cue is None or d.method == "label":
            continue
        subj = outer_subject(d.cue.token)
        trailing = False
        if subj is None:
            subj, trailing = trailing_reporter(d.cue.token), True
        if subj is None:
            continue
        mention = mention_span(subj)
        if trailing and d.cue.cls == "speech" and is_relay(mention):
            continue  # "..., the Treasury said, Reuters reports": the agency relays a statement
        if any(s < mention.end_char and mention.start_char < e for s, e in d.spans):
            continue  # the subject is part of the words reported
        d.speaker = mention
