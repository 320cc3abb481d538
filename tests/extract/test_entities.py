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
