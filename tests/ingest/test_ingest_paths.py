import os

import pytest

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, read_articles


def test_folder_is_walked_recursively_in_order_skipping_hidden_and_unknown(tmp_path, write):
    write("b.txt", "B.")
    write("a.txt", "A.")
    write("sub/c.jsonl", '{"id": "c", "text": "C."}\n')
    write("sub/deeper/d.html", "<html><body><p>D paragraph with enough words in it to be kept.</p><p>More.</p></body></html>")
    write("notes.md", "ignored")
    write("image.png", b"\x89PNG")
    write(".hidden.txt", "ignored")
    write(".git/e.txt", "ignored")
    write("Z.TXT", "Upper-case extension.")
    results = list(read_articles([str(tmp_path)]))
    assert all(isinstance(r, Article) for r in results)
    assert [r.id for r in results] == ["Z", "a", "b", "c", "d"]


def test_missing_path_and_unsupported_file_are_errors_and_reading_goes_on(tmp_path, write):
    missing = str(tmp_path / "nope.txt")
    unsupported = write("notes.md", "# notes")
    ok = write("ok.txt", "Fine.")
    results = list(read_articles([missing, unsupported, ok]))
    assert [getattr(r, "code", None) for r in results] == [ErrorCode.FILE_NOT_FOUND, ErrorCode.UNSUPPORTED_FORMAT, None]
    assert results[0].origin == missing and missing in results[0].detail
    assert results[2].text == "Fine."


def test_empty_folder_yields_nothing(tmp_path):
    assert list(read_articles([str(tmp_path)])) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_unreadable_file_is_an_error(write):
    path = write("locked.txt", "Secret.")
    os.chmod(path, 0)
    try:
        [error] = read_articles([path])
    finally:
        os.chmod(path, 0o644)
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.UNREADABLE


def test_unreadable_file_is_an_error_even_as_root(monkeypatch, write):
    path = write("locked.txt", "Secret.")

    def refuse(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return open(file, *args, **kwargs)

    monkeypatch.setattr("newsgraph.ingest.text.open", refuse, raising=False)
    [error, after] = read_articles([path, write("after.txt", "Still read.")])
    assert error.code is ErrorCode.UNREADABLE
    assert "Permission denied" in error.detail
    assert after.text == "Still read."


def test_a_single_path_string_or_pathlib_path_is_accepted(tmp_path, write):
    path = write("one.txt", "One.")
    assert [a.id for a in read_articles(path)] == ["one"]
    [article] = read_articles([tmp_path / "one.txt"])
    assert article.origin == path
