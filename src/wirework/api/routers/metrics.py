"""Prometheus metrics of this process's runtime at ``/api/v1/metrics``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.responses import Response

router = APIRouter(tags=["metrics"])


@router.get("/api/v1/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    rt = getattr(request.app.state, "runtime", None)
    body = rt.metrics.render() if rt is not None else b""
    return Response(body, media_type=CONTENT_TYPE_LATEST)
