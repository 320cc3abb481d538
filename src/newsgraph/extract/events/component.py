"""The `newsgraph_events` spaCy component: PLOVER events from trigger patterns on the parse.

Runs after `newsgraph_entities` and `newsgraph_quotes`: participants take their entity id and
canonical name from the entities, and an event inside a quotation points at that quote.
"""
from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.actors import code_actor
from newsgraph.extract.events.arguments import doers, speaker_heads
from newsgraph.extract.events.participants import participants
from newsgraph.extract.events.recipients import OTHER, PATTERN, PLACE, choose_recipients, condition_doers, investigated_parties
from newsgraph.extract.events.dates import DATE_WORDS, DateMention, find_dates, nearest_date
from newsgraph.extract.events.demands import find_demands
from newsgraph.extract.events.docview import (
    forget, has_number, kid_deps, kids, memo, quote_spans, sentence_spans, text_at, words_in,
)
from newsgraph.extract.events.learned import load_model, refine
from newsgraph.extract.events.patterns import (
    category_quads, complement_effects, load_patterns, mode_cues, retaliation_verbs, status_cues, support_verbs,
)
from newsgraph.extract.events.status import ASSERTED, CONDITIONAL, NEGATED, PLANNED, event_status
from newsgraph.extract.events.triggers import (
    TriggerMatch, find_triggers, is_passive, lemma_of as _lemma, preposition_objects,
)
from newsgraph.extract.extensions import ensure_lists, mostly_inside
from newsgraph.records import Event, Participant, TextSpan
from newsgraph.resources import read_table, read_word_set

NOT_AN_EVENT = "NONE"
ALSO_PLANNED = "planned-also"  # complements.tsv: the complement is planned, the governing event stands  # category of patterns that say a verb use is no event ("released a statement")
MIN_CONFIDENCE = 0.4
MISSING_RECIPIENT_FACTOR = 0.7
FALLBACK_RECIPIENT_FACTOR = 0.85
COMPLEMENT_DEPS = frozenset({"xcomp"})
CLAUSE_EFFECTS = frozenset({"negated", "causative"})
# "Israel will not release the prisoners", "Serbia does not recognise Kosovo": a cooperative act
# negated under a future auxiliary or a present "do" is a refusal, REJECT like "refused to release"
# (complements.tsv: refuse absorbed), with the codebook's mode for what is refused; a past one
# ("did not release") stays the act, negated
PRESENT_DO_FILE = "events/present_do.txt"
REFUSAL_MODES_FILE = "events/refusal_modes.tsv"
PLANNED_BELOW_GOVERNOR = 0.9  # complements.tsv planned-also: the planned act's confidence, at most, as a share of the governor's
# "thousands of people protested the killing": a crowd's protest is a demonstration (PROTEST demo),
# a government's ("China protested the visit") a verbal one (ACCUSE); crowds: these sectors, or a number
CROWD_VERBS = frozenset({"protest"})
CROWD_SECTORS = frozenset({"CVL", "EDU", "LAB", "AGR"})
CROWD_NUMBERS_FILE = "events/crowd_numbers.txt"
# a military exercise is a show of force (MOBILIZE) when one side holds it, and military
# cooperation (CAMEO 062, PLOVER COOPERATE) when it is joint: triggers.tsv's "hold joint exercise"
# patterns, and any exercise pattern whose doers are two or more ("X and Y launch war games")
EXERCISE_WORDS_FILE = "events/exercise_words.txt"
JOINT_WORDS_FILE = "events/joint_words.txt"
# an agentless passive arrest, detention or deportation was done by the state it happened in
# ("was arrested in Niger"); not an attack or a killing ("was killed in Syria": by anyone)
STATE_ACTS = frozenset({"COERCE"})
STATE_PREPS = frozenset({"in"})
# "lifted the blockade which it had imposed": an event in a relative clause on the object of an
# event that undoes it (a retreat or concession, refused or not) is background (_background_acts)
UNDOING = frozenset({"RETREAT", "CONCEDE"})
BACKGROUND_DEPS = frozenset({"relcl"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})
# "pledged military support": material support (AID), not voiced support (SUPPORT)
MATERIAL_SUPPORT_FILE = "events/material_support.txt"


