"""The words that name who is speaking, read off the parse around a cue word.

`Novak said`, `said Novak` (subject), `according to Novak`, `was stated by Novak` (agent),
`Novak, who said`, `Novak said ..., adding` (the subject the cue shares), `Novak was quoted as
saying`. The mention is the noun phrase as written, without appositions or relative clauses.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import cache

from spacy.tokens import Span, Token

from newsgraph.extract.docfacts import positions_of_texts
from newsgraph.extract.speakers.names import name_run, name_start
from newsgraph.extract.token_classes import DOUBLE_QUOTE_TOKENS, FINITE_TAGS
from newsgraph.resources import read_table, read_word_set

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_SHARED_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp", "acl", "ccomp", "acomp"})
# children that belong to the mention on the right of its head: "head of the ministry", "Novak Jr."
_RIGHT_KEEP = frozenset({"compound", "flat", "prep", "nummod", "poss", "case", "amod"})
_NAME_PREPS = frozenset({"of", "for", "at", "from", "like", "including"})
_BARRIERS = DOUBLE_QUOTE_TOKENS | {";", ":", "—", "–"}


@cache
def speech_lemmas() -> frozenset[str]:
    """Verbs of saying (cue_verbs.txt): a participle hanging off what they report shares their subject."""
    return frozenset(row[0] for row in read_table("quotes/cue_verbs.txt")
                     if len(row) > 1 and row[1] in ("speech", "belief") and " " not in row[0])




def _outer_speech_verb(tok: Token, head: Token) -> Token | None:
    """"Fidan said that Ankara was working on it, stressing that ...": "stressing" hangs off
    "working" in the parse but shares the subject of "said"."""
    if head.dep_ != "ccomp" or head.head.i == head.i:
        return None
    outer = head.head
    if outer.pos_ not in ("VERB", "AUX") or outer.lemma_.lower() not in speech_lemmas():
        return None
    if tok.tag_ == "VBG" and tok.dep_ in ("advcl", "conj", "xcomp"):
        return outer
    if tok.dep_ == "conj" and tok.lemma_.lower() in speech_lemmas() and tok.i > head.i:
        return outer
    return None


def _child(tok: Token, deps, children: list[Token] | None = None) -> Token | None:
    """The first child of `tok` with one of the `deps` (`children`: tok's, already listed)."""
    for c in tok.children if children is None else children:
        if c.dep_ in deps:
            return c
    return None


def _subject(tok: Token, deps, children: list[Token] | None = None) -> Token | None:
    """The subject child nearest the verb: '"Happy Cinco de Mayo!," he tweeted' gives the parser two
    subjects, one inside the quotation."""
    best = None
    for c in tok.children if children is None else children:
        if c.dep_ in deps and (best is None or abs(c.i - tok.i) < abs(best.i - tok.i)):
            best = c
    if best is not None and best.lower_ in read_word_set(FLOATING_QUANTIFIERS_FILE) and best.i < tok.i:
        # "Republican leaders - ... - both suggested": the quantified subject, not "both"
        before = [c for c in (tok.children if children is None else children) if c.dep_ in deps and c.i < best.i]
        if before:
            return before[-1]
    return best


FLOATING_QUANTIFIERS_FILE = "speakers/floating_quantifiers.txt"


_CLOSING_MARKS = frozenset({'"', "”", "''", "’", "»", "'"})


def _name_before_verb(verb: Token) -> Token | None:
    """'"...," Gene Sperling, a top Clinton adviser, said': the parser hung the name inside the
    quotation (or on a phrase before it); it is the words between the closing mark (or comma) and
    the verb."""
    doc = verb.doc
    j = verb.i - 1
    while j > 0 and doc[j].head.i == verb.i and (doc[j].dep_ in ("aux", "neg") or doc[j].tag_ == "RB"):
        j -= 1  # "Mr. Trump, asked about it, had said", "..., also said"
    # an apposition or relative clause between name and verb, set off by commas or by dashes
    # ("Donald Trump - who previously said he would "bomb" oil fields - said")
    delimiters = _DASHES if j > 0 and doc[j].text in _DASHES else _COMMA
    if j > 0 and doc[j].text in delimiters:
        # a closing mark ends a comma-set aside ('"...," Sperling, an adviser, said'); a dashed
        # one may hold a quotation
        stops = delimiters if delimiters is _DASHES else _COMMA_OR_CLOSING_MARK
        for _ in range(_MAX_INTERRUPTIONS):  # "Sanders, meanwhile, who sits at zero endorsements, said"
            k = j - 1
            while k > 0 and j - k < _MAX_INTERRUPTION_TOKENS:
                word = doc[k]
                if word.text in stops or word.is_sent_start:
                    break
                k -= 1
            if k <= 0 or doc[k].text not in delimiters or _is_clause(doc[k + 1:j], name_i=k - 1):
                return None  # "Speaking in Salem, Trump went after Bush, calling": a clause, not an aside
            j = k - 1
            if doc[j].pos_ != "ADV":
                break
    if j < 0 or doc[j].pos_ not in ("PROPN", "PRON", "NOUN") or doc[j].is_punct:
        return None
    start = name_start(doc, j, _word_before_verb, reach=6)
    before = doc[start - 1] if start > 0 else None
    if before is None or doc[start].is_sent_start:
        return doc[j] if doc[j].pos_ in ("PROPN", "PRON") else None
    if before.text in _CLOSING_MARKS or (before.text == "," and start > 1 and doc[start - 2].text in _CLOSING_MARKS):
        return doc[j]
    if before.text == "," and doc[j].pos_ == "PROPN" and doc[j].ent_type_ in _NAME_TYPES:
        # "Alarmed by the unrest in Nevada, Senator Harry Reid, the minority leader, said" (NER
        # may call a surname a place)
        return doc[j]
    if before.lower_ in _CLAUSE_OPENERS and doc[j].pos_ == "PROPN" and doc[j].ent_type_ in _NAME_TYPES:
        return doc[j]  # "when Mr. Buchanan, who had failed to win, called for"
    return None


def _word_before_verb(tok: Token) -> bool:
    """A word of the noun phrase before the verb: "front - runner", "Col ." in a name (see
    `_word_of_person_name`)."""
    return tok.tag_ == "HYPH" or (tok.pos_ in ("PROPN", "NOUN", "ADJ", "DET")
                                  and (not tok.is_punct or tok.pos_ == "PROPN"))


def _inverted_name(verb: Token) -> Token | None:
    """'"...," said Skelly, explaining', '"...?" asked Mr. Manafort, referring to': a verb of saying
    right after a quotation's closing mark has its speaker after it, whatever the parser made of the
    name (an object, an adverb). The words of the name are read as drafts._noun_phrase_at reads
    them (names.name_run); here the run must end the clause and its last word is the head."""
    doc = verb.doc
    if verb.i < 1 or doc[verb.i - 1].text not in _CLOSING_MARKS or verb.lemma_.lower() not in speech_lemmas():
        return None
    # the name runs to the end of the clause ("said Skelly, explaining"), not into a phrase after it
    name = name_run(doc, verb.i + 1, max_words=5, followed_by=_INVERTED_NAME_ENDS)
    if name is None:
        return None
    return None if name[-1].ent_type_ in ("DATE", "TIME") else name[-1]  # '"...," she said Monday


_INVERTED_NAME_ENDS = frozenset({",", ".", ";"})


def _person_right_before(verb: Token) -> Token | None:
    """'At a campaign event in Ohio, 62-year-old Brenda Johnson also railed against immigrants':
    a person's name right before a finite verb without a subject (adverbs between) is its
    subject, wherever the parser hung it."""
    if verb.tag_ not in FINITE_TAGS:
        return None
    doc = verb.doc
    j = verb.i - 1
    while j > verb.sent.start and doc[j].pos_ == "ADV" and doc[j].head.i == verb.i:
        j -= 1
    if j < verb.sent.start:
        return None
    name = doc[j]
    if name.ent_type_ != "PERSON" or name.pos_ != "PROPN" or name.dep_ in ("compound", "poss"):
        return None
    k = name_start(doc, j, _word_of_person_name, reach=8)
    if k > 0 and doc[k - 1].text in _CLOSING_MARKS:
        return None  # '"...," Tulsa police Chief Chuck Jordan said': the drafts read a name after a quotation whole
    return name


def _word_of_person_name(tok: Token) -> bool:
    """A word of the name or description before a person's name ("Tulsa police Chief Chuck", "Tulsa" tagged
    a verb). Not `_word_before_verb`'s words: with one reading for both, five train speakers changed."""
    return tok.pos_ in ("PROPN", "NOUN", "ADJ", "VERB") and not tok.is_punct


def _name_tagged_modal(verb: Token) -> Token | None:
    """"Will wrote", "Will believes": a modal before a finite verb is a name the tagger missed."""
    if verb.tag_ not in ("VBD", "VBZ"):
        return None
    return next((c for c in verb.lefts if c.dep_ == "aux" and c.tag_ == "MD" and c.is_title and c.i == verb.i - 1), None)


def _is_clause(words: Span, name_i: int) -> bool:
    """Words whose top verb has a subject of its own that is not a relative pronoun ("Trump went
    after Bush"; not "who said he would ..."); `name_i`: the token before the aside's opening
    delimiter."""
    tops = [t for t in words if t.head.i == t.i or not words.start <= t.head.i < words.end]
    # the name right before the aside is no subject of it, though the parser may hang it there
    # ("Mr. Bush - in a line that seemed directed at Mr. Trump - declared")
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE_PRONOUNS
               and c.i != name_i
               for t in tops if t.pos_ in ("VERB", "AUX") for c in t.children)


