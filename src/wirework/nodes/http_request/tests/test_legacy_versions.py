"""typeVersion 1 and 2: the requestMethod / jsonParameters / *ParametersUi layout."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qsl

import pytest

from wirework.nodes.http_request import execute_legacy
from wirework.nodes.sdk import NodeApiError, NodeError


async def test_ui_parameters_query_headers_and_json_body(server: Any, make_ctx: Any) -> None:
    out = await execute_legacy(make_ctx({
        "requestMethod": "POST", "url": f"{server.base}/echo",
        "queryParametersUi": {"parameter": [{"name": "tag", "value": "a"}, {"name": "tag", "value": "b"}]},
        "headerParametersUi": {"parameter": [{"name": "X-Mixed", "value": "1"}]},
        "bodyParametersUi": {"parameter": [{"name": "a.b", "value": "={{ $json.v }}"}]},
    }, items=[{"v": "x"}], version=1))
    seen = server.last
    assert seen.query == [("tag[]", "a"), ("tag[]", "b")]
    assert seen.headers["x-mixed"] == "1"
    assert json.loads(seen.body) == {"a.b": "x"}
    assert out[0][0]["json"]["method"] == "POST"


async def test_json_parameters_and_form_urlencoded(server: Any, make_ctx: Any) -> None:
    await execute_legacy(make_ctx({
        "requestMethod": "PUT", "url": f"{server.base}/echo", "jsonParameters": True,
        "options": {"bodyContentType": "form-urlencoded"},
        "bodyParametersJson": '{"a": "1", "b": "two"}', "queryParametersJson": '{"q": "z"}',
        "headerParametersJson": '{"X-H": "h"}',
    }, version=2))
    seen = server.last
    assert seen.content_type == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode()) == [("a", "1"), ("b", "two")]
    assert (seen.query, seen.headers["x-h"]) == ([("q", "z")], "h")


async def test_bad_json_parameter_is_named(server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeError) as info:
        await execute_legacy(make_ctx({"requestMethod": "POST", "url": f"{server.base}/echo", "jsonParameters": True,
                                       "bodyParametersJson": "{nope"}, version=1))
    assert info.value.message.startswith('The data in "Body Parameters" is no valid JSON')
    assert info.value.parameter == "bodyParametersJson"


async def test_raw_binary_upload_with_mime_type(server: Any, make_ctx: Any) -> None:
    item = {"json": {}, "binary": {"data": {"data": base64.b64encode(b"<x/>").decode(), "mimeType": "text/xml"}}}
    await execute_legacy(make_ctx({
        "requestMethod": "POST", "url": f"{server.base}/echo", "jsonParameters": True, "sendBinaryData": True,
        "options": {"bodyContentType": "raw", "bodyContentCustomMimeType": "application/xml"},
    }, inputs=[[item]], version=1))
    assert (server.last.content_type, server.last.body) == ("application/xml", b"<x/>")


async def test_json_array_stays_one_item_unless_split(server: Any, make_ctx: Any) -> None:
    out = await execute_legacy(make_ctx({"url": f"{server.base}/array"}, version=1))
    assert out[0] == [{"json": {"0": {"id": 1}, "1": {"id": 2}, "2": {"id": 3}}, "pairedItem": {"item": 0}}]
    out = await execute_legacy(make_ctx({"url": f"{server.base}/array", "options": {"splitIntoItems": True}},
                                        version=1))
    assert [i["json"] for i in out[0]] == [{"id": 1}, {"id": 2}, {"id": 3}]


async def test_string_and_file_formats(server: Any, make_ctx: Any) -> None:
    out = await execute_legacy(make_ctx({"url": f"{server.base}/text", "responseFormat": "string",
                                         "dataPropertyName": "page"}, version=1))
    assert out[0][0]["json"] == {"page": "hello world"}
    out = await execute_legacy(make_ctx({"url": f"{server.base}/picture", "responseFormat": "file"}, version=2))
    assert out[0][0]["binary"]["data"]["fileName"] == "pic.png"


async def test_errors_and_ignore_response_code(server: Any, make_ctx: Any) -> None:
    with pytest.raises(NodeApiError) as info:
        await execute_legacy(make_ctx({"url": f"{server.base}/status/403"}, version=1))
    assert info.value.message == "Forbidden - perhaps check your credentials?"
    out = await execute_legacy(make_ctx({"url": f"{server.base}/status/403",
                                         "options": {"ignoreResponseCode": True, "fullResponse": True}}, version=1))
    assert out[0][0]["json"]["statusCode"] == 403


async def test_v1_authentication_by_type_and_v2_generic(server: Any, make_ctx: Any) -> None:
    creds = {"httpHeaderAuth": {"name": "X-Key", "value": "v1key"}}
    await execute_legacy(make_ctx({"url": f"{server.base}/echo", "authentication": "headerAuth"},
                                  credentials=creds, version=1))
    assert server.last.headers["x-key"] == "v1key"
    await execute_legacy(make_ctx({"url": f"{server.base}/echo", "authentication": "genericCredentialType",
                                   "genericAuthType": "httpQueryAuth"},
                                  credentials={"httpQueryAuth": {"name": "k", "value": "v2"}}, version=2))
    assert server.last.query == [("k", "v2")]


async def test_post_redirects_are_not_followed_by_default(server: Any, make_ctx: Any) -> None:
    opts = {"ignoreResponseCode": True, "fullResponse": True}
    out = await execute_legacy(make_ctx({"requestMethod": "POST", "url": f"{server.base}/redirect/p",
                                         "responseFormat": "string", "options": opts}, version=1))
    assert out[0][0]["json"]["statusCode"] == 302
    out = await execute_legacy(make_ctx({"url": f"{server.base}/redirect/g"}, version=1))
    assert out[0][0]["json"]["query"] == {"from": "g"}


async def test_legacy_batching_options(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({"url": f"{server.base}/barrier", "options": {"batchSize": 2, "batchInterval": 100}},
                   items=[{}, {}, {}, {}], version=1)
    await execute_legacy(ctx)
    assert server.peak == 2 and len(server.seen) == 4
    assert ctx.services.clock.slept == [0.1]
