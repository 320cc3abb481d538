"""Speaker mentions and what they resolve to, on hand-built parses and entity lists (no model)."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsgraph.extract.extensions import register_extensions
from newsgraph.extract.speakers import mention_span, resolve_mention, speaker_head
from newsgraph.extract.speakers.institutions import is_relay
from newsgraph.extract.speakers.offices import mention_office, role_offices
from newsgraph.records import Entity

register_extensions()
VOCAB = spacy.blank("en").vocab
_NO_SPACE_BEFORE = {",", ".", ":", ";", "'s", "’s"}


def parse(*tokens, ents=None):
    """A Doc from (text, head, dep, pos) tuples (absolute heads) and optional IOB entity tags."""
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in _NO_SPACE_BEFORE for i in range(len(words))]
    doc = Doc(VOCAB, words=words, spaces=spaces, heads=[t[1] for t in tokens], deps=[t[2] for t in tokens],
              pos=[t[3] for t in tokens], lemmas=[t[4] if len(t) > 4 else t[0].lower() for t in tokens], ents=ents)
    doc._.entities = []
    return doc


def person(doc, eid, name, at, roles=(), country=None, gender=None, type_="PERSON"):
    start = doc.text.index(at)
    entity = Entity(id=eid, name=name, type=type_, roles=list(roles), country=country, gender=gender)
    entity.add_mention(start, start + len(at))
    doc._.entities.append(entity)
    return entity


def span_of(doc, words):
    start = doc.text.index(words)
    return doc.char_span(start, start + len(words))


# offices.tsv: one office, many names


def test_foreign_minister_has_a_name_in_every_country():
    for mention in ("the foreign minister", "the top diplomat", "the head of the Foreign Ministry",
                    "the Secretary of State", "the Foreign Secretary", "Russia's chief diplomat"):
        keys, _ = mention_office(mention)
        assert "foreign_minister" in keys, mention
    assert "foreign_minister" in role_offices("Secretary of State")
    assert "foreign_minister" in role_offices("Minister of Foreign Affairs")


def test_eu_high_representative_is_the_head_of_european_diplomacy():
    for mention in ("the head of European diplomacy", "the EU foreign policy chief", "the EU's top diplomat"):
        keys, country = mention_office(mention)
        assert keys == {"eu_foreign_chief"} and country == "EUR", mention
    assert "eu_foreign_chief" in role_offices("High Representative")


def test_treasury_secretary_is_a_finance_minister_and_the_pentagon_chief_a_defence_minister():
    assert mention_office("the Treasury Secretary")[0] == {"finance_minister"}
    assert mention_office("the Pentagon chief")[0] == {"defence_minister"}
    assert "defence_minister" in role_offices("Defense Secretary")


def test_a_bare_title_matches_any_role_that_contains_it():
    assert mention_office("the minister")[0] <= role_offices("Foreign Minister")
    assert mention_office("the secretary")[0] <= role_offices("Secretary of State")
    assert mention_office("the spokeswoman")[0] <= role_offices("Foreign Ministry Spokeswoman")


# resolve_mention


def office_doc():
    # U.S. Secretary of State Antony Blinken met Sergey Lavrov . The top U.S. diplomat said no .
    tokens = [("U.S.", 3, "compound", "PROPN"), ("Secretary", 5, "compound", "PROPN"), ("of", 1, "prep", "ADP"),
              ("State", 2, "pobj", "PROPN"), ("Antony", 5, "compound", "PROPN"), ("Blinken", 6, "nsubj", "PROPN"),
              ("met", 6, "ROOT", "VERB"), ("Sergey", 8, "compound", "PROPN"), ("Lavrov", 6, "dobj", "PROPN"),
              (".", 6, "punct", "PUNCT"),
              ("The", 13, "det", "DET"), ("top", 13, "amod", "ADJ"), ("U.S.", 13, "compound", "PROPN"),
              ("diplomat", 14, "nsubj", "NOUN"), ("said", 14, "ROOT", "VERB", "say"), ("no", 14, "dobj", "INTJ"),
              (".", 14, "punct", "PUNCT")]
    ents = ["B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O",
            "O", "O", "B-GPE", "O", "O", "O", "O"]
    doc = parse(*tokens, ents=ents)
    blinken = person(doc, "e1", "Antony Blinken", "Antony Blinken", ["Secretary of State"], "USA")
    lavrov = person(doc, "e2", "Sergey Lavrov", "Sergey Lavrov", ["Foreign Minister"], "RUS")
    return doc, blinken, lavrov


def test_office_mention_resolves_to_the_person_with_that_role_in_that_country():
    doc, blinken, _ = office_doc()
    assert resolve_mention(doc, span_of(doc, "The top U.S. diplomat")) is blinken


def test_name_mention_resolves_through_its_entity():
    doc, blinken, _ = office_doc()
    assert resolve_mention(doc, span_of(doc, "Antony Blinken")) is blinken


def pronoun_doc():
    # Mrs. Ana Novak met Marko Horvat . She said no . He said yes .
    tokens = [("Mrs.", 2, "compound", "PROPN"), ("Ana", 2, "compound", "PROPN"), ("Novak", 3, "nsubj", "PROPN"),
              ("met", 3, "ROOT", "VERB"), ("Marko", 5, "compound", "PROPN"), ("Horvat", 3, "dobj", "PROPN"),
              (".", 3, "punct", "PUNCT"),
              ("She", 8, "nsubj", "PRON", "she"), ("said", 8, "ROOT", "VERB", "say"), ("no", 8, "dobj", "INTJ"),
              (".", 8, "punct", "PUNCT"),
              ("He", 12, "nsubj", "PRON", "he"), ("said", 12, "ROOT", "VERB", "say"), ("yes", 12, "dobj", "INTJ"),
              (".", 12, "punct", "PUNCT")]
    doc = parse(*tokens)
    novak = person(doc, "e1", "Ana Novak", "Ana Novak", gender="f")
    horvat = person(doc, "e2", "Marko Horvat", "Marko Horvat")  # gender from first_names.tsv
    return doc, novak, horvat


def test_pronouns_agree_in_gender_with_their_antecedent():
    doc, novak, horvat = pronoun_doc()
    assert resolve_mention(doc, doc[7:8]) is novak
    assert resolve_mention(doc, doc[11:12]) is horvat


def test_previous_speaker_wins_when_it_agrees():
    doc, novak, horvat = pronoun_doc()
    novak.gender = horvat.gender = None
    assert resolve_mention(doc, doc[7:8], previous=(novak, 0)) is novak


def test_person_mislabelled_by_ner_still_takes_a_personal_pronoun():
    doc, novak, horvat = pronoun_doc()
    doc._.entities = [novak]
    novak.type, novak.name, novak.gender = "ORG", "Novak", None  # what the small model often does
    novak.mentions = [(doc.text.index("Novak"), doc.text.index("Novak") + 5)]
    assert resolve_mention(doc, doc[7:8]) is novak  # "Mrs." before the name says: a woman


def institution_doc():
    # The Foreign Ministry summoned envoys . The ministry said no . The Treasury said yes .
    tokens = [("The", 2, "det", "DET"), ("Foreign", 2, "compound", "PROPN"), ("Ministry", 3, "nsubj", "PROPN"),
              ("summoned", 3, "ROOT", "VERB"), ("envoys", 3, "dobj", "NOUN"), (".", 3, "punct", "PUNCT"),
              ("The", 7, "det", "DET"), ("ministry", 8, "nsubj", "NOUN"), ("said", 8, "ROOT", "VERB", "say"),
              ("no", 8, "dobj", "INTJ"), (".", 8, "punct", "PUNCT"),
              ("The", 12, "det", "DET"), ("Treasury", 13, "nsubj", "PROPN"), ("said", 13, "ROOT", "VERB", "say"),
              ("yes", 13, "dobj", "INTJ"), (".", 13, "punct", "PUNCT")]
    doc = parse(*tokens)
    ministry = person(doc, "e1", "Foreign Ministry", "Foreign Ministry", type_="ORG")
    return doc, ministry


def test_generic_institution_noun_takes_the_latest_matching_organisation():
    doc, ministry = institution_doc()
    assert resolve_mention(doc, span_of(doc, "The ministry")) is ministry


def test_named_institution_missed_by_ner_becomes_an_entity():
    doc, _ = institution_doc()
    treasury = resolve_mention(doc, span_of(doc, "The Treasury"))
    assert treasury is not None and treasury.name == "Treasury" and treasury.type == "ORG"
    assert treasury in doc._.entities


def test_news_agencies_and_correspondents_are_relays():
    doc = parse(("the", 2, "det", "DET"), ("agency", 2, "poss", "NOUN"), ("correspondent", 3, "nsubj", "NOUN"),
                ("reports", 3, "ROOT", "VERB"), ("Reuters", 3, "dobj", "PROPN"))
    assert is_relay(doc[0:3])
    assert is_relay(doc[4:5])


# speaker_head / mention_span


def test_speaker_of_according_to_passive_and_plain_subject():
    # According to him , Novak , who was cited by Reuters , said no .
    tokens = [("According", 12, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP"), ("him", 1, "pobj", "PRON", "he"),
              (",", 12, "punct", "PUNCT"), ("Novak", 12, "nsubj", "PROPN"), (",", 4, "punct", "PUNCT"),
              ("who", 8, "nsubjpass", "PRON"), ("was", 8, "auxpass", "AUX", "be"), ("cited", 4, "relcl", "VERB", "cite"),
              ("by", 8, "agent", "ADP"), ("Reuters", 9, "pobj", "PROPN"), (",", 4, "punct", "PUNCT"),
              ("said", 12, "ROOT", "VERB", "say"), ("no", 12, "dobj", "INTJ")]
    doc = parse(*tokens)
    assert speaker_head(doc[0], according=True).text == "him"
    assert speaker_head(doc[8]).text == "Reuters"  # passive: the agent speaks
    assert speaker_head(doc[12]).text == "Novak"


def test_mention_span_keeps_the_noun_phrase_and_drops_the_apposition():
    # The head of the Foreign Ministry , Ana Novak , said no .
    tokens = [("The", 1, "det", "DET"), ("head", 9, "nsubj", "NOUN"), ("of", 1, "prep", "ADP"),
              ("the", 5, "det", "DET"), ("Foreign", 5, "compound", "PROPN"), ("Ministry", 2, "pobj", "PROPN"),
              (",", 1, "punct", "PUNCT"), ("Ana", 8, "compound", "PROPN"), ("Novak", 1, "appos", "PROPN"),
              ("said", 9, "ROOT", "VERB", "say"), ("no", 9, "dobj", "INTJ")]
    doc = parse(*tokens)
    assert speaker_head(doc[9]).text == "head"
    assert mention_span(doc[1]).text == "The head of the Foreign Ministry"