_MAX_INTERRUPTIONS = 2
_COMMA = frozenset({","})
_COMMA_OR_CLOSING_MARK = _COMMA | _CLOSING_MARKS
_MAX_INTERRUPTION_TOKENS = 25
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", ""})
_CLAUSE_OPENERS = frozenset({"when", "while", "as", "after", "before", "because", "since", "though", "although",
                             "if", "and", "but", "where"})


def _pobj(prep: Token) -> Token | None:
    return _child(prep, ("pobj",))


_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its"})


_COMPLEMENT_DEPS = frozenset({"dobj", "attr", "acomp", "oprd"})


def _acting_subject(noun: Token) -> Token | None:
    """The subject of the verb a noun is the object of ("she escalated her attacks") or the
    prepositional object of, when the verb has no object of its own ("doubled down on its
    attacks"); none when the noun hangs on an adjective or another noun ("persistent in her
    criticism", "gained traction with his promise"), whose subject need not own it."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
        if any(c.dep_ in _COMPLEMENT_DEPS for c in verb.children):
            return None
    elif noun.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    return _child(verb, ("nsubj",))


# verbs whose subject is the author of the statement they take as object ("issued a statement")
AUTHORING_VERBS_FILE = "speakers/authoring_verbs.txt"


def noun_speaker_head(noun: Token) -> Token | None:
    """Whose claim: "his claim" -> his; "a claim by Trump" -> Trump; "Trump made the claim" -> Trump;
    else unknown."""
    poss = _child(noun, ("poss",))
    if poss is not None:
        if poss.lower_ in _POSSESSIVE_PRONOUNS:
            # "he reiterated his claim": the subject whose act the noun is; "Pence is not alone
            # in his contention": the possessive as written (the resolver finds whom it means)
            subject = _acting_subject(noun)
            if subject is not None and (subject.pos_ == "PROPN" or subject.pos_ in ("NOUN", "PRON")
                                        and subject.lower_ not in ("it", "this", "that", "which", "what")):
                return subject
        return poss
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
    agent = _pobj(by) if by is not None else None
    if agent is not None and agent.pos_ in ("PROPN", "NOUN", "PRON") and (by.lower_ == "by" or _could_author(agent)
                                                                           or agent.pos_ != "NOUN"):
        # "a demand, by House Minority Leader Nancy Pelosi, that ...", "an allegation from his
        # first wife that ..." (not "complaints from the region": a place is no author)
        return agent
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":  # "in a statement that ..."
        if verb.lower_ not in _STATEMENT_PREPS:
            return None  # "despite complaints that ...", "for all the criticism of ...": no one's in particular
        verb = verb.head
    elif noun.dep_ != "dobj" or verb.lemma_.lower() not in read_word_set(AUTHORING_VERBS_FILE):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    author = speaker_head(verb, depth=1)
    if noun.dep_ == "dobj" and author is not None and author.pos_ == "NOUN" and not _could_author(author):
        return None  # "The documents raised new questions": a thing raising questions is not asking them
    return author


def _could_author(noun: Token) -> bool:
    from newsgraph.extract.speakers.institutions import is_institution  # institutions imports this module

    return _names_people(noun) or is_institution(mention_span(noun))


_DASHES = frozenset({"—", "–", "-", "―", "--"})
_MADE_NOUNS = frozenset({"ad", "advertisement", "piece", "video", "article", "op-ed", "column", "editorial",
                         "book", "letter", "memo", "email", "e-mail", "tweet", "post", "statement", "report",
                         "spot", "commercial", "clip", "speech", "interview", "documentary", "film", "website"})


_STATEMENT_PREPS = frozenset({"in", "during", "through", "with", "via", "on", "at"})
# passives whose subject is the speaker: "was quoted as saying", "was heard telling"
# "It is important to note", "it means admitting": "it" of these verbs is nobody
_IMPERSONAL_LEMMAS = frozenset({"be", "mean", "seem", "appear", "remain", "become", "take", "make"})
_PASSIVE_SPEAKER_LEMMAS = frozenset({"quote", "cite", "hear", "overhear", "record", "film", "tape", "videotape",
                                     "see", "catch"})


def passive_without_source(tok: Token, children: list[Token] | None = None) -> bool:
    """A passive cue with no "by" agent ("is expected to", "was asked about", "it was reported that")."""
    if tok.lemma_.lower() in _PASSIVE_SPEAKER_LEMMAS:
        return False
    # Token.children builds new Tokens on every pass: one pass
    children = [(c.dep_, c) for c in (tok.children if children is None else children)]
    deps = {dep for dep, _ in children}
    if "agent" in deps:
        return False
    if "auxpass" in deps and any(dep == "auxpass" and c.lower_ in ("'s", "’s") for dep, c in children):
        return False  # "he's said": has said, not is said
    if "auxpass" in deps or "nsubjpass" in deps:
        return True
    # a bare participle: "Asked about the charges, Rubio said", "when asked whether ..." (the tagger
    # may call it a past tense; with no subject and no auxiliary of its own it is the participle)
    if tok.dep_ not in ("advcl", "acl") or "aux" in deps:
        return False
    # "As the Post reported, ...": a participle-tagged verb with a subject of its own is not bare;
    # nor is a past tense after a name the parser did not link ("when Mr. Buchanan, who ..., called")
    if tok.tag_ not in ("VBN", "VBD") or not deps.isdisjoint(("nsubj", "nsubjpass", "expl")):
        return False
    if _main_verb_of_verbless_sentence(tok, deps):
        return False
    if _set_off_after_name(tok, deps):
        return False
    return tok.tag_ == "VBN" or _name_before_verb(tok) is None


_OBJECT_DEPS = frozenset({"dobj", "oprd", "ccomp", "dative"})


def _main_verb_of_verbless_sentence(tok: Token, deps: set[str]) -> bool:
    """"Beruff, a Scott ally, called Florida's standards "strong."": the parser made the name the
    sentence's root and the verb a participle on it; a "participle" with an object, set off from a
    root name by an aside, is the sentence's finite verb (a headline's "Trump asked about X" has
    no comma: it stays a passive)."""
    noun = tok.head
    if tok.dep_ != "acl" or noun.dep_ != "ROOT" or noun.pos_ not in ("PROPN", "NOUN") or noun.i > tok.i:
        return False
    if deps.isdisjoint(_OBJECT_DEPS):
        return False
    # "A Quinnipiac University poll found last week that ...": a clause object makes it the verb
    # of the sentence even with no comma (a headline's "Trump asked about X" has none)
    return "ccomp" in deps or any(t.text == "," for t in tok.doc[noun.i + 1:tok.i])


def _set_off_after_name(tok: Token, deps: set[str]) -> bool:
    """'Mitt Romney, the 2012 nominee, tweeted in response: "..."': a verb of saying the parser hung
    on a person's name as a participle, after a comma, is that person's finite verb (a name is
    not said or written; "Romney, said to be furious," keeps its infinitive)."""
    name = tok.head
    if tok.dep_ != "acl" or name.ent_type_ != "PERSON" or name.i > tok.i or "xcomp" in deps:
        return False
    return tok.lemma_.lower() in speech_lemmas() and _after_comma(tok)


_SKIPPED_BEFORE_VERB = frozenset({"aux", "auxpass", "neg", "advmod"})


def _subject_after_coordinator(verb: Token) -> Token | None:
    """'Many Republicans have said they will not attend and others have said ...': a noun between a
    coordinator and a conjoined verb that the parser joined to the noun before it is the verb's
    subject."""
    if verb.dep_ != "conj":
        return None
    doc = verb.doc
    j = verb.i - 1
    while j > 0 and doc[j].dep_ in _SKIPPED_BEFORE_VERB and doc[j].head.i == verb.i:
        j -= 1
    noun = doc[j]
    if noun.dep_ != "conj" or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    start = mention_span(noun).start
    return noun if start > 0 and doc[start - 1].dep_ == "cc" else None


def _dangling_subject(verb: Token) -> Token | None:
    """The subject of a verb the parser left without one, when it hung the subject elsewhere in
    the verb's subtree: on a verb of an aside ("Sanders, meanwhile, who sits at zero endorsements,
    said", parsed Sanders <- sits <- said) or on a noun it took for a clause's head: the earliest
    such subject of the sentence before the verb."""
    doc = verb.doc
    for t in doc[verb.sent.start:verb.i]:
        if t.dep_ != "nsubj" or t.pos_ not in ("PROPN", "NOUN") or verb not in t.ancestors:
            continue
        if t.head.pos_ in ("VERB", "AUX"):
            if _relative_aside_after(t) or _first_of_two_clauses(t.head, verb) or _reduced_relative(t, verb):
                return t
            continue
        if any(v.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)
               for v in doc[t.i + 1:verb.i]):
            return None
        return t
    return None


_ASIDE_OPENERS = frozenset({"who", "whose", "which"})


def _reduced_relative(noun: Token, verb: Token) -> bool:
    """'Republican activists clamoring to block Trump say ...': the parser made the noun the subject
    of the participle right after it, which describes the noun; the noun is the verb's subject."""
    participle = noun.head
    return participle.tag_ == "VBG" and participle.i == noun.i + 1 and participle.i < verb.i \
        and participle.dep_ in ("advcl", "acl") and participle.head.i == verb.i


