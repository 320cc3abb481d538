from newsgraph.resolve.actors import ActorIndex
from newsgraph.resolve.overrides import parse_overrides


def entity(name, type="PERSON", country=None, roles=()):
    return {"name": name, "type": type, "country": country, "sector": None, "roles": list(roles), "mentions": []}


def write(tmp_path, text):
    path = tmp_path / "overrides.tsv"
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_reports_bad_lines_and_keeps_good_ones():
    overrides, problems = parse_overrides(
        "# corrections\n\nmerge\tAntony Blinken\tBlinken\nsplit\tJohn Kirby\tshoe size\nfrobnicate\tx\ty\nrename\tA\n"
        "split\tKirby\tCountry  # by country\n", "o.tsv")
    assert [(o.action, o.target, o.argument) for o in overrides] == [
        ("merge", "Antony Blinken", "Blinken"), ("split", "Kirby", "country")]
    assert len(problems) == 3 and all(p.startswith("E501: o.tsv line") for p in problems)


def test_merge_applies_to_existing_and_later_actors(tmp_path):
    index = ActorIndex()
    full = index.assign("a1", None, entity("Antony Blinken", country="USA"))
    bare = index.assign("a2", None, entity("Blinken"))
    assert bare != full
    assert index.apply_overrides(write(tmp_path, "merge\tAntony Blinken\tBlinken\n")) == []
    assert [a.id for a in index.actors()] == [full]
    assert index.redirects() == {bare: full}
    assert index.assign("a3", None, entity("Blinken")) == full
    actor = index.actors()[0]
    assert actor.article_count == 3 and set(actor.aliases) == {"Antony Blinken", "Blinken"}


def test_merge_waits_for_both_actors(tmp_path):
    index = ActorIndex()
    index.apply_overrides(write(tmp_path, "merge\tVolodymyr Zelensky\tZe\n"))
    ze = index.assign("a1", None, entity("Ze"))
    zelensky = index.assign("a2", None, entity("Volodymyr Zelensky", country="UKR"))
    assert index.assign("a3", None, entity("Ze")) == zelensky
    assert index.redirects() == {ze: zelensky}


def test_split_by_country_and_by_role(tmp_path):
    index = ActorIndex()
    index.apply_overrides(write(tmp_path, "split\tJohn Smith\tcountry\nsplit\tAhmed Khalil\trole\n"))
    usa = index.assign("a1", None, entity("John Smith", country="USA"))
    assert index.assign("a2", None, entity("John Smith")) != usa  # no country is a different country here
    assert index.assign("a3", None, entity("John Smith", country="USA")) == usa
    envoy = index.assign("a4", None, entity("Ahmed Khalil", roles=["envoy"]))
    assert index.assign("a5", None, entity("Ahmed Khalil", roles=["general"])) != envoy
    assert index.assign("a6", None, entity("Ahmed Khalil", roles=["envoy"])) == envoy


def test_rename_keeps_the_id(tmp_path):
    index = ActorIndex()
    actor_id = index.assign("a1", None, entity("Antony Blinken", country="USA"))
    index.apply_overrides(write(tmp_path, f"rename\t{actor_id}\tAntony J. Blinken\n"))
    assert index.actors()[0].name == "Antony J. Blinken"
    assert index.assign("a2", None, entity("Tony Blinken", country="USA")) == actor_id
    assert index.actors()[0].name == "Antony J. Blinken"


def test_overrides_reapply_after_a_rebuild(tmp_path):
    path = write(tmp_path, "merge\tAntony Blinken\tBlinken\n")
    index = ActorIndex()
    full = index.assign("a1", None, entity("Antony Blinken", country="USA"))
    index.apply_overrides(path)
    rebuilt = ActorIndex.from_actors(index.actors(), index.redirects())
    rebuilt.apply_overrides(path)
    assert rebuilt.assign("a2", None, entity("Blinken")) == full


def test_missing_file_is_no_overrides(tmp_path):
    assert ActorIndex().apply_overrides(tmp_path / "none.tsv") == []


def test_merges_chain(tmp_path):
    index = ActorIndex()
    a = index.assign("a1", None, entity("Volodymyr Zelensky", country="UKR"))
    b = index.assign("a2", None, entity("Zelensky"))
    c = index.assign("a3", None, entity("Ze"))
    index.apply_overrides(write(tmp_path, "merge\tZelensky\tZe\nmerge\tVolodymyr Zelensky\tZelensky\n"))
    assert [actor.id for actor in index.actors()] == [a]
    assert index.redirects() == {b: a, c: a}
