"""The content a cue reports, read off the dependency parse (reported speech).

`Novak said (that) X` -> the complement clause X; `X, Novak said` -> the clause the cue hangs
from, minus the cue's own phrase; `according to Novak, X` -> the clause minus the "according
to" phrase; `This was stated by Novak` -> the sentence before; `urged Moscow to withdraw` ->
the object and its infinitive.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsgraph.extract.quotes.cues import Cue

Piece = tuple[int, int]  # token range [start, end)

_CLAUSE_DEPS = frozenset({"ccomp"})
_INVERTED_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "dep"})
_LEADING_MARKS = frozenset({"that"})
_BACKREF_OBJECTS = frozenset({"this", "that", "so", "it"})
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "prep", "dative"})
_CONTENT_PREPS = frozenset({"of", "about", "against", "for", "on", "to", "that"})
_EDGE_PUNCT = frozenset({",", ";", ":", "-", "–", "—", "(", ")", '"', "“", "”", "'", "‘", "’", "``", "''", "„", "«", "»"})


@dataclass
class Content:
    pieces: list[Piece]
    method: str  # clause | inverted | according | previous | directive


def subtree_range(tok: Token) -> Piece:
    return tok.left_edge.i, tok.right_edge.i + 1


def trim(doc, piece: Piece, drop_that: bool = True) -> Piece | None:
    s, e = piece
    while s < e and (doc[s].text in _EDGE_PUNCT or doc[s].is_space):
        s += 1
    if drop_that and s < e - 1 and doc[s].lower_ in _LEADING_MARKS and doc[s].dep_ == "mark":
        s += 1
    while e > s and (doc[e - 1].text in _EDGE_PUNCT or doc[e - 1].text == "." or doc[e - 1].is_space):
        e -= 1
    return (s, e) if e > s else None


def minus(outer: Piece, inner: Piece) -> list[Piece]:
    """`outer` with `inner` cut out: zero, one or two pieces."""
    out = []
    if inner[0] > outer[0]:
        out.append((outer[0], min(inner[0], outer[1])))
    if inner[1] < outer[1]:
        out.append((max(inner[1], outer[0]), outer[1]))
    return out


_BREAKS = frozenset({",", ";", "—", "–", "--", "-"})
_NONRESTRICTIVE = frozenset({"which", "whose"})


def prune(doc, piece: Piece, cues: frozenset[int] = frozenset()) -> Piece:
    """Cut what the parser hung on the content but the speaker did not say: a second cue
    ("..., noting that", "and added"), a participle after a comma ("..., highlighting the
    disconnect") or a non-restrictive relative clause ("..., which ...")."""
    s, e = piece
    for c in cues:
        if s < c < e:
            left = doc[c].left_edge.i
            if s < left and (doc[left - 1].text in _BREAKS or doc[left - 1].dep_ == "cc"):
                e = min(e, left - 1)
            elif s < c and (doc[c - 1].text in _BREAKS or doc[c - 1].dep_ == "cc"):
                e = min(e, c - 1)
    for i in range(s + 1, e):
        tok, prev = doc[i], doc[i - 1]
        if prev.text not in _BREAKS:
            continue
        if (tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp", "acl")) or tok.lower_ in _NONRESTRICTIVE:
            return s, i - 1
    return s, e


def _clean(doc, pieces: list[Piece], cues: frozenset[int] = frozenset()) -> list[Piece]:
    out = []
    for p in pieces:
        t = trim(doc, prune(doc, p, cues))
        if t and any(not doc[i].is_punct for i in range(*t)):
            out.append(t)
    return out


def _clause_head(tok: Token) -> Token:
    """The verb of the clause a modifier sits in (for "according to" on a noun)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT" and tok.head is not tok:
        tok = tok.head
    return tok


def content_for(cue: Cue, previous_sentence: Span | None, other_cues: frozenset[int] = frozenset()) -> Content | None:
    """The reported content of a cue as token pieces; `other_cues` (token indexes) end it."""
    tok = cue.token
    doc = tok.doc

    def clean(pieces):
        return _clean(doc, pieces, other_cues)

    if cue.cls == "according":
        head = _clause_head(tok.head) if tok.dep_ != "ROOT" else tok
        if head is tok:
            return None
        pieces = clean(minus(subtree_range(head), subtree_range(tok)))
        return Content(pieces, "according") if pieces else None

    clauses = [c for c in tok.children if c.dep_ in _CLAUSE_DEPS]
    if cue.cls == "directive":
        return _directive_content(cue)
    if cue.cls == "naming":
        return _naming_content(cue)
    if cue.end - cue.start > 1 and doc[cue.end - 1].dep_ == "prep" and not clauses:
        return _prepositional_content(cue)
    if clauses:
        pieces = clean([subtree_range(c) for c in clauses])
        return Content(pieces, "clause") if pieces else None
    if cue.takes_object or cue.cls == "belief":
        infinitive = _infinitive_content(cue)
        if infinitive is not None:
            return infinitive

    # "This was stated by Novak", "Novak said this": the content is the sentence before
    if cue.cls == "speech" and _refers_back(tok) and previous_sentence is not None:
        pieces = clean([(previous_sentence.start, previous_sentence.end)])
        return Content(pieces, "previous") if pieces else None

    # "X, Novak said." / "X, Novak believes" / "X, he said, Y": the cue hangs from the content's verb
    head = tok.head
    if (tok.dep_ in _INVERTED_DEPS and head is not tok and head.pos_ in ("VERB", "AUX")
            and _has_subject(tok) and _set_off(tok)
            and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children)):
        pieces = clean(minus(subtree_range(head), subtree_range(tok)))
        return Content(pieces, "inverted") if pieces else None
    return None


def _right_objects(cue: Cue) -> list[Token]:
    return [c for c in cue.token.rights if c.dep_ in _OBJECT_DEPS and c.i >= cue.end - 1
            and not (c.dep_ == "prep" and c.lower_ not in _CONTENT_PREPS and c.i >= cue.end)]


def _naming_content(cue: Cue) -> Content | None:
    """"called it "absurd"", "called his actions "a crucial step"": object and its complement;
    a bare object ("called Putin") is a phone call, not a quote."""
    tok = cue.token
    objects = [c for c in tok.rights if c.dep_ == "dobj"]
    if not objects:
        return None
    obj = objects[0]
    complements = [c for c in tok.rights if c.i > obj.i and (c.dep_ in ("oprd", "xcomp", "ccomp")
                                                              or (c.dep_ == "prep" and c.lower_ == "as"))]
    complements += [c for c in obj.rights if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ == "as")]
    if not complements:
        return None
    end = max(c.right_edge.i for c in complements + [obj]) + 1
    pieces = _clean(tok.doc, [(obj.left_edge.i, end)])
    return Content(pieces, "object") if pieces else None


def _prepositional_content(cue: Cue) -> Content | None:
    """"referred to the plan as a disaster", "talked about taxes": the object of the preposition."""
    prep = cue.token.doc[cue.end - 1]
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objects:
        return None
    pieces = _clean(cue.token.doc, [(objects[0].left_edge.i, objects[-1].right_edge.i + 1)])
    return Content(pieces, "object") if pieces else None


def _directive_content(cue: Cue) -> Content | None:
    """"urged Moscow to withdraw", "called for a ceasefire", "called on Russia to stop"."""
    doc = cue.token.doc
    objects = _right_objects(cue)
    if not objects:
        return None
    multiword = cue.end - cue.start > 1
    if not multiword and not any(c.dep_ in ("xcomp", "ccomp") for c in objects):
        return None
    start = cue.end if multiword else objects[0].left_edge.i
    pieces = _clean(doc, [(start, objects[-1].right_edge.i + 1)])
    return Content(pieces, "directive") if pieces else None


def _infinitive_content(cue: Cue) -> Content | None:
    """"vowed to fight on", "expects Moscow to respond": the object and the infinitive."""
    tok = cue.token
    xcomps = [c for c in tok.rights if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)]
    if not xcomps:
        return None
    objects = [c for c in tok.rights if c.dep_ == "dobj" and c.i < xcomps[0].i]
    first = objects[0] if objects else xcomps[0]
    pieces = _clean(tok.doc, [(first.left_edge.i, xcomps[0].right_edge.i + 1)])
    return Content(pieces, "infinitive") if pieces else None


def object_content(cue: Cue) -> Content | None:
    """"warned Moscow of consequences", "denied the allegations": the objects are the content."""
    doc = cue.token.doc
    objects = [c for c in _right_objects(cue) if c.dep_ != "xcomp"]
    if not objects or objects[0].dep_ != "dobj":
        return None
    if objects[0].pos_ in ("PRON", "PROPN") and len(objects) == 1:
        return None  # "told reporters", "told Novak": the listener, not the content
    pieces = _clean(doc, [(objects[0].left_edge.i, objects[-1].right_edge.i + 1)])
    return Content(pieces, "object") if pieces else None


def _set_off(tok: Token) -> bool:
    """The attribution is set off by punctuation: "X, Novak said", "X" Novak said, "X, he said, Y"."""
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    if doc[left].is_punct or (left > 0 and doc[left - 1].is_punct):
        return True
    after = doc[right] if doc[right].is_punct else (doc[right + 1] if right + 1 < len(doc) else None)
    return after is not None and after.is_punct and after.text not in (".", "!", "?")


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)


def _refers_back(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "nsubjpass" and c.lower_ in _BACKREF_OBJECTS:
            return True
        if c.dep_ in ("dobj", "advmod") and c.lower_ in _BACKREF_OBJECTS and c.i > tok.i:
            return True
    return False
