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


def test_quote_and_event_records_have_every_contract_field():
    from newsgraph.records import Event, Participant, Quote, Speaker, TextSpan, event_record, quote_record

    quote = Quote(id="q1", start=0, end=4, spans=[(0, 4)], text="abcd", kind="direct",
                  cue=TextSpan(5, 9, "said"), speaker=Speaker("e1", "Ana Novak", 10, 15, "Novak"),
                  confidence=0.9)
    assert quote_record(quote) == {
        "id": "q1", "start": 0, "end": 4, "spans": [[0, 4]], "text": "abcd", "kind": "direct",
        "cue": {"start": 5, "end": 9, "text": "said"},
        "speaker": {"entity": "e1", "name": "Ana Novak", "start": 10, "end": 15, "text": "Novak"},
        "confidence": 0.9, "category": "speech"}
    side = Participant("e1", "Ana Novak", "SVN", "GOV", 10, 15)
    event = Event(id="v1", type="CONSULT", mode="phone", quad="VC", actor=[side], recipient=[],
                  status="asserted", date=None, trigger=TextSpan(16, 21, "spoke"), sentence=(0, 30),
                  quote=None, confidence=0.8)
    out = event_record(event)
    assert out["actor"] == [{"entity": "e1", "name": "Ana Novak", "country": "SVN", "sector": "GOV",
                             "start": 10, "end": 15}]
    assert out["sentence"] == [0, 30] and out["trigger"] == {"start": 16, "end": 21, "text": "spoke"}


def test_doc_to_record_takes_the_text_the_doc_was_made_from():
    import spacy

    from newsgraph.extract.extensions import ensure_lists, remember_text
    from newsgraph.records import doc_to_record

    doc = spacy.blank("en").make_doc("Novak said so.\n")
    ensure_lists(doc)
    assert doc_to_record(doc, "a1")["text"] == "Novak said so.\n"  # built from the tokens
    remember_text(doc, "as given")
    assert doc_to_record(doc, "a1")["text"] == "as given"  # the remembered string, not rebuilt
