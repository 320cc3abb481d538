"""Role descriptions ("the Indiana governor", "the GOP nominee", "the former secretary of state")
resolved to the person the article introduced with that role.

A definite description names a role (roles.tsv: a key and its synonyms) and maybe modifiers that
must agree (role_modifiers.tsv: party, place, former). It resolves to a person introduced before it
with a phrase of the same role key: a title before the name ("Indiana Gov. Mike Pence",
"Republican nominee Donald Trump", "Gov. Mike Pence of Indiana"), an apposition ("Mike Pence, the
Indiana governor," / "the Indiana governor, Mike Pence,") or a predicate ("Pence is the Republican
nominee"). Party and place must not conflict with the person's introductions; "former" must be on
both sides or neither. Several such people: the most salient one (the last speaker first). None:
no one -- a description never goes to a person not introduced with its role.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Callable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.phrase_scan import longest_matches
from newsgraph.extract.speakers.offices import words_of
from newsgraph.extract.speakers.pronouns import entity_gender
from newsgraph.extract.speakers.salience import last_mention_before, salience
from newsgraph.extract.token_classes import FINITE_OR_MODAL_TAGS
from newsgraph.records import Entity
from newsgraph.resources import read_table

ROLES_FILE = "speakers/roles.tsv"
MODIFIERS_FILE = "speakers/role_modifiers.tsv"
PARTY_LETTERS_FILE = "speakers/party_letters.tsv"
GENDERED_WORDS_FILE = "speakers/gendered_role_words.tsv"
_PARTY_TAG = re.compile(r"^\s*([A-Z])\s*-\s*(\S.*?)\s*$")
_DEFINITE = frozenset({"the"})
_SEGMENT_REACH = 10  # tokens
EXPLICIT_BONUS = 10.0
_INTROS_KEY = "newsgraph_role_introductions"
_COPULAS = frozenset({"be", "become", "remain"})


def _phrase_table(name: str, phrase: int, value: Callable[[tuple[str, ...]], object],
                  width: int) -> tuple[dict[tuple[str, ...], object], int]:
    """Phrase words -> value for each row of `name` with at least `width` cells, and the longest
    phrase length."""
    table = {words_of(row[phrase]): value(row) for row in read_table(name) if len(row) >= width}
    return table, max(len(k) for k in table)


@cache
def _roles() -> tuple[dict[tuple[str, ...], str], int]:
    """roles.tsv: phrase -> role key."""
    return _phrase_table(ROLES_FILE, 1, lambda row: row[0], 2)


@cache
def _modifiers() -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    """role_modifiers.tsv: phrase -> (class, value)."""
    return _phrase_table(MODIFIERS_FILE, 0, lambda row: (row[1], row[2]), 3)


@lru_cache(maxsize=8192)
def read_role(text: str) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Role keys and modifiers (class -> values) of a phrase: "former Indiana Gov." ->
    ({"governor"}, {"former": {"former"}, "place": {"indiana"}})."""
    words = words_of(text)
    roles = frozenset(v for _, _, v in longest_matches(words, *_roles()))
    mods: dict[str, set[str]] = {}
    for _, _, (cls, value) in longest_matches(words, *_modifiers()):
        mods.setdefault(cls, set()).add(value)
    return roles, {k: frozenset(v) for k, v in mods.items()}


@cache
def _party_letters() -> dict[str, str]:
    return {row[0]: row[1] for row in read_table(PARTY_LETTERS_FILE) if len(row) >= 2}


def spelled_out(text: str) -> str:
    """A party-state tag spelled out for read_role: "R-Fla." -> "republican Fla."; other text as is."""
    m = _PARTY_TAG.match(text)
    if m is None or m.group(1) not in _party_letters():
        return text
    return f"{_party_letters()[m.group(1)]} {m.group(2)}"


@cache
def _gendered_words() -> tuple[dict[tuple[str, ...], str], int]:
    return _phrase_table(GENDERED_WORDS_FILE, 0, lambda row: row[1], 2)


def description_gender(span: Span) -> str | None:
    """"m" or "f" when the description's words tell ("the congresswoman"), else None."""
    found = {g for _, _, g in longest_matches(words_of(span.text), *_gendered_words())}
    return found.pop() if len(found) == 1 else None


