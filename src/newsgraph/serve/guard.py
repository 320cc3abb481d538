"""What stands in front of the write endpoints (POST /api/analyze, POST /analyze): an optional token,
a per-client rate limit and a size limit, all checked before the body is read or the model runs.

The token travels as `Authorization: Bearer TOKEN` or `X-Newsgraph-Token: TOKEN` (the HTML form
also takes it as a `token` field, which the page route checks with `token_matches`).
"""
from __future__ import annotations

import hmac
import math
import threading
import time
from dataclasses import dataclass

from newsgraph.errors import ErrorCode, NewsgraphError

WRITE_PATHS = frozenset({"/api/analyze", "/analyze"})
MAX_BODY_BYTES = 1_048_576  # 100,000 characters of JSON or form-encoded text fit with room to spare
MAX_CLIENTS = 10_000  # buckets remembered; the fullest (idle longest) are forgotten first


@dataclass(frozen=True)
class WriteLimits:
    token: str | None = None  # None: no token needed
    rate: float = 1.0  # requests per second a client earns back
    burst: int = 10  # requests a client may make at once
    max_body_bytes: int = MAX_BODY_BYTES


class TokenBucket:
    """Per-client token buckets, in process: each client holds at most `burst` requests and earns
    `rate` back per second."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic):
        self.rate, self.burst, self._clock = rate, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # client: (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str) -> float:
        """0 if the client may go ahead now, else the seconds until it may."""
        now = self._clock()
        with self._lock:
            tokens, when = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - when) * self.rate)
            if tokens < 1:
                self._buckets[client] = (tokens, now)
                return (1 - tokens) / self.rate if self.rate > 0 else 60.0
            self._buckets[client] = (tokens - 1, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_full(now)
            return 0.0

    def _forget_full(self, now: float) -> None:
        for client, (tokens, when) in list(self._buckets.items()):
            if tokens + (now - when) * self.rate >= self.burst:
                del self._buckets[client]


def token_matches(expected: str | None, supplied: str | None) -> bool:
    """Constant-time comparison; no token configured lets everyone in."""
    if expected is None:
        return True
    return supplied is not None and hmac.compare_digest(supplied.encode("utf-8"), expected.encode("utf-8"))


def header_token(headers) -> str | None:
    authorization = headers.get("authorization", "")
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return headers.get("x-newsgraph-token")


def check_write(method: str, path: str, headers, client: str, limits: WriteLimits, bucket: TokenBucket) -> None:
    """Raise the catalogued error a write request earns before its body is read; nothing for others."""
    if method != "POST" or path not in WRITE_PATHS:
        return
    length = headers.get("content-length")
    if length is None:
        if headers.get("transfer-encoding"):
            raise NewsgraphError(ErrorCode.REQUEST_TOO_LARGE, "a write request must say its Content-Length")
    elif not length.isdigit() or int(length) > limits.max_body_bytes:
        raise NewsgraphError(ErrorCode.REQUEST_TOO_LARGE,
                             f"the request body is {length} bytes, at most {limits.max_body_bytes:,}")
    wait = bucket.take(client)  # before the token: guessing it costs the guesser's bucket too
    if wait:
        error = NewsgraphError(ErrorCode.RATE_LIMITED, f"too many requests from {client}; try again in {wait:.1f} s")
        error.retry_after = math.ceil(wait)
        raise error
    # the form page may carry its token in the body; its route checks it
    if path == "/api/analyze" and not token_matches(limits.token, header_token(headers)):
        raise NewsgraphError(ErrorCode.UNAUTHORIZED, "this server needs a token to analyze texts")
