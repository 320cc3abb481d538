"""speakers.nested: the outer subject of a cue that heads a that-clause of another predicate."""
from __future__ import annotations

from newsgraph.extract.speakers.nested import defer_to_outer_subjects, outer_subject, trailing_reporter

from test_speakers import parse


def survey(that=True, after=False):
    if after:  # "voters backed Clinton, the survey showed"
        return parse(("voters", 1, "nsubj", "NOUN"), ("backed", 5, "ccomp", "VERB", "back"), ("Clinton", 1, "dobj", "PROPN"),
                     (",", 5, "punct", "PUNCT"), ("the", 4, "det", "DET"), ("survey", 5, "nsubj", "NOUN"),
                     ("showed", 5, "ROOT", "VERB", "show"), (".", 5, "punct", "PUNCT"))
    words = [("The", 1, "det", "DET"), ("survey", 2, "nsubj", "NOUN"), ("showed", 2, "ROOT", "VERB", "show")]
    if that:
        words.append(("that", 5, "mark", "SCONJ"))
    n = len(words)
    words += [("voters", n + 1, "nsubj", "NOUN"), ("backed", 2, "ccomp", "VERB", "back"), ("Clinton", n + 1, "dobj", "PROPN"),
              (".", 2, "punct", "PUNCT")]
    return parse(*words)


def token(doc, text):
    return next(t for t in doc if t.text == text)


def test_the_subject_of_the_predicate_whose_that_clause_holds_the_cue():
    doc = survey()
    assert outer_subject(token(doc, "backed")).text == "survey"


def test_no_outer_subject_without_that_or_with_the_predicate_after_the_cue():
    assert outer_subject(token(survey(that=False), "backed")) is None
    assert outer_subject(token(survey(after=True), "backed")) is None


def test_the_fact_that_takes_whoever_governs_the_noun():
    # The outlet glosses over the fact that the laws guaranteed safety .
    doc = parse(("The", 1, "det", "DET"), ("outlet", 2, "nsubj", "NOUN"), ("glosses", 2, "ROOT", "VERB", "gloss"),
                ("over", 2, "prep", "ADP"), ("the", 5, "det", "DET"), ("fact", 3, "pobj", "NOUN"),
                ("that", 9, "mark", "SCONJ"), ("the", 8, "det", "DET"), ("laws", 9, "nsubj", "NOUN"),
                ("guaranteed", 5, "acl", "VERB", "guarantee"), ("safety", 9, "dobj", "NOUN"), (".", 2, "punct", "PUNCT"))
    assert outer_subject(token(doc, "guaranteed")).text == "outlet"
    # ... but not the clause of any noun: "the outlet backs the bill that the laws guaranteed"
    doc = parse(("The", 1, "det", "DET"), ("outlet", 2, "nsubj", "NOUN"), ("backs", 2, "ROOT", "VERB", "back"),
                ("the", 4, "det", "DET"), ("bill", 2, "dobj", "NOUN"), ("that", 6, "mark", "SCONJ"),
                ("guaranteed", 4, "acl", "VERB", "guarantee"), ("safety", 6, "dobj", "NOUN"), (".", 2, "punct", "PUNCT"))
    assert outer_subject(token(doc, "guaranteed")) is None


def test_made_it_clear_takes_the_maker_and_it_is_clear_no_one():
    # Jones made it clear that his boss wanted talks . (the clause hung on "clear" as advcl)
    doc = parse(("Jones", 1, "nsubj", "PROPN"), ("made", 1, "ROOT", "VERB", "make"), ("it", 3, "nsubj", "PRON"),
                ("clear", 1, "ccomp", "ADJ"), ("that", 7, "mark", "SCONJ"), ("his", 6, "poss", "PRON"),
                ("boss", 7, "nsubj", "NOUN"), ("wanted", 3, "advcl", "VERB", "want"), ("talks", 7, "dobj", "NOUN"),
                (".", 1, "punct", "PUNCT"))
    assert outer_subject(token(doc, "wanted")).text == "Jones"
    # It is clear that Smith said no .
    doc = parse(("It", 1, "nsubj", "PRON"), ("is", 1, "ROOT", "AUX", "be"), ("clear", 1, "acomp", "ADJ"),
                ("that", 5, "mark", "SCONJ"), ("Smith", 5, "nsubj", "PROPN"), ("said", 1, "ccomp", "VERB", "say"),
                ("no", 5, "dobj", "INTJ"), (".", 1, "punct", "PUNCT"))
    assert outer_subject(token(doc, "said")) is None


