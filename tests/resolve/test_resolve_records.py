"""Actors over records shaped like `make demo` output (entities as the extractor writes them)."""
from newsgraph.resolve.actors import ActorIndex

RECORDS = [
    {"id": "wire-kirby-dprk-arms", "published": "2023-10-13", "entities": [
        {"id": "e1", "name": "WASHINGTON", "type": "GPE", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e2", "name": "White House", "type": "ORG", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e3", "name": "John Kirby", "type": "PERSON", "country": "USA", "sector": "GOV",
         "roles": ["spokesman", "White House national security spokesman"]},
        {"id": "e4", "name": "Foreign Ministry", "type": "ORG", "country": None, "sector": "GOV", "roles": []},
        {"id": "e5", "name": "Putin", "type": "PERSON", "country": None, "sector": None, "roles": []},
    ]},
    {"id": "wire-russia-expels-estonian-diplomat", "published": "2024-01-26", "entities": [
        {"id": "e1", "name": "MOSCOW", "type": "GPE", "country": "RUS", "sector": "GOV", "roles": []},
        {"id": "e2", "name": "Russian Foreign Ministry", "type": "ORG", "country": "RUS", "sector": "GOV", "roles": []},
        {"id": "e3", "name": "Foreign Ministry", "type": "ORG", "country": None, "sector": "GOV", "roles": []},
        {"id": "e4", "name": "Maria Zakharova", "type": "PERSON", "country": None, "sector": "GOV",
         "roles": ["Foreign Ministry spokeswoman"]},
        {"id": "e5", "name": "Vladimir Putin", "type": "PERSON", "country": "RUS", "sector": "GOV", "roles": ["President"]},
    ]},
    {"id": "kyiv_aid_package", "published": None, "entities": [
        {"id": "e1", "name": "U.S.", "type": "GPE", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e2", "name": "United States", "type": "GPE", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e3", "name": "Washington", "type": "GPE", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e4", "name": "Kirby", "type": "PERSON", "country": "USA", "sector": "GOV", "roles": []},
        {"id": "e5", "name": "Foreign Ministry", "type": "ORG", "country": "RUS", "sector": "GOV", "roles": []},
        {"id": "e6", "name": "Zakharova", "type": "PERSON", "country": "RUS", "sector": "GOV", "roles": ["spokeswoman"]},
        {"id": "e7", "name": "EU", "type": "ORG", "country": "EUR", "sector": "GOV", "roles": []},
        {"id": "e8", "name": "European Union", "type": "ORG", "country": "EUR", "sector": "GOV", "roles": []},
    ]},
]


def resolve():
    index = ActorIndex()
    ids = {(r["id"], e["id"]): index.assign(r["id"], r["published"], e) for r in RECORDS for e in r["entities"]}
    return index, ids


def test_demo_like_records():
    index, ids = resolve()
    kirby, bare_putin = ids[("wire-kirby-dprk-arms", "e3")], ids[("wire-kirby-dprk-arms", "e5")]
    assert ids[("kyiv_aid_package", "e4")] == kirby  # USA, GOV agree
    assert ids[("wire-kirby-dprk-arms", "e1")] == ids[("kyiv_aid_package", "e3")]  # WASHINGTON = Washington
    assert ids[("kyiv_aid_package", "e1")] == ids[("kyiv_aid_package", "e2")]  # U.S. = United States
    assert ids[("kyiv_aid_package", "e7")] == ids[("kyiv_aid_package", "e8")]  # EU = European Union
    # the Russian Foreign Ministry, however written, once its country is known
    assert ids[("kyiv_aid_package", "e5")] == ids[("wire-russia-expels-estonian-diplomat", "e2")]
    # a Foreign Ministry of unknown country is one per article
    assert ids[("wire-kirby-dprk-arms", "e4")] != ids[("wire-russia-expels-estonian-diplomat", "e3")]
    assert ids[("wire-russia-expels-estonian-diplomat", "e3")] != ids[("wire-russia-expels-estonian-diplomat", "e2")]
    # a bare "Putin" with no context stays apart (conservative); "Zakharova" with a shared role joins
    assert bare_putin != ids[("wire-russia-expels-estonian-diplomat", "e5")]
    assert ids[("kyiv_aid_package", "e6")] == ids[("wire-russia-expels-estonian-diplomat", "e4")]
    actors = {a.id: a for a in index.actors()}
    assert actors[kirby].article_count == 2
    assert actors[ids[("kyiv_aid_package", "e1")]].name == "United States"


def test_demo_like_records_are_stable_across_a_rebuild():
    index, ids = resolve()
    rebuilt = ActorIndex.from_actors(index.actors())
    again = {(r["id"], e["id"]): rebuilt.assign(r["id"], r["published"], e) for r in RECORDS for e in r["entities"]}
    assert again == ids
