"""Bad input on the extract path: every broken file becomes one error record that says what and
where, the run goes on, and read = written + failed."""
import gzip
import io
import json
import re

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.cli import app
from newsgraph.contract import record_problems
from newsgraph.ingest import Article, read_articles

pytestmark = pytest.mark.model

STORY = "{name} met Lavrov in Geneva on Friday. \"The talks were useful,\" {name} told reporters after the meeting.\n"
NAMES = ["Ana Novak", "Marko Petrović", "Jane Doe", "Li Wei", "Olga Ivanova"]


def page(n: int) -> str:
    body = "".join(f"<p>Paragraph {k} of story {n}: the minister spoke with his counterpart on Friday.</p>" for k in range(6))
    return f"<html><head><title>Story {n}</title></head><body><article>{body}</article></body></html>"


def warc(pages: int, gz: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for n in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.com/story-{n}.html", "response",
                                                      payload=io.BytesIO(page(n).encode()), http_headers=headers))
    return buf.getvalue()


def cut(data: bytes, keep: float) -> bytes:
    return data[: int(len(data) * keep)]


# name -> (content, expected error code); each file yields exactly one error record
BROKEN: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "E103"),
    "blank.txt": (b"  \r\n\t\n", "E103"),
    "empty.html": (b"", "E103"),
    "empty.jsonl": (b"\n\n", "E103"),
    "empty.warc.gz": (b"", "E103"),
    "image.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 20, "E104"),
    "nul.html": (b"<html>\x00\x00\x00</html>", "E104"),
    "noise.txt": (bytes(range(128, 256)) * 4, "E105"),
    "bad-bom.txt": (b"\xff\xfe\x00\xd8ab", "E105"),
    "notjson.jsonl": (b'{"id": "x", "text": \n', "E106"),
    "array.jsonl": (b"[1, 2, 3]\n", "E106"),
    "notext.jsonl": (b'{"id": "n1", "title": "No text here"}\n', "E107"),
    "emptytext.jsonl": (b'{"id": "n2", "text": "   "}\n', "E107"),
    "listtext.jsonl": (b'{"id": "n3", "text": ["a"]}\n', "E108"),
    "nobody.html": (b"<html><head><title>Only a title</title></head><body></body></html>", "E109"),
    "scriptonly.htm": (b"<html><body><script>var x = 1;</script></body></html>", "E109"),
    "cut.warc.gz": (cut(warc(1, gz=True), 0.6), "E110"),
    "cut.warc": (cut(warc(1, gz=False), 0.6), "E110"),
    "notwarc.warc": (b"this is not an archive\n" * 20, "E110"),
    "notgzip.warc.gz": (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:25], "E110"),
}


def write_broken(folder) -> None:
    for name, (content, _) in BROKEN.items():
        (folder / name).write_bytes(content)


def test_every_broken_file_is_one_error_record_with_code_and_place(tmp_path, pipeline):
    write_broken(tmp_path)
    (tmp_path / "good.txt").write_text(STORY.format(name="Ana Novak"), encoding="utf-8")
    paths = sorted(str(p) for p in tmp_path.iterdir())
    before = (pipeline.counts.read, pipeline.counts.written, pipeline.counts.failed)
    records = list(pipeline.pipe(read_articles(paths)))
    assert len(records) == len(paths)
    by_file = dict(zip((p.rsplit("/", 1)[1] for p in paths), records))
    assert "error" not in by_file.pop("good.txt")
    for name, record in by_file.items():
        expected = BROKEN[name][1]
        assert record["error"].startswith(f"{expected}: "), (name, record["error"])
        assert name in record["error"], (name, record["error"])  # where: the file (and line or record)
        assert record_problems(record) == []
    read, written, failed = (now - then for now, then in zip(
        (pipeline.counts.read, pipeline.counts.written, pipeline.counts.failed), before))
    assert (read, written, failed) == (len(paths), 1, len(BROKEN))


def test_jsonl_errors_name_the_line(tmp_path, pipeline):
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": "Novak spoke."}) + "\nnot json\n" + json.dumps({"id": "t"}) + "\n",
                    encoding="utf-8")
    records = list(pipeline.pipe(read_articles([str(path)])))
    assert "error" not in records[0]
    assert f"{path}:2" in records[1]["error"] and records[1]["error"].startswith("E106")
    assert f"{path}:3" in records[2]["error"] and records[2]["error"].startswith("E107")


@pytest.mark.parametrize("text", [
    "Министр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся в пятницу.",
    "外交部长王毅周五表示，谈判将继续。“我们准备好了，”他说。",
    "وقال وزير الخارجية إن المحادثات ستستمر يوم الجمعة.",
    "\"" * 300,
    "“”‘’«»„‟‹›" * 40 + "\n" + "'" * 200,
    "“" * 50 + "Novak said" + "”" * 50,
])
def test_non_english_and_quote_marks_only_give_valid_records(pipeline, text):
    record = pipeline.extract(text, id="odd")
    assert "error" not in record
    assert record["text"] == text
    assert record_problems(record) == []


def test_one_sentence_of_100k_characters(pipeline):
    # long words keep the token count (and the test's time) down; the length is what matters here
    words = ["internationally", "Novak", "counterproposals", "Geneva", "representatives", "negotiated"]
    text = " ".join(words[i % len(words)] for i in range(20_000))[:100_000]
    assert len(text) == 100_000 and not re.search(r"[.!?\n]", text)
    record = pipeline.extract(text, id="run-on")
    assert "error" not in record and record_problems(record) == []
    assert record["text"] == text


def test_a_20_mb_article_is_read_whole(tmp_path):
    paragraph = STORY.format(name="Ana Novak") + "\n"
    text = paragraph * (20_000_000 // len(paragraph) + 1)
    txt = tmp_path / "huge.txt"
    txt.write_text(text, encoding="utf-8")
    jsonl = tmp_path / "huge.jsonl"
    jsonl.write_text(json.dumps({"id": "huge", "text": text}) + "\n", encoding="utf-8")
    for path in (txt, jsonl):
        [article] = read_articles([str(path)])
        assert isinstance(article, Article) and len(article.text) == len(text) > 20_000_000


def good_article(n: int) -> str:
    return STORY.format(name=NAMES[n % len(NAMES)]) + f"The meeting was number {n}.\n"


def test_cli_on_100_good_and_20_broken_files_reports_100_written_and_20_failed(tmp_path, nlp):
    folder = tmp_path / "in"
    (folder / "nested").mkdir(parents=True)
    for n in range(100):
        if n % 10 == 0:
            (folder / "nested" / f"good-{n:03}.jsonl").write_text(json.dumps({"id": f"good-{n:03}", "text": good_article(n)}) + "\n",
                                                                   encoding="utf-8")
        elif n % 10 == 1:
            paragraphs = "".join(f"<p>{line}</p>" for line in good_article(n).splitlines())
            (folder / f"good-{n:03}.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
        else:
            (folder / f"good-{n:03}.txt").write_text(good_article(n), encoding="utf-8")
    write_broken(folder)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(folder), "--output", str(out), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert "read 120, written 100, failed 20" in result.stderr
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed ")]
    assert len(failures) == 20
    for name, (_, code) in BROKEN.items():
        assert any(name in line and f"{code}: " in line for line in failures), name
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 120
    assert sum("error" in r for r in records) == 20
    assert all(record_problems(r) == [] for r in records)
