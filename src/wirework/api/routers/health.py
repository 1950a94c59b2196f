"""``/health`` (the process answers) and ``/ready`` (database reachable, runtime started)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text
from starlette.responses import Response

from wirework import __version__
from wirework.api.deps import CtxDep
from wirework.api.envelope import Envelope, error_response, ok

router = APIRouter(tags=["health"])


@router.get("/health", operation_id="health-health", response_model=Envelope[dict[str, Any]])
async def health() -> Response:
    return ok({"status": "ok", "version": __version__})


@router.get("/ready", operation_id="health-ready", response_model=Envelope[dict[str, Any]])
async def ready(ctx: CtxDep) -> Response:
    checks: dict[str, Any] = {}
    try:
        async with ctx.db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    runtime = ctx.runtime
    checks["runtime"] = "ok" if runtime is not None and getattr(runtime, "started", False) else "not started"
    if all(v == "ok" for v in checks.values()):
        return ok({"status": "ready", "checks": checks, "database": ctx.db.dialect})
    return error_response(503, "INTERNAL_ERROR", "not ready", {"checks": checks})
