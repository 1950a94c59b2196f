from __future__ import annotations

import base64
import json

import jwt

from wirework.model import Node
from wirework.nodes._common.webhook_http import WebhookRequest
from wirework.nodes.sdk import NodeTestContext
from wirework.nodes.webhook import NODE, webhooks
from wirework.nodes.webhook.description import DESC_V1, DESC_V2

HOOKS = NODE.latest.hooks
SECRET = "a-long-enough-secret-for-hs256-signing!"


def ctx(params=None, *, version=2.1, credentials=None, items=None):
    desc = DESC_V2 if version >= 2 else DESC_V1
    return NodeTestContext(desc, params=params or {}, type_version=version, credentials=credentials,
                           items=items, name="Webhook")


def req(body=b"", ctype="application/json", **kw):
    headers = {"content-type": ctype, **kw.pop("headers", {})}
    return WebhookRequest(method=kw.pop("method", "POST"), path="hook", headers=headers, body=body,
                          webhook_url="http://localhost:5678/webhook/hook", **kw)


async def test_json_request_becomes_item_with_headers_query_params_body():
    r = req(json.dumps({"a": 1}).encode(), query={"q": "x"}, params={"id": "7"})
    reply = await HOOKS["webhook"](ctx(), r)
    item = reply.items[0][0]["json"]
    assert item["body"] == {"a": 1}
    assert item["query"] == {"q": "x"} and item["params"] == {"id": "7"}
    assert item["headers"]["content-type"] == "application/json"
    assert item["webhookUrl"].endswith("/webhook/hook") and item["executionMode"] == "production"
    assert reply.response is None


async def test_form_urlencoded_body_is_parsed():
    reply = await HOOKS["webhook"](ctx(), req(b"a=1&b=x&b=y", "application/x-www-form-urlencoded"))
    assert reply.items[0][0]["json"]["body"] == {"a": "1", "b": ["x", "y"]}


async def test_multipart_fields_and_files():
    boundary = "XyZ"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\nfile content\r\n--{boundary}--\r\n").encode()
    reply = await HOOKS["webhook"](ctx(), req(body, f"multipart/form-data; boundary={boundary}"))
    item = reply.items[0][0]
    assert item["json"]["body"] == {"title": "hello"}
    ref = item["binary"]["file"]
    assert ref["fileName"] == "a.txt" and base64.b64decode(ref["data"]) == b"file content"


async def test_binary_upload_goes_to_binary_property_v2():
    c = ctx({"options": {"binaryPropertyName": "upload"}})
    reply = await HOOKS["webhook"](c, req(b"\x89PNG....", "image/png"))
    ref = reply.items[0][0]["binary"]["upload"]
    assert ref["mimeType"] == "image/png" and base64.b64decode(ref["data"]) == b"\x89PNG...."


async def test_v1_binary_only_when_enabled_and_raw_body():
    plain = await HOOKS["webhook"](ctx(version=1), req(b"abc", "application/octet-stream"))
    assert "binary" not in plain.items[0][0]
    raw = await HOOKS["webhook"](ctx({"options": {"rawBody": True}}, version=1),
                                 req(b'{"a":1}', "application/json"))
    item = raw.items[0][0]
    assert item["json"]["body"] == {"a": 1}
    assert base64.b64decode(item["binary"]["data"]["data"]) == b'{"a":1}'


async def test_basic_auth():
    creds = {"httpBasicAuth": {"user": "u", "password": "p"}}
    c = ctx({"authentication": "basicAuth"}, credentials=creds)
    missing = await HOOKS["webhook"](c, req())
    assert missing.response.status == 401 and "www-authenticate" in missing.response.headers
    bad = "Basic " + base64.b64encode(b"u:wrong").decode()
    assert (await HOOKS["webhook"](c, req(headers={"authorization": bad}))).response.status == 403
    good = "Basic " + base64.b64encode(b"u:p").decode()
    ok = await HOOKS["webhook"](c, req(headers={"authorization": good}))
    assert ok.response is None and ok.items


async def test_header_auth():
    c = ctx({"authentication": "headerAuth"}, credentials={"httpHeaderAuth": {"name": "X-Key", "value": "s3"}})
    assert (await HOOKS["webhook"](c, req())).response.status == 401
    assert (await HOOKS["webhook"](c, req(headers={"x-key": "no"}))).response.status == 403
    assert (await HOOKS["webhook"](c, req(headers={"x-key": "s3"}))).items


