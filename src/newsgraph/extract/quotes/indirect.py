"""The content a cue reports, read off the dependency parse (reported speech).

`Novak said (that) X` -> the complement clause X; `X, Novak said` -> the clause the cue hangs
from, minus the cue's own phrase; `according to Novak, X` -> the clause minus the "according
to" phrase (the whole sentence when the phrase stands at its edge); `This was stated by Novak`
-> the sentence before. Objects as content ("denied the allegations") are in objects.py.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.extract.quotes import objects
from newsgraph.extract.quotes.cues import Cue, attitude_object, judged
from newsgraph.extract.quotes.pieces import Content, Piece, clean, minus, subtree_range
from newsgraph.resources import read_word_set

_CLAUSE_DEPS = frozenset({"ccomp"})
_INVERTED_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "dep"})
_INVERTED_CLASSES = frozenset({"speech"})
# "said this", "said so", "This was stated by": the sentence before is the content. "it" and
# "that" mostly stand for a thing ("reported it to the F.B.I.", "proposed just that"): on PolNeAR
# train 5 in 6 such contents were wrong.
_BACKREF_OBJECTS = frozenset({"this", "so"})
QUESTION_VERBS_FILE = "quotes/question_verbs.txt"
_QUESTION_CONJUNCTIONS = frozenset({"if", "whether"})  # that open an embedded question


def _at_sentence_edge(tok: Token, sentence: Span) -> bool:
    left, right = tok.left_edge.i, tok.right_edge.i
    end = sentence.end
    while end - 1 > right and (tok.doc[end - 1].is_punct or tok.doc[end - 1].is_space):
        end -= 1
    return left == sentence.start or right == end - 1


def _clause_head(tok: Token) -> Token:
    """The verb of the clause a modifier sits in (for "according to" on a noun)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.dep_ != "ROOT" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def content_for(cue: Cue, previous_sentence: Span | None, other_cues: frozenset[int] = frozenset(),
                sentence: Span | None = None) -> Content | None:
    """The reported content of a cue as token pieces; `other_cues` (token indexes) end it."""
    tok = cue.token
    doc = tok.doc

    def cleaned(pieces):
        return clean(doc, pieces, other_cues)

    if cue.cls == "noun":
        return objects.noun_content(cue)
    if cue.cls == "evidential":
        return _judged_clause(cue, other_cues)
    if cue.cls == "attitude":
        about = attitude_object(tok)
        pieces = cleaned([subtree_range(about)]) if about is not None else []
        return Content(pieces, "attitude") if pieces else None
    if cue.cls == "according":
        head = _clause_head(tok.head) if tok.dep_ != "ROOT" else tok
        if head.i == tok.i:
            return None
        if sentence is not None and _at_sentence_edge(tok, sentence):
            head = sentence.root  # ", according to X." covers the whole sentence, not the verb it hangs on
        pieces = cleaned(minus(subtree_range(head), subtree_range(tok)))
        return Content(pieces, "according") if pieces else None

    clauses = [c for c in tok.children
               if (dep := c.dep_) in _CLAUSE_DEPS or (dep == "advcl" and _question_clause(tok, c))]
    if cue.cls == "directive":
        return objects.directive_content(cue)
    if cue.cls == "naming":
        return objects.naming_content(cue)
    if cue.end - cue.start > 1 and doc[cue.end - 1].dep_ == "prep" and not clauses:
        return objects.prepositional_content(cue)
    if clauses:
        # '"...," Manafort said, adding of Trump, "He cares ..."': a clause that opens with another
        # cue is that cue's content, which the parser hung on this one
        own = [c for c in clauses if c.left_edge.i == c.i or c.left_edge.i not in other_cues] or clauses[:1]
        ranges = [subtree_range(c) for c in own]
        stranded = _stranded_conjuncts(tok, own)
        if stranded:
            ranges = merged(ranges + [(ranges[-1][1], subtree_range(c)[1]) for c in stranded])
        pieces = cleaned(ranges)
        return Content(pieces, "clause") if pieces else None
    if cue.takes_object or cue.cls in ("belief", "speech"):
        infinitive = objects.infinitive_content(cue)
        if infinitive is not None:
            return infinitive

    # "This was stated by Novak", "Novak said this": the content is the sentence before
    if cue.cls == "speech" and _refers_back(tok) and previous_sentence is not None:
        pieces = cleaned([(previous_sentence.start, previous_sentence.end)])
        return Content(pieces, "previous") if pieces else None

    # "X, Novak said." / "X, he said, Y": the cue hangs from the content's verb
    # only for speech: an inverted belief or finding ("X, he believes", "X, polls show") matched
    # 1 in 4 on PolNeAR train, mostly a misparse of a clause with its own content
    head = tok.head
    if (cue.cls in _INVERTED_CLASSES and tok.dep_ in _INVERTED_DEPS and head.i != tok.i and head.pos_ in ("VERB", "AUX")
            and _has_subject(tok) and _set_off(tok)
            and not any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in tok.children)):
        pieces = cleaned(minus(subtree_range(head), subtree_range(tok)))
        return Content(pieces, "inverted") if pieces else None
    return None


def _stranded_conjuncts(verb: Token, clauses: list[Token]) -> list[Token]:
    """'said both sides must "de-escalate" and [return to the dialogue]': a bare infinitive the
    parser coordinated with the finite cue verb belongs to the modal clause the cue reports
    (a cue's own conjunct agrees with it: 'said ... and left')."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or not any(
            c.dep_ == "aux" and c.tag_ == "MD" for clause in clauses for c in clause.children):
        return []
    end = max(clause.right_edge.i for clause in clauses)
    return [c for c in verb.children if c.dep_ == "conj" and c.tag_ == "VB" and c.i > end
            and not any(k.dep_ in ("nsubj", "nsubjpass") for k in c.children)]


def merged(ranges: list[Piece]) -> list[Piece]:
    """Token ranges that touch or overlap joined into one."""
    out: list[Piece] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _judged_clause(cue: Cue, other_cues: frozenset[int]) -> Content | None:
    """"[The speaker appeared closer to offering an endorsement]", "It appears that [X]": the judged
    clause, its subject included, up to the end of the complements (not a trailing ", as ..."
    clause); after "it" (an expletive) only the clause the verb introduces."""
    tok = cue.token
    complements = judged(tok)
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or not complements:
        return None
    if subject.dep_ == "expl" or subject.lower_ == "it":
        clauses = [c for c in complements if c.dep_ in ("ccomp", "advcl")]
        pieces = [subtree_range(c) for c in clauses]
    else:
        pieces = [(min(subject.left_edge.i, tok.i), max(c.right_edge.i for c in complements) + 1)]
    pieces = clean(tok.doc, pieces, other_cues)
    return Content(pieces, "evidential") if pieces else None


def _question_clause(verb: Token, clause: Token) -> bool:
    """'asked [if they planned to attend]': the question, hung on the verb as an adverbial clause."""
    return (clause.dep_ == "advcl" and clause.i > verb.i and verb.lemma_.lower() in read_word_set(QUESTION_VERBS_FILE)
            and any(m.dep_ == "mark" and m.lower_ in _QUESTION_CONJUNCTIONS for m in clause.children))


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