class EventExtractor:
    """The patterns' events, re-typed and completed by the learned classifier (learned.py) when
    `learned` is on and its weights are shipped."""

    def __init__(self, nlp: Language | None = None, name: str = "newsgraph_events", learned: bool = True):
        self.name = name
        load_patterns()  # read the pattern tables now, not inside the first document
        self.model = load_model() if learned else None

    def __call__(self, doc: Doc) -> Doc:
        ensure_lists(doc)
        forget()  # the per-document caches start afresh, even for a document seen before
        furniture = doc._.boilerplate  # read once: each doc._ access builds an object
        events = doc._.events
        per_sentence = []
        for sent in sentence_spans(doc):
            if furniture and mostly_inside(furniture, sent.start_char, sent.end_char):
                continue
            found = sentence_events(doc, sent)
            for event in found:  # listed at once: later sentences read them ("the two sides")
                event.id = f"v{len(events) + 1}"
                events.append(event)
            per_sentence.append((sent, found))
        if self.model is not None:
            first = len(events) - sum(len(found) for _, found in per_sentence)
            del events[first:]
            for event in refine(doc, per_sentence, self.model, category_quads(), _finish_learned):
                event.id = f"v{len(events) + 1}"
                events.append(event)
        return doc


def _finish_learned(doc: Doc, sent: Span, event: Event, word: Token) -> None:
    """Date and quote of an event only the classifier found, as the rule events get them."""
    event.date = _date(doc, sent, word, False)
    event.quote = _quote_of(doc, word.idx)


@Language.factory("newsgraph_events", default_config={"learned": True})
def make_event_extractor(nlp: Language, name: str, learned: bool) -> EventExtractor:
    return EventExtractor(nlp, name, learned)


def _governor(token: Token) -> Token | None:
    """The word whose complement the trigger is: "plans" in "plans to send", "ready" in "ready to talk"."""
    if token.dep_ in COMPLEMENT_DEPS:
        return token.head
    if token.dep_ in ("ccomp", "oprd") and complement_effects().get(token.head.lemma_.lower()) in CLAUSE_EFFECTS:
        return token.head  # "denied that it attacked", "ordered them jailed"
    if token.dep_ == "acl" and token.head.pos_ == "NOUN":  # "announced plans to send"
        return token.head
    return None


def _complement_effect(match: TriggerMatch, trigger_tokens: set[int]) -> tuple[str | None, Token | None]:
    word = match.host or match.token  # a noun's status is its support verb's: "plans to announce a ceasefire"
    if match.host is not None and support_verbs().get(_lemma(match.host)):
        return support_verbs()[_lemma(match.host)], None  # "pledged aid", "proposed talks"
    if word.dep_ == "pcomp" and word.head.dep_ == "prep" and word.head.head.i in trigger_tokens:
        # "accused Russia of sending tanks", "warned against sending troops": alleged, not done
        return "absorbed", word.head.head
    governor = _governor(word)
    while governor is not None:
        effect = complement_effects().get(governor.lemma_.lower())
        if effect:
            return effect, governor
        governor = _governor(governor)
    return None, None


def _mode(match: TriggerMatch) -> str | None:
    if match.pattern.mode:
        return match.pattern.mode
    cues = mode_cues().get(match.pattern.category, ())
    if not cues:
        return None
    word = match.token
    near = [c for child in kids(word) for c in (child, *kids(child))]  # children and grandchildren
    if word.head == word:  # a root is its own head: its own word is a cue too ("visit")
        near.append(word)
    nearby = {t.lemma_.lower() for t in near}
    for mode, words in cues:
        if nearby & words:
            return mode
    return None


