"""Speaker labels at the start of a line: transcripts ("TAPPER: Will you ...?") and headlines
("Issa: Clinton's honesty is in question"). The label is the speaker, the rest of the line is
what was said."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from newsgraph.resources import read_word_set

STOPWORDS_FILE = "quotes/label_stopwords.txt"
SOURCES_FILE = "quotes/label_sources.txt"
# an opening quote mark may come first: a transcript quoted paragraph by paragraph ("WALLACE: ...)
_LABEL_LINE = re.compile(r"(?m)^[ \t]*[\"\u201c]?(?P<label>[A-Z][\w.'’&-]*(?:[ \t]+[\w.'’&()-]+){0,4}?)[ \t]*:[ \t]+(?P<rest>\S[^\n]*)$")
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_INTERVIEW_LABELS = frozenset({"q", "a"})
MIN_WORDS = 3


def label_quotes(doc: Doc, text: str) -> list[tuple[Span, tuple[int, int], int]]:
    """(speaker label, content span, colon offset) for every labelled line of `text`."""
    found = []
    names: frozenset[str] | None = None
    for m in _LABEL_LINE.finditer(text):
        label = m.group("label")
        if label.split()[0].lower() in read_word_set(STOPWORDS_FILE) or len(m.group("rest").split()) < MIN_WORDS:
            continue
        span = doc.char_span(m.start("label"), m.end("label"), alignment_mode="contract")
        if span is None:
            continue
        if names is None:
            names = _name_words(doc)
        if not _names_someone(span, names):
            continue
        found.append((span, (m.start("rest"), m.end("rest")), m.end("label")))
    return found


def _name_words(doc: Doc) -> frozenset[str]:
    """The words of the Doc's name entities, lower-cased."""
    return frozenset(t.lower_ for ent in doc.ents if ent.label_ in _NAME_LABELS for t in ent)


def _names_someone(span: Span, names: frozenset[str]) -> bool:
    """A name the NER knows, here or elsewhere in the article (a headline's "Sanders:" it often
    misses), after a title ("Dr. Ben Carson"); a name in capitals (TAPPER); an interview's Q/A; or
    a source that is not a person ("Poll:", "Report:")."""
    words = [t for t in span if not t.is_punct]
    if not words:
        return False
    if len(words) == 1 and (words[0].lower_ in _INTERVIEW_LABELS or words[0].lower_ in read_word_set(SOURCES_FILE)):
        return True
    if words[0].is_title and words[0].text.endswith(".") and len(words) > 1:
        words = words[1:]  # "Dr.", "Sen.", "Gov."
    if all(t.ent_type_ in _NAME_LABELS or (t.is_title and t.lower_ in names) for t in words):
        return True
    return all(t.is_upper and len(t.text) > 1 for t in words)
