"""What happens to the drafts once every cue has made one: relayed statements lose the relay,
duplicates go, and quotations no cue claimed are attributed by a verb next to them, join the
quote they continue, or stand alone without a speaker."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from newsgraph.extract.extensions import all_within
from newsgraph.extract.quotes import direct
from newsgraph.extract.quotes.drafts import Draft
from newsgraph.extract.quotes.marks import QuoteMarks
from newsgraph.extract.quotes.sentences import Sentences
from newsgraph.extract.speakers.institutions import could_speak, is_relay
from newsgraph.extract.speakers.mentions import mention_span, speaker_head, speech_lemmas as _speech_lemmas


def drop_relays_and_duplicates(drafts: list[Draft]) -> list[Draft]:
    """A news agency reporting someone else's statement is not its speaker; two cues claiming
    the same content leave one quote."""
    keep = []
    for d in drafts:
        if d.speaker is not None and d.cue is not None and is_relay(d.speaker):
            inner = any(o is not d and o.cue is not None and _contains(d, o.cue.token.idx) for o in drafts)
            if inner or d.method == "adjacent":
                continue  # the relayed statement is kept; the relaying is not a quote
        keep.append(d)
    keep.sort(key=lambda d: (d.start, -d.length))
    out: list[Draft] = []
    out_lengths: list[int] = []
    for d in keep:
        n = d.length
        k = next((k for k, o in enumerate(out) if o.end > d.start and o.overlap(d) >= 0.8 * max(out_lengths[k], n)), None)
        if k is None:
            out.append(d)
            out_lengths.append(n)
        elif _reports(d, out[k]) or (not _reports(out[k], d) and _rank(d) > _rank(out[k])):
            out[k], out_lengths[k] = d, n
    return out


def _reports(outer: Draft, inner: Draft) -> bool:
    """Of two drafts over nearly the same words, `outer` reports the other's attribution: its
    content, the clause its cue reports, holds the other's cue ("4 in 10 say [they want the next
    president to ...]"). The outer attribution is the one a reader asks about, as in drop_nested."""
    return (inner.cue is not None and outer.cue is not None and outer.cue.token.i < inner.cue.token.i
            and _contains(outer, inner.cue.token.idx))


# share of a draft's characters that must lie within another draft's bounds for it to count as nested
_NESTED_SHARE = 0.9


def drop_nested(drafts: list[Draft]) -> list[Draft]:
    """One attribution per stretch of text: a draft lying within a longer draft's content is an
    attribution nested in what someone else reported ("Novak said the Post reported that X") and
    goes. The outer attribution is the one a reader asks about, and it is what PolNeAR annotates:
    0.6% of its train quotes lie within another quote. Nesting is measured against the longer
    draft's pieces, not its outer bounds: a quote in the attribution sentence between the pieces
    of a split quotation ('"...," Novak said, adding that X. "..."') lies outside its content."""
    lengths = [d.length for d in drafts]
    order = sorted(range(len(drafts)), key=lambda k: drafts[k].start)
    keep = []
    for d, n in zip(drafts, lengths):
        inside = 0
        for k in order:
            o = drafts[k]
            if o.start >= d.end:
                break
            if lengths[k] > n and o.end > d.start:
                inside = max(inside, d.overlap(o))
        if inside < _NESTED_SHARE * n:
            keep.append(d)
    return keep


_METHOD_RANK = {"adjacent": 6, "clause": 5, "according": 4, "inverted": 4, "previous": 3,
                "directive": 2, "infinitive": 2, "noun": 2, "evidential": 2, "attitude": 2, "bare": 2, "label": 5, "object": 1, "unattributed": 0, "learned": 0}


def _rank(d: Draft) -> tuple[int, int]:
    return _METHOD_RANK.get(d.method, 0), d.speaker is not None


def _contains(d: Draft, pos: int) -> bool:
    return any(s <= pos < e for s, e in d.spans)


# a few quoted words no one is found to say are a slogan, a sign, a phrase held up for
# comment ("Yes to minaret ban", "a candle for Paris") more often than speech: on PolNeAR train
# 9 of 13 such quotations of at most five words match no quote (at overlap 0.3 or 0.8)
MIN_SPEAKERLESS_WORDS = 6