def _quote_of(doc: Doc, offset: int) -> str | None:
    for spans, quote in quote_spans(doc):
        for s, e in spans:
            if s <= offset < e:
                return quote.id
    return None


def _quote_speaker(doc: Doc, offset: int) -> list[Participant]:
    for _, quote in quote_spans(doc):
        if quote.start <= offset < quote.end and quote.speaker is not None:
            sp = quote.speaker
            country, sector = code_actor(sp.text, None)
            return [Participant(sp.entity, sp.name or sp.text, country, sector, sp.start, sp.end)]
    return []


def _actors(doc: Doc, match: TriggerMatch) -> list[Participant]:
    actor = match.pattern.actor
    if actor == "speaker":
        heads = speaker_heads(match.token)
        return participants(heads) if heads else _quote_speaker(doc, match.token.idx)
    if actor not in ("subj", "subj+recipient"):  # a preposition: "faces criticism from X"
        holders = [match.token] + ([match.object] if match.object is not None else [])
        return participants([o for h in holders for dep, c in kid_deps(h) if dep in ("prep", "agent")
                             and c.text.lower() == actor for o in preposition_objects(c)])
    return participants(doers(match.token))


def _build_event(doc: Doc, sent: Span, match: TriggerMatch, effect: str | None,
                 causer: Token | None = None) -> Event | None:
    pattern = match.pattern
    if pattern.category == NOT_AN_EVENT or pattern.confidence < MIN_CONFIDENCE:
        return None
    # a pattern too weak to stand without a recipient (or one where it expects it) is settled
    # by its recipients first, which spares the actor's work for the many that fail
    weak = not pattern.reciprocal and causer is None and pattern.recipient and \
        pattern.confidence * MISSING_RECIPIENT_FACTOR < MIN_CONFIDENCE
    if weak:
        recipient, found_in = choose_recipients(match)
        if not recipient or (found_in != PATTERN and pattern.confidence * FALLBACK_RECIPIENT_FACTOR < MIN_CONFIDENCE):
            return None
    actor = participants(doers(causer)) if causer is not None else _actors(doc, match)
    if not actor and pattern.category in STATE_ACTS:  # "X was arrested in Niger": by Niger
        actor = _state_where(match)
    if not actor and not pattern.reciprocal:  # the contract wants a doer
        return None
    if not weak:
        ordered = []
        if causer is not None:  # "ordered them jailed": the ordered verb's patient
            ordered = participants([c for dep, c in kid_deps(causer) if dep in ("dobj", "obj")] or
                                   [c for dep, c in kid_deps(match.token) if dep in ("nsubj", "nsubjpass")])
        recipient, found_in = (ordered, PATTERN) if ordered else choose_recipients(match)
    fallback = found_in in (OTHER, PLACE)  # not where the pattern says: trusted less
    status = event_status(match, effect)
    # "Russia won't meet Ukraine": Russia refuses Ukraine
    refusal = status == NEGATED and effect is None and pattern.category in refusal_modes() and _refusing(match)
    if pattern.reciprocal and not refusal:
        actor = actor + [r for r in recipient if (r.start, r.end) not in {(a.start, a.end) for a in actor}]
        recipient = []
    else:  # no one acts on themselves: "declined to resign" has no recipient in its actor
        recipient = [r for r in recipient if (r.start, r.end) not in {(a.start, a.end) for a in actor}]
    if not actor:  # the contract wants a doer; "sanctions were imposed on X" names none
        return None
    if refusal and not _coded(recipient):  # "will not end the strike until the authorities ...": to them
        recipient = condition_doers(match.host or match.token, actor) or recipient
    if _mode(match) == "investigate":  # "an investigation into Khashoggi's death": into Khashoggi
        recipient = investigated_parties(match) or recipient
    confidence = pattern.confidence
    if not recipient and pattern.recipient and not (pattern.reciprocal and len(actor) > 1):
        confidence *= MISSING_RECIPIENT_FACTOR
    elif fallback and recipient:
        confidence *= FALLBACK_RECIPIENT_FACTOR
    if confidence < MIN_CONFIDENCE:
        return None
    if refusal:
        status = ASSERTED
    word = match.token
    category, mode = pattern.category, _mode(match)
    if category == "THREATEN" and " ".join(filter(None, (_lemma(word), pattern.particle))) in retaliation_verbs():
        # a retaliation announced for later is a threat, made now; a past or denied one is no event
        if status not in (PLANNED, CONDITIONAL):
            return None
        status = ASSERTED if status == PLANNED else status
    if category == "SUPPORT" and _material(match):  # "pledged military support to Syria"
        category, mode = "AID", None
    if category == "MOBILIZE" and _joint_exercise(doc, match, actor):
        category, mode = "COOPERATE", None
    if refusal:
        category, mode = "REJECT", refusal_modes()[category]
    if category == "ACCUSE" and _lemma(word) in CROWD_VERBS and _crowd(doc, actor):
        category, mode = "PROTEST", "demo"
    return Event(
        id="", type=category, mode=mode, quad=category_quads()[category],
        actor=actor, recipient=recipient, status=status,
        date=_date(doc, sent, word, status == PLANNED),
        trigger=TextSpan(word.idx, word.idx + len(word), word.text),
        sentence=(sent.start_char, sent.end_char), quote=_quote_of(doc, word.idx),
        confidence=round(confidence, 3),
    )


