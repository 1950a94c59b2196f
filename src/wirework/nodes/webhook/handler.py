"""Turning an HTTP request into the Webhook node's output item (auth, body parsing, binaries)."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qs

import jwt

from wirework.nodes._common.webhook_http import HttpResponse, WebhookReply, WebhookRequest
from wirework.nodes.sdk import NodeContext, NodeError

_BOTS = re.compile(
    r"bot|crawl|spider|slurp|facebookexternalhit|embedly|quora link preview|"
    r"whatsapp|telegram|discord|skypeuripreview|preview|headless|curl-bot|python-requests-bot",
    re.I,
)
_TEXT_TYPES = ("text/", "application/xml", "application/javascript")


def methods_of(ctx_params: dict[str, Any], version: float) -> list[str]:
    raw = ctx_params.get("httpMethod", "GET")
    if version >= 2 and ctx_params.get("multipleMethods"):
        return [str(m).upper() for m in (raw if isinstance(raw, list) else [raw])]
    return [str(raw if isinstance(raw, str) else "GET").upper()]


async def handle(ctx: NodeContext, request: WebhookRequest) -> WebhookReply:
    """Check origin and auth, then build the trigger item. Rejections answer directly."""
    options = ctx.get_param("options", 0, {}) or {}
    if (denied := _check_filters(options, request)) is not None:
        return WebhookReply(response=denied)
    auth_reply, jwt_payload = await _authenticate(ctx, request)
    if auth_reply is not None:
        return WebhookReply(response=auth_reply)
    item = await _build_item(ctx, request, options)
    if jwt_payload is not None:
        item["json"]["jwtPayload"] = jwt_payload
    return WebhookReply(items=[[item]])


def _check_filters(options: dict[str, Any], request: WebhookRequest) -> HttpResponse | None:
    allowed = [ip.strip() for ip in str(options.get("ipWhitelist") or "").split(",") if ip.strip()]
    if allowed and request.remote_ip not in allowed:
        return HttpResponse.text("IP is not whitelisted to access the webhook!", 403)
    if options.get("ignoreBots") and _BOTS.search(request.headers.get("user-agent", "")):
        return HttpResponse.json({"message": "Bot request ignored"}, 403)
    return None


def _unauthorized(realm: bool = False) -> HttpResponse:
    headers = {"www-authenticate": 'Basic realm="Webhook"'} if realm else {}
    return HttpResponse.text("Authorization is required!", 401, headers)


_WRONG = "Authorization data is wrong!"


async def _authenticate(ctx: NodeContext, request: WebhookRequest) -> tuple[HttpResponse | None, Any]:
    kind = ctx.get_param("authentication", 0, "none")
    if kind in ("none", None, ""):
        return None, None
    try:
        cred_type = {"basicAuth": "httpBasicAuth", "headerAuth": "httpHeaderAuth", "jwtAuth": "jwtAuth"}[kind]
        creds = await ctx.get_credentials(cred_type)
    except (KeyError, NodeError):
        return HttpResponse.json({"message": "No authentication data defined on node!"}, 500), None
    if kind == "basicAuth":
        return _basic(request, creds), None
    if kind == "headerAuth":
        name = str(creds.get("name", "")).lower()
        got = request.headers.get(name)
        if got is None:
            return _unauthorized(), None
        ok = hmac.compare_digest(got.encode(), str(creds.get("value", "")).encode())
        return (None if ok else HttpResponse.text(_WRONG, 403)), None
    return _jwt(request, creds)


def _basic(request: WebhookRequest, creds: dict[str, Any]) -> HttpResponse | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return _unauthorized(realm=True)
    try:
        user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return HttpResponse.text(_WRONG, 403)
    ok = hmac.compare_digest(user.encode(), str(creds.get("user", "")).encode()) and hmac.compare_digest(
        password.encode(), str(creds.get("password", "")).encode())
    return None if ok else HttpResponse.text(_WRONG, 403)


def _jwt(request: WebhookRequest, creds: dict[str, Any]) -> tuple[HttpResponse | None, Any]:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    if not token:
        return HttpResponse.text("No token provided", 401), None
    key = str(creds.get("publicKey") if creds.get("keyType") == "pemKey" else creds.get("secret") or "")
    algorithm = str(creds.get("algorithm") or "HS256")
    try:
        payload = jwt.decode(token, key, algorithms=[algorithm])
    except jwt.PyJWTError as exc:
        return HttpResponse.text(str(exc) or _WRONG, 403), None
    return None, payload


async def _build_item(ctx: NodeContext, request: WebhookRequest, options: dict[str, Any]) -> dict[str, Any]:
    json_part: dict[str, Any] = {
        "headers": dict(request.headers), "params": dict(request.params),
        "query": dict(request.query), "body": {},
        "webhookUrl": request.webhook_url, "executionMode": request.execution_mode,
    }
    item: dict[str, Any] = {"json": json_part}
    binary: dict[str, Any] = {}
    ctype = request.content_type
    prop = str(options.get("binaryPropertyName") or "data")
    binary_wanted = ctx.type_version >= 2 or bool(options.get("binaryData"))
    if ctype == "multipart/form-data":
        fields, files = _multipart(request)
        json_part["body"] = fields
        for i, (field_name, fname, mime, data) in enumerate(files):
            key = f"{prop}{i}" if options.get("binaryPropertyName") or ctx.type_version < 2 else field_name.removesuffix("[]")
            binary[key] = await ctx.binary.prepare(data, file_name=fname, mime_type=mime)
    elif ctype == "application/json" or ctype.endswith("+json"):
        json_part["body"] = _json_body(request.body)
    elif ctype == "application/x-www-form-urlencoded":
        json_part["body"] = _form(request.body.decode("utf-8", "replace"))
    elif not request.body:
        pass
    elif ctype.startswith(_TEXT_TYPES) and not options.get("binaryData"):
        json_part["body"] = request.body.decode("utf-8", "replace")
    elif binary_wanted:
        binary[prop] = await ctx.binary.prepare(request.body, mime_type=ctype or None)
    if options.get("rawBody") and request.body and "data" not in binary:
        binary["data"] = await ctx.binary.prepare(request.body, mime_type=ctype or "application/octet-stream")
    if binary:
        item["binary"] = binary
    return item


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


def _form(text: str) -> dict[str, Any]:
    parsed = parse_qs(text, keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}


def _multipart(request: WebhookRequest) -> tuple[dict[str, Any], list[tuple[str, str | None, str, bytes]]]:
    head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
    msg = BytesParser(policy=HTTP).parsebytes(head + request.body)
    fields: dict[str, Any] = {}
    files: list[tuple[str, str | None, str, bytes]] = []
    for part in msg.iter_parts():
        raw_name = part.get_param("name", header="content-disposition")
        name = raw_name if isinstance(raw_name, str) else ""
        filename = part.get_filename()
        decoded = part.get_payload(decode=True)
        payload = decoded if isinstance(decoded, bytes) else b""
        if filename is not None:
            files.append((str(name), filename, part.get_content_type(), payload))
        else:
            value = payload.decode(part.get_content_charset() or "utf-8", "replace")
            if name in fields:
                prev = fields[name]
                fields[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
            else:
                fields[name] = value
    return fields, files
