"""`.txt` files: one article per file, the decoded content is the text exactly."""
from __future__ import annotations

from collections.abc import Iterator

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.ingest.article import Article, ReadError
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.files import stem


def read_text(path: str) -> Iterator[Article | ReadError]:
    id_ = stem(path)
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = decode_bytes(data, path)
    except NewsgraphError as err:
        yield ReadError(id_, err.code, err.detail, path)
        return
    if not text.strip():
        yield ReadError(id_, ErrorCode.EMPTY_INPUT, f"{path} is empty or only whitespace", path)
        return
    yield Article(id=id_, text=text, origin=path)
