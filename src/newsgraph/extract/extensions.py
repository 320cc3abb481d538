"""The `Doc._` attributes newsgraph's components read and write, registered once.

Set before the pipeline runs (by newsgraph.pipeline, or by anyone feeding Docs in):
  boilerplate  [(start, end), ...] character spans that are page furniture, not body
  published    ISO publication date, or None; relative dates resolve against it
Filled by the components:
  entities     list[records.Entity]   (newsgraph_entities)
  quotes       list[records.Quote]    (newsgraph_quotes)
  events       list[records.Event]    (newsgraph_events)
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

_LIST_ATTRS = ("boilerplate", "entities", "quotes", "events")


def register_extensions() -> None:
    for name in _LIST_ATTRS:
        if not Doc.has_extension(name):
            # a getter-free default must not be a shared mutable list, hence None + accessor below
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)


register_extensions()


def ensure_lists(doc: Doc) -> None:
    """Give every list attribute its own empty list, so components can append."""
    for name in _LIST_ATTRS:
        if getattr(doc._, name) is None:
            setattr(doc._, name, [])


def in_boilerplate(doc: Doc, start: int, end: int) -> bool:
    """True when [start, end) lies mostly inside a boilerplate span."""
    return mostly_inside(doc._.boilerplate or [], start, end)


def mostly_inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies mostly inside the sorted `spans` (`in_boilerplate` for a caller
    that has already read `doc._.boilerplate`: each `doc._` access builds an object)."""
    if not spans:
        return False
    covered = 0
    for s, e in spans:
        if e <= start:
            continue
        if s >= end:
            break
        covered += min(e, end) - max(s, start)
    return covered * 2 > (end - start)


def all_within(inner: list[tuple[int, int]], outer: list[tuple[int, int]]) -> bool:
    """True when every span of `inner` lies inside one span of `outer`."""
    return all(any(s2 <= s and e <= e2 for s2, e2 in outer) for s, e in inner)


def boilerplate_starts(doc: Doc) -> list[int]:
    return sorted(s for s, _ in doc._.boilerplate or [])


def span_in_sorted(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_TEXT_KEY = "newsgraph_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per Doc: spaCy rebuilds the string from the tokens on every access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Give `doc_text` the string the Doc was made from (spaCy's tokenizer keeps every character,
    so it equals `doc.text`), so that no component has to rebuild it from the tokens."""
    doc.user_data[_TEXT_KEY] = text
