"""The request one item asks for, independent of how it was described (v1/v2/v3/v4 layouts),
and how its parts go on the wire (qs-style query strings, JSON, forms, multipart)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import aiohttp

from wirework.nodes._common.fields import js_string

_SAFE = "-_.!~*'()"  # encodeURIComponent leaves these alone


@dataclass(slots=True)
class Body:
    """``kind``: json | form | multipart | raw | binary. ``data``: the object, the form dict,
    multipart parts ``(name, value, filename, content_type)``, text or bytes."""

    kind: str
    data: Any
    content_type: str = ""


@dataclass(slots=True)
class RequestSpec:
    method: str
    url: str
    qs: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, Any] = field(default_factory=dict)
    body: Body | None = None
    array_format: str = "brackets"
    timeout_ms: float = 300_000
    follow_redirects: bool = True
    max_redirects: int = 21
    never_error: bool = False
    response_format: str = "autodetect"
    full_response: bool = False
    output_property: str = "data"
    proxy: str | None = None
    verify_ssl: bool = True
    #: send credential headers on to a different origin when following a redirect
    credentials_cross_origin: bool = True
    #: an array answer becomes one item per element (v1/v2 only with "Split Into Items")
    split_arrays: bool = True
    #: v1/v2 wording and parsing
    legacy: bool = False
    #: header names that carry credentials (dropped on cross-origin redirects, never logged)
    secret_headers: set[str] = field(default_factory=set)
    #: credential values: never echoed in error messages or ``$request``
    secret_values: set[str] = field(default_factory=set)

    def redact(self, text: str) -> str:
        for secret in sorted(self.secret_values, key=len, reverse=True):
            text = text.replace(secret, "**hidden**")
            if (quoted := _enc(secret)) != secret:
                text = text.replace(quoted, "**hidden**")
        return text

    def header(self, name: str) -> Any:
        low = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == low), None)

    def set_header(self, name: str, value: Any) -> None:
        low = name.lower()
        for k in [k for k in self.headers if k.lower() == low]:
            del self.headers[k]
        self.headers[name] = value


# --- query strings (the `qs` package's stringify, as n8n uses it) ---------------------------
def _enc(text: str) -> str:
    return quote(text, safe=_SAFE)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return js_string(value)


def _pairs(prefix: str, value: Any, fmt: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        out: list[tuple[str, str]] = []
        for k, v in value.items():
            out += _pairs(f"{prefix}[{k}]", v, fmt)
        return out
    if isinstance(value, list):
        out = []
        for i, v in enumerate(value):
            key = prefix if fmt == "repeat" else f"{prefix}[]" if fmt == "brackets" else f"{prefix}[{i}]"
            if isinstance(v, (dict, list)) and fmt != "indices":
                key = f"{prefix}[{i}]"
            out += _pairs(key, v, fmt)
        return out
    return [(prefix, _scalar(value))]


def stringify(obj: dict[str, Any], array_format: str = "brackets") -> str:
    """``qs.stringify(obj, {arrayFormat})``; undefined values are skipped, null gives ``key=``."""
    pairs: list[tuple[str, str]] = []
    for key, value in obj.items():
        pairs += _pairs(str(key), value, array_format)
    return "&".join(f"{_enc(k)}={_enc(v)}" for k, v in pairs)


def full_url(url: str, qs: dict[str, Any], array_format: str) -> str:
    """``url`` with ``qs`` appended to whatever query it already has."""
    if not qs:
        return url
    query = stringify(qs, array_format)
    if not query:
        return url
    parts = urlsplit(url)
    merged = f"{parts.query}&{query}" if parts.query else query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, merged, parts.fragment))


# --- bodies --------------------------------------------------------------------------------
def encode_body(body: Body) -> tuple[Any, str | None]:
    """(payload aiohttp accepts, content type to set unless the user set one)."""
    if body.kind == "json":
        return json.dumps(body.data, separators=(",", ":"), ensure_ascii=False).encode(), "application/json"
    if body.kind == "form":
        return stringify(body.data or {}, "indices").encode(), "application/x-www-form-urlencoded"
    if body.kind == "multipart":
        writer = aiohttp.MultipartWriter("form-data")
        for name, value, filename, ctype in body.data:
            if filename is None:
                part = writer.append(_scalar(value))
                part.set_content_disposition("form-data", name=name)
            else:
                part = writer.append(value, {"Content-Type": ctype or "application/octet-stream"})
                part.set_content_disposition("form-data", name=name, filename=filename)
        return writer, None
    if body.kind == "raw":
        data = body.data if isinstance(body.data, bytes) else _scalar(body.data).encode()
        return data, body.content_type or None
    return body.data, body.content_type or "application/octet-stream"
