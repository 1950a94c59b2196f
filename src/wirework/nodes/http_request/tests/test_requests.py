"""What the server receives: methods, query strings, headers and every body content type."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import parse_qsl

import pytest

from wirework.nodes.http_request import execute
from wirework.nodes.sdk import NodeError


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
async def test_each_method_reaches_the_server(server: Any, make_ctx: Any, method: Any) -> None:
    out = await execute(make_ctx({"method": method, "url": f"{server.base}/echo"}))
    assert server.last.method == method
    assert out == [[{"json": {"method": method, "query": {}}, "pairedItem": {"item": 0}}]]


async def test_head_gives_an_empty_answer(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"method": "HEAD", "url": f"{server.base}/text"}))
    assert server.last.method == "HEAD"
    assert out == [[{"json": {}, "pairedItem": {"item": 0}}]]


async def test_url_and_query_fields_are_expressions_per_item(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({
        "url": f"={server.base}/echo/{{{{ $json.id }}}}", "sendQuery": True,
        "queryParameters": {"parameters": [{"name": "q", "value": "={{ $json.name }}"},
                                           {"name": "lang", "value": "en"}]},
    }, items=[{"id": 1, "name": "a b&c"}, {"id": 2, "name": "ü"}])
    out = await execute(ctx)
    got = sorted((s.path, s.query) for s in server.seen)  # items' requests run concurrently
    assert got == [("/echo/1", [("q", "a b&c"), ("lang", "en")]), ("/echo/2", [("q", "ü"), ("lang", "en")])]
    assert [i["pairedItem"] for i in out[0]] == [{"item": 0}, {"item": 1}]


async def test_json_query_with_arrays_uses_the_array_format_option(server: Any, make_ctx: Any) -> None:
    params = {"url": f"{server.base}/echo?x=1", "sendQuery": True, "specifyQuery": "json",
              "jsonQuery": '{"tag": ["a", "b"], "n": 2}'}
    await execute(make_ctx(params))
    assert server.last.query == [("x", "1"), ("tag[]", "a"), ("tag[]", "b"), ("n", "2")]
    await execute(make_ctx({**params, "options": {"queryParameterArrays": "repeat"}}))
    assert server.last.query == [("x", "1"), ("tag", "a"), ("tag", "b"), ("n", "2")]
    await execute(make_ctx({**params, "options": {"queryParameterArrays": "indices"}}))
    assert server.last.query == [("x", "1"), ("tag[0]", "a"), ("tag[1]", "b"), ("n", "2")]


async def test_headers_from_fields_and_json_lowercased_by_default(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx({"url": f"{server.base}/echo", "sendHeaders": True,
                            "headerParameters": {"parameters": [{"name": "X-Trace", "value": "t1"}]}}))
    assert server.last.headers["x-trace"] == "t1"
    assert server.last.headers["accept"].startswith("application/json,text/html")
    await execute(make_ctx({"url": f"{server.base}/echo", "sendHeaders": True, "specifyHeaders": "json",
                            "jsonHeaders": '{"X-One": "1", "Accept": "text/csv"}'}))
    assert server.last.headers["x-one"] == "1" and server.last.headers["accept"] == "text/csv"


async def test_json_body_from_fields_nests_dotted_names(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx({
        "method": "POST", "url": f"{server.base}/echo", "sendBody": True,
        "bodyParameters": {"parameters": [{"name": "user.name", "value": "ann"}, {"name": "n", "value": "={{ 2 }}"}]},
    }))
    assert server.last.content_type == "application/json"
    assert json.loads(server.last.body) == {"user": {"name": "ann"}, "n": 2}


async def test_v3_json_body_keeps_dotted_names_flat(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx({
        "method": "POST", "url": f"{server.base}/echo", "sendBody": True,
        "bodyParameters": {"parameters": [{"name": "user.name", "value": "ann"}]},
    }, version=3))
    assert json.loads(server.last.body) == {"user.name": "ann"}


async def test_json_body_from_json_text_and_bad_json_names_the_parameter(server: Any, make_ctx: Any) -> None:
    params = {"method": "POST", "url": f"{server.base}/echo", "sendBody": True, "specifyBody": "json",
              "jsonBody": '={{ JSON.stringify({a: $json.a, list: [1, 2]}) }}'}
    await execute(make_ctx(params, items=[{"a": "x"}]))
    assert json.loads(server.last.body) == {"a": "x", "list": [1, 2]}
    with pytest.raises(NodeError) as info:
        await execute(make_ctx({**params, "jsonBody": "{not json"}))
    err = info.value
    assert err.message == 'The value in the "JSON Body" field is not valid JSON'
    assert (err.parameter, err.item_index) == ("jsonBody", 0)


async def test_form_urlencoded_fields_and_single_string(server: Any, make_ctx: Any) -> None:
    base = {"method": "POST", "url": f"{server.base}/echo", "sendBody": True, "contentType": "form-urlencoded"}
    await execute(make_ctx({**base, "bodyParameters": {"parameters": [{"name": "a", "value": "1 2"},
                                                                       {"name": "b", "value": "x&y"}]}}))
    assert server.last.content_type == "application/x-www-form-urlencoded"
    assert parse_qsl(server.last.body.decode()) == [("a", "1 2"), ("b", "x&y")]
    await execute(make_ctx({**base, "specifyBody": "string", "body": "f1=v1&f2=v2"}))
    assert parse_qsl(server.last.body.decode()) == [("f1", "v1"), ("f2", "v2")]


async def test_multipart_with_text_and_binary_fields(server: Any, make_ctx: Any) -> None:
    item = {"json": {}, "binary": {"doc": {"data": base64.b64encode(b"file bytes").decode(), "mimeType": "text/csv",
                                           "fileName": "a.csv"}}}
    await execute(make_ctx({
        "method": "POST", "url": f"{server.base}/echo", "sendBody": True, "contentType": "multipart-form-data",
        "bodyParameters": {"parameters": [
            {"name": "title", "value": "report"},
            {"parameterType": "formBinaryData", "name": "upload", "inputDataFieldName": "doc"}]},
    }, inputs=[[item]]))
    form = server.last.form
    assert form["title"]["data"] == b"report" and form["title"]["filename"] is None
    assert form["upload"] == {"filename": "a.csv", "type": "text/csv", "data": b"file bytes"}


async def test_raw_body_with_its_content_type(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx({"method": "PUT", "url": f"{server.base}/echo", "sendBody": True, "contentType": "raw",
                            "rawContentType": "text/xml", "body": "<a>1</a>"}))
    assert (server.last.content_type, server.last.body) == ("text/xml", b"<a>1</a>")


async def test_binary_body_from_the_item(server: Any, make_ctx: Any) -> None:
    item = {"json": {}, "binary": {"data": {"data": base64.b64encode(b"\x00\x01\x02").decode(),
                                            "mimeType": "application/x-thing"}}}
    await execute(make_ctx({"method": "POST", "url": f"{server.base}/echo", "sendBody": True,
                            "contentType": "binaryData", "inputDataFieldName": "data"}, inputs=[[item]]))
    assert (server.last.content_type, server.last.body) == ("application/x-thing", b"\x00\x01\x02")


async def test_missing_binary_names_the_field_and_item(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({"method": "POST", "url": f"{server.base}/echo", "sendBody": True,
                    "contentType": "binaryData", "inputDataFieldName": "nope"}, items=[{}, {}])
    with pytest.raises(NodeError) as info:
        await execute(ctx)
    assert "binary file 'nope'" in info.value.message
    assert (info.value.parameter, info.value.item_index) == ("inputDataFieldName", 0)
    assert server.seen == []


@pytest.mark.parametrize(("url", "message"), [
    ("", "URL parameter cannot be empty"),
    ("ftp://x", 'Invalid URL: ftp://x. URL must start with "http" or "https".'),
])
async def test_bad_urls_are_named(make_ctx: Any, url: Any, message: Any) -> None:
    with pytest.raises(NodeError) as info:
        await execute(make_ctx({"url": url}))
    assert info.value.message == message and info.value.parameter == "url"


async def test_urls_with_spaces_and_unicode_are_encoded(server: Any, make_ctx: Any) -> None:
    await execute(make_ctx({"url": f"{server.base}/echo/a b/ü?x=1 2"}))
    assert (server.last.path, server.last.query) == ("/echo/a b/ü", [("x", "1 2")])


async def test_v4_3_repeated_names_become_lists(server: Any, make_ctx: Any) -> None:
    rows = {"parameters": [{"name": "tag", "value": "a"}, {"name": "tag", "value": "b"}]}
    await execute(make_ctx({"url": f"{server.base}/echo", "sendQuery": True, "queryParameters": rows}, version=4.2))
    assert server.last.query == [("tag", "b")]
    await execute(make_ctx({"url": f"{server.base}/echo", "sendQuery": True, "queryParameters": rows}, version=4.3))
    assert server.last.query == [("tag[]", "a"), ("tag[]", "b")]
