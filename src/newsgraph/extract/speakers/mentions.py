"""The words that name who is speaking, read off the parse around a cue word.

`Novak said`, `said Novak` (subject), `according to Novak`, `was stated by Novak` (agent),
`Novak, who said`, `Novak said ..., adding` (the subject the cue shares), `Novak was quoted as
saying`. The mention is the noun phrase as written, without appositions or relative clauses.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "acl", "ccomp", "acomp"})
# children that belong to the mention on the right of its head: "head of the ministry", "Novak Jr."
_RIGHT_KEEP = frozenset({"compound", "flat", "prep", "nummod", "poss", "case", "amod"})
_NAME_PREPS = frozenset({"of", "for", "at", "from"})


def _child(tok: Token, deps) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _pobj(prep: Token) -> Token | None:
    return _child(prep, ("pobj",))


# verbs whose subject is the author of the statement they take as object ("issued a statement")
_AUTHORING_VERBS = frozenset({"make", "issue", "release", "repeat", "reiterate", "deliver", "post", "send",
                              "publish", "offer", "express", "voice", "raise", "give", "put", "level"})


def noun_speaker_head(noun: Token) -> Token | None:
    """Whose claim: "his claim" -> his; "Trump made the claim" -> Trump; else unknown."""
    poss = _child(noun, ("poss",))
    if poss is not None:
        return poss
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":  # "in a statement that ..."
        verb = verb.head
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in _AUTHORING_VERBS:
        return None
    return speaker_head(verb, depth=1) if verb.pos_ in ("VERB", "AUX") else None


def speaker_head(cue_token: Token, according: bool = False, depth: int = 0) -> Token | None:
    """The head word of the speaker of `cue_token`, or None."""
    tok = cue_token
    if tok.pos_ == "NOUN" and depth == 0:
        return noun_speaker_head(tok)
    if according:
        to = _child(tok, ("prep",))
        return _pobj(to) if to is not None else None
    agent = _child(tok, ("agent",))
    if agent is not None:
        return _pobj(agent)
    subj = _child(tok, ("nsubj",))
    if subj is None and not _child(tok, ("agent",)):
        subj = _child(tok, ("nsubjpass",))
        if subj is not None and subj.lower_ in ("this", "that", "it"):
            subj = None
    if subj is not None:
        return subj  # a relative "who" stays: it is the mention next to the cue
    if depth >= 3:
        return None
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ == "relcl":
        return head
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "issued a statement saying ...": whoever issued it; "Novak, speaking at the summit, ..."
        verb = head.head.head if head.dep_ == "pobj" else head.head
        if head.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX"):
            return speaker_head(verb, depth=depth + 1) or head
        return head
    if tok.dep_ == "pcomp" and head.dep_ == "prep":  # "was quoted as saying"
        return speaker_head(head.head, depth=depth + 1)
    if tok.dep_ in _SHARED_SUBJECT_DEPS and (tok.dep_ != "ccomp" or tok.tag_ == "VBG"):
        return speaker_head(head, depth=depth + 1)
    return None


def relative_antecedent(pronoun: Token) -> Token | None:
    """"Cruz" for the "who" of "Ted Cruz, who said ..."."""
    verb = pronoun.head
    while verb.dep_ not in ("relcl", "acl") and verb.head.i != verb.i and verb.dep_ in ("conj", "xcomp", "ccomp"):
        verb = verb.head
    return verb.head if verb.dep_ in ("relcl", "acl") else None


def mention_span(tok: Token) -> Span:
    """The noun phrase headed by `tok`, as written: "the head of the Foreign Ministry"."""
    doc = tok.doc
    if tok.pos_ == "PRON":
        return doc[tok.i:tok.i + 1]
    start = tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "preconj") and c.left_edge.i < start:
            start = c.left_edge.i
    while start < tok.i and doc[start].is_punct:
        start += 1
    end = tok.i + 1
    for c in tok.rights:
        if c.left_edge.i != end:
            break
        if c.dep_ in _RIGHT_KEEP and (c.dep_ != "prep" or c.lower_ in _NAME_PREPS):
            end = c.right_edge.i + 1
        else:
            break
    if tok.ent_iob_ in ("B", "I"):  # never cut a name in two
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end]