def attach_unclaimed(doc: Doc, marks: QuoteMarks, drafts: list[Draft], sents: Sentences, skip) -> list[Draft]:
    """Quotations no cue claimed: attributed by a verb next to them that is not on the cue list,
    continuing the quote before them, by the speaker quoted before them in their paragraph or in
    the paragraph before (method "continued", which a tagged source next to it overrides), or
    speakerless."""
    text = marks.text
    claimed = set()
    for d in drafts:
        claimed |= d.regions
    drafts = sorted(drafts, key=lambda d: d.start)
    out = list(drafts)
    for r, region in enumerate(marks.regions):
        if r in claimed or skip(region.start, region.end):
            continue
        cue = direct.bare_cue(doc, sents, marks, r)
        if cue is not None:
            group = marks.linked({r}) - claimed
            spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
            head = speaker_head(cue.token)
            out.append(Draft(spans, group, "bare", cue, mention_span(head) if head is not None else None,
                             sents.of(cue.token.i)))
            claimed |= group
            continue
        prev = _quote_before(out, region.outer_start, marks)
        reported = _paraphrase_just_before(out, text, region)
        if reported is not None and (prev is None or prev.end <= reported.attribution.start_char):
            prev = reported  # not '"...," he said, adding that X. "..."': that goes on with the first quotation
        # a quotation before the cue of the quote before it sits in that quote's attribution
        # ('"...," Eastland, wearing "Ted Cruz" pins, said'): it does not continue the quote
        if prev is not None and (prev.method != "unattributed" or _next_line(text, prev.end, region.outer_start)) and (
                prev.cue is None or prev.cue.start_char < region.outer_start) and not _in_speaker(prev, region) and (
                direct.gap_is_attribution(text, (prev.end, region.outer_start), prev.attribution)):
            group = marks.linked({r}) - claimed
            prev.spans = direct.merge(text, prev.spans + [(marks.regions[i].start, marks.regions[i].end) for i in group])
            prev.regions |= group
            claimed |= group
            continue
        group = marks.linked({r}) - claimed
        spans = direct.merge(text, [(marks.regions[i].start, marks.regions[i].end) for i in group])
        if direct.unattributed_ok(text, spans):
            # a quotation inside a sentence is the words of that sentence's subject ("Trump stood
            # by his comment that "Islam hates us""); else the speaker of the paragraph, when one
            # is quoted earlier in it, is the likeliest
            signature = _signature_after(doc, sents, region)
            # a quotation after "... - Philip Bump:" is his, whatever the parse hangs it on
            embedding = None if signature is not None else (_introducing_speaker(doc, sents, region)
                                                             or _embedding_speaker(doc, sents, region))
            if signature is not None:
                out.append(Draft(spans, group, "signature", None, signature, signature))
            elif embedding is not None:
                out.append(Draft(spans, group, "embedded", None, embedding, sents.of(embedding.start)))
            elif (last := _last_speaker_in_paragraph(out, text, region.outer_start)) is not None:
                if (last is prev and last.regions and direct.starts_clause(text, region.outer_start)
                        and not _person_between(doc, last, region.outer_start)):
                    # '"...," Woolson said. They also lie in a dead zone. "That's a tough area."':
                    # the speaker goes on, one quote (PolNeAR joins them)
                    last.spans = direct.merge(text, last.spans + spans)
                    last.regions |= group
                else:
                    out.append(Draft(spans, group, "paragraph", None, last.speaker, last.attribution))
            elif (continued := _speaker_before_paragraph(out, text, region.outer_start)) is not None:
                out.append(Draft(spans, group, "continued", None, continued.speaker, continued.attribution))
            elif len([w for s, e in spans for w in direct.words(text, s, e)]) >= MIN_SPEAKERLESS_WORDS:
                out.append(Draft(spans, group, "unattributed"))
        claimed |= group
    out.sort(key=lambda d: d.start)
    return out


_NOT_SPEAKERS = frozenset({"it", "this", "there", "these", "those", "what", "i", "we", "you"})
_CLIMB_LIMIT = 40