class _Cue:
    def __init__(self, tok, cls):
        self.token, self.cls = tok, cls


class _Draft:
    def __init__(self, doc, cue, content, speaker, method="clause", cls="speech"):
        start = doc.text.index(content)
        self.cue, self.spans, self.method = _Cue(token(doc, cue), cls), [(start, start + len(content))], method
        self.speaker = doc[token(doc, speaker).i: token(doc, speaker).i + 1]


def test_a_draft_takes_the_outer_subject_unless_it_is_a_label_or_inside_the_content():
    doc = survey()
    d = _Draft(doc, "backed", "Clinton", "voters")
    defer_to_outer_subjects([d])
    assert d.speaker.text == "The survey"
    label = _Draft(doc, "backed", "Clinton", "voters", method="label")
    inside = _Draft(doc, "backed", "The survey showed that voters backed Clinton", "voters")
    defer_to_outer_subjects([label, inside])
    assert label.speaker.text == "voters" and inside.speaker.text == "voters"


def reported(source, source_pos="PROPN", that=False):
    """Carter discussed the plan , SOURCE reported [that it failed] ."""
    words = [("Carter", 1, "nsubj", "PROPN"), ("discussed", 6, "ccomp", "VERB", "discuss", "VBD"), ("the", 3, "det", "DET"),
             ("plan", 1, "dobj", "NOUN"), (",", 6, "punct", "PUNCT"), (source, 6, "nsubj", source_pos),
             ("reported", 6, "ROOT", "VERB", "report", "VBD")]
    if that:
        words += [("that", 9, "mark", "SCONJ"), ("it", 9, "nsubj", "PRON"), ("failed", 6, "ccomp", "VERB", "fail", "VBD")]
    return parse(*words, (".", 6, "punct", "PUNCT"))


def test_a_report_verb_after_the_clause_names_its_source():
    assert trailing_reporter(token(reported("Politico"), "discussed")).text == "Politico"
    # ... not when it reports a clause of its own after it, nor with a pronoun for subject
    assert trailing_reporter(token(reported("Politico", that=True), "discussed")) is None
    assert trailing_reporter(token(reported("he", "PRON"), "discussed")) is None


def test_a_reporting_outlet_takes_the_quote_unless_an_agency_relays_a_statement():
    doc = reported("Politico")
    d = _Draft(doc, "discussed", "the plan", "Carter", cls="attitude")
    defer_to_outer_subjects([d])
    assert d.speaker.text == "Politico"
    doc = reported("Reuters")
    relayed, judged = (_Draft(doc, "discussed", "the plan", "Carter", cls=cls) for cls in ("speech", "attitude"))
    defer_to_outer_subjects([relayed, judged])
    assert relayed.speaker.text == "Carter" and judged.speaker.text == "Reuters"


def test_a_report_inside_the_reported_words_is_no_source():
    """Smith said the deal , which the Times reported , would close ."""
    doc = parse(("Smith", 1, "nsubj", "PROPN"), ("said", 1, "ROOT", "VERB", "say", "VBD"), ("the", 3, "det", "DET"),
                ("deal", 11, "nsubj", "NOUN"), (",", 3, "punct", "PUNCT"), ("which", 8, "dobj", "PRON"),
                ("the", 7, "det", "DET"), ("Times", 8, "nsubj", "PROPN"), ("reported", 3, "relcl", "VERB", "report", "VBD"),
                (",", 3, "punct", "PUNCT"), ("would", 11, "aux", "AUX"), ("close", 1, "ccomp", "VERB", "close", "VB"),
                (".", 1, "punct", "PUNCT"))
    assert trailing_reporter(token(doc, "said")) is None