async def test_jwt_auth_exposes_payload():
    c = ctx({"authentication": "jwtAuth"}, credentials={"jwtAuth": {"keyType": "passphrase", "secret": SECRET, "algorithm": "HS256"}})
    token = jwt.encode({"sub": "42"}, SECRET, algorithm="HS256")
    ok = await HOOKS["webhook"](c, req(headers={"authorization": f"Bearer {token}"}))
    assert ok.items[0][0]["json"]["jwtPayload"] == {"sub": "42"}
    forged = jwt.encode({"sub": "42"}, SECRET + "x", algorithm="HS256")
    assert (await HOOKS["webhook"](c, req(headers={"authorization": f"Bearer {forged}"}))).response.status == 403


async def test_ignore_bots_and_ip_whitelist():
    c = ctx({"options": {"ignoreBots": True, "ipWhitelist": "10.0.0.1"}})
    r = req(headers={"user-agent": "Slackbot-LinkExpanding 1.0"}, remote_ip="10.0.0.1")
    assert (await HOOKS["webhook"](c, r)).response.status == 403
    r2 = req(remote_ip="10.0.0.2")
    assert (await HOOKS["webhook"](c, r2)).response.status == 403
    assert (await HOOKS["webhook"](c, req(remote_ip="10.0.0.1"))).items


def test_webhooks_paths_and_methods():
    n1 = Node("W", "n8n-nodes-base.webhook", 2, {"path": "/orders/:id/", "httpMethod": "POST"})
    assert webhooks(n1) == [("POST", "orders/:id")]
    n2 = Node("W", "n8n-nodes-base.webhook", 2, {"multipleMethods": True, "httpMethod": ["GET", "PUT"]}, webhook_id="abc")
    assert webhooks(n2) == [("GET", "abc"), ("PUT", "abc")]


def test_on_received_responses():
    r = HOOKS["on_received"](ctx())
    assert r.status == 200 and json.loads(r.body) == {"message": "Workflow was started"}
    custom = HOOKS["on_received"](ctx({"responseCode": 202, "options": {"responseData": "ok", "responseHeaders": {"entries": [{"name": "X-A", "value": "1"}]}}}))
    assert (custom.status, custom.body, custom.headers["x-a"]) == (202, b"ok", "1")
    empty = HOOKS["on_received"](ctx({"options": {"noResponseBody": True}}))
    assert empty.body == b""


async def test_last_node_responses():
    items = [{"json": {"a": 1, "data": {"x": 2}}, "binary": {"data": {"data": base64.b64encode(b"PDF").decode(), "mimeType": "application/pdf"}}},
             {"json": {"a": 2}}]
    first = await HOOKS["last_node"](ctx({"responseMode": "lastNode"}), items, None)
    assert json.loads(first.body) == {"a": 1, "data": {"x": 2}}
    every = await HOOKS["last_node"](ctx({"responseMode": "lastNode", "responseData": "allEntries"}), items, None)
    assert json.loads(every.body) == [{"a": 1, "data": {"x": 2}}, {"a": 2}]
    prop = await HOOKS["last_node"](ctx({"responseMode": "lastNode", "options": {"responsePropertyName": "data"}}), items, None)
    assert json.loads(prop.body) == {"x": 2}
    binary = await HOOKS["last_node"](ctx({"responseMode": "lastNode", "responseData": "firstEntryBinary"}), items, None)
    assert binary.body == b"PDF" and binary.headers["content-type"] == "application/pdf"
    nodata = await HOOKS["last_node"](ctx({"responseMode": "lastNode", "responseData": "noData", "responseCode": 204}), items, None)
    assert (nodata.status, nodata.body) == (204, b"")
    failed = await HOOKS["last_node"](ctx({"responseMode": "lastNode"}), None, {"message": "boom"})
    assert failed.status == 500 and json.loads(failed.body) == {"message": "Error in workflow"}


async def test_execute_passes_trigger_items_through():
    c = ctx(items=[{"body": {"a": 1}}])
    assert await NODE.latest.execute(c) == [[{"json": {"body": {"a": 1}}}]]


def test_descriptions_render():
    for desc in (DESC_V1, DESC_V2):
        out = desc.to_json()
        assert out["webhook"] and out["trigger"] and out["inputs"] == []
        names = {p["name"] for p in out["properties"]}
        assert {"httpMethod", "path", "authentication", "responseMode", "responseCode", "responseData", "options"} <= names
