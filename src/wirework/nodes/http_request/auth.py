"""Credentials onto a request: the generic auth types and the predefined service types we know."""

from __future__ import annotations

import base64
import json
from typing import Any

from wirework.nodes.http_request.spec import Body, RequestSpec
from wirework.nodes.sdk import NodeContext

#: predefined credential type -> (header, template over the credential's fields)
_PREDEFINED_HEADERS: dict[str, tuple[str, str]] = {
    "openAiApi": ("Authorization", "Bearer {apiKey}"),
    "slackApi": ("Authorization", "Bearer {accessToken}"),
    "githubApi": ("Authorization", "token {accessToken}"),
}
SUPPORTED_PREDEFINED = tuple(sorted({*_PREDEFINED_HEADERS, "oAuth2Api", "httpBasicAuth", "httpBearerAuth",
                                     "httpHeaderAuth", "httpQueryAuth", "httpCustomAuth"}))


def basic_header(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def _secret_header(spec: RequestSpec, name: str, value: Any) -> None:
    spec.set_header(name, value)
    spec.secret_headers.add(name.lower())


def _custom(ctx: NodeContext, spec: RequestSpec, data: dict[str, Any], i: int) -> None:
    raw = data.get("json") or "{}"
    try:
        custom = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError as exc:
        raise ctx.error("Invalid Custom Auth JSON", item_index=i, parameter="genericAuthType",
                        retryable=False) from exc
    if not isinstance(custom, dict):
        raise ctx.error("Invalid Custom Auth JSON", item_index=i, parameter="genericAuthType", retryable=False)
    for name, value in (custom.get("headers") or {}).items():
        _secret_header(spec, name, value)
    if custom.get("qs"):
        spec.qs.update(custom["qs"])
    if custom.get("body") and spec.body is not None and isinstance(spec.body.data, dict):
        spec.body.data = {**spec.body.data, **custom["body"]}
    elif custom.get("body") and spec.body is None:
        spec.body = Body("json", dict(custom["body"]))


def _secrets(data: dict[str, Any]) -> set[str]:
    found = {v for v in data.values() if isinstance(v, str) and len(v) > 2}
    token = data.get("oauthTokenData")
    if isinstance(token, dict) and isinstance(token.get("access_token"), str):
        found.add(token["access_token"])
    return found


def apply_credentials(ctx: NodeContext, spec: RequestSpec, ctype: str, data: dict[str, Any], i: int) -> None:
    """Put credential ``data`` of type ``ctype`` onto ``spec`` (headers, query, basic auth)."""
    spec.secret_values |= _secrets(data)
    if ctype == "httpBasicAuth":
        _secret_header(spec, "Authorization", basic_header(str(data.get("user") or ""),
                                                           str(data.get("password") or "")))
    elif ctype == "httpBearerAuth":
        _secret_header(spec, "Authorization", f"Bearer {data.get('token') or ''}")
    elif ctype == "httpHeaderAuth":
        _secret_header(spec, str(data.get("name") or ""), str(data.get("value") or ""))
    elif ctype == "httpQueryAuth":
        spec.qs[str(data.get("name") or "")] = data.get("value") or ""
    elif ctype == "httpCustomAuth":
        _custom(ctx, spec, data, i)
    elif ctype == "oAuth2Api" or ctype.endswith("OAuth2Api"):
        token_data = data.get("oauthTokenData")
        token = token_data.get("access_token") if isinstance(token_data, dict) else None
        if not token:
            raise ctx.error("The OAuth2 credential has no access token; connect it first", item_index=i,
                            parameter="authentication", retryable=False)
        _secret_header(spec, "Authorization", f"Bearer {token}")
    elif ctype in _PREDEFINED_HEADERS:
        header, template = _PREDEFINED_HEADERS[ctype]
        _secret_header(spec, header, template.format_map({k: v or "" for k, v in data.items()}))
        if ctype == "openAiApi" and data.get("organizationId"):
            _secret_header(spec, "OpenAI-Organization", data["organizationId"])
    else:
        raise ctx.error(f"The credential type '{ctype}' is not supported by the HTTP Request node",
                        item_index=i, parameter="authentication", retryable=False,
                        description=f"Supported types: {', '.join(SUPPORTED_PREDEFINED)}")


async def authenticate(ctx: NodeContext, spec: RequestSpec, i: int) -> None:
    """Apply the node's configured authentication (v3/v4 layout) for item ``i``."""
    mode = ctx.get_param("authentication", i, "none")
    if mode == "genericCredentialType":
        ctype = str(ctx.get_param("genericAuthType", i, "") or "")
        if not ctype:
            raise ctx.error("No generic auth type selected", item_index=i, parameter="genericAuthType",
                            retryable=False)
    elif mode == "predefinedCredentialType":
        ctype = str(ctx.get_param("nodeCredentialType", i, "") or "")
        if not ctype:
            raise ctx.error("No credential type selected", item_index=i, parameter="nodeCredentialType",
                            retryable=False)
    else:
        return
    data = await ctx.get_credentials(ctype, i)
    apply_credentials(ctx, spec, ctype, data, i)
