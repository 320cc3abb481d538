import pytest

from newsgraph.extract.events.dates import date_near, find_dates, resolve_date

PUBLISHED = "2024-03-08"  # a Friday


@pytest.mark.parametrize("expression, expected", [
    ("on Friday", "2024-03-08"),
    ("on Wednesday", "2024-03-06"),
    ("on Saturday", "2024-03-02"),
    ("last Friday", "2024-03-01"),
    ("yesterday", "2024-03-07"),
    ("today", "2024-03-08"),
    ("March 8", "2024-03-08"),
    ("Feb. 2", "2024-02-02"),
    ("8 March 2024", "2024-03-08"),
    ("March 8, 2023", "2023-03-08"),
    ("2022-07-29", "2022-07-29"),
    ("December 30", "2023-12-30"),  # a past day without a year is the latest one before publication
])
def test_resolves_against_publication_date(expression, expected):
    assert resolve_date(expression, PUBLISHED) == expected


@pytest.mark.parametrize("expression", ["in February", "last week", "in 2020", "since the invasion"])
def test_imprecise_expressions_give_no_date(expression):
    assert resolve_date(expression, PUBLISHED) is None


def test_future_events_look_forward():
    assert resolve_date("on Monday", PUBLISHED, future=True) == "2024-03-11"
    assert resolve_date("next Friday", PUBLISHED) == "2024-03-15"


def test_relative_dates_need_a_publication_date():
    assert resolve_date("on Friday", None) is None
    assert resolve_date("8 March 2024", None) == "2024-03-08"
    assert resolve_date("on Friday", "2024-03-08T14:00:00Z") == "2024-03-08"


def test_modal_may_is_not_a_month():
    assert find_dates("Russia may impose sanctions") == []


def test_nearest_date_to_the_trigger_wins():
    text = "On Monday Blinken said the EU met on Wednesday."
    anchor = text.index("met")
    assert date_near(text, 0, len(text), anchor, PUBLISHED) == "2024-03-06"
