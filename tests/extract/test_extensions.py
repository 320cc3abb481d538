import spacy

from newsgraph.extract.extensions import ensure_lists, in_boilerplate, mostly_inside

SPANS = [(0, 10), (20, 30)]


def test_mostly_inside_counts_the_covered_share():
    assert mostly_inside(SPANS, 2, 8)
    assert mostly_inside(SPANS, 5, 14)  # 5 of 9 characters covered
    assert not mostly_inside(SPANS, 8, 14)  # 2 of 6
    assert mostly_inside(SPANS, 8, 24) is False  # 2 + 4 of 16
    assert not mostly_inside([], 0, 5)


def test_in_boilerplate_reads_the_docs_spans():
    doc = spacy.blank("en").make_doc("Share this. Novak said so.")
    ensure_lists(doc)
    assert not in_boilerplate(doc, 0, 5)
    doc._.boilerplate = [(0, 11)]
    assert in_boilerplate(doc, 0, 5) and not in_boilerplate(doc, 12, 17)
