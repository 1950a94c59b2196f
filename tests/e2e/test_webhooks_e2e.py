"""End-to-end webhooks against a real ``wirework serve`` process: every response shape of
Respond to Webhook, path parameters, authentication, binary and raw bodies, conflicts,
test URLs and unregistering on deactivate/delete."""

from __future__ import annotations

import base64
import json

import httpx
import jwt
import pytest
from e2e_support import Api
from rt_builders import chain, node, set_node

pytestmark = pytest.mark.slow
SECRET = "a-long-enough-secret-for-hs256-signing!"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def webhook(path: str, method: str = "POST", version: float = 2, **params) -> dict:
    return node("Webhook", "webhook", {"path": path, "httpMethod": method, **params}, version,
                webhookId=path.replace("/", "-").replace(":", ""))


def respond(**params) -> dict:
    return node("Respond", "respondToWebhook", params, 1.1)


@pytest.fixture(scope="module")
def api(shared_server) -> Api:
    return Api(shared_server.url)


@pytest.fixture(scope="module")
def http(shared_server):
    with httpx.Client(base_url=shared_server.url, timeout=30, follow_redirects=False) as client:
        yield client


def test_respond_to_webhook_json_text_binary_redirect_code_headers(api, http):
    headers = {"entries": [{"name": "X-Order", "value": "={{ $json.body.order }}"}]}
    api.create(chain(webhook("r/json", responseMode="responseNode"),
                     respond(respondWith="json", responseBody='={"order": {{ $json.body.order }}, "ok": true}',
                             options={"responseCode": 201, "responseHeaders": headers}), name="json"), activate=True)
    api.create(chain(webhook("r/text", responseMode="responseNode"),
                     respond(respondWith="text", responseBody="=Hello {{ $json.body.name }}"), name="text"),
               activate=True)
    api.create(chain(webhook("r/binary", responseMode="responseNode", options={"binaryPropertyName": "upload"}),
                     respond(respondWith="binary", responseDataSource="set", inputFieldName="upload"),
                     name="binary"), activate=True)
    api.create(chain(webhook("r/redirect", "GET", responseMode="responseNode"),
                     respond(respondWith="redirect", redirectURL="=https://example.org/{{ $json.query.to }}"),
                     name="redirect"), activate=True)

    r = http.post("/webhook/r/json", json={"order": 7})
    assert (r.status_code, r.json(), r.headers["x-order"]) == (201, {"order": 7, "ok": True}, "7")
    assert r.headers["content-type"].startswith("application/json")
    r = http.post("/webhook/r/text", json={"name": "Ada"})
    assert (r.status_code, r.text) == (200, "Hello Ada") and r.headers["content-type"].startswith("text/plain")
    r = http.post("/webhook/r/binary", content=PNG, headers={"content-type": "image/png"})  # binary upload
    assert (r.status_code, r.content, r.headers["content-type"]) == (200, PNG, "image/png")
    r = http.get("/webhook/r/redirect", params={"to": "next"})
    assert (r.status_code, r.headers["location"]) == (307, "https://example.org/next")


def test_path_parameters_raw_body_and_methods(api, http):
    api.create(chain(webhook(":id/orders", "GET", responseMode="lastNode"),
                     set_node(id="={{ $json.params.id }}", q="={{ $json.query.q }}"), name="params"), activate=True)
    api.create(chain(webhook("raw", responseMode="lastNode", responseData="firstEntryBinary",
                             options={"rawBody": True}), name="raw"), activate=True)
    r = http.get("/webhook/4711/orders", params={"q": "open"})
    assert (r.status_code, r.json()) == (200, {"id": "4711", "q": "open"})
    body = b'{ "exact":  "bytes" ,"n": 1 }'
    r = http.post("/webhook/raw", content=body, headers={"content-type": "application/json"})
    assert (r.status_code, r.content) == (200, body)
    missing = http.post("/webhook/4711/orders")
    assert missing.status_code == 404 and "POST 4711/orders" in missing.json()["message"]


