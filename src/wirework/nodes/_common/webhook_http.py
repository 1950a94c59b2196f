"""Plain HTTP shapes shared by the webhook-facing nodes and the runtime.

They cross process boundaries (a Respond to Webhook node running on a worker answers a
request held by an API process), so both convert to and from JSON.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class WebhookRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    query: dict[str, Any] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)  # path parameters (":id")
    body: bytes = b""
    remote_ip: str = ""
    webhook_url: str = ""
    execution_mode: str = "production"  # production | test

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(slots=True)
class HttpResponse:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
        hdrs = {"content-type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, hdrs, json.dumps(data, ensure_ascii=False).encode())

    @classmethod
    def text(cls, text: str, status: int = 200, headers: dict[str, str] | None = None) -> HttpResponse:
        hdrs = {"content-type": "text/plain; charset=utf-8", **(headers or {})}
        return cls(status, hdrs, text.encode())

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "headers": dict(self.headers),
                "body": base64.b64encode(self.body).decode("ascii")}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> HttpResponse:
        return cls(int(raw.get("status", 200)), dict(raw.get("headers") or {}),
                   base64.b64decode(raw.get("body") or ""))


@dataclass(slots=True)
class WebhookReply:
    """What a webhook node's handler decided: start a run with ``items``, and/or answer now."""

    items: list[list[dict[str, Any]]] | None = None
    response: HttpResponse | None = None


def merge_headers(base: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    out = {k.lower(): v for k, v in base.items()}
    out.update({k.lower(): v for k, v in extra.items()})
    return out


def header_entries(value: Any) -> dict[str, str]:
    """n8n's ``responseHeaders`` fixedCollection (``{"entries": [{name, value}]}``) as a dict."""
    entries = value.get("entries") if isinstance(value, dict) else None
    out: dict[str, str] = {}
    for e in entries or []:
        if isinstance(e, dict) and e.get("name"):
            out[str(e["name"]).lower()] = str(e.get("value", ""))
    return out
