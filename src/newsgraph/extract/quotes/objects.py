"""Content that is an object rather than a clause: "denied the allegations", "called it
"absurd"", "referred to the plan", "urged Moscow to withdraw", "vowed to fight on", "his claim
that ...", "criticism of the plan"."""
from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.quotes.cues import Cue
from newsgraph.extract.quotes.pieces import Content, Piece, clean, subtree_range

_OBJECT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "prep", "dative"})
# prepositions whose phrase after the object is still content ("warned Moscow of consequences");
# "on" mostly says where or when ("discussed my sentence on the Fox News Channel", "confirmed the
# meeting on the condition of anonymity"): PolNeAR train 1-420, +7 matches and none lost without it.
# "as" ("described the plan as a short-term buzz", "slammed Obama as elitist"): F1@0.3 / relation
# F1 +0.0004 / +0.0004, +0.0001 / +0.0001, +0.0002 / +0.0005 on PolNeAR train 1-300, 301-600, 601-840
_CONTENT_PREPS = frozenset({"of", "about", "against", "for", "to", "that", "as"})
_TOPIC_PREPS = frozenset({"of", "about", "on", "for", "over"})


_BREAKS = frozenset({",", "—", "–", "--", "-", "("})


def _right_end(tok: Token) -> int:
    """Where an object phrase ends, without an apposition set off after it: "referring to
    [Jeffrey D. Feltman], a State Department official", "opposed [the pact] — one of his goals".
    The apposition describes the thing; the speaker's words were about the thing."""
    doc = tok.doc
    for c in tok.rights:
        if c.dep_ == "appos" and c.left_edge.i > tok.i and doc[c.left_edge.i - 1].text in _BREAKS:
            return c.left_edge.i - 1
    return tok.right_edge.i + 1


def _content(doc, piece: Piece, method: str) -> Content | None:
    pieces = clean(doc, [piece])
    return Content(pieces, method) if pieces else None


def _right_objects(cue: Cue) -> list[Token]:
    return [c for c in cue.token.rights if c.dep_ in _OBJECT_DEPS and c.i >= cue.end - 1
            and not (c.dep_ == "prep" and c.lower_ not in _CONTENT_PREPS and c.i >= cue.end)]


def noun_content(cue: Cue) -> Content | None:
    """"his claim that the vote was rigged" -> the clause; "criticism of the plan" -> the object
    (only for nouns marked `object`: criticism, concern, question, call ...)."""
    tok = cue.token
    for c in tok.rights:
        if c.dep_ in ("acl", "relcl", "ccomp") and any(
                g.lower_ == "that" and g.dep_ in ("mark", "dobj", "nsubj") and g.i < c.i for g in c.lefts):
            if any(g.dep_ == "mark" for g in c.lefts) or c.dep_ != "relcl":
                return _content(tok.doc, subtree_range(c), "noun")
    if cue.takes_object:
        for c in tok.rights:
            if c.dep_ == "prep" and c.lower_ in _TOPIC_PREPS:
                objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objects:
                    return _content(tok.doc, (objects[0].left_edge.i, _right_end(objects[-1])), "noun")
    return None


def naming_content(cue: Cue) -> Content | None:
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
    return _content(tok.doc, (obj.left_edge.i, end), "object")


def prepositional_content(cue: Cue) -> Content | None:
    """"referred to the plan as a disaster", "talked about taxes": the object of the preposition."""
    prep = cue.token.doc[cue.end - 1]
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if not objects:
        return None
    return _content(cue.token.doc, (objects[0].left_edge.i, _right_end(objects[-1])), "object")


def directive_content(cue: Cue) -> Content | None:
    """"urged Moscow to withdraw", "called for a ceasefire", "called on Russia to stop"."""
    doc = cue.token.doc
    multiword = cue.end - cue.start > 1
    objects = _right_objects(cue)
    if multiword:
        objects = sorted(objects + _infinitive_after(cue, objects), key=lambda c: c.i)
    if not objects:
        return None
    if not multiword and not any(c.dep_ in ("xcomp", "ccomp") for c in objects):
        return None
    start = cue.end if multiword else objects[0].left_edge.i
    return _content(doc, (start, objects[-1].right_edge.i + 1), "directive")


def _infinitive_after(cue: Cue, objects: list[Token]) -> list[Token]:
    """The infinitive of "called for [Trump to drop out]", "called for [the secretary] to release
    ...": the parser hangs it on the verb as an adverbial clause, with the cue's preposition as its
    marker or right after the preposition's object, so it is not among the cue's objects."""
    reach = max((o.right_edge.i for o in objects), default=cue.end - 1) + 1
    return [c for c in cue.token.rights if c.dep_ == "advcl" and cue.end - 1 <= c.left_edge.i <= reach
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.lefts)]


def infinitive_content(cue: Cue) -> Content | None:
    """"vowed to fight on", "expects Moscow to respond": the object and the infinitive."""
    tok = cue.token
    xcomps = [c for c in tok.rights if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)]
    if not xcomps:
        return None
    objects = [c for c in tok.rights if c.dep_ == "dobj" and c.i < xcomps[0].i]
    first = objects[0] if objects else xcomps[0]
    # a relative pronoun the infinitive governs stands before the cue ("which the Commission is
    # expected [to present]"): the content starts after the cue, not in the writer's clause
    start = max(first.left_edge.i, cue.end)
    return _content(tok.doc, (start, xcomps[0].right_edge.i + 1), "infinitive")


def object_content(cue: Cue) -> Content | None:
    """"warned Moscow of consequences", "denied the allegations": the objects are the content."""
    doc = cue.token.doc
    objects = [c for c in _right_objects(cue) if c.dep_ != "xcomp"]
    if not objects or objects[0].dep_ != "dobj":
        return None
    if objects[0].pos_ in ("PRON", "PROPN") and len(objects) == 1 and not cue.object_is_target:
        return None  # "warned Novak", "warned them": the listener, not the content
    return _content(doc, (objects[0].left_edge.i, _right_end(objects[-1])), "object")
