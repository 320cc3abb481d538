import pytest

from newsgraph.clean import clean_article, find_dateline
from newsgraph.clean.furniture import is_chrome
from newsgraph.clean.resources import chrome_pattern
from newsgraph.ingest import Article

BODY = (
    "WASHINGTON, July 29 (Reuters) - Secretary of State Antony Blinken spoke with Russian Foreign "
    "Minister Sergey Lavrov on Friday, the first call between the two since the invasion.\n\n"
    "\"We pressed hard,\" Blinken told reporters. Readers can read more about it in our earlier report.\n\n"
    "Share this article with your colleagues, the minister told ministry staff in a memo, adding that the talks would go on.\n\n"
    "Copyright law was not discussed, the State Department said.\n"
)


def flagged(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.boilerplate]


def check_spans(article: Article, original: str) -> None:
    assert article.text == original
    previous_end = 0
    for start, end in article.boilerplate:
        assert 0 <= previous_end <= start < end <= len(original)
        previous_end = end
        piece = original[start:end]
        assert piece == piece.strip() and "\n" not in piece and "\r" not in piece


def clean(text: str, **fields) -> Article:
    article = clean_article(Article(id="t", text=text, **fields))
    check_spans(article, text)
    return article


def test_repeated_headline_becomes_title_and_both_are_boilerplate():
    text = "Blinken, Lavrov hold first call since invasion\n\nBLINKEN, LAVROV HOLD FIRST CALL SINCE INVASION.\n\n" + BODY
    article = clean(text)
    assert article.title == "Blinken, Lavrov hold first call since invasion"
    assert flagged(article) == ["Blinken, Lavrov hold first call since invasion", "BLINKEN, LAVROV HOLD FIRST CALL SINCE INVASION."]


def test_near_repeat_caption_with_small_differences():
    text = "Blinken and Lavrov hold first call since the invasion\nBlinken & Lavrov hold first call since invasion\n" + BODY
    article = clean(text)
    assert len(flagged(article)) == 2
    assert article.title.startswith("Blinken and Lavrov")


def test_given_title_is_kept_and_its_line_flagged():
    text = "Blinken and Lavrov talk\n\n" + BODY
    article = clean(text, title="Blinken and Lavrov talk")
    assert article.title == "Blinken and Lavrov talk"
    assert flagged(article) == ["Blinken and Lavrov talk"]


def test_no_repeat_no_title_guess():
    article = clean(BODY)
    assert article.title is None
    assert article.boilerplate == []


def test_site_chrome_at_the_end():
    chrome = [
        "Leave a review",
        "Follow us on social networks",
        "Share this article",
        "Subscribe to our newsletter",
        "Read more",
        "Related articles",
        "We use cookies to improve your experience. By continuing to browse you agree.",
        "World",
        "Politics",
        "Europe",
        "World | Politics | Europe",
        "News line",
        "Breaking news",
        "Advertisement",
        "© 2022 Example News. All rights reserved.",
    ]
    text = BODY + "\n" + "\n".join(chrome) + "\n"
    article = clean(text)
    assert flagged(article) == chrome


def test_chrome_in_the_middle_is_flagged_too():
    text = BODY.replace("\n\n", "\n\nADVERTISEMENT\n\n", 1).replace("our earlier report.\n\n", "our earlier report.\n\nREAD MORE: Lavrov says Moscow will respond\n\n")
    assert flagged(clean(text)) == ["ADVERTISEMENT", "READ MORE: Lavrov says Moscow will respond"]


@pytest.mark.parametrize(
    "line",
    [
        "You can read more about it in our report.",
        "Subscribe to our newsletter, the minister joked, was not his advice to diplomats.",
        "Share this article with your colleagues, he told the ministry staff.",
        "Copyright law in the EU was reformed in 2019.",
        "Advertisement revenue fell 5% in the second quarter.",
        "Politics in Europe changed after the invasion.",
        "Users must accept cookies under the new rules, the commission said.",
    ],
)
def test_body_sentences_with_chrome_words_are_not_chrome(line):
    assert not is_chrome(line)
    assert clean(BODY + "\n" + line + "\n").boilerplate == []


def test_trailing_byline_and_dateline():
    text = BODY + "\nJane Doe\nWashington D.C.\nLeave a review\nFollow us on social networks\nWorld\nNews line\n"
    article = clean(text)
    assert article.byline == "Jane Doe"
    assert flagged(article) == ["Jane Doe", "Washington D.C.", "Leave a review", "Follow us on social networks", "World", "News line"]


@pytest.mark.parametrize("place", ["Moscow", "BRUSSELS", "NEW YORK", "Kyiv, Ukraine", "Washington, D.C., July 29", "The Hague"])
def test_trailing_dateline_places(place):
    article = clean(BODY + "\n" + place)
    assert flagged(article) == [place]
    assert article.byline is None


def test_reuters_style_credit_line_gives_byline():
    article = clean(BODY + "\n(Reporting by Jane Doe and John Roe in Moscow; Editing by Alex Smith)\n")
    assert article.byline == "Jane Doe and John Roe"
    assert len(article.boilerplate) == 1


def test_byline_at_the_top():
    article = clean("By Ana de la Cruz\n\n" + BODY)
    assert article.byline == "Ana de la Cruz"
    assert flagged(article) == ["By Ana de la Cruz"]


