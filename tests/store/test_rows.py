"""Record -> rows, built by hand: no database."""
import pytest

from newsgraph.store import schema
from newsgraph.store.rows import (CHILD_TABLES, COLUMNS, article_rows, content_hash, mentions_json, record_hash,
                                  record_problem)


def test_rows_of_a_record(record):
    rows = article_rows(record, {"e1": "person:antony-blinken", "e2": "gpe:russia"}, "now")
    assert rows.article["id"] == "a1" and rows.article["content_hash"] == content_hash(record)
    mentions = {e["entity_id"]: e["mentions"] for e in rows.as_dicts("entities")}
    assert mentions == {"e1": "[[0,7]]", "e2": "[[47,53]]"}  # the repeated mention is stored once
    quote = rows.as_dicts("quotes")[0]
    assert quote["speaker_actor_id"] == "person:antony-blinken" and quote["cue"] == "said"
    assert quote["quote_key"] is None and quote["published"] == "2024-03-01"  # the committer's
    event = rows.as_dicts("events")[0]
    assert event["cameo"] == "16" and event["date"] == "2024-03-01"  # no event date: the article's
    sides = {(p["role"], p["name"]): p for p in rows.as_dicts("participants")}
    assert sides[("recipient", "Russia")]["actor_id"] == "gpe:russia"
    assert sides[("actor", "The EU")]["actor_id"] is None


@pytest.mark.parametrize(("given", "root"), [
    ({"type": "SANCTION", "mode": None}, "16"),
    ({"type": "ACCUSE", "mode": "investigate"}, "09"),  # the mode narrows the root
    ({"type": "ASSAULT", "mode": "no-such-mode"}, "18"),  # an unknown mode: the category's root
    ({"type": "CONSULT", "mode": "visit", "cameo": "0431"}, "04"),  # a code the extractor gave wins
    ({"type": "NOT-PLOVER", "mode": None}, None),
])
def test_an_event_without_a_cameo_code_gets_the_root_of_its_plover_type(record, given, root):
    event = {k: v for k, v in record["events"][0].items() if k != "cameo"} | given
    rows = article_rows(dict(record, events=[event]), {}, "now")
    assert rows.as_dicts("events")[0]["cameo"] == root


def test_mentions_are_stored_by_start_once_each():
    assert mentions_json([[40, 45], [0, 9], [0, 3]]) == "[[0,9],[40,45]]" and mentions_json(None) == "[]"
    # in order already (as the extractor writes them): stored as given; a repeated start still once
    assert mentions_json([[0, 3], [5, 9]]) == "[[0,3],[5,9]]"
    assert mentions_json([[0, 3], [0, 9], [5, 9]]) == "[[0,3],[5,9]]"
    assert mentions_json([(0, 3), (5, 9)]) == "[[0,3],[5,9]]"


@pytest.mark.parametrize("mention", [["x", 3], [0, None], [0.0, 7.0], [8, 9.0], [8, 9, 10]])
def test_a_mention_that_is_not_two_offsets_is_refused(mention):
    with pytest.raises(ValueError, match="not \\[start, end\\]|too many values"):
        mentions_json([[0, 7], mention])


def test_record_hash_sees_any_change_content_hash_only_the_text(record):
    changed = dict(record, title="Other")
    assert record_hash(changed) != record_hash(record)
    assert content_hash(changed) == content_hash(record)


def test_record_problems(record):
    assert record_problem([]) == "not a JSON object"
    assert record_problem({"text": "x"}) == "no 'id'"
    assert record_problem({"id": "a"}) == "no 'text'"
    assert record_problem({"id": "a", "text": "x", "quotes": {}}) == "'quotes' is not a list"
    assert record_problem(record) is None


def test_child_row_columns_are_the_tables_columns():
    """Tuples are written in COLUMNS order: every column of a child table, no other (surrogate keys aside)."""
    for table_name in CHILD_TABLES.values():
        table = schema.metadata.tables[table_name]
        assert set(COLUMNS[table_name]) == {c.name for c in table.columns} - {"pk"}, table_name
