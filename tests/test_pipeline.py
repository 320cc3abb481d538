import pytest

import newsgraph
from newsgraph.contract import record_problems
from newsgraph.ingest.article import Article, ReadError
from newsgraph.errors import ErrorCode

pytestmark = pytest.mark.model

TEXT = (
    "Blinken, Lavrov hold call\n"
    "Blinken, Lavrov hold call\n\n"
    "WASHINGTON, March 8 - U.S. Secretary of State Antony Blinken spoke with Russian Foreign Minister "
    "Sergey Lavrov by phone on Friday.\n\n"
    "\"We made clear that Russia will face consequences,\" Blinken told reporters.\n\n"
    "Follow us on social networks\n"
)


def test_public_api_names():
    assert set(newsgraph.__all__) >= {"extract", "Pipeline", "Article", "load_pipeline", "read_articles"}


def test_extract_gives_a_valid_record_with_quotes_and_events(pipeline):
    record = pipeline.extract(TEXT, id="call", published="2024-03-08")
    assert record_problems(record) == []
    assert record["text"] == TEXT
    assert record["title"] == "Blinken, Lavrov hold call"
    assert any(TEXT[s:e] == "Follow us on social networks" for s, e in record["boilerplate"])
    quote = record["quotes"][0]
    assert quote["kind"] == "direct" and quote["speaker"]["name"] == "Antony Blinken"
    assert any(v["type"] == "CONSULT" for v in record["events"])


def test_pipe_keeps_order_and_reports_failures(pipeline):
    items = [
        Article(id="a", text="Novak said the talks were useful."),
        ReadError(id="b", code=ErrorCode.BAD_JSON, detail="line 2 is not JSON", origin="x.jsonl:2"),
        {"id": "c", "text": "Moscow denied it."},
        "Plain text works too.",
    ]
    before = pipeline.counts.failed
    records = list(pipeline.pipe(items))
    assert [r["id"] for r in records] == ["a", "b", "c", "doc4"]
    assert "E106" in records[1]["error"] and "x.jsonl:2" in records[1]["error"]
    assert pipeline.counts.failed == before + 1
    assert all(record_problems(r) == [] for r in records if "error" not in r)


def test_a_failing_component_fails_only_its_article(pipeline, monkeypatch):
    quotes = pipeline.nlp.get_pipe("newsgraph_quotes")

    def explode(doc):
        if "boom" in doc.text:
            raise RuntimeError("boom")
        return quotes(doc)

    patched = [(n, explode if n == "newsgraph_quotes" else p) for n, p in pipeline.nlp._components]
    monkeypatch.setattr(pipeline.nlp, "_components", patched)
    records = list(pipeline.pipe(["All is well, Novak said.", "boom goes the article"]))
    assert "error" not in records[0]
    assert "E201" in records[1]["error"] and "boom" in records[1]["error"]


def test_extraction_errors_say_where(pipeline, monkeypatch):
    def explode(doc):
        raise RuntimeError("kaput")

    patched = [(n, explode if n == "newsgraph_events" else p) for n, p in pipeline.nlp._components]
    monkeypatch.setattr(pipeline.nlp, "_components", patched)
    [record] = pipeline.pipe([Article(id="x", text="Novak spoke.", origin="in/x.txt")])
    assert record["error"].startswith("E201: RuntimeError: kaput") and "[in/x.txt]" in record["error"]


def test_long_article_is_extracted_in_chunks_into_one_record(nlp):
    from newsgraph.pipeline import Pipeline

    text = "\n\n".join([TEXT.strip()] * 6)
    whole = Pipeline(nlp=nlp).extract(text, id="long")
    chunked_pipeline = Pipeline(nlp=nlp, chunk_chars=400)
    chunked = chunked_pipeline.extract(text, id="long")
    assert chunked_pipeline.counts.summary() == "read 1, written 1, failed 0"
    assert record_problems(chunked) == []
    assert chunked["text"] == text
    assert len(chunked["quotes"]) == len(whole["quotes"]) == 6
    assert [q["text"] for q in chunked["quotes"]] == [q["text"] for q in whole["quotes"]]
    assert [v["type"] for v in chunked["events"]] == [v["type"] for v in whole["events"]]
    ids = [e["id"] for e in chunked["entities"]]
    assert len(ids) == len(set(ids))
    assert {q["speaker"]["name"] for q in chunked["quotes"]} == {"Antony Blinken"}


def test_text_longer_than_max_length_does_not_fail(nlp, monkeypatch):
    from newsgraph.pipeline import Pipeline

    monkeypatch.setattr(nlp, "max_length", 500)
    text = "\n\n".join([TEXT.strip()] * 5)
    pipeline = Pipeline(nlp=nlp)  # chunk_chars is above max_length: the limit wins
    record = pipeline.extract(text)
    assert "error" not in record and record_problems(record) == []
    assert len(record["quotes"]) == 5


def test_a_long_run_without_sentence_ends_is_cut_into_sentences(pipeline):
    text = "the minister said that the talks would go on, " * 60  # 2,760 characters, no full stop
    doc = pipeline._make_doc(newsgraph.Article(id="run", text=text))
    doc = pipeline.nlp(doc)
    assert max(len(s.text) for s in doc.sents) <= 1000
    assert record_problems(pipeline.extract(text)) == []


def test_docs_carry_their_text_so_no_component_rebuilds_it(pipeline):
    from newsgraph.extract.extensions import doc_text

    article = Article(id="a1", text=TEXT)
    doc = pipeline._make_doc(article)
    assert doc_text(doc) is article.text and doc.text == article.text
