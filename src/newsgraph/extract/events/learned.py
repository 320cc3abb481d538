"""The learned event classifier: re-types the rule events and adds events the patterns missed.

Candidates are (actor, recipient) pairs of one sentence: the pairs the rule events found, and
pairs of actor-like mentions joined through a verb or noun in the parse ("mention pairs"). Each
candidate becomes a bag of sparse features (the verb that joins the two, the words on the
dependency path, the PETRARCH pattern's category, negation and modal cues, the sentence's
content words). Two multinomial logistic regressions (numpy, weights in resources/models/events/)
read the same features: the category head says which PLOVER category a candidate is if it is an
event (trained on the pairs that are events only, so the many non-events do not drown the rare
categories), the event head whether a mention pair is an event at all. A whole document's
candidates are scored in one matrix operation. Trained by tools/train_events.py.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, IS_STOP, LEMMA, POS
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.events.datelines import dateline_end
from newsgraph.extract.events.docview import tree
from newsgraph.extract.events.pairs import (
    MAX_MENTIONS, MAX_PATH, PairRows, TokenIds, alternative_recipients, bag_rows, instead_features,
    pair_rows,
)
from newsgraph.extract.events.participants import CALENDAR_WORDS, NOT_PARTICIPANTS, participant
from newsgraph.extract.events.unpaired import attribution_marks
from newsgraph.records import Event, Participant, TextSpan
from newsgraph.resources import data_path, read_table, read_word_set

NONE = "NONE"
NEVER = 2.0  # a threshold no probability reaches
# mention pairs added per sentence: PLV marks one pair a sentence, and the pairs of one sentence
# share their words, so the second-best pair is mostly the best one with a side swapped
MAX_ADDED = 1
MODEL_DIR = "models/events"
# dependency labels of a noun that can be a side of an event
MENTION_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "poss", "attr", "appos",
                          "npadvmod", "compound", "ROOT"})
# of these, the ones that can be the doer (an object is the doer of a marked PLV pair 3 times in 363)
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "poss", "conj", "compound", "appos", "ROOT"})
MENTION_POS = frozenset({"NOUN", "PROPN", "PRON"})
BAG_POS = frozenset({"VERB", "NOUN", "ADJ", "ADP", "PART"})
JOINING_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})  # what the ancestor joining a mention pair may be
MODALS = frozenset({"will", "would", "could", "may", "might", "should", "can", "must", "shall"})
# PLV's YIELD merges PLOVER's CONCEDE and RETREAT; a YIELD the rules did not type is RETREAT
YIELDS = frozenset({"CONCEDE", "RETREAT"})
# our rulings win over PLV's labels (../shared/docs/plover.md): international sanctions are
# SANCTION, so the classifier does not re-type an event a sanction pattern found; a MOBILIZE
# pattern names the force moved (troops, warships, police: the codebook's modes), which PLV labels
# AID or ASSAULT now and then; and a planned act keeps its category (PLV, like strict PLOVER,
# codes "will release" as AGREE)
KEEP_RULE_TYPES = frozenset({"SANCTION", "MOBILIZE"})
# the MOBILIZE ruling holds where the event names the force moved; a MOBILIZE pattern that asks
# for no object also fires on what is no force ("deployed election observers", "flew medicine
# into Afghanistan", "reinforced its commitment"): such an event may be re-typed
NAMES_FORCE = "MOBILIZE"
FORCE_WORDS_FILE = "events/force_words.txt"
EXERCISE_WORDS_FILE = "events/exercise_words.txt"
# a future act keeps its category whether it is planned or hangs on a condition ("Moscow could
# supply Pyongyang if ...": AID, conditional), so neither is re-typed to AGREE
FUTURE_STATUSES = frozenset({"planned", "conditional"})


@cache
def kept_triggers() -> frozenset[tuple[str, str]]:
    """(trigger lemma, category) of the rule events a ruling fixes (resources/events/rulings.tsv)."""
    return frozenset((row[0], row[1]) for row in read_table("events/rulings.tsv"))


@cache
def ruling_exceptions() -> dict[str, dict[str, str]]:
    """Rule category -> {sentence word: the category a ruling lets it become}
    (resources/events/ruling_exceptions.tsv)."""
    out: dict[str, dict[str, str]] = {}
    for word, category, becomes, *_ in read_table("events/ruling_exceptions.tsv"):
        out.setdefault(category, {})[word] = becomes
    return out


@dataclass
class Candidate:
    actor: int  # token indexes
    recipient: int | None
    rule: Event | None = None
    features: list[str] = field(default_factory=list)  # its own, without the sentence's words
    bag: list[str] = field(default_factory=list)  # the sentence's words, one list shared by its candidates
    kept: bool = False  # a rule event a ruling fixes: never re-typed
    unforced: bool = False  # a MOBILIZE rule event that names no force: its ruling does not hold
    # where a ruling keeps it: the categories it may be re-typed to all the same (ruling_exceptions.tsv)
    may_become: frozenset[str] = frozenset()
    # the rule event without a recipient (or with one inside its actor) whose actor this pair has,
    # or with one that this pair's recipient may replace (pairs.alternative_recipients)
    completes: Event | None = None
    links: list[str] = field(default_factory=list)  # how a mention pair shares a side with the rule events


@dataclass
class EventModel:
    labels: list[str]  # the categories; the weights' last two columns are the event head (event, NONE)
    index: dict[str, int]
    weights: np.ndarray  # (features, categories + 2)
    bias: np.ndarray  # (categories + 2,)
    retype_threshold: float
    add_threshold: float
    beside_threshold: float = NEVER  # for mention pairs in sentences where the rules found events

    @property
    def pairs_beside_rules(self) -> bool:
        return self.beside_threshold <= 1.0

    def probabilities(self, rows: list[list[str]], bags: list[list[str]] | None = None,
                      bag_of_row: list[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """For each bag of feature names (unknown names are ignored): the softmax over the
        categories, and the probability that the pair is an event at all. `bags` are feature
        lists many rows share (a sentence's words), scored once; row k adds bags[bag_of_row[k]]."""
        scores = self._scores(rows, self.bias)
        if bags:
            scores += self._scores(bags, np.zeros_like(self.bias))[np.asarray(bag_of_row)]
        return split_heads(scores, len(self.labels))

    def _scores(self, rows: list[list[str]], bias: np.ndarray) -> np.ndarray:
        get = self.index.get
        return self._scores_of_ids([[i for i in map(get, row) if i is not None] for row in rows], bias)

    def _scores_of_ids(self, ids: list[list[int]], bias: np.ndarray) -> np.ndarray:
        return sparse_scores(self.weights, bias, *flat_rows(ids))


def flat_rows(rows: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of column ids as sparse_scores takes them: all ids in a row, and the rows' lengths."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum())), lengths


def split_heads(scores: np.ndarray, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Scores of both heads -> (category probabilities, probability of being an event)."""
    return softmax(scores[:, :n_labels]), softmax(scores[:, n_labels:])[:, 0]


def sparse_scores(weights: np.ndarray, bias: np.ndarray, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Rows of binary features (column ids `flat`, `lengths` per row) times the weights."""
    scores = np.zeros((len(lengths), weights.shape[1]), dtype=np.float64)
    filled = lengths > 0
    if flat.size:
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
        scores[filled] = np.add.reduceat(weights[flat], starts, axis=0)
    return scores + bias


def softmax(scores: np.ndarray) -> np.ndarray:
    z = np.exp(scores - scores.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@cache
def load_model(directory: str | None = None) -> EventModel | None:
    """The shipped weights, or None when they are absent (the rules then work alone)."""
    folder = Path(directory) if directory else Path(str(data_path(MODEL_DIR)))
    meta_path, weights_path = folder / "model.json", folder / "weights.npz"
    if not meta_path.exists() or not weights_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta["features"] != sorted(meta["features"]):  # refine's sentence bags rely on it (pairs.bag_rows)
        raise ValueError(f"{meta_path}: the features are not sorted by name")
    arrays = np.load(weights_path)
    return EventModel(labels=meta["labels"], index={f: i for i, f in enumerate(meta["features"])},
                      weights=arrays["weights"].astype(np.float32), bias=arrays["bias"].astype(np.float32),
                      retype_threshold=meta["retype_threshold"], add_threshold=meta["add_threshold"],
                      beside_threshold=meta.get("beside_threshold", NEVER))


# ----------------------------------------------------------------------------- candidates

class Parse:
    """A document's parse as plain lists, read once with doc.to_array: candidates and features
    are built from them, not from Token objects."""

    def __init__(self, doc: Doc):
        rows = doc.to_array([LEMMA, DEP, POS, ENT_TYPE, HEAD, IS_STOP, IS_PUNCT])
        n = len(rows)
        self.doc = doc
        # the columns as arrays (for pairs.py) and as strings
        self.lemma_ids, self.dep_ids, self.pos_ids, self.ent_ids = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
        self.heads = rows[:, 4].astype(np.int64) + np.arange(n)
        self.skip_mask = (rows[:, 5] != 0) | (rows[:, 6] != 0)
        self.lem = _strings(doc, rows[:, 0], lower=True)
        self.dep = _strings(doc, rows[:, 1])
        self.pos = _strings(doc, rows[:, 2])
        self.ent = _strings(doc, rows[:, 3])
        self.head = self.heads.tolist()
        self.skip = self.skip_mask.tolist()
        self._up: dict[int, list[int]] = {}
        self._paths: dict[tuple[int, int], tuple[list[int], int | None, list[int]]] = {}

    def children(self, i: int) -> list[int]:
        return tree(self.doc).children(i)  # not token.children: it walks the whole subtree

    @staticmethod
    def lower_of(key: int) -> str:
        """The lower-case string of a hash of this document's LEMMA column."""
        return _LOWER[key]

    @staticmethod
    def string_of(key: int) -> str:
        """The string of a hash of this document's DEP, POS or ENT_TYPE column."""
        return _STRINGS[key]

    def ancestors(self, i: int) -> list[int]:
        chain = self._up.get(i)
        if chain is None:
            chain = self._up[i] = [i]
            while self.head[chain[-1]] != chain[-1] and len(chain) <= MAX_PATH + 1:
                chain.append(self.head[chain[-1]])
        return chain

    def path(self, a: int, b: int) -> tuple[list[int], int | None, list[int]]:
        """a's way up to the lowest common ancestor, the ancestor, b's way up (both without it)."""
        found = self._paths.get((a, b))
        if found is None:
            mirror = self._paths.get((b, a))
            found = self._paths[(a, b)] = (mirror[2], mirror[1], mirror[0]) if mirror else self._path(a, b)
        return found

    def _path(self, a: int, b: int) -> tuple[list[int], int | None, list[int]]:
        up_a, up_b = self.ancestors(a), self.ancestors(b)
        for k, t in enumerate(up_a):
            if t in up_b:  # a few tokens: a list is quicker than a set
                return up_a[:k], t, up_b[:up_b.index(t)]
        return up_a, None, up_b


_STRINGS: dict[int, str] = {}
_LOWER: dict[int, str] = {}  # the same strings in lower case


def _strings(doc: Doc, column: np.ndarray, lower: bool = False) -> list[str]:
    """The strings of a column of hashes, each hash looked up in the StringStore once per process."""
    names, keys = (_LOWER if lower else _STRINGS), column.tolist()
    try:
        return list(map(names.__getitem__, keys))
    except KeyError:
        for k in set(keys).difference(names):
            name = doc.vocab.strings[k] if k else ""
            names[k] = name.lower() if lower else name
        return list(map(names.__getitem__, keys))


def side_head(doc: Doc, side: list[Participant]) -> int | None:
    if not side:
        return None
    span = doc.char_span(side[0].start, side[0].end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def _mentions(parse: Parse, sent: Span) -> list[int]:
    opening, starts = dateline_end(parse.doc[sent.start]), tree(parse.doc).idx  # a dateline's place is no side
    out = [i for i in range(sent.start, sent.end)
           if parse.pos[i] in MENTION_POS and parse.dep[i] in MENTION_DEPS and parse.ent[i] not in NOT_PARTICIPANTS
           and parse.lem[i] not in CALENDAR_WORDS
           and not (parse.dep[i] == "compound" and (parse.pos[parse.head[i]] not in MENTION_POS or
                                                    parse.ent[i] and parse.ent[i] == parse.ent[parse.head[i]]))
           and starts[i] >= opening]
    return out[:MAX_MENTIONS]


def candidates(parse: Parse, sent: Span, rule_events: list[Event], pairs: bool = True) -> list[Candidate]:
    """The rule events' sides, and (with `pairs`) mention pairs joined by a verb or noun; where
    the rules found events, only recipients for those that have none, or one inside their actor:
    pairs of their actor and a mention ("reversed a decision after a refugee begged": the refugee),
    and for those that have one, pairs of their actor and an apposition of it (pairs.alternative_recipients),
    which decide() lets replace it when surer."""
    doc = parse.doc
    out: list[Candidate] = []
    covered: set[tuple[int, int]] = set()
    for event in rule_events:
        actor = side_head(doc, event.actor)
        if actor is None:
            continue
        # a recipient inside the actor's own words ("workers in Peru went on strike": Peru) is no
        # counterpart: the event is open to the pairs beside it
        recipient = None if _within(event.recipient, event.actor) else side_head(doc, event.recipient)
        if recipient is None and len(event.actor) > 1:  # reciprocal: both sides are actors
            recipient = side_head(doc, event.actor[1:])
        out.append(Candidate(actor, recipient, rule=event))
        covered.add((actor, recipient if recipient is not None else -1))
    if not pairs:
        return out
    mentions = _mentions(parse, sent)
    sides = [(c.actor, c.rule, None, None) for c in out if c.recipient is None] if out else \
        [(a, None, None, None) for a in mentions if parse.dep[a] in ACTOR_DEPS]
    # a rule event with a recipient: its actor and the other recipients it may have had instead
    sides += [(c.actor, c.rule, alternative_recipients(parse, c.actor, c.recipient, mentions), c.recipient)
              for c in out if c.recipient is not None]
    links = out[:]
    path, pos = parse.path, parse.pos
    quote_of, cue_of = attribution_marks(doc)
    for a, rule, only, replaced in sides:
        for b in (mentions if only is None else only):
            if a == b or (a, b) in covered:
                continue
            up_a, top, up_b = path(a, b)
            if top is None or top == a or top == b or len(up_a) + len(up_b) > MAX_PATH:
                continue
            if pos[top] not in JOINING_POS:
                continue
            if cue_of[top] >= 0 and (quote_of[a] == cue_of[top]) != (quote_of[b] == cue_of[top]):
                continue  # a direct quote's speaker and a word of the quotation (unpaired.py)
            out.append(Candidate(a, b, completes=rule, links=(_links(a, b, links) + beside_trigger(parse, rule, b)
                                                              + (instead_features(parse, replaced)
                                                                 if only is not None else []))
                                 if links else []))
    return out


def _within(inner: list[Participant], outer: list[Participant]) -> bool:
    """Whether every participant of `inner` (at least one) lies in one of `outer`."""
    return bool(inner) and all(any(o.start <= p.start and p.end <= o.end for o in outer) for p in inner)


def beside_trigger(parse: Parse, rule: Event, b: int) -> list[str]:
    """How the recipient of a pair beside a rule event hangs on that event's trigger: the labels
    of the path between them and the word b hangs on (its preposition: "strike at the mine")."""
    t = _trigger_token(parse.doc, rule.trigger)
    if t is None or t == b:
        return []
    up_t, top, up_b = parse.path(t, b)
    if top is None:
        return ["tb=apart"]
    f = ["tb=" + ">".join(parse.dep[x] for x in up_t) + "|" + "<".join(parse.dep[x] for x in up_b)]
    if len(up_b) > 1:
        gov = parse.lem[up_b[1]]
        f += [f"tbgov={gov}", f"tbgov={gov}|trig={parse.lem[t]}"]
    return f


def _links(a: int, b: int, found: list[Candidate]) -> list[str]:
    """Which side of which rule event each side of a mention pair is: "a=actor:REJECT"."""
    return sorted(set(side_links("a", a, found) + side_links("b", b, found)))


def side_links(name: str, t: int, found: list[Candidate]) -> list[str]:
    """_links of one side of a pair, `name` "a" or "b" (may repeat)."""
    out = []
    for c in found:
        if t == c.actor:
            role = "actor"
        elif t == c.recipient:
            role = "recipient"
        else:
            continue
        out += [f"{name}={role}", f"{name}={role}:{'YIELD' if c.rule.type in YIELDS else c.rule.type}"]
    return out


# ----------------------------------------------------------------------------- features

def _sentence_bag(parse: Parse, sent: Span) -> list[str]:
    return sorted({f"s={parse.lem[i]}" for i in range(sent.start, sent.end)
                   if parse.pos[i] in BAG_POS and not parse.skip[i] or parse.dep[i] == "neg"})


def features(parse: Parse, c: Candidate) -> list[str]:
    a, b = c.actor, c.recipient
    lem, dep = parse.lem, parse.dep
    f = ["bias", f"aent={parse.ent[a]}", f"adep={dep[a]}", f"alem={lem[a]}"]
    cat = c.rule.type if c.rule is not None else "pair"
    cat = "YIELD" if cat in YIELDS else cat
    f.append(f"cat={cat}")
    f += c.links
    if c.rule is not None:
        root = _trigger_token(parse.doc, c.rule.trigger)
        if root is not None:
            t = lem[root]
            f += [f"trig={t}", f"trig={t}|cat={cat}"] + _trigger_context(parse, root, cat)
            f += _trigger_frame(parse, root, b, c.rule.status)
            c.kept = (t, c.rule.type) in kept_triggers()
            c.unforced = c.rule.type == NAMES_FORCE and not _names_force(parse, root)
            exceptions = ruling_exceptions().get(c.rule.type)
            if exceptions:
                sent = parse.doc[root].sent
                c.may_become = frozenset(exceptions[w] for w in parse.lem[sent.start:sent.end] if w in exceptions)
        f.append(f"status={c.rule.status}")
    if b is None:
        f.append("norecipient")
        return f
    up_a, top, up_b = parse.path(a, b)
    f += [f"bent={parse.ent[b]}", f"bdep={dep[b]}", f"blem={lem[b]}"]
    if top is not None:
        lca = lem[top]
        f += [f"lca={lca}", f"lca={lca}|cat={cat}", f"lcapos={parse.pos[top]}"]
        f.append("deps=" + ">".join(dep[t] for t in up_a) + "|" + "<".join(dep[t] for t in up_b))
        f += [f"pa={lem[t]}" for t in up_a[1:]] + [f"pb={lem[t]}" for t in up_b[1:]]
        if len(up_b) > 1:
            f += [f"bgov={lem[up_b[1]]}", f"bgov={lem[up_b[1]]}|lca={lca}"]
        f += _top_features(parse, top)
    lo, hi = sorted((a, b))
    f += [f"w={lem[t]}" for t in range(lo + 1, hi) if not parse.skip[t]][:12]
    f.append("order=" + ("ab" if a < b else "ba"))
    return list(dict.fromkeys(f))  # each feature once, as in training


def _trigger_token(doc: Doc, trigger: TextSpan) -> int | None:
    """The token a trigger is: a rule event's trigger is one word, found by its offsets; anything
    else is the root of the tokens it overlaps (what doc.char_span(..., "expand") gives)."""
    starts = tree(doc).idx
    i = bisect_right(starts, trigger.start) - 1
    if i >= 0 and starts[i] == trigger.start and trigger.end == trigger.start + len(doc[i]):
        return i
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    return span.root.i if span is not None and len(span) else None


def _names_force(parse: Parse, trig: int) -> bool:
    """Whether a MOBILIZE trigger, its children or grandchildren name a force (force_words.txt:
    "sent troops", "deployment of warships") or an exercise ("held drills")."""
    words = force_words()
    near = [trig] + [g for k in parse.children(trig) for g in (k, *parse.children(k))]
    return any(parse.lem[t] in words for t in near)


@cache
def force_words() -> frozenset[str]:
    """The lemmas that name a force moved: force_words.txt and the exercise words."""
    return read_word_set(FORCE_WORDS_FILE) | read_word_set(EXERCISE_WORDS_FILE)


def _trigger_context(parse: Parse, trig: int, cat: str) -> list[str]:
    """The verb a trigger hangs on ("agreed to release", "willing to withdraw") and the trigger's
    object ("provide aid", "hold talks"): what tells an agreement or an aid from a concession."""
    lem, dep = parse.lem, parse.dep
    f = []
    t = lem[trig]
    head = parse.head[trig]
    if dep[trig] in ("xcomp", "ccomp", "advcl", "conj") and head != trig:
        gov = lem[head]
        f += [f"tgov={gov}", f"tgov={gov}|cat={cat}"]
    for kid in parse.children(trig):
        if dep[kid] in ("dobj", "nsubjpass"):
            f += [f"tobj={lem[kid]}", f"trig={t}|obj={lem[kid]}"]
        elif dep[kid] in ("prep", "dative"):
            f.append(f"tprep={t}|{lem[kid]}")
    return f


def _trigger_frame(parse: Parse, trig: int, b: int | None, status: str) -> list[str]:
    """A rule event's trigger in its clause: its label and part of speech, the word it hangs on,
    its auxiliaries and negation, its status, and how the recipient hangs on it (the path and
    the preposition: "returned the portrait to its owner")."""
    lem, dep = parse.lem, parse.dep
    t = lem[trig]
    f = [f"tdep={dep[trig]}", f"tpos={parse.pos[trig]}", f"trig={t}|status={status}"]
    head = parse.head[trig]
    if head != trig:
        f += [f"thead={lem[head]}", f"trig={t}|tdep={dep[trig]}"]
    for kid in parse.children(trig):
        if dep[kid] == "neg":
            f.append("tneg")
        elif dep[kid] in ("aux", "auxpass"):
            f.append(f"taux={lem[kid]}")
    if b is not None and b != trig:
        up_t, top, up_b = parse.path(trig, b)
        if top is not None:
            f.append(f"trb={len(up_t)}|" + "<".join(dep[x] for x in up_b))
            if len(up_b) > 1:
                f += [f"trbgov={lem[up_b[1]]}", f"trig={t}|trbgov={lem[up_b[1]]}"]
    return f


def _top_features(parse: Parse, top: int) -> list[str]:
    """The features of the ancestor joining a pair that come after its path (see features())."""
    lem, dep = parse.lem, parse.dep
    f = []
    for kid in parse.children(top):
        if dep[kid] == "neg":
            f.append("neg")
        elif dep[kid] in ("aux", "auxpass") and lem[kid] in MODALS:
            f.append(f"modal={lem[kid]}")
        elif dep[kid] in ("xcomp", "dobj", "prt"):
            f.append(f"lcakid={dep[kid]}:{lem[kid]}")
    if dep[top] in ("xcomp", "ccomp") and parse.pos[parse.head[top]] == "VERB":
        f.append(f"gov={lem[parse.head[top]]}")
    return f


def sentence_candidates(parse: Parse, sent: Span, rule_events: list[Event],
                        pairs_beside_rules: bool = False) -> list[Candidate]:
    # mention pairs in a sentence where the rules found events only when they may be added there
    found = candidates(parse, sent, rule_events, pairs=pairs_beside_rules or not rule_events)
    if found:
        bag = _sentence_bag(parse, sent)
        for c in found:
            c.features, c.bag = features(parse, c), bag
    return found


# ----------------------------------------------------------------------------- decisions

def output_type(label: str, rule: Event | None) -> str:
    if label == "YIELD":
        return rule.type if rule is not None and rule.type in YIELDS else "RETREAT"
    return label


def decide(labels: list[str], types: np.ndarray, event: np.ndarray, cands: list[Candidate], retype: float,
           add: float, beside: float = NEVER, rulings: bool = True) -> list[tuple[Candidate, str, float]]:
    """For each candidate of one sentence the type it gets (rule events), completes a rule event
    with (the pairs that give it a recipient) or is added with: [(cand, type, p)]. `types` are
    the category probabilities, `event` the probability that a mention pair is an event. A rule
    event without a recipient (or with one inside its actor) takes the surest pair with its actor
    that is `beside` sure; one with a recipient takes a pair's other recipient (an apposition of
    its own) when that pair is `beside` sure and surer than the rule event's; a mention pair is added when it is `add` sure in a sentence where the
    rules found nothing, at most MAX_ADDED of them per sentence, the surest. `rulings=False` lets
    PLV's labels overrule ours (tools/train_events.py --without-rulings measures what the rulings
    cost on PLV)."""
    best = types.argmax(axis=1) if len(types) else []
    out, added = [], []
    fills: dict[int, tuple[float, Candidate | None, float]] = {}
    new_type: dict[int, str] = {}
    for c, k, row, pe in zip(cands, best, types, event):
        label, p, pe = labels[k], float(row[k]), float(pe)
        if c.rule is not None:
            if c.recipient is not None:  # a pair with another recipient takes its place only when surer
                fills[id(c.rule)] = (pe, None, 0.0)
            new = c.rule.type
            ruled = (c.rule.type in KEEP_RULE_TYPES and not c.unforced or c.kept) and label not in c.may_become
            if p >= retype and (not rulings or not ruled and not (c.rule.status in FUTURE_STATUSES and label == "AGREE")):
                new = output_type(label, c.rule)
            new_type[id(c.rule)] = new
            out.append((c, new, p))
        elif c.completes is not None:
            if pe >= beside and pe > fills.get(id(c.completes), (0.0,))[0]:
                fills[id(c.completes)] = (pe, c, pe * p)
        elif pe >= add:
            added.append((pe, len(added), c, output_type(label, None), pe * p))
    out += [(c, new_type.get(id(c.completes), c.completes.type), p) for _, c, p in fills.values() if c is not None]
    kept = sorted(added, reverse=True)[:MAX_ADDED]
    out += [(c, t, p) for _, _, c, t, p in sorted(kept, key=lambda x: x[1])]
    return out


def new_event(parse: Parse, sent: Span, c: Candidate, etype: str, p: float,
              quads: dict[str, str]) -> tuple[Event, Token]:
    doc = parse.doc
    top = parse.path(c.actor, c.recipient)[1] if c.recipient is not None else None
    word = doc[top if top is not None else parse.head[c.actor]]
    negated = any(parse.dep[k] == "neg" for k in parse.children(word.i))
    return Event(id="", type=etype, mode=None, quad=quads[etype], actor=[participant(doc[c.actor])],
                 recipient=[participant(doc[c.recipient])] if c.recipient is not None else [],
                 status="negated" if negated else "asserted", date=None,
                 trigger=TextSpan(word.idx, word.idx + len(word), word.text),
                 sentence=(sent.start_char, sent.end_char), quote=None, confidence=round(p * 0.9, 3)), word


def refine(doc: Doc, per_sentence: list[tuple[Span, list[Event]]], model: EventModel,
           quads: dict[str, str], finish: Callable[[Doc, Span, Event, Token], None] | None = None) -> list[Event]:
    """Rule events re-typed and completed by the model, plus the mention pairs it is sure of, in order.
    The rule events' rows are named in full (features()); the mention pairs of all sentences are
    found and turned into rows for the whole document at once (pairs.py), and all rows are scored
    in one matrix. A sentence's rows are its rule events', then its pairs'."""
    parse = Parse(doc)
    tokens = TokenIds(parse, model.index)
    found_of = [candidates(parse, sent, events, pairs=False) if events else [] for sent, events in per_sentence]
    paired = [not events or model.pairs_beside_rules for _, events in per_sentence]
    pairs = pair_rows(parse, [(sent.start, sent.end, found)
                              for (sent, _), found, p in zip(per_sentence, found_of, paired) if p], tokens)
    pair_counts = iter(np.diff(pairs.bounds).tolist())
    counts = [(len(found), next(pair_counts) if p else 0) for found, p in zip(found_of, paired)]
    get = model.index.get
    rule_rows = [[i for i in map(get, features(parse, c)) if i is not None] for found in found_of for c in found]
    bags = bag_rows(parse, tokens, [(sent.start, sent.end) for (sent, _), n in zip(per_sentence, counts) if sum(n)])
    types, is_event = _probabilities(model, rule_rows, pairs, counts, bags)
    silent = np.repeat([k if not events else -1 for k, (_, events) in enumerate(per_sentence)], list(map(sum, counts)))
    added = iter(surest_rows(is_event, silent, model.add_threshold) + [-1])
    next_added = next(added)
    out: list[Event] = []
    k, pair_at = 0, 0
    for (sent, events), found, (n_rules, n_pairs) in zip(per_sentence, found_of, counts):
        n = n_rules + n_pairs
        rows = slice(pair_at, pair_at + n_pairs)
        if not events:
            chosen = []
            while k <= next_added < k + n:
                at = pair_at + next_added - k
                chosen.append(_added_pair(model, types, is_event, next_added, int(pairs.actor[at]),
                                          int(pairs.recipient[at])))
                next_added = next(added)
        else:
            cands = found + [Candidate(a, b, completes=rule) for a, b, rule in
                             zip(pairs.actor[rows].tolist(), pairs.recipient[rows].tolist(), pairs.completes[rows])]
            chosen = decide(model.labels, types[k:k + n], is_event[k:k + n], cands,
                            model.retype_threshold, model.add_threshold, model.beside_threshold)
        k, pair_at = k + n, pair_at + n_pairs
        retyped = {id(c.rule): t for c, t, _ in chosen if c.rule is not None}
        for event in events:
            t = retyped.get(id(event), event.type)
            if t != event.type:
                event.type, event.quad, event.mode = t, quads[t], None
            out.append(event)
        for c, t, p in chosen:
            if c.completes is not None:
                c.completes.recipient = [participant(doc[c.recipient])]
            elif c.rule is None:
                event, word = new_event(parse, sent, c, t, p, quads)
                if finish is not None:
                    finish(doc, sent, event, word)
                out.append(event)
    return out


def _probabilities(model: EventModel, rule_rows: list[list[int]], pairs: PairRows, counts: list[tuple[int, int]],
                   bags: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """split_heads of the rows of a document's sentences in order, each sentence's rule events'
    rows (counts[k][0] of rule_rows) then its pairs' (counts[k][1] of pairs), plus its bag
    (bags: one row per sentence that has rows)."""
    if not rule_rows and not len(pairs.lengths):
        return np.zeros((0, len(model.labels))), np.zeros(0)
    flat, lengths = flat_rows(rule_rows)
    scores = sparse_scores(model.weights, model.bias, np.concatenate((flat, pairs.flat)),
                           np.concatenate((lengths, pairs.lengths)))
    rule_at, pair_at, order = 0, len(rule_rows), []
    for n_rules, n_pairs in counts:
        order += range(rule_at, rule_at + n_rules)
        order += range(pair_at, pair_at + n_pairs)
        rule_at, pair_at = rule_at + n_rules, pair_at + n_pairs
    bag_of_row = [k for k, n in enumerate(sum(n) for n in counts if sum(n)) for _ in range(n)]
    scores = scores[order] + sparse_scores(model.weights, np.zeros_like(model.bias), *bags)[bag_of_row]
    return split_heads(scores, len(model.labels))


def surest_rows(event: np.ndarray, group: np.ndarray, threshold: float) -> list[int]:
    """decide() for sentences of mention pairs only, all at once: of each group's rows (group -1:
    none) the MAX_ADDED surest that are `threshold` sure (of equally sure rows, the later first),
    in ascending order."""
    sure = np.flatnonzero((event >= threshold) & (group >= 0))
    order = sure[np.lexsort((sure, event[sure], group[sure]))]  # by group, then sureness, then row
    grouped = group[order]
    lasts = np.flatnonzero(np.append(grouped[1:] != grouped[:-1], True))  # the surest of each group
    from_last = lasts[np.searchsorted(lasts, np.arange(len(order)))] - np.arange(len(order))
    return np.sort(order[from_last < MAX_ADDED]).tolist()


def _added_pair(model: EventModel, types: np.ndarray, event: np.ndarray, r: int, actor: int,
                recipient: int) -> tuple[Candidate, str, float]:
    """A mention pair surest_rows chose, with its category and confidence."""
    label = int(types[r].argmax())
    return Candidate(actor, recipient), output_type(model.labels[label], None), float(event[r]) * float(types[r][label])