def _embedding_speaker(doc: Doc, sents: Sentences, region) -> Span | None:
    """The subject of the verb a quotation hangs from, when the quotation sits inside a sentence:
    "Clinton supports "appropriate pay raises"", "whom he describes as having "a prosecutor's
    bearing"". None for a quotation that is a sentence of its own."""
    i = sents.token_from(region.start)
    if i >= len(doc) or doc[i].idx >= region.end:
        return None
    tok, steps = doc[i], 0
    while region.outer_start <= tok.idx < region.outer_end and tok.head.i != tok.i and steps < _CLIMB_LIMIT:
        tok, steps = tok.head, steps + 1
    if region.outer_start <= tok.idx < region.outer_end:
        return _introducing_speaker(doc, sents, region)  # the quotation is the whole clause
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i and steps < _CLIMB_LIMIT:
        tok, steps = tok.head, steps + 1
    if tok.pos_ not in ("VERB", "AUX"):
        return _introducing_speaker(doc, sents, region)  # 'Michael McDonald: "..."' hangs on the name
    head = speaker_head(tok)
    if head is None:
        # 'Trump gestured ..., then leaned in and boomed: "..."': the verb gives no subject; the
        # clause introducing the quotation may
        return _introducing_speaker(doc, sents, region)
    if region.outer_start <= head.idx < region.outer_end or head.dep_ == "expl":
        return None
    if head.lower_ in _NOT_SPEAKERS or head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    if head.lower_ in ("that", "which") and not any(t.dep_ == "relcl" for t in (head.head, head.head.head)):
        return None  # "That makes her ...": a demonstrative, not a relative
    mention = mention_span(head)
    if head.pos_ == "NOUN" and not could_speak(mention):
        return None  # "student debt", "the figure": things do not say things
    if any(region.outer_start <= t.idx < region.outer_end for t in mention):
        return None
    return mention


def _introducing_speaker(doc: Doc, sents: Sentences, region) -> Span | None:
    """The speaker of a quotation that is a clause of its own, from the words around it:
    'The Board was conclusive in its findings: "..."', 'Michael P. McDonald: "..."', 'Continued
    Stone: "..."', 'Dianne Bystrom agreed. "..."' (a signature after it is read first: _signature_after)."""
    j = sents.token_from(region.outer_start) - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j >= 1 and doc[j].text in (":", "–", "—") and doc[j].idx >= region.outer_start - 4:
        return _clause_speaker(doc, _line_start(doc, sents.of(j).start, j), j, colon=True)
    if j >= 1 and doc[j].text == "." and region.opened and doc[j].idx >= region.outer_start - 3 \
            and "\n" not in doc_text_between(doc, doc[j].idx, region.outer_start):
        sent = sents.of(j)
        if j - sent.start <= 12:  # "Dianne Bystrom agreed."
            return _clause_speaker(doc, sent.start, j, colon=False)
    return None


def doc_text_between(doc: Doc, start: int, end: int) -> str:
    from newsgraph.extract.extensions import doc_text

    return doc_text(doc)[start:end]


def _line_start(doc: Doc, start: int, j: int) -> int:
    for k in range(j - 1, start - 1, -1):
        if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
            return k + 1
    return start


