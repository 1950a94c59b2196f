"""An HTTP answer -> output items (JSON / text / file / full response) or n8n-worded errors."""

from __future__ import annotations

import json
import mimetypes
import os
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from wirework.model import Item
from wirework.nodes._common.fields import json_stringify
from wirework.nodes.http_request.client import Response, TransportError
from wirework.nodes.http_request.spec import RequestSpec
from wirework.nodes.sdk import NodeApiError, NodeContext

BINARY_TYPES = (
    "image/", "audio/", "video/", "application/octet-stream", "application/gzip", "application/zip",
    "application/vnd.rar", "application/epub+zip", "application/x-bzip", "application/x-bzip2",
    "application/x-cdf", "application/vnd.amazon.ebook", "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-fontobject", "application/vnd.oasis.opendocument.presentation", "application/pdf",
    "application/x-tar", "application/vnd.visio", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/x-7z-compressed",
)
STATUS_MESSAGES = {
    "400": "Bad request - please check your parameters",
    "401": "Authorization failed - please check your credentials",
    "402": "Payment required - perhaps check your payment details?",
    "403": "Forbidden - perhaps check your credentials?",
    "404": "The resource you are requesting could not be found",
    "405": "Method not allowed - please check you are using the right HTTP method",
    "429": "The service is receiving too many requests from you",
    "4XX": "Your request is invalid or could not be processed by the service",
    "500": "The service was not able to process your request",
    "502": "Bad gateway - the service failed to handle your request",
    "503": "Service unavailable - try again later or consider setting this node to retry automatically "
           "(in the node settings)",
    "504": "Gateway timed out - perhaps try again later?",
    "5XX": "The service failed to process your request",
}
#: where APIs put their error text, most telling first
_MESSAGE_KEYS = ("error", "message", "Message", "msg", "messages", "description", "reason", "detail",
                 "details", "errors", "errorMessage", "error_message", "error_description", "title", "text")
_NESTED_KEYS = ("Error", "error", "err", "response", "body", "data")


def decode_text(body: bytes, content_type: str) -> str:
    match = re.search(r"charset=\"?([\w.:-]+)", content_type or "", re.I)
    charset = match.group(1) if match else "utf-8"
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff")


def _find_message(value: Any, depth: int = 0) -> str | None:
    """The first error text an API body carries (n8n's error-property search, simplified)."""
    if depth > 4 or not isinstance(value, dict):
        return None
    for key in _MESSAGE_KEYS:
        found = value.get(key)
        if isinstance(found, (str, int, float)) and not isinstance(found, bool) and found != "":
            return str(found)
        if isinstance(found, list):
            texts = [str(x) if not isinstance(x, dict) else _find_message(x, depth + 1) for x in found]
            joined = " | ".join(t for t in texts if t)
            if joined:
                return joined
        if isinstance(found, dict) and (nested := _find_message(found, depth + 1)):
            return nested
    for key in _NESTED_KEYS:
        if isinstance(value.get(key), dict) and (nested := _find_message(value[key], depth + 1)):
            return nested
    return None


def _describe(text: str) -> str | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    return _find_message(parsed) or (text.strip() or None)


def status_message(status: int) -> str | None:
    code = str(status)
    return STATUS_MESSAGES.get(code) or STATUS_MESSAGES.get(f"{code[0]}XX")


def http_error(ctx: NodeContext, resp: Response, i: int) -> tuple[NodeApiError, dict[str, Any]]:
    """(the error to raise, the ``json.error`` object continue-on-fail emits) for a non-2xx answer."""
    text = decode_text(resp.body, resp.content_type)
    raw = f"{resp.status} - {json.dumps(text, ensure_ascii=False)}"
    description = _describe(text)
    if resp.status == 429:
        description = "Try spacing your requests out using the batching settings under 'Options'"
    error = NodeApiError(status_message(resp.status) or raw, node=ctx.node.name, item_index=i, parameter="url",
                         description=description, http_code=resp.status,
                         context={"rawErrorMessage": [raw], "httpCode": str(resp.status)})
    code = "ERR_BAD_REQUEST" if 400 <= resp.status < 500 else "ERR_BAD_RESPONSE"
    return error, {"message": raw, "name": "AxiosError", "code": code, "status": resp.status}


def transport_failure(ctx: NodeContext, exc: TransportError, i: int) -> tuple[NodeApiError, dict[str, Any]]:
    description = exc.raw if exc.raw != exc.message else None
    error = NodeApiError(exc.message, node=ctx.node.name, item_index=i, parameter="url",
                         description=description, context={"code": exc.code})
    return error, {"message": exc.raw, "name": "AxiosError", "code": exc.code}


