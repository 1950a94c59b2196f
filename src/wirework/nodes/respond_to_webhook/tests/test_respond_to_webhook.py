from __future__ import annotations

import base64
import json

import jwt
import pytest

from wirework.nodes._common.webhook_http import HttpResponse
from wirework.nodes.respond_to_webhook import NODE
from wirework.nodes.respond_to_webhook.description import DESC_V1, DESC_V1_1
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext

SECRET = "a-long-enough-secret-for-hs256-signing!"


async def respond(params, items=None, *, inputs=None, version=1.1, credentials=None):
    sent: list[dict] = []

    async def send(resp):
        sent.append(resp)

    svc = ExecutionServices(clock=FakeClock(), extras={"send_response": send})
    desc = DESC_V1_1 if version == 1.1 else DESC_V1
    ctx = NodeTestContext(desc, params=params, items=items, inputs=inputs, type_version=version,
                          services=svc, credentials=credentials)
    out = await NODE.for_version(version).execute(ctx)
    assert len(sent) == 1
    return HttpResponse.from_json(sent[0]), out


async def test_first_incoming_item_default_and_passthrough():
    resp, out = await respond({}, [{"a": 1}, {"a": 2}])
    assert resp.status == 200 and json.loads(resp.body) == {"a": 1}
    assert out == [[{"json": {"a": 1}}, {"json": {"a": 2}}]]


async def test_all_items_with_response_key_code_and_headers():
    params = {"respondWith": "allIncomingItems", "options": {
        "responseKey": "data", "responseCode": 201,
        "responseHeaders": {"entries": [{"name": "X-Trace", "value": "t1"}]}}}
    resp, _ = await respond(params, [{"a": 1}, {"a": 2}])
    assert resp.status == 201 and resp.headers["x-trace"] == "t1"
    assert json.loads(resp.body) == {"data": [{"a": 1}, {"a": 2}]}


async def test_json_text_redirect_nodata():
    r, _ = await respond({"respondWith": "json", "responseBody": '{"n": 5}'}, [{}])
    assert json.loads(r.body) == {"n": 5}
    t, _ = await respond({"respondWith": "text", "responseBody": "hello"})
    assert t.body == b"hello" and t.headers["content-type"].startswith("text/plain")
    red, _ = await respond({"respondWith": "redirect", "redirectURL": "https://example.org/x"})
    assert red.status == 307 and red.headers["location"] == "https://example.org/x"
    nd, _ = await respond({"respondWith": "noData", "options": {"responseCode": 204}})
    assert (nd.status, nd.body) == (204, b"")


async def test_binary_response():
    item = {"json": {}, "binary": {"file": {"data": base64.b64encode(b"%PDF").decode(), "mimeType": "application/pdf", "fileName": "r.pdf"}}}
    resp, _ = await respond({"respondWith": "binary"}, inputs=[[item]])
    assert resp.body == b"%PDF" and resp.headers["content-type"] == "application/pdf"
    assert "r.pdf" in resp.headers["content-disposition"]


async def test_jwt_response():
    creds = {"jwtAuth": {"keyType": "passphrase", "secret": SECRET, "algorithm": "HS256"}}
    resp, _ = await respond({"respondWith": "jwt", "payload": '{"user": 1}'}, credentials=creds)
    assert jwt.decode(json.loads(resp.body)["token"], SECRET, algorithms=["HS256"]) == {"user": 1}


async def test_invalid_json_names_parameter():
    with pytest.raises(NodeError) as info:
        await respond({"respondWith": "json", "responseBody": "{nope"})
    assert info.value.parameter == "responseBody"


def test_v1_has_no_jwt_option():
    opts = [o["value"] for o in DESC_V1.to_json()["properties"][1]["options"]]
    assert "jwt" not in opts and "redirect" in opts
