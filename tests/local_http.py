"""Real aiohttp servers on 127.0.0.1 (ephemeral port) for tests of code that makes HTTP calls."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web


@asynccontextmanager
async def serving(app: web.Application, *, ssl_context: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """Serve ``app`` while the block runs; yields the port."""
    runner = web.AppRunner(app, shutdown_timeout=0.1)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context).start()
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


def text_app(path: str, text: str, content_type: str) -> web.Application:
    """An app answering GET ``path`` with ``text``."""
    app = web.Application()
    app.router.add_get(path, lambda _r: web.Response(text=text, content_type=content_type))
    return app
