from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.entities import EntityClusterer, add_entity, clean_name, entity_at
from newsgraph.extract.extensions import register_extensions

register_extensions()


def make_doc(words, ents, spaces=None):
    return Doc(Vocab(), words=words, spaces=spaces, ents=ents)


def cluster(doc):
    return EntityClusterer(None)(doc)


def test_person_with_title_and_later_surname_is_one_entity():
    words = ["Foreign", "Minister", "Ana", "Novak", "met", "Lavrov", ".", "Novak", "said", "no", "."]
    ents = ["O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    people = [e for e in doc._.entities if e.type == "PERSON"]
    assert [e.name for e in people] == ["Ana Novak", "Lavrov"]
    novak = people[0]
    assert novak.roles == ["Foreign Minister"]
    assert [doc.text[s:e] for s, e in novak.mentions] == ["Ana Novak", "Novak"]


def test_country_and_sector_come_from_the_title():
    words = ["U.S.", "Secretary", "of", "State", "Antony", "Blinken", "spoke", "."]
    ents = ["B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = cluster(make_doc(words, ents))
    blinken = next(e for e in doc._.entities if e.type == "PERSON")
    assert blinken.roles == ["Secretary of State"]
    assert (blinken.country, blinken.sector) == ("USA", "GOV")


def test_different_first_names_stay_apart():
    words = ["Joe", "Biden", "and", "Hunter", "Biden", "left", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [e.name for e in doc._.entities] == ["Joe Biden", "Hunter Biden"]


def test_mr_sets_gender_not_role():
    words = ["Mr.", "Kirby", "said", "so", "."]
    ents = ["O", "B-PERSON", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    kirby = doc._.entities[0]
    assert kirby.gender == "m" and kirby.roles == []


def test_boilerplate_mentions_are_not_entities():
    words = ["Jane", "Doe", "\n", "Blinken", "spoke", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "O"]
    doc = make_doc(words, ents, spaces=[True, False, False, True, False, False])
    doc._.boilerplate = [(0, 8)]
    cluster(doc)
    assert [e.name for e in doc._.entities] == ["Blinken"]


def test_entity_at_and_add_entity():
    words = ["The", "Treasury", "said", "Blinken", "agreed", "."]
    ents = ["O", "O", "O", "B-PERSON", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert entity_at(doc, 0, 3) is None
    treasury = add_entity(doc, "U.S. Treasury", "ORG", 0, 12)
    assert entity_at(doc, 4, 12) is treasury
    assert entity_at(doc, 22, 29).name == "Blinken"
    assert treasury.id == "e2"


def test_clean_name():
    assert clean_name("the Kremlin") == "Kremlin"
    assert clean_name("Novak’s") == "Novak"


def test_a_surname_mislabelled_org_joins_the_person():
    words = ["Ana", "Novak", "arrived", ".", "Novak", "said", "no", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [(e.name, e.type, len(e.mentions)) for e in doc._.entities] == [("Ana Novak", "PERSON", 2)]


# NER labels fixed for people, roles from appositions, clustering


def make_tagged(words, ents, pos=None, tags=None):
    """A Doc with entity tags and, when given, coarse POS and fine tags (no parse)."""
    doc = Doc(Vocab(), words=words, ents=ents, pos=pos, tags=tags)
    return doc


def test_apposition_after_the_name_gives_role_and_country():
    words = ["Ana", "Novak", ",", "Slovenia", "'s", "foreign", "minister", ",", "said", "no", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-GPE", "O", "O", "O", "O", "O", "O", "O"]
    tags = ["NNP", "NNP", ",", "NNP", "POS", "JJ", "NN", ",", "VBD", "UH", "."]
    doc = cluster(make_tagged(words, ents, tags=tags))
    novak = next(e for e in doc._.entities if e.type == "PERSON")
    assert novak.roles == ["foreign minister"] and novak.country == "SVN"


def test_apposition_before_the_name_gives_role():
    words = ["The", "foreign", "minister", ",", "Ana", "Novak", ",", "said", "no", "."]
    ents = ["O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"]
    tags = ["DT", "JJ", "NN", ",", "NNP", "NNP", ",", "VBD", "UH", "."]
    doc = cluster(make_tagged(words, ents, tags=tags))
    assert doc._.entities[0].roles == ["foreign minister"]


def test_a_counterpart_takes_the_roles_of_the_person_met_and_is_a_person_despite_ner():
    words = ["Foreign", "Minister", "Ana", "Novak", "met", "her", "Serbian", "counterpart", "Nikola", "Perić", "."]
    ents = ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-NORP", "O", "B-ORG", "I-ORG", "O"]
    pos = ["PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PRON", "ADJ", "NOUN", "PROPN", "PROPN", "PUNCT"]
    tags = ["NNP", "NNP", "NNP", "NNP", "VBD", "PRP$", "JJ", "NN", "NNP", "NNP", "."]
    doc = cluster(make_tagged(words, ents, pos=pos, tags=tags))
    peric = next(e for e in doc._.entities if e.name == "Nikola Perić")
    assert peric.type == "PERSON" and peric.roles == ["Foreign Minister"] and peric.country == "SRB"


def test_a_first_name_ner_left_out_joins_the_name():
    words = ["Ana", "Novak", "said", "no", "."]
    ents = ["O", "B-GPE", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [(e.name, e.type) for e in doc._.entities] == [("Ana Novak", "PERSON")]


def test_a_headline_surname_tagged_org_merges_into_the_person_named_later():
    words = ["Novak", "warns", "Moscow", "\n", "Foreign", "Minister", "Ana", "Novak", "spoke", "."]
    ents = ["B-ORG", "O", "B-GPE", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = cluster(make_doc(words, ents))
    people = [e for e in doc._.entities if e.type == "PERSON"]
    assert len(people) == 1 and len(people[0].mentions) == 2
    assert [e.id for e in doc._.entities] == [f"e{i + 1}" for i in range(len(doc._.entities))]


def test_a_family_name_written_first_joins_the_person():
    words = ["Foreign", "Minister", "Wang", "Yi", "spoke", ".", "Wang", "said", "no", "."]
    ents = ["O", "O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [(e.name, len(e.mentions)) for e in doc._.entities] == [("Wang Yi", 2)]


def test_an_acronym_joins_the_full_name_and_the_full_name_is_canonical():
    words = ["The", "RSF", "denied", "it", ".", "The", "Rapid", "Support", "Forces", "said", "so", "."]
    ents = ["O", "B-ORG", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [(e.name, len(e.mentions)) for e in doc._.entities] == [("Rapid Support Forces", 2)]


def test_a_bare_surname_goes_to_the_latest_person_with_it():
    words = ["Joe", "Biden", "and", "Hunter", "Biden", "left", ".", "Biden", "said", "."]
    ents = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [len(e.mentions) for e in doc._.entities] == [1, 2]


def test_a_place_tagged_person_is_a_place_and_agency_names_lose_their_common_nouns():
    words = ["Kyiv", "said", "so", ",", "the", "Xinhua", "news", "agency", "reported", "."]
    ents = ["B-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]
    doc = cluster(make_doc(words, ents))
    assert [(e.name, e.type) for e in doc._.entities] == [("Kyiv", "GPE"), ("Xinhua", "ORG")]


def _parsed(words, heads, deps, pos, lemmas, ents):
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, ents=ents)


def _types(doc):
    return [(e.name, e.type) for e in doc._.entities]


def test_a_lone_name_that_speaks_or_meets_is_a_person_when_ner_says_place_or_knows_the_surname():
    # Blinken spoke with Lavrov on Friday . (the small model: Blinken GPE, Lavrov ORG)
    words = ["Blinken", "spoke", "with", "Lavrov", "on", "Friday", "."]
    heads, deps = [1, 1, 1, 2, 1, 4, 1], ["nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"]
    lemmas = ["Blinken", "speak", "with", "Lavrov", "on", "Friday", "."]
    doc = cluster(_parsed(words, heads, deps, pos, lemmas, ["B-GPE", "O", "O", "B-ORG", "O", "B-DATE", "O"]))
    assert _types(doc) == [("Blinken", "PERSON"), ("Lavrov", "PERSON")]
    # the same names beside a verb that is neither keep NER's labels
    lemmas[1] = "sail"
    doc = cluster(_parsed(words, heads, deps, pos, lemmas, ["B-GPE", "O", "O", "B-ORG", "O", "B-DATE", "O"]))
    assert _types(doc) == [("Blinken", "GPE"), ("Lavrov", "ORG")]


def test_an_organisation_or_a_known_place_that_speaks_keeps_its_label():
    # Gazprom said ... / Texas said ... (ORG: no known person's surname; GPE: a place in the lists)
    for name, label in (("Gazprom", "ORG"), ("Texas", "GPE")):
        doc = cluster(_parsed([name, "said", "no", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"],
                              ["PROPN", "VERB", "INTJ", "PUNCT"], [name, "say", "no", "."], [f"B-{label}", "O", "O", "O"]))
        assert _types(doc) == [(name, label)]
