"""What the node outputs: JSON (arrays split), text, files, full responses, errors as n8n words them."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from wirework.nodes._common.binary_store import FilesystemBinaryStore
from wirework.nodes.http_request import execute
from wirework.nodes.sdk import NodeApiError, NodeError


async def test_json_array_becomes_one_item_per_element(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"url": f"{server.base}/array"}, items=[{}, {}]))
    assert [(i["json"]["id"], i["pairedItem"]["item"]) for i in out[0]] == [(1, 0), (2, 0), (3, 0),
                                                                           (1, 1), (2, 1), (3, 1)]


async def test_text_goes_into_the_output_field(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"url": f"{server.base}/text"}))
    assert out[0][0]["json"] == {"data": "hello world"}
    opts = {"response": {"response": {"responseFormat": "text", "outputPropertyName": "page"}}}
    out = await execute(make_ctx({"url": f"{server.base}/echo", "options": opts}))
    assert out[0][0]["json"] == {"page": '{"method":"GET","query":{}}'}


async def test_explicit_json_format_rejects_text(server: Any, make_ctx: Any) -> None:
    opts = {"response": {"response": {"responseFormat": "json"}}}
    with pytest.raises(NodeError) as info:
        await execute(make_ctx({"url": f"{server.base}/text", "options": opts}))
    assert info.value.message == 'Response body is not valid JSON. Change "Response Format" to "Text"'
    assert server.last.headers["accept"] == "application/json,text/*;q=0.99"


async def test_file_download_becomes_binary_with_name_type_and_size(server: Any, make_ctx: Any) -> None:
    out = await execute(make_ctx({"url": f"{server.base}/picture"}, items=[{"keep": 1}]))
    item = out[0][0]
    ref = item["binary"]["data"]
    assert item["json"] == {"keep": 1}
    assert (ref["mimeType"], ref["fileName"], ref["fileExtension"]) == ("image/png", "pic.png", "png")
    assert ref["fileSize"] == "1 kB" and base64.b64decode(ref["data"]) == server.png


async def test_file_name_falls_back_to_the_url_path(server: Any, make_ctx: Any) -> None:
    opts = {"response": {"response": {"responseFormat": "file", "outputPropertyName": "doc"}}}
    out = await execute(make_ctx({"url": f"{server.base}/files/report.pdf", "options": opts}))
    ref = out[0][0]["binary"]["doc"]
    assert (ref["fileName"], ref["mimeType"]) == ("report.pdf", "application/pdf")


async def test_big_downloads_go_to_the_binary_store(server: Any, make_ctx: Any, tmp_path: Any) -> None:
    store = FilesystemBinaryStore(tmp_path)
    ctx = make_ctx({"url": f"{server.base}/picture"}, binary_store=store, settings={"binary_inline_limit": 100})
    ref = (await execute(ctx))[0][0]["binary"]["data"]
    assert ref["data"] == "filesystem-v2" and await store.get(ref["id"]) == server.png


async def test_full_response_has_body_headers_status(server: Any, make_ctx: Any) -> None:
    opts = {"response": {"response": {"fullResponse": True}}}
    out = await execute(make_ctx({"url": f"{server.base}/array", "options": opts}))
    (item,) = out[0]
    assert item["json"]["body"] == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert (item["json"]["statusCode"], item["json"]["statusMessage"]) == (200, "OK")
    assert item["json"]["headers"]["content-type"].startswith("application/json")


@pytest.mark.parametrize("code", [404, 500])
async def test_never_error_returns_error_answers(server: Any, make_ctx: Any, code: Any) -> None:
    opts = {"response": {"response": {"neverError": True, "fullResponse": True}}}
    out = await execute(make_ctx({"url": f"{server.base}/status/{code}", "options": opts}))
    assert out[0][0]["json"]["statusCode"] == code
    assert out[0][0]["json"]["body"] == {"message": f"nope {code}"}


async def test_404_is_worded_as_n8n_does(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({"url": f"{server.base}/status/404"}, items=[{}], name="Fetch")
    with pytest.raises(NodeApiError) as info:
        await execute(ctx)
    err = info.value
    assert err.message == "The resource you are requesting could not be found"
    assert err.description == "nope 404"
    assert err.context["rawErrorMessage"] == ['404 - "{\\"message\\": \\"nope 404\\"}"']
    assert (err.node, err.item_index, err.parameter, err.http_code) == ("Fetch", 0, "url", 404)


async def test_connection_refused_is_named(make_ctx: Any) -> None:
    import socket
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NodeApiError) as info:
        await execute(make_ctx({"url": f"http://127.0.0.1:{port}/x"}, name="Fetch"))
    err = info.value
    assert err.message == "The service refused the connection - perhaps it is offline"
    assert err.description == f"connect ECONNREFUSED 127.0.0.1:{port}"
    assert (err.node, err.item_index, err.parameter) == ("Fetch", 0, "url")


async def test_continue_on_fail_keeps_going_with_error_items(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({"url": f"={server.base}/{{{{ $json.path }}}}", "sendBody": True, "specifyBody": "json",
                    "method": "POST", "jsonBody": "={{ $json.body }}"},
                   items=[{"path": "echo", "body": "{}"}, {"path": "status/404", "body": "{}"},
                          {"path": "echo", "body": "{bad"}],
                   continue_on_fail=True)
    out = (await execute(ctx))[0]
    assert out[0]["json"] == {"method": "POST", "query": {}, "body": {}}
    assert out[1]["json"]["error"]["status"] == 404
    assert out[1]["json"]["error"]["message"].startswith("404 - ")
    assert out[2]["json"] == {"error": 'The value in the "JSON Body" field is not valid JSON'}
    assert [i["pairedItem"] for i in out] == [{"item": 0}, {"item": 1}, {"item": 2}]


async def test_error_on_a_later_item_names_that_item(server: Any, make_ctx: Any) -> None:
    ctx = make_ctx({"url": f"={server.base}/{{{{ $json.path }}}}"}, items=[{"path": "echo"}, {"path": "status/500"}])
    with pytest.raises(NodeApiError) as info:
        await execute(ctx)
    assert info.value.item_index == 1
    assert info.value.message == "The service was not able to process your request"
