"""Sending a :class:`RequestSpec` with aiohttp: sessions, redirects, timeouts, transport errors.

The session is the runtime's (``services.http_session``, a factory returning an aiohttp
``ClientSession`` the runtime owns) or, when there is none, one session per node run that is
closed when the run ends — so nothing outlives its event loop.
"""

from __future__ import annotations

import errno
import inspect
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from yarl import URL

from wirework.nodes.http_request.spec import RequestSpec, encode_body, full_url
from wirework.nodes.sdk import NodeContext

REDIRECTS = (301, 302, 303, 307, 308)
#: nodejs error codes -> the wording n8n shows for them
COMMON_ERRORS = {
    "ECONNREFUSED": "The service refused the connection - perhaps it is offline",
    "ECONNRESET": "The connection to the server was closed unexpectedly, perhaps it is offline. "
                  "You can retry the request immediately or wait and retry later.",
    "ENOTFOUND": "The connection cannot be established, this usually occurs due to an incorrect "
                 "host (domain) value",
    "ETIMEDOUT": "The connection timed out, consider setting the 'Retry on Fail' option in the node settings",
    "ECONNABORTED": "The connection was aborted, perhaps the server is offline",
    "EHOSTUNREACH": "The host is unreachable, perhaps the server is offline",
    "EAI_AGAIN": "The DNS server returned an error, perhaps the server is offline",
}
_ERRNO = {errno.ECONNREFUSED: "ECONNREFUSED", errno.ECONNRESET: "ECONNRESET", errno.ETIMEDOUT: "ETIMEDOUT",
          errno.EHOSTUNREACH: "EHOSTUNREACH", errno.ECONNABORTED: "ECONNABORTED"}
_CREDENTIAL_HEADERS = {"authorization", "cookie", "proxy-authorization"}


@dataclass(slots=True)
class Response:
    status: int
    reason: str
    headers: dict[str, Any]
    url: str
    body: bytes

    @property
    def content_type(self) -> str:
        value = self.headers.get("content-type") or ""
        return value if isinstance(value, str) else ", ".join(value)


class TransportError(Exception):
    """No HTTP answer: ``code`` is the nodejs-style code (ECONNREFUSED …), ``raw`` its own words."""

    def __init__(self, code: str, raw: str) -> None:
        super().__init__(raw)
        self.code = code
        self.raw = raw

    @property
    def message(self) -> str:
        return COMMON_ERRORS.get(self.code, self.raw)


@asynccontextmanager
async def open_session(ctx: NodeContext) -> AsyncIterator[Any]:
    factory = ctx.services.http_session
    if factory is not None:
        session = factory()
        yield (await session) if inspect.isawaitable(session) else session
        return
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


def _headers(resp: aiohttp.ClientResponse) -> dict[str, Any]:
    """Lowercase names; repeated headers joined with ', ' (``set-cookie`` stays a list), as node does."""
    out: dict[str, Any] = {}
    for name, value in resp.headers.items():
        key = name.lower()
        if key == "set-cookie":
            out.setdefault(key, []).append(value)
        elif key in out:
            out[key] = f"{out[key]}, {value}"
        else:
            out[key] = value
    return out


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _connect_error(exc: aiohttp.ClientConnectorError, url: str) -> TransportError:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    os_error = exc.os_error
    if isinstance(os_error, socket.gaierror) or type(exc).__name__ == "ClientConnectorDNSError":
        return TransportError("ENOTFOUND", f"getaddrinfo ENOTFOUND {host}")
    code = _ERRNO.get(getattr(os_error, "errno", None) or -1, "ECONNREFUSED")
    return TransportError(code, f"connect {code} {host}:{port}")


def transport_error(exc: BaseException, spec: RequestSpec, url: str) -> TransportError:
    if isinstance(exc, (aiohttp.ClientSSLError, aiohttp.ClientConnectorCertificateError)):
        return TransportError("SSL", "SSL Issue: consider using the 'Ignore SSL issues' option")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return _connect_error(exc, url)
    if isinstance(exc, (TimeoutError, aiohttp.ServerTimeoutError)):
        return TransportError("ECONNABORTED", f"timeout of {spec.timeout_ms:g}ms exceeded")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return TransportError("ECONNRESET", "socket hang up")
    if isinstance(exc, aiohttp.InvalidURL):
        return TransportError("INVALID_URL", f"Invalid URL: {url}")
    return TransportError("EUNKNOWN", str(exc) or type(exc).__name__)


def _hop(spec: RequestSpec, method: str, url: str, status: int, location: str) -> tuple[str, str, bool]:
    """(next method, next url, whether the body is kept) for one redirect, as node's clients do."""
    nxt = urljoin(url, location)
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        return "GET", nxt, False
    return method, nxt, True


async def send(session: Any, spec: RequestSpec) -> Response:
    """One request, following redirects when the spec says so; raises :class:`TransportError`."""
    method, url = spec.method, full_url(spec.url, spec.qs, spec.array_format)
    headers = {k: ", ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in spec.headers.items()}
    body = spec.body
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=spec.timeout_ms / 1000,
                                    sock_read=spec.timeout_ms / 1000)
    for hop in range(spec.max_redirects + 1):
        data, ctype = encode_body(body) if body is not None else (None, None)
        send_headers = dict(headers)
        if ctype and not any(k.lower() == "content-type" for k in send_headers):
            send_headers["content-type"] = ctype
        try:
            async with session.request(method, URL(url), headers=send_headers, data=data,
                                       allow_redirects=False, timeout=timeout, proxy=spec.proxy,
                                       ssl=spec.verify_ssl) as resp:
                location = resp.headers.get("location")
                if not (spec.follow_redirects and resp.status in REDIRECTS and location):
                    return Response(resp.status, resp.reason or "", _headers(resp), str(resp.url),
                                    await resp.read())
        except (TimeoutError, aiohttp.ClientError) as exc:
            failure = transport_error(exc, spec, url.split("?", 1)[0])
            failure.raw = spec.redact(failure.raw)
            raise failure from exc
        if hop == spec.max_redirects:
            break
        old_origin = _origin(url)
        method, url, keep_body = _hop(spec, method, url, resp.status, location)
        if not keep_body:
            body = None
            headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")}
        if _origin(url) != old_origin and not spec.credentials_cross_origin:
            drop = _CREDENTIAL_HEADERS | spec.secret_headers
            headers = {k: v for k, v in headers.items() if k.lower() not in drop}
    raise TransportError("ERR_FR_TOO_MANY_REDIRECTS", "Maximum number of redirects exceeded")
