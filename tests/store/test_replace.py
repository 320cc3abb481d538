"""A changed article replacing its old version within one session: the resolution index forgets
what only the old version brought, merges into actors deleted with it go, and the new version
takes the old one's place. Each run ends with the store a restart (a new Writer, its index loaded
from the store) and, where order does not decide ids, a clean run of the final articles give."""
import copy

import pytest

from store_fixtures import store_differences as _differences
from newsgraph.store import Writer, open_store, queries


def _ingest(url: str, records: list[dict], **options) -> Writer:
    with open_store(url) as store:
        writer = Writer(store, **options)
        counts = writer.write(records)
    assert counts.failed == 0, counts.errors
    return writer


def _renamed(record: dict) -> dict:
    """The same article (id and URL) with its person spelled otherwise, in another role and
    country, and Russia in another sector."""
    changed = copy.deepcopy(record)
    changed["title"] = "Changed"
    blinken, russia = changed["entities"]
    blinken.update(name="Tony Blinken", roles=["envoy"], country="GBR")
    russia.update(sector="MIL")
    changed["quotes"][0]["speaker"]["name"] = "Tony Blinken"
    return changed


def _other(record: dict, n: int) -> dict:
    other = copy.deepcopy(record)
    other.update(id=f"b{n}", url=f"https://x.example/b{n}", text=f"Story {n}. " + record["text"])
    return other


# the three ways to replace an article: in the same batch, in a later batch of the same session, after a restart
WAYS = {"same batch": dict(batch_size=100), "later batch": dict(batch_size=1)}


@pytest.mark.parametrize("way", WAYS)
def test_the_index_forgets_what_only_the_old_version_brought(store_url, new_store_url, record, way):
    writer = _ingest(store_url, [record, _renamed(record)], **WAYS[way])
    index = writer.resolution.actor_index
    assert index.get("person:antony-blinken") is None  # only the old version named it so
    tony = index.get("person:tony-blinken")
    assert (tony.aliases, tony.country, [role for role, _, _ in tony.roles]) == (["Tony Blinken"], "GBR", ["envoy"])
    assert index.get("gpe:russia").sector == "MIL"

    restarted, clean = new_store_url(), new_store_url()
    _ingest(restarted, [record])
    _ingest(restarted, [_renamed(record)])
    _ingest(clean, [_renamed(record)])
    assert not _differences(store_url, restarted)
    assert not _differences(store_url, clean)


@pytest.mark.parametrize("way", WAYS)
def test_an_actor_other_articles_name_keeps_only_what_they_bring(store_url, new_store_url, record, way):
    """Blinken and Russia are named by another article too: they stay, rebuilt from its entities
    (Blinken no longer Secretary of State), and an entity seen after the replacement is resolved
    against what is left: a bare "Blinken" the secretary has no context to join him by."""
    first = copy.deepcopy(record)
    first["entities"][0]["roles"] = ["Secretary of State"]
    later = _other(record, 2)
    later["entities"][0].update(name="Blinken", country=None, sector=None, roles=["secretary"])
    records = [first, _other(record, 1), _renamed(record), later]
    writer = _ingest(store_url, records, **WAYS[way])
    index = writer.resolution.actor_index
    blinken = index.get("person:antony-blinken")
    assert (blinken.aliases, blinken.roles, blinken.country) == (["Antony Blinken"], [], "USA")
    assert index.get("person:blinken") is not None

    restarted = new_store_url()
    _ingest(restarted, records[:2])
    _ingest(restarted, records[2:])
    assert not _differences(store_url, restarted)


@pytest.mark.parametrize("way", WAYS)
def test_merges_into_an_actor_deleted_with_the_old_version_go(store_url, new_store_url, record, tmp_path, way):
    first = copy.deepcopy(record)
    first["entities"].append(dict(first["entities"][1], id="e3", name="Russian Federation", mentions=[[47, 53]]))
    overrides = tmp_path / "overrides.tsv"
    overrides.write_text("merge\tRussia\tRussian Federation\n")
    changed = copy.deepcopy(first)
    changed["title"] = "Changed"
    changed["entities"] = changed["entities"][:1]  # neither Russia nor the Russian Federation any more
    changed["events"] = []
    writer = _ingest(store_url, [first, changed], overrides=overrides, **WAYS[way])
    assert writer.resolution.actor_index.redirects() == {}
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM actor_redirects").scalar_one() == 0
        assert conn.exec_driver_sql("SELECT id FROM actors").scalars().all() == ["person:antony-blinken"]

    restarted, clean = new_store_url(), new_store_url()
    _ingest(restarted, [first], overrides=overrides)
    with open_store(restarted) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT new_id FROM actor_redirects").scalars().all() == ["gpe:russia"]
    _ingest(restarted, [changed], overrides=overrides)
    _ingest(clean, [changed], overrides=overrides)
    assert not _differences(store_url, restarted)
    assert not _differences(store_url, clean)
    # the freed ids are taken again as in a clean run: Russia named again starts gpe:russia anew
    again = _other(first, 9)
    _ingest(store_url, [again], overrides=overrides)
    _ingest(clean, [again], overrides=overrides)
    assert not _differences(store_url, clean)


@pytest.mark.parametrize("way", [*WAYS, "after a restart"])
def test_a_new_version_takes_the_old_ones_place_in_the_stories(store_url, new_store_url, record, way):
    """Copies of the first article follow it (story:a1, its title the cluster's label); its new
    version (a new title) keeps its pk, so the store is that of a clean run of the final articles."""
    first = [record, _other(record, 0), _other(record, 1)]
    changed = copy.deepcopy(record)
    changed["title"] = "Changed"
    if way == "after a restart":
        _ingest(store_url, first)
        _ingest(store_url, [changed])
    else:
        _ingest(store_url, first + [changed], **WAYS[way])
    clean = new_store_url()
    _ingest(clean, [changed] + first[1:])
    assert not _differences(store_url, clean)
    with open_store(store_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT label, article_count FROM clusters").all() == [("Changed", 3)]
        assert conn.exec_driver_sql("SELECT id FROM articles ORDER BY pk").scalars().all() == ["a1", "b0", "b1"]


@pytest.mark.parametrize("way", [*WAYS, "after a restart"])
def test_a_changed_text_is_placed_among_the_articles_before_it(store_url, new_store_url, record, way):
    """a1's new text copies b1's, which came after it: in a clean run a1 comes first and founds
    its story, so the new version does too (b1 keeps the story it was given); its text is found by
    full-text search, under its old pk."""
    other = copy.deepcopy(record)
    other.update(id="b1", url="https://x.example/b1", title="Other",
                 text="Officials in Kyiv reported heavy shelling overnight near the northern border crossing, "
                      "with several buildings damaged and power lines cut across the region.")
    other["entities"], other["quotes"], other["events"] = [], [], []
    changed = copy.deepcopy(other)
    changed.update(id="a1", url=record["url"], title="Changed")
    if way == "after a restart":
        _ingest(store_url, [record, other])
        _ingest(store_url, [changed])
    else:
        _ingest(store_url, [record, other, changed], **WAYS[way])
    clean = new_store_url()
    _ingest(clean, [changed, other])

    def placed(url):
        with open_store(url) as store, store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT story_id, duplicate_of FROM articles WHERE id = 'a1'").one()

    assert placed(store_url) == placed(clean) == ("story:a1", None)
    with open_store(store_url) as store:
        assert sorted(hit["id"] for hit in queries.search(store, "shelling")) == ["a1", "b1"]
        assert not queries.search(store, "sanctioned")
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT id FROM articles ORDER BY pk").scalars().all() == ["a1", "b1"]
