"""Webhook endpoints (runtime-owned): production, test and waiting-execution URLs.

Mounted at the root: ``/webhook/{path}``, ``/webhook-test/{path}``,
``/webhook-waiting/{execution_id}``. All methods; the runtime's WebhookService answers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from wirework.nodes._common.webhook_http import HttpResponse
from wirework.runtime.webhook_service import IncomingRequest

router = APIRouter(tags=["webhooks"])
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def _query(request: Request) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key in out:
            prev = out[key]
            out[key] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            out[key] = value
    return out


async def _incoming(request: Request, path: str) -> IncomingRequest:
    client = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-for")
    settings = request.app.state.settings
    if forwarded and getattr(settings, "trust_proxy_headers", False):
        client = forwarded.split(",")[0].strip()
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    return IncomingRequest(method=request.method, path=path,
                           headers={k.lower(): v for k, v in request.headers.items()},
                           query=_query(request), body=await request.body(), remote_ip=client, base_url=base)


def _response(resp: HttpResponse, method: str) -> Response:
    body = b"" if method == "HEAD" else resp.body
    return Response(content=body, status_code=resp.status, headers=resp.headers)


def _runtime(request: Request) -> Any:
    return getattr(request.app.state, "runtime", None)


def _unavailable() -> Response:
    return JSONResponse({"code": 503, "message": "The runtime is not running in this process"}, 503)


@router.api_route("/webhook/{path:path}", methods=METHODS, include_in_schema=False)
async def production_webhook(path: str, request: Request) -> Response:
    rt = _runtime(request)
    if rt is None:
        return _unavailable()
    resp = await rt.webhook_service.handle(await _incoming(request, path))
    return _response(resp, request.method)


@router.api_route("/webhook-test/{path:path}", methods=METHODS, include_in_schema=False)
async def test_webhook(path: str, request: Request) -> Response:
    rt = _runtime(request)
    if rt is None:
        return _unavailable()
    resp = await rt.webhook_service.handle(await _incoming(request, path), test=True)
    return _response(resp, request.method)


@router.api_route("/webhook-waiting/{execution_id}", methods=METHODS, include_in_schema=False)
@router.api_route("/webhook-waiting/{execution_id}/{suffix:path}", methods=METHODS, include_in_schema=False)
async def waiting_webhook(execution_id: str, request: Request, suffix: str = "") -> Response:
    rt = _runtime(request)
    if rt is None:
        return _unavailable()
    incoming = await _incoming(request, f"{execution_id}/{suffix}".rstrip("/"))
    resp = await rt.webhook_service.resume_waiting(execution_id, incoming)
    return _response(resp, request.method)