def _first_of_two_clauses(first: Token, verb: Token) -> bool:
    """'Kasich offered the man a job, then says he'll welcome advice': the parser made the clause
    before the comma a complement of the subjectless verb, which has its own complement after it;
    the two verbs share the first one's subject."""
    if first.dep_ != "ccomp" or first.head.i != verb.i or first.i > verb.i:
        return False
    if not any(t.text == "," for t in verb.doc[first.i + 1:verb.i]):
        return False
    subject = _child(first, ("nsubj",))
    if subject is None or not (subject.pos_ in ("PROPN", "PRON") or _names_people(subject)):
        return False  # "The issue had come up after Mr. Trump, asked about it, had said": not the issue's
    # a quotation before the verb is what it reports ('"Republicans are so frustrated ...," said')
    return not any(t.text in DOUBLE_QUOTE_TOKENS for t in verb.doc[first.left_edge.i:verb.i]) and \
        any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)


def _relative_aside_after(tok: Token) -> bool:
    """A relative clause set off by a comma follows the mention ("Sanders, meanwhile, who")."""
    doc = tok.doc
    end = mention_span(tok).end
    if end >= len(doc) or doc[end].text != ",":
        return False
    for t in doc[end + 1:end + 4]:
        if t.lower_ in _ASIDE_OPENERS:
            return True
        if not (t.pos_ == "ADV" or t.text == ","):
            return False
    return False


