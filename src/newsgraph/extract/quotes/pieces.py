"""Token pieces of content: cutting, trimming and pruning what the parser hands over."""
from __future__ import annotations

from bisect import bisect_left
from functools import cache
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.docfacts import positions_of_texts
from newsgraph.extract.quotes.cues import CUE_FILE
from newsgraph.extract.token_classes import FINITE_TAGS
from newsgraph.resources import read_table, read_word_set

Piece = tuple[int, int]  # token range [start, end)


@dataclass
class Content:
    """What a cue reports, as token pieces, and how it was found (see drafts.Draft.method)."""

    pieces: list[Piece]
    method: str

_LEADING_MARKS = frozenset({"that"})
_EDGE_PUNCT = frozenset({",", ";", ":", "-", "–", "—", "(", ")", '"', "“", "”", "'", "‘", "’", "``", "''", "„", "«", "»"})
_BREAKS = frozenset({",", ";", "—", "–", "--", "-"})
_NONRESTRICTIVE = frozenset({"which", "whose"})


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
            else:
                e = min(e, _before_subject_of(doc, s, c))
    breaks = positions_of_texts(doc, _BREAKS)  # only a token after a break can end the piece
    for k in range(bisect_left(breaks, s), len(breaks)):
        b = breaks[k]
        if b >= e - 1:
            break
        tok = doc[b + 1]
        if (tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp", "acl")) or tok.lower_ in _NONRESTRICTIVE:
            return s, b
    return s, e


CLAUSE_LINKS_FILE = "quotes/clause_links.txt"
RELATIVE_WORDS_FILE = "quotes/relative_words.txt"
_MAX_SUBJECT_WORDS = 8


def _before_subject_of(doc, s: int, cue: int) -> int:
    """'..., and more than 4 in 10 said Trump would be best': a finite cue verb whose subject
    follows a clause link reports a clause of its own, whatever the parser hung the subject on;
    the content ends before that link (at the Doc's end, i.e. no cut, when there is none). A bare
    comma is no such link: it may close a clause that leads into the cue's ('after examining her
    leg, she insisted that ...', all of it reported)."""
    if doc[cue].tag_ not in FINITE_TAGS:
        return len(doc)
    for j in range(cue - 1, max(s, cue - 1 - _MAX_SUBJECT_WORDS), -1):
        tok = doc[j]
        if tok.lower_ in read_word_set(CLAUSE_LINKS_FILE) or tok.text == ";":
            return j  # the range stops short of s, so a link here always leaves content before it
        if (tok.pos_ in ("VERB", "AUX") or tok.lower_ in read_word_set(RELATIVE_WORDS_FILE)
                or tok.text in ('"', "“", "”")):
            break
    return len(doc)


_FRAME_PREPS = frozenset({"in", "during"})


@cache
def _frame_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in read_table(CUE_FILE) if row[1:2] == ("frame",))


def without_frame(doc, piece: Piece) -> Piece:
    """Cut "in an interview", "in a new poll" off the end of content: the parser hangs the phrase
    on the reported clause's verb ("said they back him [in a Post poll]"), but it says where the
    words were said, not what was said."""
    s, e = piece
    end = e
    while end > s and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    for tok in doc[s:end]:
        if (tok.dep_ == "prep" and tok.lower_ in _FRAME_PREPS and tok.right_edge.i == end - 1 and tok.i > s
                and any(_frame_object(o) for o in tok.children)):
            return s, tok.i
    return s, e


def _frame_object(tok: Token) -> bool:
    """"(in) a statement", "(in) an interview with CNN"; not "(in) the release of the hostages"."""
    return (tok.dep_ == "pobj" and tok.lemma_.lower() in _frame_nouns()
            and not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children))


def clean(doc: Doc, pieces: list[Piece], cues: frozenset[int] = frozenset()) -> list[Piece]:
    """Pruned, trimmed pieces that still hold a word."""
    out = []
    for p in pieces:
        t = trim(doc, without_frame(doc, prune(doc, p, cues)))
        if t and any(not doc[i].is_punct for i in range(*t)):
            out.append(t)
    return out