def _clause_speaker(doc: Doc, start: int, j: int, colon: bool) -> Span | None:
    """Who speaks in the clause doc[start:j] that introduces a quotation."""
    if colon:
        # "... interplay has been important - Philip Bump:", "Rep. Trey Gowdy (R-S.C.):"
        dash = max((k for k in range(start, j) if doc[k].text in ("-", "–", "—") and doc[k].whitespace_), default=None)
        if dash is not None:
            start = dash + 1
        name_end = j
        paren = next((k for k in range(start, j) if doc[k].text == "("), None)
        if paren is not None and doc[j - 1].text == ")":
            name_end = paren
        clause = doc[start:name_end]
        if len(clause) > 1 and clause[0].tag_ in ("VBD", "VBN") and clause[0].is_title:
            clause = clause[1:]  # "Continued Stone:", "Added Smith:": the verb before the name
        source = _from_source(clause)
        if source is not None:
            return source
        if len(clause) and all(t.pos_ == "PROPN" or t.text in (".", "-", "&", "and") for t in clause) \
                and clause[-1].pos_ == "PROPN":
            return clause
    clause = doc[start:j]
    if not len(clause):
        return None
    # the clause's own verb: one whose head lies outside the clause (or is itself)
    verb = next((t for t in clause if t.pos_ in ("VERB", "AUX") and (t.head.i == t.i or not start <= t.head.i < j)), None)
    if verb is None:
        return None
    if not colon and (verb.lemma_.lower() not in _speech_lemmas() or any(c.dep_ in ("ccomp", "dobj", "xcomp")
                                                                          for c in verb.children)):
        return None  # only a bare "X agreed." hands the next quotation to X
    head = speaker_head(verb)
    if head is None and verb.i + 1 < j and doc[verb.i + 1].pos_ == "PROPN":
        head = doc[verb.i + 1]  # "Continued Stone:"
        while head.i + 1 < j and doc[head.i + 1].pos_ == "PROPN":
            head = doc[head.i + 1]
    if head is None or not (start <= head.i < j) or head.lower_ in _NOT_SPEAKERS or head.dep_ == "expl":
        return None
    mention = mention_span(head)
    if head.pos_ == "NOUN" and not could_speak(mention) or head.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return mention


def _from_source(clause: Span) -> Span | None:
    """"More from Jones:", "From the report:": the noun phrase after a leading "from"."""
    words = [t for t in clause if not t.is_punct]
    k = next((i for i, t in enumerate(words[:2]) if t.text.lower() == "from"), None)
    if k is None or (k == 1 and words[0].text.lower() not in ("more", "again")):
        return None
    rest = words[k + 1:]
    if not rest or len(rest) > 6 or any(t.pos_ in ("VERB", "AUX") for t in rest) or rest[-1].pos_ not in ("PROPN", "NOUN"):
        return None
    return clause.doc[rest[0].i:rest[-1].i + 1]


_SIGNATURE_DASHES = frozenset({"-", "--", "–", "—", "―"})
_SIGNATURE_MAX_TOKENS = 5


def _signature_after(doc: Doc, sents: Sentences, region) -> Span | None:
    """'"..."' followed by a line '- Bernie Sanders.', or by '― Carlos Raúl' ending its own line
    (readers' comments, social media round-ups): the signature names the speaker."""
    i = sents.token_from(region.outer_end)
    while i < len(doc) and (doc[i].is_space or doc[i].text in (".", ",")):
        i += 1
    if i >= len(doc) or doc[i].text not in _SIGNATURE_DASHES:
        return None
    next_line = "\n" in doc_text_between(doc, region.outer_end, doc[i].idx)
    k = i + 1
    while k < len(doc) and _name_word(doc[k]) and k - i <= _SIGNATURE_MAX_TOKENS:
        k += 1
    if k == i + 1:
        return None
    if next_line:
        if k < len(doc) and not (doc[k].is_space or doc[k].text in (".", ",") or "\n" in doc[k - 1].whitespace_):
            return None
    elif not _ends_line(doc, k):
        return None
    return doc[i + 1:k]


def _name_word(tok) -> bool:
    """A word of a written name: a proper noun, or a capitalised word or initial ("A.") the tagger missed."""
    return tok.pos_ == "PROPN" or (tok.text[:1].isupper() and not tok.is_punct and "\n" not in tok.text)


def _ends_line(doc: Doc, k: int) -> bool:
    """Nothing but an optional full stop between token k and the end of its line."""
    if k < len(doc) and doc[k].text == ".":
        k += 1
    return k >= len(doc) or "\n" in doc[k - 1].whitespace_ or (doc[k].is_space and "\n" in doc[k].text)


def _next_line(text: str, end: int, start: int) -> bool:
    """Only the closing mark and one line break between a quotation ending at `end` and one
    opening at `start`: lines of one quotation printed as a list."""
    gap = text[end:start]
    return gap.count("\n") == 1 and not direct.words_in(text, end, start)


