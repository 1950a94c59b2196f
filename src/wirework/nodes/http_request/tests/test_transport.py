"""Proxy, TLS checks, credentials on cross-origin redirects, secrets kept out of errors."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from wirework.nodes.http_request import execute
from wirework.nodes.sdk import NodeApiError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_requests_go_through_the_proxy(proxy: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"url": "http://example.invalid/thing?x=1", "options": {"proxy": proxy.base}}))
    assert out[0][0]["json"] == {"via": "proxy", "target": "http://example.invalid/thing?x=1"}
    assert proxy.last.path == "http://example.invalid/thing?x=1"


async def test_self_signed_certificate_fails_unless_ignored(https_server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeApiError) as info:
        await execute(make_ctx({"url": f"{https_server}/hello"}))
    assert info.value.message == "SSL Issue: consider using the 'Ignore SSL issues' option"
    out = await execute(make_ctx({"url": f"{https_server}/hello", "options": {"allowUnauthorizedCerts": True}}))
    assert out[0][0]["json"] == {"secure": True}


async def test_credentials_on_cross_origin_redirects(server: Any, make_ctx: Any) -> None:
    # 127.0.0.1 -> localhost is another origin
    target = server.base.replace("127.0.0.1", "localhost") + "/echo"
    params = {"url": f"{server.base}/redirect-to?u={target}", "authentication": "genericCredentialType",
              "genericAuthType": "httpHeaderAuth"}
    creds = {"httpHeaderAuth": {"name": "X-Key", "value": "k-secret"}}
    await execute(make_ctx(params, credentials=creds))
    assert server.last.path == "/echo" and server.last.headers.get("x-key") == "k-secret"  # n8n < 4.4 sends them
    await execute(make_ctx({**params, "options": {"sendCredentialsOnCrossOriginRedirect": False}}, credentials=creds))
    assert server.last.path == "/echo" and "x-key" not in server.last.headers
    await execute(make_ctx(params, credentials=creds, version=4.4))  # 4.4 stops sending them by default
    assert server.last.path == "/echo" and "x-key" not in server.last.headers


async def test_query_credentials_stay_out_of_error_messages(make_ctx: Any) -> None:
    params = {"url": f"http://127.0.0.1:{_free_port()}/x", "authentication": "genericCredentialType",
              "genericAuthType": "httpQueryAuth"}
    ctx = make_ctx(params, credentials={"httpQueryAuth": {"name": "key", "value": "top-secret"}},
                   continue_on_fail=True)
    out = await execute(ctx)
    error = out[0][0]["json"]["error"]
    assert error["code"] == "ECONNREFUSED" and "top-secret" not in str(error)


async def test_full_response_with_text_format(server: Any, make_ctx: Any) -> None:
    opts = {"response": {"response": {"fullResponse": True, "responseFormat": "text"}}}
    out = await execute(make_ctx({"url": f"{server.base}/text", "options": opts}))
    json_value = out[0][0]["json"]
    assert (json_value["data"], json_value["statusCode"]) == ("hello world", 200)
    assert json_value["headers"]["content-type"].startswith("text/plain")
