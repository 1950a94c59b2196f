"""Credentials, batching, timeouts and redirects against the real local server."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from wirework.nodes.http_request import execute
from wirework.nodes.sdk import NodeApiError, NodeError


def _generic(server: Any, kind: str) -> dict[str, Any]:
    return {"url": f"{server.base}/echo", "authentication": "genericCredentialType", "genericAuthType": kind}


async def test_basic_auth(server: Any, make_ctx: Any) -> None:
    creds = {"httpBasicAuth": {"user": "ann", "password": "s3cret"}}
    await execute(make_ctx(_generic(server, "httpBasicAuth"), credentials=creds))
    assert server.last.headers["authorization"] == "Basic " + base64.b64encode(b"ann:s3cret").decode()


async def test_bearer_and_header_auth(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx(_generic(server, "httpBearerAuth"), credentials={"httpBearerAuth": {"token": "tok"}}))
    assert server.last.headers["authorization"] == "Bearer tok"
    creds = {"httpHeaderAuth": {"name": "X-Api-Key", "value": "k1"}}
    await execute(make_ctx(_generic(server, "httpHeaderAuth"), credentials=creds))
    assert server.last.headers["x-api-key"] == "k1"


async def test_query_auth_joins_the_query(server: Any, make_ctx: Any) -> None:
    params = {**_generic(server, "httpQueryAuth"), "sendQuery": True,
              "queryParameters": {"parameters": [{"name": "q", "value": "1"}]}}
    await execute(make_ctx(params, credentials={"httpQueryAuth": {"name": "api_key", "value": "k2"}}))
    assert server.last.query == [("q", "1"), ("api_key", "k2")]


async def test_custom_auth_adds_headers_query_and_body(server: Any, make_ctx: Any) -> None:
    custom = '{"headers": {"X-Sig": "abc"}, "qs": {"tenant": "t1"}, "body": {"token": "b1"}}'
    params = {**_generic(server, "httpCustomAuth"), "method": "POST", "sendBody": True,
              "bodyParameters": {"parameters": [{"name": "a", "value": "1"}]}}
    await execute(make_ctx(params, credentials={"httpCustomAuth": {"json": custom}}))
    seen = server.last
    assert seen.headers["x-sig"] == "abc" and seen.query == [("tenant", "t1")]
    assert seen.body == b'{"a":"1","token":"b1"}'


async def test_predefined_credential_type(server: Any, make_ctx: Any) -> None:
    params = {"url": f"{server.base}/echo", "authentication": "predefinedCredentialType",
              "nodeCredentialType": "githubApi"}
    await execute(make_ctx(params, credentials={"githubApi": {"accessToken": "gh1"}}))
    assert server.last.headers["authorization"] == "token gh1"


async def test_unsupported_credential_type_is_named(server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeError) as info:
        await execute(make_ctx(_generic(server, "httpDigestAuth"), credentials={"httpDigestAuth": {}}))
    assert "httpDigestAuth" in info.value.message and info.value.parameter == "authentication"


async def test_batching_sends_items_in_batches(server: Any, make_ctx: Any) -> None:
    opts = {"batching": {"batch": {"batchSize": 2, "batchInterval": 250}}}
    ctx = make_ctx({"url": f"{server.base}/barrier", "options": opts}, items=[{}, {}, {}, {}])
    out = await execute(ctx)
    assert len(server.seen) == 4 and len(out[0]) == 4
    assert server.peak == 2  # two at a time: each batch together, the next only after it
    assert ctx.services.clock.slept == [0.25]


async def test_timeout_is_reported(server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeApiError) as info:
        await execute(make_ctx({"url": f"{server.base}/slow", "options": {"timeout": 100}}))
    assert info.value.message == "The connection was aborted, perhaps the server is offline"
    assert info.value.description == "timeout of 100ms exceeded"


async def test_redirects_are_followed_by_default_in_v4(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"url": f"{server.base}/redirect/a"}))
    assert out[0][0]["json"] == {"method": "GET", "query": {"from": "a"}}
    assert [s.path for s in server.seen] == ["/redirect/a", "/echo"]


async def test_post_redirected_with_302_continues_as_get(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"method": "POST", "url": f"{server.base}/redirect/b", "sendBody": True,
                                  "bodyParameters": {"parameters": [{"name": "a", "value": "1"}]}}))
    assert out[0][0]["json"]["method"] == "GET"


async def test_redirects_not_followed_when_switched_off(server: Any, make_ctx: Any) -> None:
    opts = {"redirect": {"redirect": {"followRedirects": False}},
            "response": {"response": {"neverError": True, "fullResponse": True}}}
    out = await execute(make_ctx({"url": f"{server.base}/redirect/c", "options": opts}))
    assert out[0][0]["json"]["statusCode"] == 302
    assert out[0][0]["json"]["headers"]["location"] == "/echo?from=c"
    assert len(server.seen) == 1


async def test_v3_does_not_follow_redirects_unless_asked(server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeApiError) as info:
        await execute(make_ctx({"url": f"{server.base}/redirect/d"}, version=3))
    assert info.value.http_code == 302


async def test_redirect_loop_stops_at_max_redirects(server: Any, make_ctx: Any) -> None:
    opts = {"redirect": {"redirect": {"followRedirects": True, "maxRedirects": 3}}}
    with pytest.raises(NodeApiError) as info:
        await execute(make_ctx({"url": f"{server.base}/loop", "options": opts}))
    assert info.value.message == "Maximum number of redirects exceeded"
