"""Cue words ("said", "according to", "pointed out") from resources/quotes/cue_verbs.txt."""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from newsgraph.extract.docfacts import in_sorted
from newsgraph.resources import read_table

CUE_FILE = "quotes/cue_verbs.txt"
_VERB_POS = frozenset({"VERB", "AUX"})


@dataclass
class Cue:
    token: Token  # the word the content and speaker hang from (the verb; "according")
    start: int  # token range of the cue as written, e.g. "pointed out", "said in a statement"
    end: int
    cls: str  # a class of cue_verbs.txt
    takes_object: bool = False  # its direct object can be the content ("denied the allegations")
    object_is_target: bool = False  # even a bare name or pronoun ("attacked Trump"), not a listener

    @property
    def start_char(self) -> int:
        return self.token.doc[self.start].idx

    @property
    def end_char(self) -> int:
        last = self.token.doc[self.end - 1]
        return last.idx + len(last)


def inflections(lemma: str) -> set[str]:
    """Regular English verb forms: hope -> hopes, hoped, hoping; stress -> stresses, stressed."""
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


# what makes "seems"/"appears" a judgement: a complement ("seemed tired", "appears to be", "seems
# like a fait accompli", "it seems that ...", "it would seem as if ...") rather than a place
# ("appeared on Fox News", "Footage of Al-Awlaki again appears")
_JUDGEMENT_DEPS = frozenset({"xcomp", "acomp", "ccomp", "attr", "oprd"})
_JUDGEMENT_MARKS = frozenset({"as", "if", "like", "that"})


def judged(tok: Token) -> list[Token]:
    """The complements of an evidential verb that say what it judges."""
    return [c for c in tok.children if c.dep_ in _JUDGEMENT_DEPS
            or (c.dep_ == "prep" and c.lower_ == "like")
            or (c.dep_ == "advmod" and c.i > tok.i and any(True for _ in c.children))  # "appeared closer to ..."
            or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _JUDGEMENT_MARKS for m in c.children))]


def judgement(tok: Token) -> bool:
    """An evidential cue ("seem", "appear") counts only as the main verb of its sentence, with a
    subject and a complement: "The speaker appeared closer to an endorsement"; inside a clause it
    is mostly part of someone else's content or a description ("which seemed to carry little weight")."""
    return (tok.dep_ == "ROOT" and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)
            and bool(judged(tok)))


# prepositions that take the object of a stance adjective ("critical of", "optimistic about",
# "frustrated with", "divided over", "hostile toward", "sympathetic to", "troubled by")
_ATTITUDE_PREPS = frozenset({"of", "about", "with", "over", "on", "toward", "towards", "at", "to", "by"})


def attitude_object(tok: Token) -> Token | None:
    """What a predicative stance adjective is about: the object of its preposition ("critical of
    [the plan]"), its clause ("confident [that it would pass]") or infinitive; None for an attributive use
    ("a critical vote") or no object ("she was critical")."""
    if tok.dep_ != "acomp":
        return None
    for c in tok.rights:
        if c.dep_ == "ccomp" or (c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)):
            return c  # "confident [that it would pass]", "eager [to make his mark]"
        if c.dep_ == "prep" and c.lower_ in _ATTITUDE_PREPS:
            objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
            if objects:
                return objects[0]
    return None


class CueLexicon:
    """The cue words of cue_verbs.txt. Candidates are found with one vectorised lookup of
    lemma hashes (Doc.to_array), so only the few matching tokens reach Python."""

    def __init__(self, vocab: Vocab, rows: tuple[tuple[str, ...], ...] | None = None):
        rows = rows if rows is not None else read_table(CUE_FILE)
        self.strings = vocab.strings
        self.frame_nouns = frozenset(row[0] for row in rows if row[1] == "frame")
        self.target_verbs = frozenset(row[0] for row in rows if row[2:3] == ("target",))
        self.object_verbs = frozenset(row[0] for row in rows if row[2:3] == ("object",)) | self.target_verbs
        self.single: dict[str, str] = {}  # verb lemma -> class
        self.nouns: frozenset[str] = frozenset(row[0] for row in rows if row[1] == "noun")
        self.phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first word -> (rest, class)
        for cue, cls, *_ in rows:
            if cls in ("frame", "noun"):
                continue
            words = cue.lower().split()
            if len(words) == 1:
                self.single.setdefault(words[0], cls)
            else:
                self.phrases.setdefault(words[0], []).append((tuple(words[1:]), cls))
        for rest in self.phrases.values():
            rest.sort(key=lambda p: -len(p[0]))
        # the lemmatiser misses some forms ("hopes" -> "hop"): accept the regular inflections too
        self.forms = {form: lemma for lemma in self.single for form in inflections(lemma)}
        firsts = set(self.single) | set(self.phrases) | set(self.forms) | set(self.nouns)
        self._hashes = numpy.array(sorted(vocab.strings.add(w) for w in firsts), dtype="uint64")
        self._verb_pos = {vocab.strings.add(p) for p in _VERB_POS}

    def find(self, doc: Doc) -> list[Cue]:
        """Cues in text order; a phrase ("pointed out") wins over the verb it starts with."""
        if not len(doc):
            return []
        arr = doc.to_array([LEMMA, LOWER])
        hits = numpy.flatnonzero(in_sorted(arr[:, 0], self._hashes) | in_sorted(arr[:, 1], self._hashes))
        cues = []
        for i in hits.tolist():
            tok = doc[i]
            cue = self._match(doc, tok)
            if cue is not None:
                cues.append(self._with_frame(cue))
        return cues

    def _match(self, doc: Doc, tok) -> Cue | None:
        lemma = tok.lemma_.lower()
        for first in (tok.lower_, lemma):
            for rest, cls in self.phrases.get(first, ()):
                if cls != "according" and (first != lemma or tok.pos_ not in _VERB_POS):
                    continue
                end = tok.i + 1 + len(rest)
                if end <= len(doc) and tuple(t.lower_ for t in doc[tok.i + 1:end]) == rest:
                    return Cue(tok, tok.i, end, cls)
        cls = self.single.get(lemma)
        if cls is None and tok.lower_ in self.forms:
            lemma = self.forms[tok.lower_]
            cls = self.single[lemma]
        if cls == "evidential" and not judgement(tok):
            return None
        if cls == "attitude":
            return Cue(tok, tok.i, tok.i + 1, cls) if tok.pos_ == "ADJ" and attitude_object(tok) is not None else None
        if cls is not None and tok.pos_ in _VERB_POS:
            return Cue(tok, tok.i, tok.i + 1, cls, takes_object=lemma in self.object_verbs,
                       object_is_target=lemma in self.target_verbs)
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.nouns:
            return Cue(tok, tok.i, tok.i + 1, "noun", takes_object=tok.lemma_.lower() in self.object_verbs)
        return None

    def _with_frame(self, cue: Cue) -> Cue:
        """Stretch the cue over "in a statement" / "in an interview" right after it."""
        for child in cue.token.rights:
            if child.dep_ == "prep" and child.lower_ == "in" and child.i == cue.end:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].lemma_.lower() in self.frame_nouns:
                    cue.end = max(cue.end, objects[0].i + 1)
        return cue
