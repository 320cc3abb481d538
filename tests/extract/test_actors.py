import pytest

from newsgraph.extract.actors import code_actor, code_entity, lexicon
from newsgraph.records import Entity


@pytest.mark.parametrize("text, label, expected", [
    ("U.S. Secretary of State Antony Blinken", "PERSON", ("USA", "GOV")),
    ("Russian Foreign Minister Sergey Lavrov", "PERSON", ("RUS", "GOV")),
    ("Slovenia's Foreign Minister Tanja Fajon", "PERSON", ("SVN", "GOV")),
    ("NATO Secretary General Jens Stoltenberg", "PERSON", ("IGO", "GOV")),
])
def test_titled_people(text, label, expected):
    assert code_actor(text, label) == expected


@pytest.mark.parametrize("text, expected", [
    ("the Kremlin", ("RUS", "GOV")),
    ("the White House", ("USA", "GOV")),
    ("the State Department", ("USA", "GOV")),
    ("the Treasury", ("USA", "GOV")),
    ("the Pentagon", ("USA", "MIL")),
    ("Downing Street", ("GBR", "GOV")),
    ("the Elysee", ("FRA", "GOV")),
    ("Zhongnanhai", ("CHN", "GOV")),
])
def test_institution_metonyms(text, expected):
    assert code_actor(text, "ORG") == expected


@pytest.mark.parametrize("text, expected", [
    ("Washington", ("USA", "GOV")),
    ("Moscow", ("RUS", "GOV")),
    ("Kyiv", ("UKR", "GOV")),
    ("Brussels", ("EUR", "GOV")),  # our ruling: Brussels acting is the EU, not Belgium
])
def test_capitals_name_the_government(text, expected):
    assert code_actor(text, "GPE") == expected


@pytest.mark.parametrize("text, expected", [
    ("the European Union", ("EUR", "GOV")),
    ("EU", ("EUR", "GOV")),
    ("NATO", ("IGO", "MIL")),
    ("the United Nations", ("UNO", "GOV")),
    ("the U.N. Security Council", ("UNO", "GOV")),
])
def test_international_organisations(text, expected):
    assert code_actor(text, "ORG") == expected


@pytest.mark.parametrize("text, expected", [
    ("Russian individuals and entities", ("RUS", None)),
    ("Chinese troops", ("CHN", "MIL")),
    ("Ukrainian officials", ("UKR", "GOV")),
    ("the Russians", ("RUS", None)),
    ("Israelis", ("ISR", None)),
    ("protesters", (None, "CVL")),
    ("riot police", (None, "COP")),
    ("the Supreme Court", ("USA", "JUD")),
    ("opposition lawmakers", (None, "OPP")),
    ("Kremlin-backed separatists", ("RUS", "REB")),
    ("a Hamas official", ("PSE", "REB")),
    ("Russia's Defense Ministry", ("RUS", "GOV")),
    ("deputy foreign minister", (None, "GOV")),
])
def test_nationality_words_and_sector_words(text, expected):
    assert code_actor(text) == expected


def test_bare_country_name_is_its_state():
    assert code_actor("Russia", "GPE") == ("RUS", "GOV")
    assert code_actor("the United States", "GPE") == ("USA", "GOV")


def test_country_names_need_a_capital_letter():
    assert code_actor("turkey and chad") == (None, None)
    assert code_actor("Turkey") == ("TUR", "GOV")


def test_a_place_inside_a_person_name_is_no_country():
    assert code_actor("Jordan Peterson", "PERSON") == (None, None)
    assert code_actor("Denzel Washington", "PERSON") == (None, None)


def test_possessive_and_punctuation_do_not_hide_a_name():
    assert code_actor("China's", "GPE") == ("CHN", "GOV")
    assert code_actor("(U.S.)", "GPE") == ("USA", "GOV")


def test_unknown_mention():
    assert code_actor("he") == (None, None)
    assert code_actor("") == (None, None)


def test_lexicon_is_built_once():
    assert lexicon() is lexicon()


def test_code_entity_fills_gaps_from_mentions():
    entity = Entity(id="e1", name="Sergey Lavrov", type="PERSON")
    assert code_entity(entity, ["Lavrov", "Russian Foreign Minister Sergey Lavrov"]) == ("RUS", "GOV")
    coded = Entity(id="e2", name="X", type="PERSON", country="FRA", sector=None)
    assert code_entity(coded, ["the minister"]) == ("FRA", "GOV")


def test_a_short_acronym_matches_only_in_capitals():
    # "Un" in a name, "Who" opening a question: ordinary words that spell UN and WHO
    assert code_actor("Kim Jong Un", None) == (None, None)
    assert code_actor("Who", None) == (None, None)
    assert code_actor("the UN", None) == ("UNO", "GOV")
    assert code_actor("U.N. envoy", None)[0] == "UNO"
    assert code_actor("WHO", None)[0] == "UNO"


def test_an_unplaced_non_governmental_group_has_the_ngo_code():
    assert code_actor("Aid groups", None) == ("NGO", "NGO")
    assert code_actor("Amnesty International", "ORG")[0] == "NGO"
    assert code_actor("Sudanese aid groups", None)[0] == "SDN"
