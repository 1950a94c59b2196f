"""``create_app``: the FastAPI application (REST under ``/api/v1``, runtime routers, editor)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.routing import APIRoute
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import HTMLResponse

from wirework import __version__
from wirework.api.context import AppContext
from wirework.api.envelope import install_handlers
from wirework.api.middleware import PlatformMiddleware
from wirework.settings import Settings, get_settings
from wirework.store import Database

log = logging.getLogger("wirework.api")
API_PREFIX = "/api/v1"
RESOURCE_ROUTERS = (
    "auth", "users", "workflows", "workflow_actions", "workflow_nodes", "executions", "credentials", "variables",
    "tags", "api_keys", "teams", "shares", "audit", "health", "nodes", "binary_data",
)
RUNTIME_ROUTERS = ("webhooks", "ws", "metrics")


def _make_runtime(settings: Settings, db: Database) -> object | None:
    try:
        from wirework.runtime import Runtime
    except ImportError as exc:  # pragma: no cover - the runtime ships with the package
        log.warning("runtime unavailable, executions disabled: %s", exc)
        return None
    return Runtime(settings, db)


def _include(app: FastAPI) -> None:
    for name in RESOURCE_ROUTERS:
        module = importlib.import_module(f"wirework.api.routers.{name}")
        _stable_operation_ids(module.router.routes)
        app.include_router(module.router, prefix=API_PREFIX)
    for name in RUNTIME_ROUTERS:
        try:
            module = importlib.import_module(f"wirework.api.routers.{name}")
        except ImportError as exc:
            log.debug("runtime router %s not available: %s", name, exc)
            continue
        router = module.router
        paths = [getattr(r, "path", "") for r in router.routes]
        carries_own = name == "webhooks" or any(p.startswith(("/api/", "/webhook")) for p in paths)
        app.include_router(router, prefix="" if carries_own else API_PREFIX)


def _stable_operation_ids(routes: list[Any]) -> None:
    for route in routes:
        if isinstance(route, APIRoute) and not route.operation_id:
            tag = route.tags[0] if route.tags else "misc"
            route.operation_id = f"{tag}-{route.name}".replace("_", "-")


def _mount_editor(app: FastAPI) -> None:
    static = Path(__file__).resolve().parent.parent / "static"
    if (static / "index.html").exists():
        from starlette.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=static, html=True), name="editor")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = Database(settings.effective_database_url)
    ctx = AppContext.build(settings, db)
    runtime = _make_runtime(settings, db)
    ctx.runtime = runtime

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await db.migrate()
        if runtime is not None:
            from wirework.api.services.credentials import make_resolver

            runtime.credentials = make_resolver(ctx)  # type: ignore[attr-defined]
            await runtime.start()  # type: ignore[attr-defined]
        try:
            yield
        finally:
            if runtime is not None:
                await runtime.stop()  # type: ignore[attr-defined]
            if ctx.redis is not None:
                await ctx.redis.aclose()
            await db.dispose()

    app = FastAPI(
        title="Wirework API", version=__version__, lifespan=lifespan,
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=None, redoc_url=None,
        description="Workflow automation that runs n8n workflows unchanged.",
    )
    app.state.ctx, app.state.db, app.state.runtime, app.state.settings = ctx, db, runtime, settings
    install_handlers(app)
    _include(app)
    if settings.enable_docs:
        @app.get("/api/docs", include_in_schema=False)
        async def docs() -> HTMLResponse:
            return get_swagger_ui_html(openapi_url=app.openapi_url or "", title="Wirework API")
    _mount_editor(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_credentials=True,
            allow_methods=["*"], allow_headers=["*"], expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(
        PlatformMiddleware, max_body=settings.max_body_bytes,
        per_ip_minute=settings.rate_limit_per_minute, trust_proxy=settings.trust_proxy_headers,
        limiter=ctx.ip_limiter,
    )
    return app
