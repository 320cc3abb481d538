"""Pairing of quotation marks (text only, no model)."""
from newsgraph.extract.quotes.marks import pair_quote_marks


def contents(text):
    marks = pair_quote_marks(text)
    return [text[r.start:r.end] for r in marks.regions]


def test_straight_and_curly_marks_pair_in_one_article():
    text = '“We will act,” he said. "But not now," she added.'
    assert contents(text) == ["We will act,", "But not now,"]


def test_apostrophes_are_not_marks():
    text = "Novak's view: \"we don't agree,\" the minister's aide said."
    assert contents(text) == ["we don't agree,"]


def test_nested_and_scare_quotes_stay_inside_the_quotation():
    text = "\"In case they 'turn off the tap' we pay,\" Novak said of the ‘gas war’."
    assert contents(text) == ["In case they 'turn off the tap' we pay,"]


def test_two_apostrophes_work_as_a_double_mark():
    text = "''We can't have that,'' she said. Mr. Trump ''is not Christian.''"
    assert contents(text) == ["We can't have that,", "is not Christian."]


def test_a_quote_running_over_paragraphs_is_chained():
    text = '"First part of the speech.\n\n"Second part," she said.\n\nAn unrelated "word" here.'
    marks = pair_quote_marks(text)
    first, second, third = marks.regions
    assert (first.how, first.closed) == ("unclosed", False)
    assert second.continues == 0
    assert third.continues is None


def test_dash_continuation_without_an_opening_mark():
    text = '"Sanctions are coming," Novak said. – And when prices rise, this hurts everyone."'
    marks = pair_quote_marks(text)
    assert contents(text) == ["Sanctions are coming,", "And when prices rise, this hurts everyone."]
    dash = marks.regions[1]
    assert (dash.how, dash.opened, dash.continues) == ("dash", False, 0)


def test_paragraph_closing_speech_it_never_opened_continues_the_previous_one():
    text = '"We are ready to talk.\n\nBut not on these terms," Novak said.'
    marks = pair_quote_marks(text)
    assert contents(text) == ["We are ready to talk.", "But not on these terms,"]
    assert marks.regions[1].continues == 0


def test_single_marks_are_quotes_only_when_there_are_no_double_marks():
    text = "The students' union said 'we will strike' on Monday; Novak's reply: 'no deal'."
    assert contents(text) == ["we will strike", "no deal"]


def test_kind_follows_where_the_words_are():
    text = 'Novak said "we are ready" and that talks resume. "All of it," she said.'
    marks = pair_quote_marks(text)
    ready = text.index("we are ready")
    talks = text.index("talks resume")
    assert marks.kind([(ready, ready + len("we are ready"))]) == "direct"
    assert marks.kind([(talks, talks + len("talks resume"))]) == "indirect"
    assert marks.kind([(ready - 1, talks + len("talks resume"))]) == "mixed"


def test_a_leading_that_does_not_make_a_quotation_mixed():
    text = 'She said that "we are ready."'
    marks = pair_quote_marks(text)
    start = text.index("that")
    assert marks.kind([(start, len(text) - 2)]) == "direct"


def test_lookups_by_offset():
    text = 'A "quoted bit" and more.'
    marks = pair_quote_marks(text)
    assert marks.inside(text.index("quoted"))
    assert not marks.inside(text.index('"'))
    assert marks.index_at(text.index('"')) == 0
    assert marks.overlapping(0, len(text)) == [0]
    assert marks.last_ending_by(len(text)) == 0
    assert marks.first_starting_from(5) is None


def test_attribute_values_of_markup_tags_are_not_quotations():
    text = ('Reactions followed.\n\n<tweet id="7684" author="@AP" datetime="2016-08-23">Officials said '
            '“no comment” today</tweet>')
    assert contents(text) == ["no comment"]


def test_a_content_span_takes_the_quote_marks_of_the_quotation_it_starts_or_ends_with():
    from newsgraph.extract.quotes.assemble import trim_span, with_marks

    def widened(text, words):
        marks = pair_quote_marks(text)
        s = text.index(words)
        return text[slice(*with_marks(marks, *trim_span(text, s, s + len(words))))]

    assert widened("“We are ready,” Novak said.", "We are ready,") == "“We are ready,”"
    assert widened("Novak called it “a disaster” for farmers.", "it “a disaster") == "it “a disaster”"
    assert widened("''We are ready,'' Mr. Novak said.", "We are ready") == "''We are ready,''"
    # a piece inside a quotation keeps to its words; an unclosed paragraph has no closing mark
    assert widened("“We are ready. Talks resume.” Novak said.", "Talks resume.") == "Talks resume.”"
    assert widened("“We are ready. Talks resume.\n\nNovak", "We are ready") == "“We are ready"
    assert widened("Novak said the talks failed.", "the talks failed") == "the talks failed"


def test_a_closing_mark_typed_where_an_opening_one_belongs_opens():
    text = 'He told the AP that aides could not ”get close to Ben” on security.\n\n”Fear. I am afraid.” ― Ana.'
    assert contents(text) == ["get close to Ben", "Fear. I am afraid."]


def test_a_quotation_nested_in_a_quotation_with_the_same_marks_stays_inside_it():
    text = "“I’d rather live in what he calls “hell” than live with him,” she said. “No,” he said."
    assert contents(text) == ["I’d rather live in what he calls “hell” than live with him,", "No,"]


def test_an_opening_mark_never_closed_before_another_quotation_is_not_nested():
    text = "He said “one thing. And “another” was “fine.”"
    assert contents(text) == ["another", "fine."]


def test_a_quoted_nickname_inside_a_name_is_not_a_quotation():
    text = 'State Del. Marcia "Cia" Price said Rep. Robert C. "Bobby" Scott would win. She said "Yes" twice.'
    assert contents(text) == ["Yes"]
    # kept as part of the name, so an attribution can reach over them
    cia = text.index('"Cia"')
    assert {cia, cia + 4} <= pair_quote_marks(text).name_marks
