import pytest

from newsgraph.errors import NewsgraphError
from newsgraph.resolve.actors import Actor, ActorIndex
from newsgraph.resolve.overrides import parse_overrides


def entity(name, type="PERSON", country=None, sector=None, roles=(), kb_id=None):
    return {"id": "e1", "name": name, "type": type, "country": country, "sector": sector,
            "roles": list(roles), "mentions": [[0, len(name)]], "kb_id": kb_id}


BLINKEN = entity("Antony Blinken", country="USA", sector="GOV", roles=["Secretary of State"])
KIRBY = entity("John Kirby", country="USA", sector="GOV", roles=["White House national security spokesman"])


def by_id(index):
    return {actor.id: actor for actor in index.actors()}


def test_aliases_of_one_person_join_one_actor():
    index = ActorIndex()
    ids = [
        index.assign("a1", "2024-01-10", BLINKEN),
        index.assign("a2", "2024-02-01", entity("Tony Blinken", country="USA")),
        index.assign("a3", "2024-03-05", entity("Secretary Blinken")),  # the title is the context
        index.assign("a4", "2024-03-06", entity("Blinken", country="USA")),
        index.assign("a5", "2024-03-07", entity("Secretary of State Antony Blinken", roles=["Secretary of State"])),
    ]
    assert len(set(ids)) == 1
    actor = by_id(index)[ids[0]]
    assert actor.id == "person:antony-blinken"
    assert actor.name == "Antony Blinken"
    assert set(actor.aliases) == {"Antony Blinken", "Tony Blinken", "Secretary Blinken", "Blinken",
                                  "Secretary of State Antony Blinken"}
    assert actor.roles == [("Secretary of State", "2024-01-10", "2024-03-07")]
    assert (actor.country, actor.sector, actor.type, actor.article_count) == ("USA", "GOV", "PERSON", 5)


def test_a_bare_surname_without_context_stays_apart():
    index = ActorIndex()
    full = index.assign("a1", "2024-01-10", BLINKEN)
    bare = index.assign("a2", "2024-01-11", entity("Blinken"))
    assert bare != full


def test_two_kirbys_stay_apart_unless_the_context_agrees():
    index = ActorIndex()
    john = index.assign("a1", "2023-10-13", KIRBY)
    other = index.assign("a2", "2023-10-14", entity("Kirby", country="GBR", sector="BUS", roles=["chief executive"]))
    spokesman = index.assign("a3", "2023-10-15", entity("Kirby", roles=["spokesman"]))
    same_country = index.assign("a4", "2023-10-16", entity("Kirby", country="USA"))
    another_john = index.assign("a5", "2023-10-17", entity("John Kirby", country="AUS"))
    jane = index.assign("a6", "2023-10-18", entity("Jane Kirby", country="USA"))
    assert other != john and another_john != john and jane != john
    assert spokesman == john and same_country == john
    assert len({john, other, another_john, jane}) == 4


def test_a_surname_agreeing_with_two_people_equally_joins_neither():
    index = ActorIndex()
    john = index.assign("a1", None, entity("John Kirby", country="USA"))
    jane = index.assign("a2", None, entity("Jane Kirby", country="USA"))
    kirby = index.assign("a3", None, entity("Kirby", country="USA"))
    assert kirby not in (john, jane)


def test_transliteration_variants_are_one_person():
    index = ActorIndex()
    lavrov = index.assign("a1", None, entity("Sergei Lavrov", country="RUS"))
    assert index.assign("a2", None, entity("Sergey Lavrov", country="RUS")) == lavrov
    assert index.assign("a3", None, entity("Serhiy Lavrov", country="RUS")) == lavrov  # Ukrainian transliteration
    zelensky = index.assign("a4", None, entity("Volodymyr Zelenskyy", country="UKR"))
    assert index.assign("a5", None, entity("Volodymyr Zelensky")) == zelensky
    assert index.assign("a6", None, entity("Oleksandr Syrskyi", country="UKR")) == index.assign(
        "a7", None, entity("Aleksandr Syrskyi", country="UKR"))