def description_role(span: Span) -> tuple[str, dict[str, frozenset[str]]] | None:
    """The role key of a definite description ending in its role noun, and its modifiers:
    "the Indiana governor" -> ("governor", {"place": {"indiana"}}); None for anything else."""
    head = span.root
    if head.pos_ not in ("NOUN", "PROPN") or head.ent_type_ == "PERSON":
        return None
    first = span[0]
    if first.lower_ not in _DEFINITE:
        return None
    words = [t for t in span if t.i <= head.i]
    if any(t.ent_type_ == "PERSON" or t.tag_ == "POS" for t in words):
        return None  # "the Trump campaign's spokesman": someone else's role
    text = _through_role(" ".join(t.text for t in words[1:]), [t for t in span if t.i > head.i])
    if text is None:
        return None
    text_words = words_of(text)
    matches = longest_matches(text_words, *_roles())
    if not matches:
        return None
    # the role phrase must end the description (its head): "the governor's office" is not a governor
    start, end, key = matches[-1]
    if end != len(text_words):
        return None
    _, mods = read_role(text)
    if mods.get("other"):
        return None  # "the first candidate", "the other candidate"
    # a capitalised word the tables do not know ("the Afro-Colombian journalist") must be found
    # in the person's introduction too
    named = frozenset(t.lower_ for t in words[1:] if t.i < head.i and t.text[:1].isupper()
                      and not any(read_role(t.text)))
    if named:
        mods = {**mods, "word": named}
    return key, mods


def _through_role(text: str, after: list[Token]) -> str | None:
    """The description's words up to its head (`text`), carried on through the words `after` the
    head that a longer phrase of roles.tsv takes in ("the former secretary | of state"); None when
    an of-phrase no role phrase takes in follows the head, right after it or one word or mark on
    ("the governor of Indiana", "the head of state", 'the "personal senator" of Facebook')."""
    table, longest = _roles()
    upto = len(words_of(text))
    for k in range(min(len(after), longest - 1), 0, -1):
        longer = " ".join([text] + [t.text for t in after[:k]])
        longer_words = words_of(longer)
        found = longest_matches(longer_words, table, longest)
        if found and found[-1][0] < upto < found[-1][1] == len(longer_words):
            return longer
    if any(t.lower_ == "of" for t in after[:2]):
        return None
    return text


def _segments(doc: Doc, start: int, end: int) -> list[Span]:
    """Phrases introducing the person named by tokens [start, end): the words before the name
    ("Republican nominee"), an apposition after (", the Indiana governor,") or before ("the Indiana
    governor, Mike Pence"), "of Indiana" after a title, a predicate ("is the Democratic nominee")."""
    out = [doc[start:end]]  # "Sen. Marco Rubio": NER may take the title into the name
    i = start
    while i > 0 and start - i < _SEGMENT_REACH:
        tok = doc[i - 1]
        if tok.is_sent_start or tok.tag_ in FINITE_OR_MODAL_TAGS or tok.pos_ in ("VERB", "AUX", "DET", "PRON", "CCONJ", "SCONJ") \
                or (tok.pos_ == "ADP" and tok.lower_ != "of") or (tok.is_punct and tok.text not in ("-",)) \
                or tok.ent_type_ == "PERSON":
            if tok.is_sent_start and not (tok.is_punct or tok.pos_ in ("DET", "PRON", "VERB", "AUX", "ADP")):
                i -= 1
            break
        i -= 1
    if i < start:
        out.append(doc[i:start])
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].ent_type_ == "GPE":
        k = end + 1
        while k < len(doc) and doc[k].ent_type_ == "GPE" and doc[k].ent_iob_ != "O":
            k += 1
            if k < len(doc) and doc[k].ent_iob_ == "B":
                break
        out.append(doc[end:k])
    if end < len(doc) and doc[end].text == "(":  # "Sen. Marco Rubio (R-Fla.)"
        close = next((k for k in range(end + 1, min(end + 8, len(doc))) if doc[k].text == ")"), None)
        if close is not None and close > end + 1:
            out.append(doc[end + 1:close])
    if end < len(doc) and doc[end].text == ",":
        k = end + 1
        while k < len(doc) and k - end <= _SEGMENT_REACH and doc[k].text not in (",", ".", ";", ":", "(", ")") \
                and not doc[k].is_sent_start and doc[k].tag_ not in FINITE_OR_MODAL_TAGS and doc[k].pos_ not in ("VERB", "AUX") \
                and doc[k].ent_type_ != "PERSON":
            k += 1
        if k > end + 1 and k - end <= _SEGMENT_REACH and (k >= len(doc) or doc[k].text in (",", ".", ";", ":", ")")):
            out.append(doc[end + 1:k])
    if start >= 2 and doc[start - 1].text == ",":
        k = start - 1
        while k > 0 and start - k <= _SEGMENT_REACH and doc[k - 1].text not in (",", ".", ";", ":", "(", ")", "\"", "“", "”") \
                and doc[k - 1].tag_ not in FINITE_OR_MODAL_TAGS and doc[k - 1].pos_ not in ("VERB", "AUX") \
                and doc[k - 1].ent_type_ != "PERSON":
            k -= 1
            if doc[k].is_sent_start:
                break
        if k < start - 1 and start - k <= _SEGMENT_REACH and end < len(doc) and doc[end].text in (",", ")"):
            out.append(doc[k:start - 1])
    root = doc[end - 1]
    while root.head.i != root.i and start <= root.head.i < end:
        root = root.head
    verb = root.head
    if root.dep_ == "nsubj" and verb.lemma_.lower() in _COPULAS and verb.i > root.i:
        for child in verb.rights:
            if child.dep_ == "attr":
                left = child.left_edge.i
                if child.i - left < _SEGMENT_REACH:
                    out.append(doc[left:child.i + 1])
                break
    return out


