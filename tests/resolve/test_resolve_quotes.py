from newsgraph.resolve.quotes import normalise_quote, quote_key


def test_typesetting_does_not_change_the_key():
    variants = [
        "We are ready to talk.",
        "“We are ready to talk,”",
        '"we are  ready\nto talk"',
        "We are ready to talk",
        "  WE ARE READY TO TALK!  ",
        "«We are ready to talk».",
    ]
    assert len({quote_key(v) for v in variants}) == 1
    assert normalise_quote(variants[1]) == "we are ready to talk"


def test_apostrophes_dashes_and_ellipses():
    assert quote_key("We won’t back down — ever…") == quote_key("We won't back down - ever...")


def test_different_quotes_have_different_keys():
    assert quote_key("We are ready to talk.") != quote_key("We are not ready to talk.")
    assert len(quote_key("x")) == 32
    assert quote_key("") == quote_key(" . ")


def test_group_quotes_gathers_one_quote_from_many_outlets():
    from newsgraph.resolve.quotes import group_quotes

    def record(rid, source, *quotes):
        return {"id": rid, "source": source, "published": "2024-05-14",
                "quotes": [{"id": f"q{n}", "text": text, "speaker": {"name": who} if who else None}
                           for n, (text, who) in enumerate(quotes, 1)]}

    groups = group_quotes([
        record("a1", "Wire", ("“Assistance is on its way,”", "Antony Blinken"), ("We will not be provoked.", None)),
        record("a2", "Daily", ('"assistance is on its way"', "Antony Blinken")),
        record("a3", "Other", ("Assistance is on its way.", "Volodymyr Zelensky"), ("", "x")),
        {"id": "a4", "text": "no quotes"},
    ])
    assert [len(g.sources) for g in groups] == [3, 1]
    first = groups[0]
    assert first.text == "“Assistance is on its way,”"
    assert [(s.article_id, s.quote_id, s.source) for s in first.sources] == [("a1", "q1", "Wire"), ("a2", "q1", "Daily"), ("a3", "q1", "Other")]
    assert first.speakers == [("Antony Blinken", 2), ("Volodymyr Zelensky", 1)]
    assert groups[1].speakers == []


def _normalised_by_regex(text: str) -> str:
    """normalise_quote as it was written first, whitespace collapsed by a regular expression: stored
    quote keys were made with it."""
    import re
    import unicodedata

    from newsgraph.resolve import quotes

    if text.isascii():
        for mark in quotes._ASCII_QUOTE_MARKS:
            text = text.replace(mark, "")
    else:
        text = quotes._DASHES.sub("-", quotes._QUOTE_MARKS.sub("", unicodedata.normalize("NFKC", text)))
    if text.count(".") >= 3 or "…" in text:
        text = quotes._ELLIPSIS.sub("...", text)
    return re.sub(r"\s+", " ", text).casefold().strip(quotes._EDGE_PUNCT)


def test_whitespace_is_collapsed_as_the_regular_expression_did():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    spaces = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    text = st.text(alphabet=st.sampled_from(spaces + "ab.…,;:!?-\"'“”—ſﬁΣ\u200b"), max_size=40)

    @settings(max_examples=400, deadline=None)
    @given(text)
    def same(value):
        assert normalise_quote(value) == _normalised_by_regex(value)

    same()
    for value in ("", "  ", " . a  b . ", "\u3000x\u2028", "a\x1cb", "...  x ...", "“ x ”"):
        assert normalise_quote(value) == _normalised_by_regex(value)
