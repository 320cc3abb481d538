from newsgraph.resolve.names import (
    canonical,
    fold,
    institution_key,
    parse_name,
    same_given_name,
    same_person_name,
    surname_block,
)


def test_fold_removes_accents_case_dots_and_possessives():
    assert fold("Viktor Orbán") == "viktor orban"
    assert fold("U.S.") == "us"
    assert fold("Blinken's") == "blinken"
    assert fold("O'Brien-Smith") == "obrien smith"


def test_titles_and_honorifics_come_off_a_person_but_not_an_institution():
    secretary = parse_name("Secretary of State Antony Blinken", person=True)
    assert secretary.words == ("antony", "blinken")
    assert secretary.titles == ("secretary of state",)
    assert parse_name("Secretary Blinken", person=True).words == ("blinken",)
    assert parse_name("Mr. Kirby", person=True).words == ("kirby",)
    assert parse_name("Joe Biden Jr.", person=True).words == ("joseph", "biden")
    assert parse_name("President", person=True).words == ("president",)  # a title alone is a name
    assert parse_name("the State Department", person=False).words == ("state", "department")


def test_transliteration_variants_and_nicknames_share_a_spelling():
    assert canonical("sergei") == canonical("sergey") == canonical("serhiy")
    assert canonical("aleksandr") == canonical("alexander") == canonical("oleksandr")
    assert canonical("tony") == canonical("antony")
    assert canonical("defense") == canonical("defence")
    assert surname_block("zelenskyy") == surname_block("zelensky")


def test_given_names():
    assert same_given_name("sergey", "sergei")
    assert same_given_name("j", "john")  # an initial
    assert not same_given_name("john", "jane")
    assert not same_given_name("ana", "nikola")
    assert not same_given_name("marin", "marina")
    assert same_given_name("aleksej", "aleksei")


def test_person_names():
    def name(text):
        return parse_name(text, person=True)

    assert same_person_name(name("Antony Blinken"), name("Tony Blinken"))
    assert same_person_name(name("John F. Kirby"), name("John Kirby"))
    assert same_person_name(name("Volodymyr Zelenskyy"), name("Volodymyr Zelensky"))
    assert not same_person_name(name("John Kirby"), name("Jane Kirby"))
    assert not same_person_name(name("John Kirby"), name("John Kerry"))


def test_institution_key_ignores_word_order_and_joiners():
    assert institution_key(parse_name("Ministry of Defense", False)) == institution_key(parse_name("Defence Ministry", False))
