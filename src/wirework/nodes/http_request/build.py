"""v3 / v4.x parameters of one item -> a :class:`RequestSpec`."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from wirework.model import Item
from wirework.nodes._common.fields import set_path
from wirework.nodes.http_request.auth import authenticate
from wirework.nodes.http_request.spec import Body, RequestSpec
from wirework.nodes.sdk import NodeContext

BODY_METHODS = ("PATCH", "POST", "PUT", "GET")
ACCEPT = {
    "json": "application/json,text/*;q=0.99",
    "text": "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, */*;q=0.1",
    "": "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, image/*;q=0.8, */*;q=0.7",
}


def check_url(ctx: NodeContext, url: Any, i: int, parameter: str = "url") -> str:
    if not isinstance(url, str):
        kind = "null" if url is None else type(url).__name__
        raise ctx.error(f"URL parameter must be a string, got {kind}", item_index=i, parameter=parameter,
                        retryable=False)
    text = str(url).strip()
    if not text:
        raise ctx.error("URL parameter cannot be empty", item_index=i, parameter=parameter, retryable=False)
    if not text.startswith(("http://", "https://")):
        raise ctx.error(f'Invalid URL: {text}. URL must start with "http" or "https".', item_index=i,
                        parameter=parameter, retryable=False)
    return text


def parse_json_param(ctx: NodeContext, value: Any, label: str, *, i: int, parameter: str) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ctx.error(f'The value in the "{label}" field is not valid JSON', item_index=i,
                        parameter=parameter, description=str(exc), retryable=False) from exc


def add_pair(target: dict[str, Any], name: str, value: Any, *, collect: bool) -> None:
    """n8n < 4.3: a repeated name keeps the last value; 4.3+: repeated names become a list."""
    if collect and name in target:
        prev = target[name]
        target[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
    else:
        target[name] = value


def _keypairs(ctx: NodeContext, name: str, i: int) -> list[dict[str, Any]]:
    rows = ctx.get_param(f"{name}.parameters", i, []) or []
    return [r for r in rows if isinstance(r, dict)]


def _options(ctx: NodeContext, i: int) -> dict[str, Any]:
    """The options collection minus pagination (its expressions need ``$response``)."""
    raw = ctx.raw_param("options", {}) or {}
    out: dict[str, Any] = {}
    for key in raw:
        if key != "pagination":
            out[key] = ctx.get_param(f"options.{key}", i, None)
    return out


def apply_options(spec: RequestSpec, options: dict[str, Any], version: float) -> None:
    response = (options.get("response") or {}).get("response") or {}
    spec.never_error = bool(response.get("neverError"))
    spec.full_response = bool(response.get("fullResponse"))
    spec.response_format = response.get("responseFormat") or "autodetect"
    spec.output_property = response.get("outputPropertyName") or "data"
    redirect = options.get("redirect")
    rules = (redirect or {}).get("redirect") or {} if isinstance(redirect, dict) else {}
    default_follow = version >= 4 and redirect is None
    spec.follow_redirects = bool(rules.get("followRedirects")) or default_follow
    spec.max_redirects = int(rules.get("maxRedirects") or 21)
    spec.proxy = str(options["proxy"]) if options.get("proxy") else None
    spec.timeout_ms = float(options.get("timeout") or 300_000)
    spec.verify_ssl = not options.get("allowUnauthorizedCerts")
    if options.get("queryParameterArrays"):
        spec.array_format = str(options["queryParameterArrays"])
    cross = options.get("sendCredentialsOnCrossOriginRedirect")
    spec.credentials_cross_origin = (version < 4.4) if cross is None else bool(cross)
    if options.get("requestUncompressedResponse"):
        spec.set_header("accept-encoding", "identity")


def _query(ctx: NodeContext, spec: RequestSpec, i: int, *, collect: bool) -> None:
    if not ctx.get_param("sendQuery", i, False):
        return
    if ctx.get_param("specifyQuery", i, "keypair") == "json":
        qs = parse_json_param(ctx, ctx.get_param("jsonQuery", i, ""), "JSON Query Parameters", i=i,
                              parameter="jsonQuery")
        spec.qs.update(qs if isinstance(qs, dict) else {})
        return
    for row in _keypairs(ctx, "queryParameters", i):
        if row.get("name"):
            add_pair(spec.qs, str(row["name"]), row.get("value", ""), collect=collect)


def _headers(ctx: NodeContext, spec: RequestSpec, i: int, *, lowercase: bool, collect: bool) -> None:
    if not ctx.get_param("sendHeaders", i, False):
        return
    found: dict[str, Any] = {}
    if ctx.get_param("specifyHeaders", i, "keypair") == "json":
        parsed = parse_json_param(ctx, ctx.get_param("jsonHeaders", i, ""), "JSON Headers", i=i,
                                  parameter="jsonHeaders")
        found = dict(parsed) if isinstance(parsed, dict) else {}
    else:
        for row in _keypairs(ctx, "headerParameters", i):
            if row.get("name"):
                add_pair(found, str(row["name"]), row.get("value", ""), collect=collect)
    for name, value in found.items():
        spec.set_header(name.lower() if lowercase else name, value)


async def _binary(ctx: NodeContext, item: Item, field_name: str, i: int, parameter: str) -> dict[str, Any]:
    ref = (item.get("binary") or {}).get(field_name)
    if not isinstance(ref, dict):
        raise ctx.error(f"This operation expects the node's input data to contain a binary file "
                        f"'{field_name}', but none was found", item_index=i, parameter=parameter,
                        retryable=False)
    return {**ref, "bytes": await ctx.binary.read_ref(ref)}


async def _multipart(ctx: NodeContext, item: Item, i: int) -> Body:
    parts: list[tuple[str, Any, str | None, str | None]] = []
    for row in _keypairs(ctx, "bodyParameters", i):
        name = str(row.get("name") or "")
        if not name:
            continue
        if row.get("parameterType") == "formBinaryData":
            field_name = row.get("inputDataFieldName")
            if not field_name:
                continue
            ref = await _binary(ctx, item, str(field_name), i, "bodyParameters")
            parts.append((name, ref["bytes"], ref.get("fileName") or "file", ref.get("mimeType")))
        else:
            parts.append((name, row.get("value", ""), None, None))
    return Body("multipart", parts)


def _object_body(ctx: NodeContext, ctype: str, specify: str, i: int, *, version: float) -> Any:
    """The body object of the json / form-urlencoded layouts (None when there is none)."""
    if specify == "json" and ctype == "json":
        return parse_json_param(ctx, ctx.get_param("jsonBody", i, ""), "JSON Body", i=i, parameter="jsonBody")
    if specify == "string" and ctype == "form-urlencoded":
        return dict(parse_qsl(str(ctx.get_param("body", i, "") or ""), keep_blank_values=True))
    out: dict[str, Any] = {}
    for row in _keypairs(ctx, "bodyParameters", i):
        name = str(row.get("name") or "")
        if ctype == "json" and version >= 4:
            set_path(out, name, row.get("value", ""))
        else:
            add_pair(out, name, row.get("value", ""), collect=version >= 4.3)
    return out


async def _body(ctx: NodeContext, spec: RequestSpec, item: Item, i: int, *, version: float) -> None:
    if not ctx.get_param("sendBody", i, False):
        return
    ctype = ctx.get_param("contentType", i, "json")
    specify = ctx.get_param("specifyBody", i, "keypair")
    converts = spec.method in BODY_METHODS
    if ctype == "multipart-form-data" and converts:
        spec.body = await _multipart(ctx, item, i)
    elif ctype == "binaryData" and converts:
        field_name = str(ctx.get_param("inputDataFieldName", i, "") or "")
        ref = await _binary(ctx, item, field_name, i, "inputDataFieldName")
        spec.body = Body("binary", ref["bytes"], ref.get("mimeType") or "application/octet-stream")
    elif ctype == "raw":
        if converts:
            spec.body = Body("raw", ctx.get_param("body", i, ""), str(ctx.get_param("rawContentType", i, "") or ""))
    elif ctype in ("json", "form-urlencoded"):
        data = _object_body(ctx, ctype, specify, i, version=version)
        kind = "form" if ctype == "form-urlencoded" and converts else "json"
        spec.body = Body(kind, data)


async def build_v3(ctx: NodeContext, item: Item, i: int) -> RequestSpec:
    """The request item ``i`` describes (typeVersion 3 and 4.x)."""
    version = ctx.type_version
    url = check_url(ctx, ctx.get_param("url", i), i)
    if ctx.get_param("provideSslCertificates", i, False):
        raise ctx.error("SSL client certificates are not supported by this HTTP Request node yet", item_index=i,
                        parameter="provideSslCertificates", retryable=False)
    spec = RequestSpec(method=str(ctx.get_param("method", i, "GET") or "GET").upper(), url=url)
    options = _options(ctx, i)
    apply_options(spec, options, version)
    collect = version >= 4.3
    await _body(ctx, spec, item, i, version=version)
    _query(ctx, spec, i, collect=collect)
    _headers(ctx, spec, i, lowercase=options.get("lowercaseHeaders") is not False, collect=collect)
    await authenticate(ctx, spec, i)
    if spec.header("accept") is None:
        fmt = spec.response_format if spec.response_format in ("json", "text") else ""
        spec.set_header("accept", ACCEPT[fmt])
    return spec