def test_header_basic_and_jwt_authentication(api, http):
    def credential(type_: str, data: dict) -> dict:
        r = api.client.post("/api/v1/credentials", json={"name": f"{type_} e2e", "type": type_, "data": data})
        assert r.status_code == 201, r.text
        return {type_: {"id": r.json()["data"]["id"], "name": f"{type_} e2e"}}

    cases = {
        "headerAuth": credential("httpHeaderAuth", {"name": "X-Api-Key", "value": "s3cret"}),
        "basicAuth": credential("httpBasicAuth", {"user": "ada", "password": "pw"}),
        "jwtAuth": credential("jwtAuth", {"keyType": "passphrase", "secret": SECRET, "algorithm": "HS256"}),
    }
    for auth, creds in cases.items():
        doc = chain(webhook(f"auth/{auth}", responseMode="lastNode", authentication=auth),
                    set_node(ok="yes"), name=f"auth {auth}")
        doc["nodes"][0]["credentials"] = creds
        api.create(doc, activate=True)
    token = jwt.encode({"sub": "42"}, SECRET, algorithm="HS256")
    good = {"headerAuth": {"x-api-key": "s3cret"},
            "basicAuth": {"authorization": "Basic " + base64.b64encode(b"ada:pw").decode()},
            "jwtAuth": {"authorization": f"Bearer {token}"}}
    bad = {"headerAuth": {"x-api-key": "nope"},
           "basicAuth": {"authorization": "Basic " + base64.b64encode(b"ada:no").decode()},
           "jwtAuth": {"authorization": "Bearer " + jwt.encode({"sub": "42"}, SECRET + "x", algorithm="HS256")}}
    for auth in cases:
        assert http.post(f"/webhook/auth/{auth}", json={}).status_code == 401, auth
        assert http.post(f"/webhook/auth/{auth}", json={}, headers=bad[auth]).status_code == 403, auth
        r = http.post(f"/webhook/auth/{auth}", json={}, headers=good[auth])
        assert (r.status_code, r.json()) == (200, {"ok": "yes"}), auth


def test_conflicting_path_is_rejected_at_activation(api, http):
    api.create(chain(webhook("taken/:id"), name="first owner"), activate=True)
    second = api.create(chain(webhook("taken/:other"), name="second"))
    r = api.client.post(f"/api/v1/workflows/{second}/activate")
    assert r.status_code in (400, 409, 422), r.text
    message = json.dumps(r.json())
    assert "taken/:other" in message and "already taken" in message and "first owner" in message
    assert api.client.get(f"/api/v1/workflows/{second}").json()["data"]["active"] is False
    assert http.post("/webhook/taken/1", json={}).status_code == 200  # the first keeps its URL


def test_test_url_listens_for_one_call(api, http):
    wf_id = api.create(chain(webhook("try-me", responseMode="lastNode"),
                             set_node(mode="={{ $json.executionMode }}"), name="listen"))
    assert http.post("/webhook-test/try-me", json={}).status_code == 404
    r = api.client.post(f"/api/v1/workflows/{wf_id}/listen")
    assert r.status_code == 200 and r.json()["data"]["urls"][0].endswith("/webhook-test/try-me")
    r = http.post("/webhook-test/try-me", json={})
    assert (r.status_code, r.json()) == (200, {"mode": "test"})
    assert http.post("/webhook-test/try-me", json={}).status_code == 404  # one call only
    assert http.post("/webhook/try-me", json={}).status_code == 404  # the workflow is not active
    [run] = api.executions(wf_id)
    assert run["mode"] == "manual"


def test_deactivate_and_delete_remove_registrations(api, http):
    off = api.create(chain(webhook("goes-off"), name="off"), activate=True)
    gone = api.create(chain(webhook("goes-away"), name="gone"), activate=True)
    assert http.post("/webhook/goes-off", json={}).status_code == 200
    assert http.post("/webhook/goes-away", json={}).status_code == 200
    api.client.post(f"/api/v1/workflows/{off}/deactivate").raise_for_status()
    api.client.delete(f"/api/v1/workflows/{gone}").raise_for_status()
    assert http.post("/webhook/goes-off", json={}).status_code == 404
    assert http.post("/webhook/goes-away", json={}).status_code == 404
    # their paths are free again
    api.create(chain(webhook("goes-off"), name="reuse off"), activate=True)
    api.create(chain(webhook("goes-away"), name="reuse gone"), activate=True)