def _past_dateline(subj: Token, verb: Token) -> Token:
    """"WASHINGTON (AP) — Donald Trump pledged": the parser may take the dateline's place for the
    subject; the subject is the first noun phrase after the dash."""
    doc = subj.doc
    if not (subj.is_upper or subj.ent_type_ == "GPE") or subj.i > verb.i:
        return subj
    line_start = subj.i
    # only whether the line starts within 3 tokens matters: no need to walk back further ("I said")
    while line_start > 0 and subj.i - line_start <= 3 and "\n" not in doc[line_start - 1].text \
            and "\n" not in doc[line_start - 1].whitespace_:
        line_start -= 1
    if subj.i - line_start > 3:
        return subj
    dash = next((t for t in doc[subj.i + 1:verb.i] if t.text in _DASHES), None)
    if dash is None or dash.i - subj.i > 12:
        return subj
    for t in doc[dash.i + 1:verb.i]:
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            while t.dep_ in ("compound", "flat", "amod", "nmod", "poss") and t.head.i > t.i and t.head.i < verb.i:
                t = t.head
            return t
    return subj


SHARE_WORDS_FILE = "speakers/share_words.txt"
SURVEY_NOUNS_FILE = "speakers/survey_nouns.txt"


def _poll_of(verb: Token, subj: Token) -> Token | None:
    """The poll in "In a September poll, 75 percent of Republicans said ..." (on the verb or the subject)."""
    if not (subj.lower_ in read_word_set(SHARE_WORDS_FILE) or subj.like_num or subj.ent_type_ == "PERCENT"):
        return None
    for prep in (c for t in (verb, subj) for c in t.children if c.dep_ == "prep" and c.lower_ == "in"):
        poll = _pobj(prep)
        if poll is not None and poll.lemma_.lower() in read_word_set(SURVEY_NOUNS_FILE):
            return poll
    return None


