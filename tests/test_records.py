from newsgraph.records import Entity, base_record, entity_record, error_record


def test_base_record_has_every_contract_field():
    record = base_record("a1", "Text.", {"title": "T", "published": "2024-03-08", "boilerplate": [(0, 1)]})
    for key in ("id", "text", "title", "published", "byline", "source", "language", "boilerplate",
                "entities", "quotes", "events"):
        assert key in record
    assert record["boilerplate"] == [[0, 1]]


def test_error_record_keeps_text_and_has_empty_lists():
    record = error_record("a1", "x", "E105: bad")
    assert record["error"] == "E105: bad" and record["quotes"] == [] and record["text"] == "x"


def test_entity_record_hides_internal_fields():
    entity = Entity(id="e1", name="Ana Novak", type="PERSON", gender="f", mentions=[(0, 4)])
    out = entity_record(entity)
    assert "gender" not in out and out["mentions"] == [[0, 4]]
