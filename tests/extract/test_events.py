"""The newsgraph_events component on hand-built parses (no model) and, marked `model`, on real ones."""
from __future__ import annotations

import pytest
from model_docs import PUBLISHED, run
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.events import EventExtractor
from newsgraph.extract.extensions import register_extensions
from newsgraph.records import Quote

register_extensions()



def parsed(rows, ents=None, published=PUBLISHED):
    """A Doc from (word, lemma, pos, tag, dep, head index) rows, as the parser would leave it."""
    words = [r[0] for r in rows]
    doc = Doc(
        Vocab(), words=words, spaces=[i + 1 < len(words) and words[i + 1] not in ".,'s" for i in range(len(words))],
        lemmas=[r[1] for r in rows], pos=[r[2] for r in rows], tags=[r[3] for r in rows],
        deps=[r[4] for r in rows], heads=[r[5] for r in rows], ents=ents,
    )
    doc._.published = published
    return doc


def extract(doc):
    """The rule pass alone: these parses are built by hand to test the patterns, not the classifier."""
    return EventExtractor(learned=False)(doc)._.events


def sides(event, doc):
    return ([doc.text[p.start:p.end] for p in event.actor], [doc.text[p.start:p.end] for p in event.recipient])


def call_doc():
    return parsed([
        ("Blinken", "Blinken", "PROPN", "NNP", "nsubj", 1),
        ("spoke", "speak", "VERB", "VBD", "ROOT", 1),
        ("with", "with", "ADP", "IN", "prep", 1),
        ("Russian", "russian", "ADJ", "JJ", "amod", 5),
        ("Foreign", "Foreign", "PROPN", "NNP", "compound", 5),
        ("Minister", "Minister", "PROPN", "NNP", "compound", 7),
        ("Sergey", "Sergey", "PROPN", "NNP", "compound", 7),
        ("Lavrov", "Lavrov", "PROPN", "NNP", "pobj", 2),
        ("by", "by", "ADP", "IN", "prep", 1),
        ("phone", "phone", "NOUN", "NN", "pobj", 8),
        ("on", "on", "ADP", "IN", "prep", 1),
        ("Friday", "Friday", "PROPN", "NNP", "pobj", 10),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["B-PERSON", "O", "O", "B-NORP", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-DATE", "O"])


def test_phone_call_is_reciprocal_consult():
    doc = call_doc()
    [event] = extract(doc)
    assert (event.id, event.type, event.mode, event.quad) == ("v1", "CONSULT", "phone", "VC")
    assert sides(event, doc) == (["Blinken", "Russian Foreign Minister Sergey Lavrov"], [])
    lavrov = event.actor[1]
    assert (lavrov.country, lavrov.sector) == ("RUS", "GOV")
    assert event.status == "asserted"
    assert event.date == "2024-03-08"
    assert event.trigger.text == "spoke"
    assert event.sentence == (0, len(doc.text))
    assert 0 < event.confidence <= 1


def sanctions_doc(day="Wednesday"):
    return parsed([
        ("The", "the", "DET", "DT", "det", 2),
        ("European", "European", "PROPN", "NNP", "compound", 2),
        ("Union", "Union", "PROPN", "NNP", "nsubj", 3),
        ("slapped", "slap", "VERB", "VBD", "ROOT", 3),
        ("sanctions", "sanction", "NOUN", "NNS", "dobj", 3),
        ("on", "on", "ADP", "IN", "prep", 3),
        ("Gazprom", "Gazprom", "PROPN", "NNP", "pobj", 5),
        (",", ",", "PUNCT", ",", "punct", 6),
        ("Sberbank", "Sberbank", "PROPN", "NNP", "conj", 6),
        ("and", "and", "CCONJ", "CC", "cc", 8),
        ("VTB", "VTB", "PROPN", "NNP", "conj", 8),
        ("on", "on", "ADP", "IN", "prep", 3),
        (day, day, "PROPN", "NNP", "pobj", 11),
        (".", ".", "PUNCT", ".", "punct", 3),
    ], ents=["B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-ORG", "O", "B-ORG", "O", "B-ORG", "O", "B-DATE", "O"])


def test_sanctions_name_every_target():
    doc = sanctions_doc()
    [event] = extract(doc)
    assert (event.type, event.mode, event.quad) == ("SANCTION", "discontinue", "MX")
    assert sides(event, doc) == (["The European Union"], ["Gazprom", "Sberbank", "VTB"])
    assert (event.actor[0].country, event.actor[0].sector) == ("EUR", "GOV")
    assert event.actor[0].name == "European Union"
    assert [r.country for r in event.recipient] == ["RUS", "RUS", "RUS"]
    assert event.date == "2024-03-06"  # the Wednesday before a Friday publication


def threat_doc():
    # "Russia will face serious consequences in case of aggression, Blinken warned."
    return parsed([
        ("Russia", "Russia", "PROPN", "NNP", "nsubj", 2),
        ("will", "will", "AUX", "MD", "aux", 2),
        ("face", "face", "VERB", "VB", "ccomp", 11),
        ("serious", "serious", "ADJ", "JJ", "amod", 4),
        ("consequences", "consequence", "NOUN", "NNS", "dobj", 2),
        ("in", "in", "ADP", "IN", "prep", 2),
        ("case", "case", "NOUN", "NN", "pobj", 5),
        ("of", "of", "ADP", "IN", "prep", 6),
        ("aggression", "aggression", "NOUN", "NN", "pobj", 7),
        (",", ",", "PUNCT", ",", "punct", 11),
        ("Blinken", "Blinken", "PROPN", "NNP", "nsubj", 11),
        ("warned", "warn", "VERB", "VBD", "ROOT", 11),
        (".", ".", "PUNCT", ".", "punct", 11),
    ], ents=["B-GPE"] + ["O"] * 9 + ["B-PERSON", "O", "O"])


def test_threat_of_consequences_is_conditional_and_comes_from_the_speaker():
    doc = threat_doc()
    [event] = extract(doc)
    assert (event.type, event.quad, event.status) == ("THREATEN", "VX", "conditional")
    assert sides(event, doc) == (["Blinken"], ["Russia"])
    assert event.recipient[0].country == "RUS"


def aid_doc():
    return parsed([
        ("Washington", "Washington", "PROPN", "NNP", "nsubj", 2),
        ("is", "be", "AUX", "VBZ", "aux", 2),
        ("preparing", "prepare", "VERB", "VBG", "ROOT", 2),
        ("another", "another", "DET", "DT", "det", 5),
        ("aid", "aid", "NOUN", "NN", "compound", 5),
        ("package", "package", "NOUN", "NN", "dobj", 2),
        ("for", "for", "ADP", "IN", "prep", 5),
        ("Ukraine", "Ukraine", "PROPN", "NNP", "pobj", 6),
        (".", ".", "PUNCT", ".", "punct", 2),
    ], ents=["B-GPE", "O", "O", "O", "O", "O", "O", "B-GPE", "O"])


def test_aid_package_in_preparation_is_planned_aid():
    doc = aid_doc()
    [event] = extract(doc)
    assert (event.type, event.quad, event.status) == ("AID", "MC", "planned")
    assert sides(event, doc) == (["Washington"], ["Ukraine"])
    assert (event.actor[0].country, event.actor[0].sector) == ("USA", "GOV")
    assert (event.recipient[0].country, event.recipient[0].sector) == ("UKR", "GOV")


def test_negated_sanctions():
    doc = parsed([
        ("The", "the", "DET", "DT", "det", 1),
        ("Kremlin", "Kremlin", "PROPN", "NNP", "nsubj", 4),
        ("did", "do", "AUX", "VBD", "aux", 4),
        ("not", "not", "PART", "RB", "neg", 4),
        ("impose", "impose", "VERB", "VB", "ROOT", 4),
        ("sanctions", "sanction", "NOUN", "NNS", "dobj", 4),
        ("on", "on", "ADP", "IN", "prep", 4),
        ("Britain", "Britain", "PROPN", "NNP", "pobj", 6),
        (".", ".", "PUNCT", ".", "punct", 4),
    ])
    [event] = extract(doc)
    assert (event.type, event.status) == ("SANCTION", "negated")
    assert [(p.country, p.sector) for p in event.actor] == [("RUS", "GOV")]
    assert [(p.country, p.sector) for p in event.recipient] == [("GBR", "GOV")]


def test_passive_sanctions_take_the_agent_as_actor():
    doc = parsed([
        ("Russian", "russian", "ADJ", "JJ", "amod", 1),
        ("banks", "bank", "NOUN", "NNS", "nsubjpass", 3),
        ("were", "be", "AUX", "VBD", "auxpass", 3),
        ("sanctioned", "sanction", "VERB", "VBN", "ROOT", 3),
        ("by", "by", "ADP", "IN", "agent", 3),
        ("Brussels", "Brussels", "PROPN", "NNP", "pobj", 4),
        ("yesterday", "yesterday", "NOUN", "NN", "npadvmod", 3),
        (".", ".", "PUNCT", ".", "punct", 3),
    ])
    [event] = extract(doc)
    assert sides(event, doc) == (["Brussels"], ["Russian banks"])
    assert (event.actor[0].country, event.recipient[0].country, event.recipient[0].sector) == ("EUR", "RUS", "BUS")
    assert event.date == "2024-03-07"


def test_refusal_is_the_event_not_the_meeting():
    doc = parsed([
        ("Moscow", "Moscow", "PROPN", "NNP", "nsubj", 1),
        ("refused", "refuse", "VERB", "VBD", "ROOT", 1),
        ("to", "to", "PART", "TO", "aux", 3),
        ("meet", "meet", "VERB", "VB", "xcomp", 1),
        ("Ukrainian", "ukrainian", "ADJ", "JJ", "amod", 5),
        ("officials", "official", "NOUN", "NNS", "dobj", 3),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    [event] = extract(doc)
    assert (event.type, event.status) == ("REJECT", "asserted")
    assert sides(event, doc) == (["Moscow"], ["Ukrainian officials"])
    assert (event.recipient[0].country, event.recipient[0].sector) == ("UKR", "GOV")


def test_boilerplate_sentences_have_no_events():
    doc = sanctions_doc()
    doc._.boilerplate = [(0, len(doc.text))]
    assert extract(doc) == []


def test_event_inside_a_quote_points_to_it():
    doc = sanctions_doc()
    doc._.quotes = [Quote(id="q1", start=0, end=len(doc.text), spans=[(0, len(doc.text))], text=doc.text,
                          kind="direct", cue=None, speaker=None, confidence=0.9)]
    [event] = extract(doc)
    assert event.quote == "q1"


def test_no_publication_date_no_relative_date():
    doc = sanctions_doc()
    doc._.published = None
    [event] = extract(doc)
    assert event.date is None


# --- the real model -------------------------------------------------------------------------


def summary(doc):
    return [(e.type, e.status, sorted(doc.text[p.start:p.end] for p in e.actor),
             sorted(doc.text[p.start:p.end] for p in e.recipient)) for e in doc._.events]


@pytest.mark.model
def test_model_reciprocal_call(nlp):
    doc = run(nlp, "U.S. Secretary of State Antony Blinken spoke with Russian Foreign Minister Sergey Lavrov "
                   "by phone on Wednesday.")
    [event] = doc._.events
    assert (event.type, event.mode, event.date) == ("CONSULT", "phone", "2024-03-06")
    assert {(p.country, p.sector) for p in event.actor} == {("USA", "GOV"), ("RUS", "GOV")}


@pytest.mark.model
@pytest.mark.parametrize("text", ["Russian troops staged exercises near the border on Monday.",
                                  "China is staging a war game off Taiwan."])
def test_model_staged_exercises_are_mobilization(nlp, text):
    # the rule lemmatizer alone reads "staged"/"staging" as forms of "stag"
    doc = run(nlp, text)
    [event] = doc._.events
    assert event.type == "MOBILIZE" and doc.text[event.trigger.start:event.trigger.end].startswith("stag")


@pytest.mark.model
def test_model_sanctions_on_three_targets(nlp):
    doc = run(nlp, "The European Union slapped sanctions on Gazprom, Rosneft and Sberbank on Friday.")
    [event] = [e for e in doc._.events if e.type == "SANCTION"]
    assert event.actor[0].country == "EUR"
    targets = " ".join(doc.text[p.start:p.end] for p in event.recipient)
    assert all(name in targets for name in ("Gazprom", "Rosneft", "Sberbank"))
    assert event.date == "2024-03-08"


@pytest.mark.model
def test_model_conditional_threat(nlp):
    doc = run(nlp, "Moscow will face serious consequences in case of aggression, the White House warned.")
    [event] = doc._.events
    assert (event.type, event.status) == ("THREATEN", "conditional")
    assert [(p.country, p.sector) for p in event.actor] == [("USA", "GOV")]
    assert [p.country for p in event.recipient] == ["RUS"]


@pytest.mark.model
def test_model_planned_aid_and_metonyms(nlp):
    doc = run(nlp, "Washington is preparing another military aid package for Kyiv.")
    [event] = doc._.events
    assert (event.type, event.status) == ("AID", "planned")
    assert [p.country for p in event.actor] == ["USA"]
    assert [p.country for p in event.recipient] == ["UKR"]


@pytest.mark.model
def test_model_negated_and_nationality_adjectives(nlp):
    doc = run(nlp, "Chinese troops did not attack Indian soldiers on Monday.")
    [event] = doc._.events
    assert (event.type, event.status, event.date) == ("ASSAULT", "negated", "2024-03-04")
    assert [(p.country, p.sector) for p in event.actor] == [("CHN", "MIL")]
    assert [(p.country, p.sector) for p in event.recipient] == [("IND", "MIL")]


@pytest.mark.model
def test_model_accusation_and_kremlin(nlp):
    doc = run(nlp, "The Kremlin accused Britain of provoking the crisis.")
    assert summary(doc) == [("ACCUSE", "asserted", ["The Kremlin"], ["Britain"])]
    assert (doc._.events[0].actor[0].country, doc._.events[0].actor[0].sector) == ("RUS", "GOV")


def drills_doc(doers):
    """'<doers> held naval drills near the border.'; doers: [(word, lemma, pos, tag, dep, head)] from 0."""
    n = len(doers)
    return parsed(doers + [
        ("held", "hold", "VERB", "VBD", "ROOT", n),
        ("naval", "naval", "ADJ", "JJ", "amod", n + 2),
        ("drills", "drill", "NOUN", "NNS", "dobj", n),
        ("near", "near", "ADP", "IN", "prep", n),
        ("the", "the", "DET", "DT", "det", n + 5),
        ("border", "border", "NOUN", "NN", "pobj", n + 3),
        (".", ".", "PUNCT", ".", "punct", n),
    ])


def test_an_exercise_of_two_sides_is_cooperation_of_one_a_show_of_force():
    one = drills_doc([("Russia", "Russia", "PROPN", "NNP", "nsubj", 1)])
    [event] = extract(one)
    assert (event.type, event.mode) == ("MOBILIZE", "troops")
    two = drills_doc([("China", "China", "PROPN", "NNP", "nsubj", 3), ("and", "and", "CCONJ", "CC", "cc", 0),
                      ("Russia", "Russia", "PROPN", "NNP", "conj", 0)])
    [event] = extract(two)
    assert (event.type, event.mode, event.quad) == ("COOPERATE", None, "MC")
    assert sides(event, two)[0] == ["China", "Russia"]


def test_a_planned_act_is_less_sure_than_the_agreement_it_hangs_on():
    doc = parsed([
        ("China", "China", "PROPN", "NNP", "nsubj", 2),
        ("has", "have", "AUX", "VBZ", "aux", 2),
        ("agreed", "agree", "VERB", "VBN", "ROOT", 2),
        ("to", "to", "PART", "TO", "aux", 4),
        ("lift", "lift", "VERB", "VB", "xcomp", 2),
        ("the", "the", "DET", "DT", "det", 6),
        ("ban", "ban", "NOUN", "NN", "dobj", 4),
        ("on", "on", "ADP", "IN", "prep", 6),
        ("British", "british", "ADJ", "JJ", "amod", 9),
        ("beef", "beef", "NOUN", "NN", "pobj", 7),
        (".", ".", "PUNCT", ".", "punct", 2),
    ])
    agree, lift = sorted(extract(doc), key=lambda e: e.trigger.start)
    assert (agree.type, agree.status, lift.type, lift.status) == ("AGREE", "asserted", "RETREAT", "planned")
    assert lift.confidence < agree.confidence


def test_without_an_actor_like_recipient_a_place_in_the_governed_clause_is_one():
    doc = parsed([
        ("Rebels", "rebel", "NOUN", "NNS", "nsubj", 1),
        ("agreed", "agree", "VERB", "VBD", "ROOT", 1),
        ("to", "to", "PART", "TO", "aux", 3),
        ("keep", "keep", "VERB", "VB", "xcomp", 1),
        ("their", "their", "PRON", "PRP$", "poss", 5),
        ("weapons", "weapon", "NOUN", "NNS", "dobj", 3),
        ("in", "in", "ADP", "IN", "prep", 3),
        ("Lebanon", "Lebanon", "PROPN", "NNP", "pobj", 6),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["O", "O", "O", "O", "O", "O", "O", "B-GPE", "O"])
    [event] = [e for e in extract(doc) if e.type == "AGREE"]  # (the keeping is a planned event of its own)
    assert sides(event, doc) == (["Rebels"], ["Lebanon"])


def release_doc(aux):
    """'Israel <aux> not release the prisoners.'"""
    return parsed([
        ("Israel", "Israel", "PROPN", "NNP", "nsubj", 3),
        (aux, aux, "AUX", "MD" if aux == "will" else "VBD", "aux", 3),
        ("not", "not", "PART", "RB", "neg", 3),
        ("release", "release", "VERB", "VB", "ROOT", 3),
        ("the", "the", "DET", "DT", "det", 5),
        ("prisoners", "prisoner", "NOUN", "NNS", "dobj", 3),
        (".", ".", "PUNCT", ".", "punct", 3),
    ], ents=["B-GPE", "O", "O", "O", "O", "O", "O"])


def test_a_concession_that_will_not_be_made_is_a_refusal_one_not_made_is_negated():
    will = release_doc("will")
    [event] = extract(will)
    assert (event.type, event.mode, event.status) == ("REJECT", "yield", "asserted")
    assert sides(event, will) == (["Israel"], ["the prisoners"])
    did = release_doc("did")
    [event] = extract(did)
    assert (event.type, event.status) == ("RETREAT", "negated")
    does = release_doc("does")  # a standing refusal: "Serbia does not recognise Kosovo"
    [event] = extract(does)
    assert (event.type, event.status) == ("REJECT", "asserted")


def test_ending_ones_own_strike_is_a_concession():
    doc = parsed([
        ("Workers", "worker", "NOUN", "NNS", "nsubj", 1),
        ("ended", "end", "VERB", "VBD", "ROOT", 1),
        ("their", "their", "PRON", "PRP$", "poss", 3),
        ("strike", "strike", "NOUN", "NN", "dobj", 1),
        (".", ".", "PUNCT", ".", "punct", 1),
    ])
    [event] = extract(doc)
    assert event.type == "CONCEDE"


def test_a_refusal_takes_the_recipient_of_the_refused_act_not_its_means():
    doc = parsed([
        ("Germany", "Germany", "PROPN", "NNP", "nsubj", 1),
        ("refused", "refuse", "VERB", "VBD", "ROOT", 1),
        ("to", "to", "PART", "TO", "aux", 3),
        ("send", "send", "VERB", "VB", "xcomp", 1),
        ("peacekeepers", "peacekeeper", "NOUN", "NNS", "dobj", 3),
        ("to", "to", "ADP", "IN", "prep", 3),
        ("Iraq", "Iraq", "PROPN", "NNP", "pobj", 5),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["B-GPE", "O", "O", "O", "O", "O", "B-GPE", "O"])
    [event] = extract(doc)
    assert event.type == "REJECT"
    assert sides(event, doc) == (["Germany"], ["Iraq"])


def test_a_report_accusing_someone_is_its_authors_accusation():
    doc = parsed([
        ("Amnesty", "Amnesty", "PROPN", "NNP", "nsubj", 1),
        ("published", "publish", "VERB", "VBD", "ROOT", 1),
        ("a", "a", "DET", "DT", "det", 3),
        ("report", "report", "NOUN", "NN", "dobj", 1),
        ("accusing", "accuse", "VERB", "VBG", "acl", 3),
        ("the", "the", "DET", "DT", "det", 6),
        ("army", "army", "NOUN", "NN", "dobj", 4),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["B-ORG", "O", "O", "O", "O", "O", "O", "O"])
    [event] = [e for e in extract(doc) if e.type == "ACCUSE"]
    assert sides(event, doc) == (["Amnesty"], ["the army"])


def test_finding_someone_guilty_in_a_small_clause_accuses_them():
    doc = parsed([
        ("The", "the", "DET", "DT", "det", 1),
        ("court", "court", "NOUN", "NN", "nsubj", 2),
        ("found", "find", "VERB", "VBD", "ROOT", 2),
        ("Barbarin", "Barbarin", "PROPN", "NNP", "nsubj", 4),
        ("guilty", "guilty", "ADJ", "JJ", "ccomp", 2),
        (".", ".", "PUNCT", ".", "punct", 2),
    ], ents=["O", "O", "O", "B-PERSON", "O", "O"])
    [event] = extract(doc)
    assert event.type == "ACCUSE"
    assert sides(event, doc) == (["The court"], ["Barbarin"])


def test_a_condemned_act_is_blamed_not_its_victim():
    doc = parsed([
        ("Guterres", "Guterres", "PROPN", "NNP", "nsubj", 1),
        ("condemned", "condemn", "VERB", "VBD", "ROOT", 1),
        ("the", "the", "DET", "DT", "det", 3),
        ("attack", "attack", "NOUN", "NN", "dobj", 1),
        ("on", "on", "ADP", "IN", "prep", 3),
        ("a", "a", "DET", "DT", "det", 6),
        ("church", "church", "NOUN", "NN", "pobj", 4),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["B-PERSON", "O", "O", "O", "O", "O", "O", "O"])
    [event] = [e for e in extract(doc) if e.type == "ACCUSE"]
    assert sides(event, doc) == (["Guterres"], ["the attack on a church"])


def test_the_author_of_a_condemned_act_is_found_on_any_conjunct():
    doc = parsed([
        ("Leaders", "leader", "NOUN", "NNS", "nsubj", 1),
        ("condemned", "condemn", "VERB", "VBD", "ROOT", 1),
        ("the", "the", "DET", "DT", "det", 3),
        ("aggression", "aggression", "NOUN", "NN", "dobj", 1),
        ("and", "and", "CCONJ", "CC", "cc", 3),
        ("the", "the", "DET", "DT", "det", 6),
        ("threats", "threat", "NOUN", "NNS", "conj", 3),
        ("made", "make", "VERB", "VBN", "acl", 6),
        ("by", "by", "ADP", "IN", "agent", 7),
        ("Washington", "Washington", "PROPN", "NNP", "pobj", 8),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["O", "O", "O", "O", "O", "O", "O", "O", "O", "B-GPE", "O"])
    [event] = [e for e in extract(doc) if e.type == "ACCUSE"]
    assert sides(event, doc) == (["Leaders"], ["Washington"])


def test_more_forces_somewhere_is_a_show_of_force():
    doc = parsed([
        ("Russia", "Russia", "PROPN", "NNP", "nsubj", 1),
        ("intensified", "intensify", "VERB", "VBD", "ROOT", 1),
        ("its", "its", "PRON", "PRP$", "poss", 3),
        ("forces", "force", "NOUN", "NNS", "dobj", 1),
        ("near", "near", "ADP", "IN", "prep", 1),
        ("Ukraine", "Ukraine", "PROPN", "NNP", "pobj", 4),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=["B-GPE", "O", "O", "O", "O", "B-GPE", "O"])
    [event] = extract(doc)
    assert (event.type, event.mode) == ("MOBILIZE", "troops")
    assert sides(event, doc) == (["Russia"], ["Ukraine"])


def protested_doc(doer, ent):
    return parsed([
        (doer, doer, "PROPN" if ent != "O" else "NOUN", "NNP" if ent != "O" else "NNS", "nsubj", 1),
        ("protested", "protest", "VERB", "VBD", "ROOT", 1),
        ("the", "the", "DET", "DT", "det", 3),
        ("law", "law", "NOUN", "NN", "dobj", 1),
        (".", ".", "PUNCT", ".", "punct", 1),
    ], ents=[ent, "O", "O", "O", "O"])


def test_a_crowds_protest_is_a_demonstration_a_governments_a_verbal_one():
    [event] = extract(protested_doc("Students", "O"))
    assert (event.type, event.mode) == ("PROTEST", "demo")
    [event] = extract(protested_doc("China", "B-GPE"))
    assert event.type == "ACCUSE"