def _according_source(verb: Token, children: list[Token] | None = None) -> Token | None:
    """The object of an "according to" on a speech verb, unless a news outlet only relays it."""
    for according in verb.children if children is None else children:  # a plain loop: runs for every subject
        if according.lower_ == "according" and according.dep_ == "prep":
            break
    else:
        return None
    to = _child(according, ("prep",))
    source = _pobj(to) if to is not None else None
    if source is None or source.pos_ not in ("PROPN", "NOUN"):
        return None
    from newsgraph.extract.speakers.institutions import is_relay  # institutions imports this module

    if is_relay(mention_span(source)):
        return None
    if any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in source.children):
        return None  # "Yoon told the meeting, according to his office": his own office only relays him
    return source


def _maker(source: Token) -> Token:
    """Who made what "according to" cites: "a tally by the Associated Press", "figures released by
    the ministry", "interviews with a dozen party leaders"; else the source itself."""
    for c in source.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "with") or c.dep_ == "acl" and c.tag_ == "VBN":
            link = c if c.dep_ == "prep" else _child(c, ("agent",))
            maker = _pobj(link) if link is not None else None
            if maker is not None and maker.pos_ in ("PROPN", "NOUN") and (c.lower_ != "with" or _names_people(maker)):
                return maker
    return source