def _state_where(match: TriggerMatch) -> list[Participant]:
    """The state an agentless passive act of coercion was done in: the first place in the
    trigger's "in" phrase ("was arrested in Niger", "were jailed in a prison in Rwanda"). Only a
    state arrests, jails or deports: where it happened names who did it."""
    word = match.token
    if word.pos_ != "VERB" or not is_passive(word) or any(dep == "agent" for dep, _ in kid_deps(word)):
        return []
    for dep, prep in kid_deps(word):
        if dep != "prep" or prep.lower_ not in STATE_PREPS:
            continue
        for name in (t for o in preposition_objects(prep) for t in o.subtree if t.pos_ == "PROPN" and t.dep_ != "compound"):
            found = participants([name])
            # a place: a GPE to the parser, or a name the gazetteer gives a country and no sector
            if found and (name.ent_type_ == "GPE" or found[0].country and not found[0].sector):
                return found
    return []


def _material(match: TriggerMatch) -> bool:
    """Whether a SUPPORT event's noun (the trigger, or the object of its verb) is material support:
    a modifier of material_support.txt, or one joined to such a modifier ("logistics and financial
    support")."""
    noun = match.token if match.token.pos_ in ("NOUN", "PROPN") else match.object
    if noun is None:
        return False
    words = read_word_set(MATERIAL_SUPPORT_FILE)
    modifiers = [k for dep, k in kid_deps(noun) if dep in ("amod", "compound", "nmod")]
    modifiers += [c for k in modifiers for dep, c in kid_deps(k) if dep == "conj"]
    return any(_lemma(k) in words or k.lower_ in words for k in modifiers)


def _crowd(doc: Doc, actor: list[Participant]) -> bool:
    """Whether the doers are a crowd: people, students, workers (CROWD_SECTORS), or "thousands of ..."."""
    numbers = read_word_set(CROWD_NUMBERS_FILE)
    return bool(actor) and all(p.sector in CROWD_SECTORS or text_at(doc, p.start, p.end).split(" ", 1)[0].lower() in numbers
                               for p in actor)


def _within_phrase(side: list[Participant], word: Token) -> bool:
    """Whether every participant of `side` lies in the words `word` heads."""
    lo, hi = word.left_edge.idx, word.right_edge.idx + len(word.right_edge)
    return all(lo <= p.start and p.end <= hi for p in side)