def _file_name(resp: Response, spec: RequestSpec, ext: str | None) -> str | None:
    disposition = resp.headers.get("content-disposition") or ""
    star = re.search(r"filename\*\s*=\s*[\w-]*'[^']*'([^;]+)", disposition, re.I)
    plain = re.search(r'filename\s*=\s*"?([^";]+)"?', disposition, re.I)
    if star:
        return unquote(star.group(1).strip())
    if plain:
        return plain.group(1).strip()
    base = os.path.basename(unquote(urlsplit(resp.url).path))
    if base:
        return base
    return f"{spec.output_property}.{ext}" if ext else None


def _json_body(ctx: NodeContext, text: str, spec: RequestSpec, i: int, *, autodetect: bool) -> Any:
    if not text.strip():
        return {}
    try:
        return json.loads(text)
    except ValueError as exc:
        if autodetect and spec.never_error:
            return {}
        fix = "String" if spec.legacy else "Text"
        message = "Invalid JSON in response body" if autodetect else \
            f'Response body is not valid JSON. Change "Response Format" to "{fix}"'
        raise ctx.error(message, item_index=i, parameter="options.response", retryable=False) from exc


def _as_text(text: str, *, keep_objects: bool = False) -> Any:
    # n8n asks for JSON even in text mode: v3+ re-serialises parsed objects compactly,
    # v1/v2 ("string") keep them as objects
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    if not isinstance(parsed, (dict, list)):
        return text
    return parsed if keep_objects else json_stringify(parsed)


def _format(resp: Response, spec: RequestSpec) -> str:
    if spec.response_format != "autodetect":
        return spec.response_format
    ctype = resp.content_type
    if "application/json" in ctype:
        return "json"
    return "file" if any(b in ctype for b in BINARY_TYPES) else "text"


def _meta(resp: Response) -> dict[str, Any]:
    return {"headers": resp.headers, "statusCode": resp.status, "statusMessage": resp.reason}


def _json_items(body: Any, i: int, *, split: bool) -> list[Item]:
    if isinstance(body, list) and not split:  # v1/v2: one item; JS would show the array's indices
        body = {str(n): v for n, v in enumerate(body)}
    values = body if isinstance(body, list) else [body]
    out: list[Item] = []
    for value in values:
        json_value = {} if value is None else value if isinstance(value, dict) else {"data": value}
        out.append({"json": json_value, "pairedItem": {"item": i}})
    return out


def _text_value(text: str, spec: RequestSpec) -> Any:
    if spec.response_format == "string":
        return _as_text(text, keep_objects=True)
    return _as_text(text) if spec.response_format == "text" else text


async def _file_item(ctx: NodeContext, spec: RequestSpec, resp: Response, item: Item, i: int) -> Item:
    mime = (resp.content_type.split(";")[0].split(" ")[0] or None) if resp.content_type else None
    guessed = mimetypes.guess_extension(mime) if mime else None
    ext = guessed.lstrip(".") if guessed else None
    ref = await ctx.binary.prepare(resp.body, file_name=_file_name(resp, spec, ext), mime_type=mime)
    json_value = _meta(resp) if spec.full_response else item.get("json", {})
    binary = {**(item.get("binary") or {}), spec.output_property: ref}
    return {"json": json_value, "binary": binary, "pairedItem": {"item": i}}


async def to_items(ctx: NodeContext, spec: RequestSpec, resp: Response, item: Item, i: int) -> list[Item]:
    """The output items of item ``i``'s answer ``resp``."""
    fmt = _format(resp, spec)
    if fmt == "file":
        return [await _file_item(ctx, spec, resp, item, i)]
    text = decode_text(resp.body, resp.content_type)
    if fmt in ("text", "string"):
        value = _text_value(text, spec)
        # autodetected empty text is JS undefined: the key disappears
        out = {spec.output_property: value} if value != "" or spec.response_format != "autodetect" else {}
        if spec.full_response:
            out = {**out, **_meta(resp)}
        return [{"json": out, "pairedItem": {"item": i}}]
    body = _json_body(ctx, text, spec, i, autodetect=spec.response_format == "autodetect")
    if spec.full_response:
        return [{"json": {"body": body, **_meta(resp)}, "pairedItem": {"item": i}}]
    return _json_items(body, i, split=spec.split_arrays)
