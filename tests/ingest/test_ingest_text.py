import pytest

from newsgraph.errors import ErrorCode
from newsgraph.ingest import Article, ReadError, read_articles


def only(path):
    results = list(read_articles([path]))
    assert len(results) == 1
    return results[0]


def test_utf8_text_is_kept_exactly(write):
    text = "  Headline\n\nNovak said “yes” – on Friday.\n\n\n  trailing spaces   \n"
    article = only(write("story-1.txt", text))
    assert isinstance(article, Article)
    assert article.text == text
    assert article.id == "story-1"
    assert article.origin.endswith("story-1.txt")


def test_crlf_is_preserved_byte_for_byte(write):
    data = "Line one.\r\nLine two.\r\n\r\nLast line\r\n".encode("utf-8")
    article = only(write("crlf.txt", data))
    assert article.text.encode("utf-8") == data


def test_utf8_bom_is_dropped_and_nothing_else(write):
    article = only(write("bom.txt", b"\xef\xbb\xbfFirst line.\r\n"))
    assert article.text == "First line.\r\n"


def test_cp1252_file_is_decoded_right(write):
    text = "Café talks — the minister’s “final” offer, naïve résumé: 5€ per unit.\r\n"
    article = only(write("western.txt", text.encode("cp1252")))
    assert article.text == text


@pytest.mark.parametrize("text", ["Déjà vu in Zürich, said the Außenminister.", "Le ministre a déclaré : « Nous sommes prêts »"])
def test_latin1_file_is_decoded_right(write, text):
    article = only(write("latin.txt", text.encode("latin-1")))
    assert article.text == text


def test_cyrillic_cp1251_is_not_forced_to_cp1252(write):
    text = "Министр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся в пятницу."
    article = only(write("ru.txt", text.encode("cp1251")))
    assert article.text == text


def test_double_dot_name_keeps_inner_dots_in_id(write):
    assert only(write("report.2022-07-29.txt", "Body.")).id == "report.2022-07-29"


@pytest.mark.parametrize("content", [b"", b"   \r\n\t\n"])
def test_empty_or_blank_file_is_empty_input(write, content):
    error = only(write("empty.txt", content))
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.EMPTY_INPUT
    assert "empty.txt" in error.detail
    assert error.id == "empty"


def test_binary_file_is_binary_input(write):
    error = only(write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"))
    assert isinstance(error, ReadError)
    assert error.code is ErrorCode.BINARY_INPUT
    assert error.message.startswith("E104: ")


def test_utf8_with_a_stray_byte_stays_utf8(write):
    data = "Ministers met in Zürich — “talks were good,” Novák said; the café agreed.".encode("utf-8")
    data = data.replace(b"agreed", b"agr\xe9ed")
    article = only(write("mixed.txt", data))
    assert article.text.startswith("Ministers met in Zürich — “talks were good,” Novák said")
    assert "agr\ufffded" in article.text


def test_a_large_legacy_encoded_file_is_decoded_whole(write):
    text = "Министр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся.\n" * 60_000
    article = only(write("big-cp1251.txt", text.encode("cp1251")))  # about 5 MB
    assert article.text == text