def _introductions(doc: Doc, entity: Entity, before: int, quoted: Callable[[int], bool] | None):
    """(role keys, modifiers) of each phrase introducing `entity` before char `before`."""
    intros = []
    for s, e in entity.mentions:
        if s >= before:
            break
        if quoted is not None and quoted(s):
            continue
        intros.extend(_mention_introductions(doc, s, e))
    return intros


def _mention_introductions(doc: Doc, start: int, end: int) -> tuple:
    """(role keys, modifiers) of each phrase introducing the person named at chars [start, end),
    read once per document (kept in doc.user_data)."""
    cache: dict = doc.user_data.setdefault(_INTROS_KEY, {})
    found = cache.get((start, end))
    if found is None:
        intros = []
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            for segment in _segments(doc, span.start, span.end):
                roles, mods = read_role(spelled_out(segment.text))
                if roles or mods:
                    words = frozenset(t.lower_ for t in segment)
                    intros.append((roles, {**mods, "word": words}))
        found = cache[(start, end)] = tuple(intros)
    return found


def resolve_role(doc: Doc, span: Span, previous: Entity | None = None,
                 quoted: Callable[[int], bool] | None = None,
                 bonus: float = 1.5) -> tuple[dict[str, frozenset[str]] | None, Entity | None]:
    """(the description's modifiers, None when `span` is no role description; the person it
    resolves to or None)."""
    described = description_role(span)
    if described is None:
        return None, None
    key, mods = described
    gender = description_gender(span)
    pos = span.start_char
    best, best_score = None, 0.0
    for entity in doc._.entities or []:
        if entity.type != "PERSON" or last_mention_before(entity, pos, quoted) < 0:
            continue
        if gender is not None and entity_gender(entity) not in (None, gender):
            continue  # "the congresswoman" is not the congressman named before her
        intros = _introductions(doc, entity, pos, quoted)
        if not any(key in roles for roles, _ in intros):
            continue
        if not _agrees(key, mods, intros):
            continue
        score = salience(doc, entity, pos, quoted) + 0.001
        if _explicit(mods, intros):
            score += EXPLICIT_BONUS  # "Vermont Sen. Bernie Sanders" before a senator of no stated state
        if entity is previous:
            score += bonus
        if score > best_score:
            best, best_score = entity, score
    return mods, best


def _explicit(mods: dict[str, frozenset[str]], intros) -> bool:
    wanted = [(c, mods[c]) for c in ("party", "place") if mods.get(c)]
    return bool(wanted) and all(any(w & m.get(c, frozenset()) for _, m in intros) for c, w in wanted)


def _agrees(key: str, mods: dict[str, frozenset[str]], intros) -> bool:
    """Party and place ("the Vermont senator"): no introduction of the person says otherwise;
    other capitalised words ("the Afro-Colombian journalist"): some introduction says so; "former": an introduction with the role
    says so exactly when the description does."""
    for cls in ("party", "place", "word"):
        wanted = mods.get(cls)
        if not wanted:
            continue
        said = set().union(*(m.get(cls, frozenset()) for _, m in intros))
        if cls == "word":
            if not wanted <= said:
                return False
        elif said and not wanted & said:
            return False
    former = bool(mods.get("former"))
    return any(key in roles and bool(m.get("former")) == former for roles, m in intros)