def _person_between(doc: Doc, draft: Draft, pos: int) -> bool:
    """A person named after the draft's attribution and before `pos` ('"...," Tom Ebeling said,
    pointing to his ears. Betsy Ebeling shook her head. "..."': the next quotation may be hers)."""
    after = draft.attribution.end_char if draft.attribution is not None else draft.end
    return any(ent.label_ == "PERSON" and max(after, draft.end) <= ent.start_char < pos for ent in doc.ents)


def _last_speaker_in_paragraph(drafts: list[Draft], text: str, pos: int) -> Draft | None:
    paragraph_start = text.rfind("\n", 0, pos) + 1
    best = None
    for d in drafts:
        if d.speaker is not None and paragraph_start <= d.speaker.start_char < pos:
            if best is None or d.speaker.start_char > best.speaker.start_char:
                best = d
    return best


def _speaker_before_paragraph(drafts: list[Draft], text: str, pos: int) -> Draft | None:
    """A quotation opening its paragraph continues the speaker of the paragraph before, when one is
    quoted there ("Clinton responded ..., saying the campaign was lying.\n\n"I am so sick ..."")."""
    paragraph_start = text.rfind("\n", 0, pos) + 1
    if text[paragraph_start:pos].strip():
        return None  # the quotation does not open its paragraph
    end = paragraph_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _last_speaker_in_paragraph(drafts, text, end) if end > 0 else None


def _quote_before(drafts: list[Draft], pos: int, marks: QuoteMarks) -> Draft | None:
    """The latest quote with a quotation in it that ends before `pos`, if no other speech came
    between (other cues of its own attribution sentence, like "..., referring to X", may)."""
    best = None
    for d in drafts:
        if d.regions and d.end <= pos and (best is None or d.end > best.end):
            best = d
    if best is None:
        return None
    sentence = best.attribution
    for d in drafts:
        if d is not best and best.end < d.start < pos:
            same_sentence = (sentence is not None and d.cue is not None
                             and sentence.start <= d.cue.token.i < sentence.end)
            if not same_sentence:
                return None
    if sentence is not None and not _all_quoted(best, marks):
        # '"Everything is on the table," Carson told the AP after hinting that "personnel changes"
        # could come. "Every single thing ...": a quotation after the sentence goes on with the
        # sentence's whole quotation, not with a partial quote inside its attribution
        whole = [d for d in drafts if d is not best and d.regions and d.end <= pos and d.cue is not None
                 and sentence.start <= d.cue.token.i < sentence.end and _all_quoted(d, marks)]
        if whole:
            return max(whole, key=lambda d: d.end)
    return best


# how a cue's content is found when it paraphrases ("Schiff said the administration may be reluctant")
_PARAPHRASE_METHODS = frozenset({"clause", "inverted", "according"})


def _paraphrase_just_before(drafts: list[Draft], text: str, region) -> Draft | None:
    """'The administration may be reluctant to act, Schiff said. "The other factor ..."': a
    quotation no cue claims that opens the sentence right after a paraphrase, in its paragraph,
    goes on with that paraphrase (one mixed quote, as PolNeAR and a reader take it)."""
    pos = region.outer_start
    if not direct.starts_clause(text, pos):
        return None
    latest = max((d for d in drafts if d.end <= pos), key=lambda d: d.end, default=None)
    if (latest is None or latest.regions or latest.cue is None or latest.speaker is None
            or latest.method not in _PARAPHRASE_METHODS or latest.attribution is None):
        return None
    sentence_end = max(latest.end, latest.attribution.end_char)
    if sentence_end > pos or "\n" in text[latest.end:pos] or direct.words_in(text, sentence_end, pos):
        return None
    return latest


def _in_speaker(d: Draft, region) -> bool:
    """The quotation is part of the draft's speaker mention ('wrote the authors of the "Growth and
    Opportunity Project,"'): a name, not more of what was said."""
    return d.speaker is not None and region.start < d.speaker.end_char and d.speaker.start_char < region.end