def _document_author(relative: Token) -> Token | None:
    """"Sanders is releasing a new ad that urges voters ...": the ad's maker speaks through it."""
    verb = relative.head
    if verb.dep_ != "relcl":
        return None
    noun = verb.head
    if noun.lemma_.lower() not in _MADE_NOUNS or noun.dep_ not in ("dobj", "attr"):
        return None
    maker = _child(noun.head, ("nsubj",))
    return maker if maker is not None and maker.pos_ in ("PROPN", "NOUN") else None


def speaker_head(cue_token: Token, according: bool = False, depth: int = 0, shared: bool = False) -> Token | None:
    """The head word of the speaker of `cue_token`, or None. `shared`: the cue shares the subject
    of `cue_token` ("Silverman was joined by Franken and joked": Silverman joked, not Franken)."""
    tok = cue_token
    if tok.pos_ == "NOUN" and depth == 0:
        return noun_speaker_head(tok)
    if according:
        to = _child(tok, ("prep",))
        source = _pobj(to) if to is not None else None
        return _maker(source) if source is not None else None
    kids = list(tok.children)  # each pass over Token.children makes its Tokens anew
    if shared:
        subj = _subject(tok, ("nsubj",), kids) or _subject(tok, ("nsubjpass",), kids)
        if _is_expletive(subj):
            return None  # "There were emails that night showing": an expletive is no one
        if subj is not None and subj.lower_ not in ("this", "that", "it"):
            return _past_dateline(subj, tok)  # "NEW YORK (AFP) - Biden hit ..., trashing Trump"
        if subj is None and tok.dep_ == "conj" and depth < 3:
            # "Silverman was booed and shouted down by supporters after telling them": the
            # subject the conjuncts share, not the second one's agent
            return speaker_head(tok.head, depth=depth + 1, shared=True)
    agent = _child(tok, ("agent",), kids)
    if agent is not None:
        return _pobj(agent)
    if depth == 0 and passive_without_source(tok, kids):
        return None  # "Yellen is expected to ...", "Asked about it, Rubio said": no one said it
    subj = _subject(tok, ("nsubj",), kids)
    if subj is None:  # (no agent: it would have been returned above)
        subj = _subject(tok, ("nsubjpass",), kids)
        if subj is not None and subj.lower_ in ("this", "that", "it"):
            subj = None
    if subj is None and (depth == 0 or shared):
        subj = (_name_before_verb(tok) or _name_tagged_modal(tok) or _dangling_subject(tok)
                or _subject_after_coordinator(tok) or _person_right_before(tok)
                or (_inverted_name(tok) if depth > 0 else None))  # the cue's own: drafts._inverted_after_content
    if subj is not None and depth > 0 and subj.lower_ == "it" and subj.i < cue_token.i and (
            tok.lemma_.lower() in _IMPERSONAL_LEMMAS or any(c.dep_ in ("acomp", "attr") for c in kids)):
        return None  # "It is important to note", "it means admitting": no one in particular
    if subj is not None and depth == 0:
        # "Walker said, according to an AP account": the outer source vouches for the words;
        # "In a CNN poll, 75 percent said": the poll speaks for its respondents
        subj = _according_source(tok, kids) or _poll_of(tok, subj) or subj
    if subj is not None and subj.i < tok.i:
        subj = _named_apposition(subj, tok) or subj
    if _is_expletive(subj):
        return None
    if subj is not None:
        subj = _past_dateline(subj, tok)
        if subj.lower_ in ("that", "which") and subj.dep_ == "nsubj":
            subj = _document_author(subj) or subj
        return subj  # a relative "who" stays: it is the mention next to the cue
    if depth >= 3:
        return None
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ == "relcl":
        return head
    if depth == 0 and (after := _after_speech_verb(tok)) is not None:
        return after
    if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        # "issued a statement saying ...": whoever issued it; "Novak, speaking at the summit, ...",
        # "featuring Hispanics telling their stories": people speak for themselves, unless they are
        # told something ("told supporters ..., vowing to compete")
        verb = head.head.head if head.dep_ == "pobj" else head.head
        if head.dep_ in ("dobj", "pobj") and verb.pos_ in ("VERB", "AUX") and not (
                tok.tag_ == "VBG" and (_names_people(head) or _speaks_for_itself(head, verb))
                and not _after_comma(tok) and not _addressed(head, verb)):
            return speaker_head(verb, depth=depth + 1) or head
        return head
    if tok.dep_ == "pcomp" and head.dep_ == "prep":  # "was quoted as saying"
        governor = head.head
        if governor.pos_ in ("NOUN", "ADJ") and tok.tag_ == "VBG":
            return _gerund_agent(governor, depth)
        return speaker_head(governor, depth=depth + 1, shared=True)
    if tok.dep_ in ("nsubj", "csubj") and tok.tag_ == "VBG" and _after_comma(tok) and head.dep_ in _SHARED_SUBJECT_DEPS:
        # 'Flea shared the news, writing "Feels great ..."': the parser made the participle the
        # subject of the quotation's verb, which hangs on the verb whose subject it shares
        return speaker_head(head.head, depth=depth + 1, shared=True)
    if tok.dep_ == "xcomp" and (controller := _object_controller(tok, head)) is not None:
        return controller
    if tok.dep_ in _SHARED_SUBJECT_DEPS and (tok.dep_ != "ccomp" or tok.tag_ == "VBG"):
        outer = _outer_speech_verb(tok, head)
        if outer is None and depth == 0:
            outer = _main_clause_verb(tok, head)
        return speaker_head(outer if outer is not None else head, depth=depth + 1, shared=outer is None)
    return None