def test_given_byline_is_not_overwritten():
    assert clean(BODY + "\nJane Doe\n", byline="Desk").byline == "Desk"


def test_trailing_scan_stops_at_body():
    text = BODY + "\nThe talks will resume on Monday.\nJane Doe\n"
    assert flagged(clean(text)) == ["Jane Doe"]


def test_headline_like_line_is_not_a_byline():
    article = clean(BODY + "\nBiden Meets Xi in Bali\n")
    assert article.byline is None
    assert article.boilerplate == []


def test_wire_dateline_at_the_start_is_body_but_can_be_found():
    article = clean(BODY)
    assert article.boilerplate == []
    assert find_dateline(BODY) == ("WASHINGTON", "July 29")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("MOSCOW, July 29. /TASS/. Russia said...", ("MOSCOW", "July 29")),
        ("KYIV, Ukraine, March 8 (Reuters) - The mayor...", ("KYIV, Ukraine", "March 8")),
        ("Headline here\n\nBRUSSELS (AFP) – The EU...", ("BRUSSELS", None)),
        ("MOSCOW/BUCHAREST, Jan 17, 2024 (Wire) - The Kremlin...", ("MOSCOW/BUCHAREST", "Jan 17, 2024")),
        ("UNITED NATIONS, March 22, 2024 (Wire) - The Security Council...", ("UNITED NATIONS", "March 22, 2024")),
        ("The minister - who spoke on Friday - said...", None),
        ("Blinken spoke with Lavrov.", None),
    ],
)
def test_find_dateline(text, expected):
    assert find_dateline(text) == expected


def test_crlf_text_spans_exclude_line_ends():
    text = BODY.replace("\n", "\r\n") + "\r\nJane Doe\r\nMoscow\r\n"
    article = clean(text)
    assert flagged(article) == ["Jane Doe", "Moscow"]


def test_existing_spans_are_kept_and_merged():
    text = BODY + "\nNews line\n"
    start = text.index("News line")
    article = clean_article(Article(id="t", text=text, boilerplate=[(0, 5), (start, start + 4)]))
    assert article.boilerplate == [(0, 5), (start, start + len("News line"))]


def test_input_article_is_not_mutated_and_result_is_deterministic():
    original = Article(id="t", text="Headline\nHeadline\n" + BODY + "\nJane Doe\n")
    first, second = clean_article(original), clean_article(original)
    assert original.boilerplate == [] and original.title is None
    assert first == second


@pytest.mark.parametrize("text", ["", "\n\n", "Just one line."])
def test_degenerate_texts(text):
    assert clean(text).boilerplate == []


def test_chrome_patterns_are_data_loaded_once():
    assert chrome_pattern() is chrome_pattern()


def test_bulleted_names_at_the_end_are_a_list_not_a_byline():
    article = clean(BODY + "\nThose sanctioned are:\n- Ivan Petrov\n- Oleg Sidorov\n")
    assert article.boilerplate == [] and article.byline is None


def test_html_headline_equal_to_title_is_flagged():
    text = "Blinken and Lavrov hold first call\n\n" + BODY
    assert flagged(clean(text, title="Blinken and Lavrov hold first call | Example News")) == []  # not near enough
    assert flagged(clean(text, title="Blinken and Lavrov hold first call")) == ["Blinken and Lavrov hold first call"]


@pytest.mark.parametrize("place", ["Deerfield Beach, Fla.", "Staunton Va.", "Springfield, Illinois"])
def test_place_with_region_is_a_dateline_not_a_byline(place):
    article = clean(BODY + "\nLen Bennett.\n\n" + place + "\n")
    assert flagged(article) == ["Len Bennett.", place]
    assert article.byline == "Len Bennett"


def test_a_lone_headline_is_the_title_but_stays_body():
    article = clean("Blinken and Lavrov hold first call\n\n" + BODY)
    assert article.title == "Blinken and Lavrov hold first call"
    assert flagged(article) == []


def test_a_caption_under_the_headline_is_furniture():
    text = "EU ministers back new sanctions\n\nEU foreign ministers before the meeting in Brussels\n\n" + BODY
    article = clean(text)
    assert article.title == "EU ministers back new sanctions"
    assert flagged(article) == ["EU foreign ministers before the meeting in Brussels"]


def test_a_first_sentence_is_never_a_title():
    article = clean("The talks ended without agreement on Friday.\n\n" + BODY)
    assert article.title is None


def test_an_undated_article_takes_the_full_date_of_its_dateline():
    text = "Headline\n\nUNITED NATIONS, March 22, 2024 (Wire) - The Security Council voted."
    article = clean_article(Article(id="a", text=text))
    assert (article.published, article.published_from) == ("2024-03-22", "dateline")


def test_a_given_date_wins_and_a_dateline_without_a_year_dates_nothing():
    text = "UNITED NATIONS, March 22, 2024 (Wire) - The Security Council voted."
    given = clean_article(Article(id="a", text=text, published="2024-03-23"))
    assert (given.published, given.published_from) == ("2024-03-23", None)
    no_year = clean_article(Article(id="b", text=BODY))  # "WASHINGTON, July 29 (Reuters) -"
    assert (no_year.published, no_year.published_from) == (None, None)