def _all_quoted(d: Draft, marks: QuoteMarks) -> bool:
    """Every span of the draft lies within its quotations."""
    return all(any(marks.regions[r].start <= s and e <= marks.regions[r].end for r in d.regions) for s, e in d.spans)


# links from a reported clause up to the verb reporting it ("said [that he [agrees] ...]")
_REPORTED_LINKS = frozenset({"ccomp", "conj", "xcomp"})
_OUTER_CLIMB_LIMIT = 8


def defer_to_outer_speakers(drafts: list[Draft], cues) -> None:
    """A quote whose cue sits in the clause another speech verb reports ("He says he respects
    Clinton and calls her "..."", "Trump told reporters that he thinks ...") belongs to that verb's
    speaker: the reporting sentence's subject is who PolNeAR (and a reader) names as the source."""
    speech = {c.token.i for c in cues if c.cls == "speech"}
    if not speech:
        return
    for d in drafts:
        if d.cue is None or d.method == "label":
            continue
        outer = _reporting_verb(d.cue.token, speech)
        if outer is None or outer.i > d.cue.token.i:
            # a speech verb after the cue reports another statement ('Clinton suggested that
            # ... - "...," she said'), however the parser hung the two together
            continue
        head = speaker_head(outer)
        if head is None:
            continue
        mention = mention_span(head)
        if is_relay(mention) or any(s < mention.end_char and mention.start_char < e for s, e in d.spans):
            continue  # "..., the Treasury said, Reuters reports": the agency only relays
        d.speaker = mention


def _reporting_verb(tok, speech: set[int]):
    """The nearest speech cue above `tok` through a content clause (at least one ccomp link)."""
    reported, steps = False, 0
    while tok.dep_ in _REPORTED_LINKS and tok.head.i != tok.i and steps < _OUTER_CLIMB_LIMIT:
        reported = reported or tok.dep_ == "ccomp"
        tok, steps = tok.head, steps + 1
        if reported and tok.i in speech:
            return tok
    return None


# how a quotation set off next to its cue or signed by its speaker is found: speech even in title case
_SET_OFF_METHODS = frozenset({"adjacent", "label", "signature", "bare"})
# ... unless the parse puts it inside a noun phrase: a preposition's object ('in charge of ''Today,''
# reminded'), a modifier ('the "Never Trump" movement'), an apposition
_NOUN_PHRASE_DEPS = frozenset({"pobj", "compound", "nmod", "appos", "poss", "npadvmod", "conj", "nsubj", "nsubjpass"})


# what follows the title of a piece cited with its author: '"Met accused of whitewashing baby
# Jesus," by Post's Kathianne Boniello'
_BYLINE = re.compile(r",?[ \t]+by[ \t]+[A-Z]")


def drop_quoted_names(doc: Doc, drafts: list[Draft], marks: QuoteMarks) -> list[Draft]:
    """A draft whose whole content is one title-cased quotation the cue does not set off is the
    name of a show or a group ('spoke on "Midday with Charlie Sykes"', 'the founder of "Indian
    Americans for Hillary"'), not something said; so is one the cue sets off that the parse puts
    inside a noun phrase, and one followed by a byline (the headline of a piece, in any case)."""
    text = marks.text
    keep = []
    for d in drafts:
        if len(d.spans) == 1:
            s, e = d.spans[0]
            region = marks.index_at(s)
            inner = region is not None and e <= marks.regions[region].outer_end
            if inner and _BYLINE.match(text, marks.regions[region].outer_end):
                continue
            if inner and direct.title_cased(direct.words(text, s, e)) and (
                    d.method not in _SET_OFF_METHODS or _inside_noun_phrase(doc, s, e)):
                continue
        keep.append(d)
    return keep


