"""A real aiohttp server on 127.0.0.1 (ephemeral port) that records what it receives."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import json
import ssl
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import BodyPartReader, web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from local_http import serving
from wirework.expr import default_evaluator
from wirework.nodes.http_request import DESC_V3
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeContext, NodeTestContext

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Seen:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    content_type: str
    form: dict[str, Any] = field(default_factory=dict)


class Recorder:
    png = PNG

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.peak = 0
        self.base = ""
        self.arrived = asyncio.Event()

    @property
    def last(self) -> Seen:
        return self.seen[-1]


async def _record(rec: Recorder, request: web.Request) -> Seen:
    ctype = request.headers.get("content-type", "")
    form: dict[str, Any] = {}
    if ctype.startswith("multipart/form-data"):
        reader = await request.multipart()
        async for part in reader:
            assert isinstance(part, BodyPartReader)
            data = await part.read()
            form[str(part.name)] = {"filename": part.filename, "type": part.headers.get("Content-Type"),
                                    "data": bytes(data)}
        body = b""
    else:
        body = await request.read()
    seen = Seen(request.method, request.path, list(request.query.items()),
                {k.lower(): v for k, v in request.headers.items()}, body, ctype, form)
    rec.seen.append(seen)
    return seen


def _app(rec: Recorder) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        seen = await _record(rec, request)
        out: dict[str, Any] = {"method": seen.method, "query": dict(seen.query)}
        if seen.content_type == "application/json":
            out["body"] = json.loads(seen.body)
        return web.json_response(out)

    async def array(request: web.Request) -> web.Response:
        await _record(rec, request)
        return web.json_response([{"id": 1}, {"id": 2}, {"id": 3}])

    async def text(request: web.Request) -> web.Response:
        await _record(rec, request)
        return web.Response(text="hello world", content_type="text/plain")

    async def picture(request: web.Request) -> web.Response:
        await _record(rec, request)
        return web.Response(body=PNG, content_type="image/png",
                            headers={"Content-Disposition": 'attachment; filename="pic.png"'})

    async def pdf(request: web.Request) -> web.Response:
        return web.Response(body=b"%PDF-1.4 fake", content_type="application/pdf")

    async def status(request: web.Request) -> web.Response:
        await _record(rec, request)
        code = int(request.match_info["code"])
        return web.json_response({"message": f"nope {code}"}, status=code)

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(3)
        return web.json_response({})

    async def redirect(request: web.Request) -> web.Response:
        await _record(rec, request)
        raise web.HTTPFound(f"/echo?from={request.path.rsplit('/', 1)[-1]}")

    async def redirect_to(request: web.Request) -> web.Response:
        await _record(rec, request)
        raise web.HTTPFound(request.query["u"])

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    async def barrier(request: web.Request) -> web.Response:
        rec.in_flight += 1
        rec.peak = max(rec.peak, rec.in_flight)
        await _record(rec, request)
        if rec.in_flight >= 2:
            rec.arrived.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(rec.arrived.wait(), 2)
        await asyncio.sleep(0.01)
        rec.in_flight -= 1
        if rec.in_flight == 0:
            rec.arrived.clear()
        return web.json_response({"n": len(rec.seen)})

    async def pages(request: web.Request) -> web.Response:
        await _record(rec, request)
        page = int(request.query.get("page", "1"))
        rows = [{"page": page, "row": r} for r in range(2)] if page <= 3 else []
        return web.json_response(rows)

    async def cursor(request: web.Request) -> web.Response:
        await _record(rec, request)
        c = int(request.query.get("c", "0"))
        nxt = f"{rec.base}/cursor?c={c + 1}" if c < 2 else None
        return web.json_response({"items": [c], "next": nxt})

    app = web.Application()
    app.router.add_route("*", "/echo", echo)
    app.router.add_route("*", "/echo/{tail:.*}", echo)
    app.router.add_get("/array", array)
    app.router.add_get("/text", text)
    app.router.add_get("/picture", picture)
    app.router.add_get("/files/report.pdf", pdf)
    app.router.add_route("*", "/status/{code}", status)
    app.router.add_get("/slow", slow)
    app.router.add_route("*", "/redirect/{name}", redirect)
    app.router.add_get("/loop", loop)
    app.router.add_get("/redirect-to", redirect_to)
    app.router.add_get("/barrier", barrier)
    app.router.add_get("/pages", pages)
    app.router.add_get("/cursor", cursor)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Recorder]:
    rec = Recorder()
    async with serving(_app(rec)) as port:
        rec.base = f"http://127.0.0.1:{port}"
        yield rec


@pytest.fixture
def make_ctx() -> Iterator[Callable[..., NodeContext]]:
    """``make_ctx(params, items=..., credentials=..., version=4.2, continue_on_fail=False)``."""
    made: list[ExecutionServices] = []

    def make(params: dict[str, Any], **kw: Any) -> NodeContext:
        services = ExecutionServices(clock=FakeClock(), evaluator=default_evaluator(),
                                     binary_store=kw.pop("binary_store", None),
                                     settings=kw.pop("settings", {}))
        made.append(services)
        inputs = kw.pop("inputs", None)
        return NodeTestContext(DESC_V3, params=params, items=kw.pop("items", None), inputs=inputs,
                               type_version=kw.pop("version", 4.2), services=services, **kw)

    yield make
    for services in made:
        services.evaluator.close()


@pytest.fixture
async def proxy() -> AsyncIterator[Recorder]:
    """A forward proxy stand-in: records the absolute URLs it is asked for and answers itself."""
    rec = Recorder()

    async def handle(request: web.Request) -> web.Response:
        rec.seen.append(Seen(request.method, str(request.url), [], dict(request.headers), b"", ""))
        return web.json_response({"via": "proxy", "target": str(request.url)})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    async with serving(app) as port:
        rec.base = f"http://127.0.0.1:{port}"
        yield rec


def _self_signed(tmp: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    (tmp / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                    serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp / "cert.pem", tmp / "key.pem")
    return context


@pytest.fixture
async def https_server(tmp_path: Path) -> AsyncIterator[str]:
    """An HTTPS server with a self-signed certificate; yields its base URL."""
    async def hello(_request: web.Request) -> web.Response:
        return web.json_response({"secure": True})

    app = web.Application()
    app.router.add_get("/hello", hello)
    async with serving(app, ssl_context=_self_signed(tmp_path)) as port:
        yield f"https://127.0.0.1:{port}"