def test_institutions_are_kept_apart_by_country():
    index = ActorIndex()
    russian = index.assign("a1", None, entity("Foreign Ministry", "ORG", "RUS", "GOV"))
    ukrainian = index.assign("a2", None, entity("the Foreign Ministry", "ORG", "UKR", "GOV"))
    assert russian != ukrainian
    assert ukrainian == "org:foreign-ministry-ukr"
    assert index.assign("a3", None, entity("Foreign Ministry", "ORG", "UKR")) == ukrainian
    assert index.assign("a4", None, entity("Ministry of Defense", "ORG", "UKR")) == index.assign(
        "a5", None, entity("Defence Ministry", "ORG", "UKR"))
    assert by_id(index)[ukrainian].name == "Foreign Ministry"  # no leading "the"


def test_places_tagged_gpe_or_org_are_one_actor():
    index = ActorIndex()
    assert index.assign("a0", None, entity("Kyiv", "GPE", "UKR")) == index.assign("a0", None, entity("Kiev", "GPE", "UKR"))
    assert index.assign("a1", None, entity("Tallinn", "GPE", "EST")) == index.assign("a2", None, entity("Tallinn", "ORG", "EST"))
    assert index.assign("a3", None, entity("MOSCOW", "GPE", "RUS")) == index.assign("a4", None, entity("Moscow", "GPE", "RUS"))


def test_kb_id_decides():
    index = ActorIndex()
    a = index.assign("a1", None, entity("Kim Jong Un", kb_id="Q56226"))
    assert index.assign("a2", None, entity("Kim Jong-un", kb_id="Q56226")) == a


def test_same_input_same_order_same_ids():
    entities = [BLINKEN, KIRBY, entity("Kirby", country="GBR"), entity("Foreign Ministry", "ORG", "RUS"),
                entity("Foreign Ministry", "ORG", "UKR"), entity("Sergei Lavrov", country="RUS"), entity("Blinken")]

    def run():
        index = ActorIndex()
        return [index.assign(f"a{n}", "2024-01-01", e) for n, e in enumerate(entities)], index.actors()

    assert run() == run()


def test_rebuilt_index_gives_seen_entities_their_ids():
    first = ActorIndex()
    entities = [BLINKEN, entity("Tony Blinken", country="USA"), KIRBY, entity("Kirby", country="GBR"),
                entity("Kirby", roles=["spokesman"]), entity("Foreign Ministry", "ORG", "RUS"),
                entity("Foreign Ministry", "ORG", "UKR"), entity("Blinken")]
    ids = [first.assign(f"a{n}", "2024-01-01", e) for n, e in enumerate(entities)]
    stored = first.actors()
    rebuilt = ActorIndex.from_actors(stored)
    assert [rebuilt.assign(f"b{n}", "2024-02-01", e) for n, e in enumerate(entities)] == ids
    assert [a.id for a in rebuilt.actors()] == [a.id for a in stored]
    # a new person with a taken slug gets a fresh id
    assert rebuilt.assign("c1", None, entity("John Kirby", country="NZL")) not in ids


def test_from_actors_keeps_the_fields():
    actor = Actor(id="person:x", name="Ana Novak", type="PERSON", country="SVN", sector="GOV",
                  aliases=["Ana Novak", "Novak"], roles=[("Foreign Minister", "2024-01-01", "2024-04-10")], article_count=7)
    assert ActorIndex.from_actors([actor]).actors() == [actor]
    assert ActorIndex().actors() == []


def test_bad_entities_raise_a_catalogued_error():
    index = ActorIndex()
    for bad in [{"name": ""}, {"type": "PERSON"}, {"name": "  "}, "Blinken", {"name": "..."}]:
        with pytest.raises(NewsgraphError) as err:
            index.assign("a1", None, bad)
        assert str(err.value).startswith("E502")
    assert index.actors() == []