def _refusing(match: TriggerMatch) -> bool:
    """Whether the trigger (or the support verb of a noun trigger) has an auxiliary of a refusal
    when negated: a future one ("will", "would", "wo(n't)") or the present "do(es)" of a standing
    one ("Serbia does not recognise Kosovo"); not the past "did"."""
    auxiliaries = _refusal_auxiliaries()
    return any(dep in ("aux", "auxpass") and c.text.lower() in auxiliaries
               for dep, c in kid_deps(match.host or match.token))


@cache
def refusal_modes() -> dict[str, str | None]:
    """Category of a refusable act -> the REJECT mode of its refusal (refusal_modes.tsv; None = no mode)."""
    return {category: None if mode == "-" else mode for category, mode in read_table(REFUSAL_MODES_FILE)}


@cache
def _refusal_auxiliaries() -> frozenset[str]:
    """The future auxiliaries (status_cues.tsv's planned ones) and the present "do(es)"."""
    return status_cues().get((PLANNED, "aux"), frozenset()) | read_word_set(PRESENT_DO_FILE)


def _joint_exercise(doc: Doc, match: TriggerMatch, actor: list[Participant]) -> bool:
    """Whether a MOBILIZE event is a joint exercise: its exercise word (the trigger noun or the
    verb's object) is "joint" or held by more than one side (two actors, or one that is a
    coordination: "US and Western allies")."""
    word = match.object if match.object is not None else match.token
    if _lemma(word) not in read_word_set(EXERCISE_WORDS_FILE):
        return False
    joint = read_word_set(JOINT_WORDS_FILE)
    if len(actor) > 1 or any(_lemma(k) in joint for dep, k in kid_deps(word) if dep in ("amod", "compound")):
        return True
    span = doc.char_span(actor[0].start, actor[0].end, alignment_mode="expand") if actor else None
    return span is not None and any(t.dep_ == "conj" and t.head.i in range(span.start, span.end) for t in span)


def _date(doc: Doc, sent: Span, word: Token, planned: bool) -> str | None:
    """The date nearest the trigger; a planned act looks forward only from a date in its own
    phrase ("agreed on Thursday to meet": Thursday is when they agreed, in the past)."""
    mentions = _sentence_dates(doc, sent)
    if not mentions:
        return None
    if not planned:
        return nearest_date(mentions, word.idx, doc._.published)
    lo, hi = word.left_edge.idx, word.right_edge.idx + len(word.right_edge)
    inside = [m for m in mentions if lo <= m.start < hi]
    return nearest_date(inside, word.idx, doc._.published, future=True) or \
        nearest_date([m for m in mentions if m not in inside], word.idx, doc._.published)


def _sentence_dates(doc: Doc, sent: Span) -> list[DateMention]:
    def found() -> list[DateMention]:
        if not has_number(sent) and not words_in(sent, DATE_WORDS):
            return []  # no digit and no calendar word: no date to find (sent.text is not cheap)
        offset = sent.start_char
        return [DateMention(d.start + offset, d.end + offset, d.text, d.match)
                for d in find_dates(text_at(doc, sent.start_char, sent.end_char))]
    return memo(doc, ("dates", sent.start_char), found)


def _coded(side: list[Participant]) -> bool:
    return any(p.entity or p.country or p.sector for p in side)


def _same_sides(a: Event, b: Event) -> bool:
    def sides(e: Event):
        return ({(p.start, p.end) for p in e.actor}, {(p.start, p.end) for p in e.recipient})
    return a.type == b.type and sides(a) == sides(b)


