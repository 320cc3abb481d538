"""quotes/sentences.py answers as `Token.sent` and a scan of token offsets would, for hand-built Docs."""
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsgraph.extract.quotes.sentences import Sentences

WORDS = ["Novak", "said", "no", ".", "She", "left", ".", '"', "Yes", '"', "."]
STARTS = [True, False, False, False, True, False, False, True, False, False, False]


def _doc(sent_starts=STARTS) -> Doc:
    return Doc(Vocab(), words=WORDS, sent_starts=sent_starts)


def test_the_sentence_of_each_token_is_the_one_doc_sents_gives():
    doc = _doc()
    sents = Sentences(doc)
    assert [(sents.of(t.i).start, sents.of(t.i).end) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    assert sents.of(5) is sents.of(4)  # one Span per sentence, made once


def test_the_sentence_before():
    doc = _doc()
    sents = Sentences(doc)
    assert sents.before(sents.of(0)) is None
    assert (sents.before(sents.of(8)).start, sents.before(sents.of(8)).end) == (4, 7)


def test_a_first_token_not_marked_still_opens_the_first_sentence():
    doc = _doc([False] + STARTS[1:])
    assert Sentences(doc).of(2).start == 0 == list(doc.sents)[0].start


def test_token_from_is_the_first_token_at_or_after_a_character():
    doc = _doc()
    sents = Sentences(doc)
    for char in range(len(doc.text) + 2):
        assert sents.token_from(char) == next((t.i for t in doc if t.idx >= char), len(doc))


def test_a_custom_segmentation_is_taken_as_doc_sents_gives_it():
    doc = _doc()
    doc.user_hooks["sents"] = lambda d: [d[0:7], d[7:]]
    sents = Sentences(doc)
    assert (sents.of(3).start, sents.of(3).end) == (0, 7)
    assert (sents.of(8).start, sents.of(8).end) == (7, 11)
