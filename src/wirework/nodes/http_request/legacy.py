"""v1 / v2 parameters of one item -> a :class:`RequestSpec` (the older request-library layout)."""

from __future__ import annotations

import json
from typing import Any

from wirework.model import Item
from wirework.nodes.http_request.auth import apply_credentials, authenticate
from wirework.nodes.http_request.build import ACCEPT, add_pair, check_url
from wirework.nodes.http_request.legacy_description import V1_AUTH_TYPES
from wirework.nodes.http_request.spec import Body, RequestSpec
from wirework.nodes.sdk import NodeContext

_JSON_LABELS = {"bodyParametersJson": "Body Parameters", "headerParametersJson": "Headers",
                "queryParametersJson": "Query Parameters"}


def _options(ctx: NodeContext, spec: RequestSpec, i: int) -> dict[str, Any]:
    options: dict[str, Any] = ctx.get_param("options", i, {}) or {}
    spec.full_response = bool(options.get("fullResponse"))
    spec.never_error = bool(options.get("ignoreResponseCode"))
    spec.proxy = str(options["proxy"]) if options.get("proxy") else None
    spec.timeout_ms = float(options.get("timeout") or 3_600_000)
    spec.array_format = "repeat" if options.get("useQueryString") else "brackets"
    spec.split_arrays = bool(options.get("splitIntoItems"))
    follow_get = options.get("followRedirect") is not False and spec.method in ("GET", "HEAD")
    spec.follow_redirects = follow_get or bool(options.get("followAllRedirects"))
    return options


def _ui_params(ctx: NodeContext, spec: RequestSpec, i: int) -> Any:
    body: Any = None
    for name, target in (("bodyParametersUi", "body"), ("headerParametersUi", "headers"), ("queryParametersUi", "qs")):
        rows = (ctx.get_param(name, i, {}) or {}).get("parameter")
        if rows is None:
            continue
        if target == "body":
            body = {}
        for row in rows:
            key, value = str(row.get("name", "")), row.get("value", "")
            if target == "qs":
                add_pair(spec.qs, key, value, collect=True)
            elif target == "headers":
                spec.set_header(key.lower(), value)
            else:
                body[key] = value
    return body


async def _binary_body(ctx: NodeContext, item: Item, options: dict[str, Any], i: int) -> Body:
    ctype = options.get("bodyContentType")
    if ctype not in ("raw", "multipart-form-data"):
        raise ctx.error('Sending binary data is only supported when option "Body Content Type" is set to '
                        '"RAW/CUSTOM" or "FORM-DATA/MULTIPART"!', item_index=i, parameter="sendBinaryData",
                        retryable=False)
    spec_names = str(ctx.get_param("binaryPropertyName", i, "data") or "")
    if ctype == "raw":
        return Body("raw", await ctx.binary.read(item, spec_names.strip(), item_index=i))
    names = [n.strip() for n in spec_names.split(",")]
    parts: list[tuple[str, Any, str | None, str | None]] = []
    for entry in names:
        field, prop = entry.split(":", 1) if ":" in entry else ("file", entry)
        if ":" not in entry and len(names) > 1:
            raise ctx.error('If more than one property should be send it is needed to define the in the format: '
                            '"sendKey1:binaryProperty1,sendKey2:binaryProperty2"', item_index=i,
                            parameter="binaryPropertyName", retryable=False)
        ref = (item.get("binary") or {}).get(prop) or {}
        data = await ctx.binary.read(item, prop, item_index=i)
        parts.append((field, data, ref.get("fileName") or "file", ref.get("mimeType")))
    return Body("multipart", parts)


async def _json_params(ctx: NodeContext, spec: RequestSpec, item: Item, options: dict[str, Any], i: int) -> Any:
    raw_body = options.get("bodyContentType") == "raw"
    body: Any = None
    for name, label in _JSON_LABELS.items():
        if name == "bodyParametersJson" and ctx.get_param("sendBinaryData", i, False):
            spec.body = await _binary_body(ctx, item, options, i)
            continue
        value = ctx.get_param(name, i, "")
        if value == "":
            continue
        if not isinstance(value, (dict, list)) and not raw_body:
            try:
                value = json.loads(value)
            except (TypeError, ValueError) as exc:
                raise ctx.error(f'The data in "{label}" is no valid JSON. Set Body Content Type to "RAW/Custom" '
                                "for XML or other types of payloads", item_index=i, parameter=name,
                                retryable=False) from exc
        if name == "bodyParametersJson":
            body = value
        elif isinstance(value, dict):
            for k, v in value.items():
                if name == "queryParametersJson":
                    spec.qs[k] = v
                else:
                    spec.set_header(k, v)
    return body


def _place_body(spec: RequestSpec, body: Any, options: dict[str, Any], response_format: str) -> None:
    if body is None or spec.body is not None:
        return
    ctype = options.get("bodyContentType")
    converts = spec.method in ("PATCH", "POST", "PUT")
    if ctype == "raw":
        spec.body = Body("raw", body if isinstance(body, (str, bytes)) else json.dumps(body))
    elif response_format == "file" or not converts or ctype not in ("multipart-form-data", "form-urlencoded"):
        spec.body = Body("json", body)
    elif ctype == "form-urlencoded":
        spec.body = Body("form", body)
    else:
        spec.body = Body("multipart", [(k, v, None, None) for k, v in (body or {}).items()])


async def _auth(ctx: NodeContext, spec: RequestSpec, i: int) -> None:
    if ctx.type_version >= 2:
        await authenticate(ctx, spec, i)
        return
    mode = ctx.get_param("authentication", i, "none")
    if mode in V1_AUTH_TYPES:
        ctype = V1_AUTH_TYPES[mode]
        apply_credentials(ctx, spec, ctype, await ctx.get_credentials(ctype, i), i)


async def build_legacy(ctx: NodeContext, item: Item, i: int) -> RequestSpec:
    """The request item ``i`` describes (typeVersion 1 and 2)."""
    url = check_url(ctx, ctx.get_param("url", i), i)
    spec = RequestSpec(method=str(ctx.get_param("requestMethod", i, "GET") or "GET").upper(), url=url,
                       legacy=True)
    spec.verify_ssl = not ctx.get_param("allowUnauthorizedCerts", i, False)
    fmt = str(ctx.get_param("responseFormat", 0, "json") or "json")
    spec.response_format = fmt
    spec.output_property = str(ctx.get_param("dataPropertyName", 0, "data") or "data")
    options = _options(ctx, spec, i)
    if ctx.get_param("jsonParameters", i, False):
        body = await _json_params(ctx, spec, item, options, i)
    else:
        body = _ui_params(ctx, spec, i)
    _place_body(spec, body, options, fmt)
    if options.get("bodyContentCustomMimeType"):
        spec.set_header("Content-Type", options["bodyContentCustomMimeType"])
    await _auth(ctx, spec, i)
    if spec.header("accept") is None:
        spec.set_header("accept", ACCEPT["text" if fmt == "string" else fmt if fmt == "json" else ""])
    return spec
