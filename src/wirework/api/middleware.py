"""Pure-ASGI middleware: request ids, security headers, body size limit, per-IP rate limit."""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wirework.api.envelope import error_response, request_id_var
from wirework.security.throttle import RateLimiter

log = logging.getLogger("wirework.api")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_EXEMPT = ("/api/v1/health", "/api/v1/ready", "/api/v1/metrics")
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self' ws: wss:; font-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "frame-ancestors 'none'"
)


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return str(v.decode("latin-1"))
    return None


def client_ip(scope: Scope, *, trust_proxy: bool) -> str:
    if trust_proxy and (fwd := _header(scope, b"x-forwarded-for")):
        return fwd.split(",")[0].strip()
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class PlatformMiddleware:
    def __init__(
        self, app: ASGIApp, *, max_body: int, per_ip_minute: int, trust_proxy: bool = False,
        limiter: Any = None,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.trust_proxy = trust_proxy
        #: anything with ``async hit_async(key) -> retry_after | None`` (Redis when scaled out)
        self.limiter = limiter or RateLimiter(per_ip_minute, 60.0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        try:
            await self._handle(scope, receive, send, rid)
        finally:
            request_id_var.reset(token)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, rid: str) -> None:
        path: str = scope["path"]
        headers = self._security_headers(scope, rid)
        if path.startswith("/api/") and not path.startswith(_EXEMPT):  # webhooks have no API budget
            retry = await self.limiter.hit_async("ip:" + client_ip(scope, trust_proxy=self.trust_proxy))
            if retry is not None:
                resp = error_response(429, "RATE_LIMIT", "too many requests from this address",
                                      {"retry_after": retry}, {"Retry-After": str(retry)})
                await self._send_plain(resp, scope, receive, send, headers)
                return
        length = _header(scope, b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._too_large(scope, receive, send, headers)
            return
        if length is None and scope["method"] in ("POST", "PUT", "PATCH"):
            body = await self._buffer(receive)
            if body is None:
                await self._too_large(scope, receive, send, headers)
                return
            receive = _replay(body, receive)

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in headers if k not in existing]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], path)
            if started:
                raise
            resp = error_response(500, "INTERNAL_ERROR", "internal server error")
            await self._send_plain(resp, scope, receive, send, headers)

    async def _buffer(self, receive: Receive) -> bytes | None:
        chunks, size = [], 0
        while True:
            msg = await receive()
            if msg["type"] != "http.request":
                break
            chunk = msg.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                return None
            chunks.append(chunk)
            if not msg.get("more_body"):
                break
        return b"".join(chunks)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, headers: Any) -> None:
        resp = error_response(413, "VALIDATION_ERROR",
                              f"request body is larger than the limit of {self.max_body} bytes",
                              {"limit": self.max_body})
        await self._send_plain(resp, scope, receive, send, headers)

    @staticmethod
    async def _send_plain(resp: Any, scope: Scope, receive: Receive, send: Send, headers: Any) -> None:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await resp(scope, receive, wrapped)

    def _security_headers(self, scope: Scope, rid: str) -> list[tuple[bytes, bytes]]:
        docs = scope["path"].startswith("/api/docs")
        out = [
            (b"x-request-id", rid.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", (DOCS_CSP if docs else CSP).encode()),
        ]
        proto = scope.get("scheme", "http")
        if self.trust_proxy:
            proto = _header(scope, b"x-forwarded-proto") or proto
        if proto == "https":
            out.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
        return out


def _replay(body: bytes, original: Receive) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await original()  # later reads only wait for the disconnect

    return receive