def _background_acts(events: dict[int, Event], by_token: dict[int, TriggerMatch]) -> set[int]:
    """The events told as the background of what another event undoes, in a relative clause on its
    object: "lifted the blockade which it had imposed", "released the prisoners it had arrested",
    "will not lift the embargo it has imposed": the lifting and the release are the news, the
    imposing and the arrest only say what is undone. ("killed militants who had attacked a
    checkpoint" keeps both.)"""
    undoer_of = {}  # object token -> the event undoing it
    for i in events:
        match = by_token[i]
        if match.pattern.category not in UNDOING:
            continue
        for c in [c for dep, c in kid_deps(match.token) if dep in OBJECT_DEPS] + [match.object]:
            if c is not None:
                undoer_of[c.i] = events[i]
    out = set()
    for i, event in events.items():
        word = by_token[i].token
        undoer = undoer_of.get(word.head.i) if word.dep_ in BACKGROUND_DEPS else None
        if undoer is not None:
            out.add(i)
            if not _coded(undoer.recipient) and _coded(event.recipient):  # "lift the embargo imposed on Cuba": on Cuba
                undoer.recipient = list(event.recipient)
    return out


def sentence_events(doc: Doc, sent: Span) -> list[Event]:
    matches = find_triggers(sent)
    demands = find_demands(sent)
    demanded = {clause.i for _, clause in demands}
    # "X says Y must end the attacks": X's REQUEST replaces the verb of saying's own event, if
    # any, and the ending of the attacks is only asked for
    matches = [m for m in matches if m.token.i not in demanded and m.token.i not in {d.token.i for d, _ in demands}]
    matches = sorted(matches + [d for d, _ in demands], key=lambda m: m.token.i)
    by_token = {m.token.i: m for m in matches}
    events: dict[int, Event] = {}
    dropped: set[int] = set()
    for match in matches:
        effect, governor = _complement_effect(match, set(by_token))
        if effect == ALSO_PLANNED:  # "X and Y agreed to hold talks": the agreement and the planned talks
            effect, keep_governor = "planned", True
        else:
            keep_governor = False
        event = _build_event(doc, sent, match, effect if effect in ("planned", "negated") else None,
                             causer=governor if effect == "causative" else None)
        if event is None:
            continue
        if governor is not None and effect in ("planned", "negated", "causative") and governor.i in by_token:
            if not keep_governor:
                dropped.add(governor.i)  # "decided to send aid": the aid is the event
            outer = events.get(governor.i)
            if outer is not None and not _coded(event.recipient) and _coded(outer.recipient):
                event.recipient = list(outer.recipient)  # "agreed with X to exchange technology": with X
            elif outer is not None and keep_governor and not _coded(outer.recipient) and _coded(event.recipient):
                outer.recipient = list(event.recipient)  # "agreed to resign, leaving the cabinet": the agreement's too
            if outer is not None and keep_governor:
                # "agreed to lift the ban": the lifting is only as sure as the agreement it hangs
                # on, which did happen; of the two events of the same sides the agreement leads
                event.confidence = min(event.confidence, round(outer.confidence * PLANNED_BELOW_GOVERNOR, 3))
        if match.host is not None and match.host.i in by_token:
            dropped.add(match.host.i)  # "announced a ceasefire": the ceasefire is the event
        if governor is not None and effect == "absorbed":
            # "refused to meet X": the refusal is the event (it borrows X), the meeting is not
            outer = events.get(governor.i)
            if outer is not None and not by_token[governor.i].pattern.reciprocal:
                if not outer.recipient:
                    outer.recipient = list(event.recipient) or [a for a in event.actor if a not in outer.actor]
                elif event.recipient and _within_phrase(outer.recipient, match.host or match.token):
                    # "refused to send peacekeepers to Angola": the refusal's recipient came from the
                    # refused act's words (its means, the peacekeepers); the act's own recipient is it
                    outer.recipient = list(event.recipient)
            continue
        events[match.token.i] = event
    dropped |= _background_acts(events, by_token)
    kept = [e for i, e in sorted(events.items()) if i not in dropped]
    unique: list[Event] = []
    for event in kept:
        twin = next((u for u in unique if _same_sides(u, event)), None)
        if twin is None:
            unique.append(event)
        elif event.confidence > twin.confidence:
            unique[unique.index(twin)] = event
    return unique
