"""Prometheus metrics of this process's runtime at ``/api/v1/metrics``.

Open by default, as Prometheus scrapers expect; with ``WIREWORK_METRICS_TOKEN`` set, a scrape
must send ``Authorization: Bearer <token>`` (Prometheus' ``authorization`` config)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.responses import Response

from wirework.api.envelope import ApiError

router = APIRouter(tags=["metrics"])


@router.get("/api/v1/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(401, "UNAUTHORIZED", "metrics need 'Authorization: Bearer <WIREWORK_METRICS_TOKEN>'",
                           headers={"WWW-Authenticate": "Bearer"})
    rt = getattr(request.app.state, "runtime", None)
    body = rt.metrics.render() if rt is not None else b""
    return Response(body, media_type=CONTENT_TYPE_LATEST)