def _is_expletive(subject: Token | None) -> bool:
    return subject is not None and subject.tag_ == "EX"


def _named_apposition(subject: Token, verb: Token) -> Token | None:
    """'One pastor supporting Mr. Cruz, Darran Whiting of Liberty Baptist Church, said': a person's
    name set off by a comma beside a described subject, before the verb, names the speaker (one
    with no comma, "His neighbour Anna Kowal", is part of the mention already)."""
    if subject.pos_ != "NOUN":
        return None
    doc = subject.doc
    return next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.ent_type_ == "PERSON"
                 and subject.i < c.i < verb.i and _after_comma(doc[mention_span(c).start])), None)


def _after_speech_verb(participle: Token) -> Token | None:
    """'"Too much hate," she said, blaming some of it on the candidates': a participle right after
    "<subject> <verb of saying>," shares that subject, wherever the parser hung it (here on "hate",
    inside the quotation)."""
    doc = participle.doc
    i = participle.i
    if participle.tag_ != "VBG" or i < 3 or doc[i - 1].text != ",":
        return None
    verb = doc[i - 2]
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in speech_lemmas() or verb.i == participle.head.i:
        return None
    subject = _subject(verb, ("nsubj",))
    return subject if subject is not None and subject.i < verb.i else None


_GOVERNOR_LINKS = frozenset({"dobj", "attr", "acomp"})


def _gerund_agent(governor: Token, depth: int) -> Token | None:
    """Who does the gerund of "Trump has a long history of blaming others", "took the step of
    criticizing", "has been the most aggressive in denouncing": the noun's possessor, else the
    subject of the clause the noun or adjective belongs to."""
    poss = _child(governor, ("poss",))
    if poss is not None:
        return poss  # "Trump's history of blaming others"
    verb = governor.head
    if governor.dep_ not in _GOVERNOR_LINKS or verb.pos_ not in ("VERB", "AUX") or depth >= 3:
        return None
    return speaker_head(verb, depth=depth + 1, shared=True)


DIRECTING_VERBS_FILE = "speakers/directing_verbs.txt"
_GROUP_WORDS = frozenset({"some", "many", "others", "most", "few", "several", "all"})


def _object_controller(infinitive: Token, verb: Token) -> Token | None:
    """"That prompted Rubio to call Trump "very flexible"", "leaving some to question": the object
    of the verb an infinitive completes does what the infinitive says, when it is someone."""
    lemma = verb.lemma_.lower()
    if infinitive.tag_ != "VB" or lemma in read_word_set(DIRECTING_VERBS_FILE) \
            or lemma in _addressing_lemmas():
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < infinitive.i), None)
    if obj is None:
        return None
    if obj.pos_ == "PROPN" or obj.lower_ in _GROUP_WORDS or (obj.pos_ == "PRON" and obj.lower_ in _PERSONAL_OBJECTS):
        return obj
    return obj if obj.pos_ == "NOUN" and _could_author(obj) else None


_PERSONAL_OBJECTS = frozenset({"him", "her", "them", "us", "me"})


def _speaks_for_itself(noun: Token, verb: Token) -> bool:
    """"gave $10 million to a group backing Bush", "with recent polls showing ...": a group or a
    poll the participle describes speaks, unless the verb's subject made it ("issued a statement
    saying", "released a poll showing")."""
    from newsgraph.extract.speakers.institutions import DOCUMENT_NOUNS  # institutions imports this module

    lemma = noun.lemma_.lower()
    if lemma in _MADE_NOUNS or lemma in DOCUMENT_NOUNS or verb.lemma_.lower() in read_word_set(AUTHORING_VERBS_FILE):
        return False
    # a group or a poll, not "at one point calling", "took turns rebutting"
    return lemma in read_word_set(SURVEY_NOUNS_FILE) or _could_author(noun)


