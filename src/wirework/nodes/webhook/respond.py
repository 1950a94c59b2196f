"""The Webhook node's own answers: immediately (``onReceived``) or from the last node (``lastNode``)."""

from __future__ import annotations

import json
from typing import Any

from wirework.nodes._common.webhook_http import HttpResponse, header_entries, merge_headers
from wirework.nodes.sdk import NodeContext


def _common_headers(ctx: NodeContext) -> dict[str, str]:
    options = ctx.get_param("options", 0, {}) or {}
    headers = header_entries(options.get("responseHeaders"))
    origins = options.get("allowedOrigins", "*")
    if origins:
        headers.setdefault("access-control-allow-origin", str(origins))
    return headers


def on_received(ctx: NodeContext) -> HttpResponse:
    """The answer sent as soon as the request is accepted."""
    options = ctx.get_param("options", 0, {}) or {}
    code = int(ctx.get_param("responseCode", 0, 200))
    headers = _common_headers(ctx)
    if options.get("noResponseBody"):
        return HttpResponse(code, headers, b"")
    custom = options.get("responseData")
    if custom:
        body = custom if isinstance(custom, str) else json.dumps(custom)
        try:
            json.loads(body)
            ctype = "application/json; charset=utf-8"
        except ValueError:
            ctype = "text/plain; charset=utf-8"
        return HttpResponse(code, merge_headers({"content-type": ctype}, headers), body.encode())
    return HttpResponse.json({"message": "Workflow was started"}, code, headers)


async def last_node(ctx: NodeContext, items: list[dict[str, Any]] | None, error: Any) -> HttpResponse:
    """The answer built from the last executed node's output once the run is over."""
    headers = _common_headers(ctx)
    if error is not None:
        return HttpResponse.json({"message": "Error in workflow"}, 500, headers)
    code = int(ctx.get_param("responseCode", 0, 200))
    mode = ctx.get_param("responseData", 0, "firstEntryJson")
    options = ctx.get_param("options", 0, {}) or {}
    items = items or []
    if mode == "noData":
        return HttpResponse(code, headers, b"")
    if mode == "allEntries":
        return HttpResponse.json([i.get("json", {}) for i in items], code, headers)
    if not items:
        return HttpResponse.json({"message": "No item to return got found"}, 500, headers)
    if mode == "firstEntryBinary":
        prop = str(ctx.get_param("responseBinaryPropertyName", 0, "data"))
        ref = (items[0].get("binary") or {}).get(prop)
        if not isinstance(ref, dict):
            return HttpResponse.json({"message": f"The binary property '{prop}' which should be returned does not exist"}, 500, headers)
        payload = await ctx.binary.read_ref(ref)
        hdrs = merge_headers({"content-type": str(ref.get("mimeType") or "application/octet-stream")}, headers)
        return HttpResponse(code, hdrs, payload)
    data: Any = items[0].get("json", {})
    field = options.get("responsePropertyName")
    if field:
        data = data.get(field) if isinstance(data, dict) else None
    ctype = options.get("responseContentType")
    if ctype:
        body = data if isinstance(data, str) else json.dumps(data)
        return HttpResponse(code, merge_headers({"content-type": str(ctype)}, headers), body.encode())
    return HttpResponse.json(data, code, headers)
