"""The app's one middleware, as plain ASGI: the write guard (token, rate and size limits of the
analyze endpoints, checked before a body is read) and the security headers on every response.

Starlette's `@app.middleware("http")` wraps every request in a task group and memory streams,
which cost more than a cached search itself; this passes the request through untouched.
"""
from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph.errors import ErrorCode, NewsgraphError
from newsgraph.serve.guard import TokenBucket, WriteLimits, check_write

# Everything the pages load comes from this server; no inline script or style.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                           "frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}


class GuardAndHeaders:
    def __init__(self, app: ASGIApp, limits: WriteLimits, bucket: TokenBucket, status: dict[ErrorCode, int],
                 error_response: Callable):
        self.app, self.limits, self.bucket, self.status, self.error_response = app, limits, bucket, status, error_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        client = scope.get("client")
        try:
            check_write(scope["method"], scope["path"], Headers(scope=scope), client[0] if client else "unknown",
                        self.limits, self.bucket)
        except NewsgraphError as exc:
            response = self.error_response(Request(scope, receive), self.status[exc.code], exc.code, exc.detail)
            if exc.code is ErrorCode.RATE_LIMITED:
                response.headers["Retry-After"] = str(exc.retry_after)
            await response(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
