"""Respond to Webhook (``n8n-nodes-base.respondToWebhook``).

Builds the HTTP answer for the request that started the run and hands it to the runtime via
``services.extras["send_response"](response_json)``; outputs its input items unchanged.
"""

from __future__ import annotations

import json
from typing import Any

import jwt

from wirework.model import Item
from wirework.nodes._common.webhook_http import HttpResponse, header_entries, merge_headers
from wirework.nodes.respond_to_webhook.description import DESC_V1, DESC_V1_1
from wirework.nodes.sdk import NodeContext, NodeType, NodeVersion


async def build_response(ctx: NodeContext) -> HttpResponse:
    """The response this node's parameters describe, evaluated for the first input item."""
    items = ctx.items
    options = ctx.get_param("options", 0, {}) or {}
    headers = header_entries(options.get("responseHeaders"))
    mode = ctx.get_param("respondWith", 0, "firstIncomingItem")
    code = int(options.get("responseCode") or (307 if mode == "redirect" else 200))
    if mode == "redirect":
        url = str(ctx.get_param("redirectURL", 0, ""))
        return HttpResponse(code, merge_headers({"location": url}, headers), b"")
    if mode == "noData":
        return HttpResponse(code, headers, b"")
    if mode == "text":
        body = ctx.get_param("responseBody", 0, "")
        return HttpResponse(code, merge_headers({"content-type": "text/plain; charset=utf-8"}, headers),
                            str(body).encode())
    if mode == "binary":
        return await _binary(ctx, code, headers)
    data = _json_payload(ctx, mode, items, options)
    if mode == "jwt":
        data = {"token": await _sign(ctx, data)}
    return HttpResponse.json(data, code, headers)


def _json_payload(ctx: NodeContext, mode: str, items: list[Item], options: dict[str, Any]) -> Any:
    if mode in ("json", "jwt"):
        raw = ctx.get_param("responseBody" if mode == "json" else "payload", 0, "{}")
        if isinstance(raw, str):
            try:
                return json.loads(raw) if raw.strip() else {}
            except ValueError:
                raise ctx.error("Invalid JSON in 'Response Body' field", item_index=0,
                                parameter="responseBody" if mode == "json" else "payload") from None
        return raw
    if mode == "allIncomingItems":
        data: Any = [i.get("json", {}) for i in items]
    elif mode == "firstIncomingItem":
        data = items[0].get("json", {}) if items else {}
    else:
        raise ctx.error(f"The Response Data option '{mode}' is not supported!", parameter="respondWith")
    key = options.get("responseKey")
    return {str(key): data} if key else data


async def _binary(ctx: NodeContext, code: int, headers: dict[str, str]) -> HttpResponse:
    items = ctx.items
    binary = (items[0].get("binary") or {}) if items else {}
    if ctx.get_param("responseDataSource", 0, "automatically") == "set":
        prop = str(ctx.get_param("inputFieldName", 0, "data"))
    else:
        if len(binary) != 1:
            raise ctx.error("Expected exactly one binary property on the first input item, "
                            f"found {len(binary)}", item_index=0, parameter="responseDataSource")
        prop = next(iter(binary))
    ref = binary.get(prop)
    if not isinstance(ref, dict):
        raise ctx.error(f"No binary data property '{prop}' exists on item!", item_index=0,
                        parameter="inputFieldName")
    data = await ctx.binary.read_ref(ref)
    base = {"content-type": str(ref.get("mimeType") or "application/octet-stream")}
    if ref.get("fileName"):
        base["content-disposition"] = f'attachment; filename="{ref["fileName"]}"'
    return HttpResponse(code, merge_headers(base, headers), data)


async def _sign(ctx: NodeContext, payload: Any) -> str:
    creds = await ctx.get_credentials("jwtAuth")
    key = str(creds.get("privateKey") if creds.get("keyType") == "pemKey" else creds.get("secret") or "")
    return jwt.encode(payload if isinstance(payload, dict) else {"data": payload}, key,
                      algorithm=str(creds.get("algorithm") or "HS256"))


async def execute(ctx: NodeContext) -> list[list[Item]]:
    response = await build_response(ctx)
    send = ctx.services.extras.get("send_response")
    if send is not None:
        await send(response.to_json())
    else:
        ctx.logger.info("no webhook request is waiting for a response; the response was dropped")
    return [list(ctx.items)]


NODE = NodeType(
    name="n8n-nodes-base.respondToWebhook",
    versions=(
        NodeVersion(description=DESC_V1, execute=execute),
        NodeVersion(description=DESC_V1_1, execute=execute),
    ),
)