def _inside_noun_phrase(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return root.dep_ in _NOUN_PHRASE_DEPS and not span.start <= root.head.i < span.end


_DASHES = frozenset({"-", "–", "—", "--"})


def cut_writers_words(doc: Doc, drafts: list[Draft], marks: QuoteMarks, sents: Sentences) -> None:
    """End a piece of a draft at the closing mark of its quotation when the writer's own words
    follow: a subordinate clause set off by a comma ('saying, "That makes me smart," when Clinton
    blasted him'), a noun phrase after a dash ('likened the rules to "burning the Constitution" - a
    charge that might have stung'), or the start of the speaker's name, however the parse or the
    tagger grew the content, or part of a new sentence after a quotation that closes its own."""
    text = marks.text
    for d in drafts:
        spans = []
        for s, e in d.spans:
            for r in marks.overlapping(s, e):
                region = marks.regions[r]
                if region.closed and s < region.outer_end < e and (
                        _writers_words_at(doc, sents, text, region) or _runs_into_speaker(d, text, region, e)
                        or (_new_sentence_after(text, region) and _mid_sentence(text, e))):
                    e = region.outer_end
                    break
            spans.append((s, e))
        d.spans = spans


_NAME_WORDS = re.compile(r"(?:[\s,]*[A-Z][\w'’.-]*)*[\s,]*")


def _runs_into_speaker(d: Draft, text: str, region, end: int) -> bool:
    """'"...," Tulsa police Chief Chuck Jordan said': a piece reaching from the closing mark over
    capitalised words up to the speaker holds the start of the speaker's name, not what was said."""
    sp = d.speaker
    return (sp is not None and region.outer_end <= sp.start_char and end <= sp.end_char
            and bool(_NAME_WORDS.fullmatch(text, region.outer_end, min(end, sp.start_char))))


def _mid_sentence(text: str, end: int) -> bool:
    """A piece ending inside a sentence ("... friends." Russia's embassy|): the tagger's run-on
    into the next sentence, not a paraphrase that goes on to its end."""
    after = text[end:end + 2].lstrip(" ")
    return after[:1].isalnum()


def _new_sentence_after(text: str, region) -> bool:
    """'thanking "our German and Spanish friends." Russia's embassy ...': a quotation whose last
    sentence closes inside its marks, followed by a new sentence, ends what was reported."""
    last = text[region.start:region.end].rstrip()
    after = text[region.outer_end:region.outer_end + 3].lstrip(" ")
    return last.endswith((".", "!", "?")) and after[:1].isupper()


def _writers_words_at(doc: Doc, sents: Sentences, text: str, region) -> bool:
    j = sents.token_from(region.outer_end)
    comma = text[region.end - 1] == "," or text[region.outer_end:region.outer_end + 1] == ","
    dash = False
    while j < len(doc) and (doc[j].text == "," or doc[j].text in _DASHES):
        dash = dash or doc[j].text in _DASHES
        j += 1
    if j >= len(doc) or doc[j].idx - region.outer_end > 4:
        return False
    tok = doc[j]
    if comma and not dash and tok.dep_ in ("mark", "advmod") and tok.head.dep_ == "advcl" and tok.head.i > tok.i:
        return True
    return dash and tok.dep_ == "det" and tok.head.i > tok.i


_BREAK_CHARS = ",;—–-\"”’»"


def stop_before_other_attributions(doc: Doc, drafts: list[Draft], cues) -> list[Draft]:
    """End a piece before another attribution the writer set off at its end ('... the grain deal,
    stressing that ...', '... sensitive sectors, Polish news agency PAP reported', '"X," the
    top diplomat told Borrell'): what follows the break is the writer's framing of a statement,
    not the words reported; however the parse or the tagger grew the content over it. A draft cut
    down to what another draft already reports goes."""
    text = doc.text
    cut: set[int] = set()
    for d in drafts:
        spans = []
        for s, e in d.spans:
            for c in cues:
                if d.cue is not None and c.token.i == d.cue.token.i:
                    continue
                start = _attribution_start(c, s)
                if s < start < e and _ends_piece(c, e):
                    before = text[s:start].rstrip()
                    if (before and before[-1] in _BREAK_CHARS and len(before) < start - s
                            and before.rstrip(_BREAK_CHARS + " ").strip()):
                        e = s + len(before.rstrip(",;—–- "))
                        cut.add(id(d))
            spans.append((s, e))
        d.spans = [(s, e) for s, e in spans if text[s:e].strip(_BREAK_CHARS + " ")]
    return [d for d in drafts if d.spans and not (id(d) in cut and any(
        o is not d and o.speaker is not None and all_within(d.spans, o.spans) for o in drafts))]


_MAX_WORDS_AFTER_CUE = 2  # "told Borrell", "reported": more is that cue's own reported words


def _ends_piece(cue, end: int) -> bool:
    """The attribution closes the piece: an attribution with words of its own after it is a
    nested report ('..., she insisted that the first lady go'), part of what was said."""
    tok = cue.token
    rest = tok.doc.text[tok.idx + len(tok):end] if tok.idx < end else ""
    return len(rest.strip(_BREAK_CHARS + " .").split()) <= _MAX_WORDS_AFTER_CUE


def _attribution_start(cue, after: int) -> int:
    """Where the attribution of a cue starts (after `after`): the noun a relative clause of the
    cue describes, its speaker when named before it, else the cue."""
    tok = cue.token
    if tok.dep_ == "relcl" and tok.head.i < tok.i and tok.head.left_edge.idx > after:
        return tok.head.left_edge.idx  # ', a claim Yerevan rejected': the writer's apposition
    subject = next((c for c in tok.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        start = subject.left_edge.idx
        if start > after:
            return start
    return cue.token.idx


_ASIDE_BREAKS = frozenset({",", "—", "–", "--", "-"})
# methods whose content is the speaker's own quotation: the marks bound it, not the parse
_QUOTATION_METHODS = frozenset({"adjacent", "embedded", "unattributed", "paragraph", "continued", "signature",
                                "label", "bare"})


def cut_trailing_asides(doc: Doc, drafts: list[Draft], marks: QuoteMarks) -> list[Draft]:
    """End reported content before the writer's apposition to it that closes it and is at least as
    long as the words before it ('said that he doesn't want to kill the families of terrorists — a
    controversial proposal he has raised at various points during his campaign'; 'said the person
    would "not get beat up" at his rally, a swipe at the recent disturbances at some of Trump's
    rallies'), set off by a comma or a dash, however the parse or the tagger grew the content over
    it. Quotations keep their words. A shorter apposition stays: PolNeAR's content often holds it,
    and a content that is mostly its own words matches either way.
    PolNeAR train (F1@0.3 / F1@0.8 / relation F1): 1-300 0.7671 -> 0.7679 / 0.6973 -> 0.6966 /
    0.6913 -> 0.6923; 301-600 0.7571 -> 0.7585 / 0.6949 -> 0.6952 / 0.6877 -> 0.6891; 601-840
    0.7749 -> 0.7753 / 0.7113 -> 0.7107 / 0.7043 -> 0.7049. Cutting every such apposition, and
    non-restrictive relatives ("..., where he trailed Clinton"), "including ..." and concessions
    ("– even though ...") too, gained up to +0.002 F1@0.3 but lost 0.009 F1@0.8."""
    for d in drafts:
        if d.method in _QUOTATION_METHODS or not d.spans:
            continue
        s, e = d.spans[-1]
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) < 3:
            continue
        last = span.end - 1
        while last > span.start and (doc[last].is_punct or doc[last].is_space):
            last -= 1
        for b in range(span.start + 1, last):
            tok, nxt = doc[b], doc[b + 1]
            if tok.text not in _ASIDE_BREAKS or marks.inside(tok.idx) or marks.inside(nxt.idx):
                continue
            top = _tail_constituent(nxt)
            if top.dep_ == "appos" and top.right_edge.i >= last:
                head = doc.text[s:tok.idx].strip()
                if head and len(doc.text[nxt.idx:e].strip()) >= len(head) and text_has_words(doc.text, s, tok.idx):
                    d.spans[-1] = (s, len(doc.text[:tok.idx].rstrip()))
                break
    return drafts


def text_has_words(text: str, s: int, e: int) -> bool:
    return any(ch.isalnum() for ch in text[s:e])


def _tail_constituent(tok):
    """The largest phrase that starts at `tok` ('— [a controversial proposal he has raised]',
    ', [where he trailed Clinton]'): the highest ancestor whose subtree starts there."""
    top = tok
    while top.head.i != top.i and top.head.left_edge.i == tok.i:
        top = top.head
    return top