def letters(n):
    """A made-up word per number: 12 -> "Cedi"."""
    syllables = ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu"]
    return "".join(syllables[int(digit)] for digit in str(n)).capitalize()


def test_blocking_keeps_candidates_few():
    """Many people and institutions: each assignment compares with a handful of candidates, not all."""
    firsts = ["Anna", "John", "Maria", "Ahmed", "Olena", "Pierre", "Wei", "Kofi", "Ines", "Lars"]
    index = ActorIndex()
    compared = []
    search = index._candidates

    def counting(seen):
        found = search(seen)
        compared.append(len(found))
        return found

    index._candidates = counting
    for n in range(3000):
        index.assign(f"a{n}", None, entity(f"{firsts[n % 10]} Van{letters(n // 10)}", country="USA"))
        index.assign(f"a{n}", None, entity(f"{letters(n % 900)} Council", "ORG", "FRA"))
        index.assign(f"a{n}", None, entity(f"Van{letters(n % 300)}", country="USA", roles=["minister"]))
    assert max(compared) <= 11  # ten people of one surname, and a surname-only actor
    actors = index.actors()
    assert len([a for a in actors if a.type == "PERSON" and " " in a.name]) == 3000
    assert len([a for a in actors if a.type == "ORG"]) == 900


def test_lenient_surnames_join_the_only_full_name():
    index = ActorIndex(lenient_surnames=True)
    putin = index.assign("a1", None, entity("Vladimir Putin", country="RUS"))
    assert index.assign("a2", None, entity("Putin")) == putin
    assert index.assign("a3", None, entity("Putin", country="USA")) != putin  # a conflict still keeps apart
    index.assign("a4", None, entity("John Kirby", country="USA"))
    index.assign("a5", None, entity("Jane Kirby", country="GBR"))
    assert index.assign("a6", None, entity("Kirby")) not in {a.id for a in index.actors() if " " in a.name}
    assert ActorIndex.from_actors(index.actors(), lenient_surnames=True).assign("a7", None, entity("Putin")) == putin


def test_hyphens_in_names():
    index = ActorIndex()
    linda = index.assign("a1", None, entity("Linda Thomas-Greenfield", country="USA", roles=["Ambassador"]))
    assert index.assign("a2", None, entity("Thomas-Greenfield", country="USA")) == linda
    assert index.assign("a3", None, entity("Thomas Greenfield", country="USA")) != linda  # a Mr. Thomas Greenfield
    kim = index.assign("a4", None, entity("Kim Jong Un", country="PRK"))
    assert index.assign("a5", None, entity("Kim Jong-un", country="PRK")) == kim
    assert index.assign("a6", None, entity("Kim Jong-Un")) == kim


def test_rebuild_forgets_what_the_observations_no_longer_hold():
    """A replaced article's entities taken back: an actor keeps what the others bring, one no
    other names is dropped with the merges into it, and its id is free again."""
    index = ActorIndex()
    blinken = index.assign("a1", "2024-05-01", BLINKEN)
    index.assign("b1", "2024-05-02", entity("Antony Blinken", country="USA", sector="GOV"))
    kirby = index.assign("a1", "2024-05-01", KIRBY)
    index.set_overrides(parse_overrides("merge\tJohn Kirby\tKirby Office\n")[0])
    index.assign("a1", "2024-05-01", entity("Kirby Office", type="ORG", country="USA"))
    assert index.redirects() and set(index.redirects().values()) == {kirby}
    left = (blinken, {"name": "Antony Blinken", "type": "PERSON", "country": "USA", "sector": "GOV", "roles": []},
            1, "2024-05-02", "2024-05-02")
    dropped = index.rebuild([blinken, kirby], [left], {blinken: 1})
    assert dropped == {kirby} and index.get(kirby) is None and index.redirects() == {}
    assert index.get(blinken).roles == [] and index.get(blinken).article_count == 1
    # the same entity again is resolved anew (no remembered decision), and the freed id is given again
    assert index.assign("c1", "2024-05-03", KIRBY) == kirby
    assert index.get(blinken).roles == []