def _after_comma(tok: Token) -> bool:
    return tok.i > 0 and tok.doc[tok.i - 1].text == ","


@cache
def _addressing_lemmas() -> frozenset[str]:
    """Verbs whose object is who is spoken to ("told supporters", "emailed supporters")."""
    return frozenset(row[0] for row in read_table("quotes/cue_verbs.txt")
                     if len(row) > 1 and row[1] in ("speech", "belief", "frame", "directive") and " " not in row[0])


def _addressed(noun: Token, verb: Token) -> bool:
    """"emailed supporters saying", "a pitch to voters saying": the people are the audience."""
    return verb.lemma_.lower() in _addressing_lemmas() or (noun.dep_ == "pobj" and noun.head.lower_ in ("to", "with"))


def _names_people(noun: Token) -> bool:
    """A noun for persons ("Hispanics", "staff members", "Mr. Cruz"), not for what they made."""
    from newsgraph.extract.speakers.institutions import PEOPLE_NOUNS  # institutions imports this module

    return (noun.ent_type_ in ("PERSON", "NORP") or noun.lemma_.lower() in PEOPLE_NOUNS
            or noun.lower_ in PEOPLE_NOUNS)


_SUBORDINATE_DEPS = frozenset({"ccomp", "acl", "relcl", "advcl", "pcomp", "pobj", "csubj"})


def _main_clause_verb(tok: Token, head: Token) -> Token | None:
    """"Rubio pushed back on the claims, saying that the bill was waylaid by mistrust - and
    arguing that ...": a participle after a comma belongs to the main clause, whatever verb of a
    subordinate clause the parser hung it on."""
    if tok.tag_ != "VBG" or tok.i < 2 or not any(t.text == "," or t.text in _DASHES for t in tok.doc[max(0, tok.i - 3):tok.i]):
        return None
    chain, t = [], head
    while t.head.i != t.i and len(chain) < 12:
        chain.append(t)
        t = t.head
    chain.append(t)
    if not any(c.dep_ in _SUBORDINATE_DEPS for c in chain[:-1]):
        return None  # the participle already hangs on the main clause
    for c in reversed(chain):  # from the root down: the first verb with a subject of its own
        if c.pos_ in ("VERB", "AUX") and c.i < tok.i and (_child(c, ("nsubj",)) or _child(c, ("nsubjpass",))):
            return c
        if c.dep_ in _SUBORDINATE_DEPS:
            break
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
        if tok.lower_ in RELATIVE_PRONOUNS and tok.dep_ in ("nsubj", "nsubjpass"):
            antecedent = relative_antecedent(tok)
            if antecedent is not None and antecedent.i < tok.i and antecedent.pos_ in ("PROPN", "NOUN"):
                phrase = mention_span(antecedent)
                if 0 <= tok.i - phrase.end <= 1 and all(t.text == "," for t in doc[phrase.end:tok.i]):
                    return doc[phrase.start:tok.i + 1]  # "Ted Cruz, who": the name and its relative
        return doc[tok.i:tok.i + 1]
    start = tok.i
    for c in tok.lefts:
        if c.dep_ not in ("punct", "cc", "preconj") and c.left_edge.i < start:
            start = c.left_edge.i
    # a quote mark or a clause comma between a left child and the head: the child belongs to
    # the quotation or clause before ('"... there will be none" Ilić said' parsed none <- Ilić)
    barriers = positions_of_texts(doc, _BARRIERS)
    k = bisect_left(barriers, tok.i) - 1
    if k >= 0 and barriers[k] >= start:
        start = barriers[k] + 1
    # "when Mr. Buchanan": the parser may hang the clause's opener on its subject
    while start < tok.i and (doc[start].is_punct or doc[start].tag_ in ("WRB", "IN", "CC")):
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
        # ... but a title-cased headline's entity may run on over the verb ("Bernie Sanders
        # Promises Action On Immigration"): the name ends before the verb it is the subject of
        while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].i != tok.head.i:
            end += 1
    elif end < len(doc) and _close_apposition(tok, doc[end]):
        # "His neighbour Anna Kowal", "the peacekeeping force KFOR": a name with no comma before it
        end += 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return doc[start:end]


def _close_apposition(head: Token, nxt: Token) -> bool:
    if nxt.ent_iob_ != "B" or nxt.ent_type_ not in ("PERSON", "ORG") or head.pos_ != "NOUN":
        return False
    name_head = nxt
    while name_head.dep_ in ("compound", "flat") and name_head.head.i > name_head.i:
        name_head = name_head.head
    if name_head.dep_ == "appos" and name_head.head.i == head.i:
        return True
    # two subjects side by side: the parser's way of missing an apposition
    return name_head.head.i == head.head.i and name_head.dep_ == head.dep_ and head.dep_ in ("nsubj", "nsubjpass")
