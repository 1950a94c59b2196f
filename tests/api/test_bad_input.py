"""Bad input of every kind comes back as a 4xx envelope whose message says what is wrong."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from wirework.api import create_app

AL = "alice@x.io"
JSON = {"content-type": "application/json"}


def _error(r: httpx.Response, status: int) -> dict[str, Any]:
    body = r.json()
    assert r.status_code == status, (r.status_code, r.text)
    assert body["success"] is False and set(body) == {"success", "error", "meta"}
    assert set(body["error"]) == {"code", "message", "details"} and body["meta"]["request_id"]
    return dict(body["error"])


async def test_bodies_that_are_not_json_objects(users: Any, simple_wf: dict[str, Any]) -> None:
    r = await users.call("POST", "/workflows", AL, content=json.dumps(simple_wf), headers={"content-type": "text/plain"})
    assert _error(r, 415)["message"] == (
        "the request body must be JSON (Content-Type: application/json), got 'text/plain'")
    for raw in (b"[]", b"null", b"42"):
        r = await users.call("POST", "/workflows", AL, content=raw, headers=JSON)
        assert _error(r, 422)["message"] == "body: must be a JSON object", raw
    r = await users.call("POST", "/workflows", AL)
    assert _error(r, 422)["message"] == "body: a JSON object is required"
    r = await users.call("POST", "/workflows", AL, content=b"\xff\xfe{", headers=JSON)
    assert _error(r, 400)["message"] == "malformed JSON body: not valid UTF-8"
    r = await users.call("POST", "/workflows", AL, content=b"[" * 50_000 + b"]" * 50_000, headers=JSON)
    assert _error(r, 400)["message"].startswith("malformed JSON body")
    r = await users.call("POST", "/workflows", AL, content=b'{"name": "x",}', headers=JSON)
    assert _error(r, 400)["message"].startswith("malformed JSON body: ")


@pytest.mark.parametrize(("patch", "message"), [
    ({"nodes": "abc"}, "body.nodes: Input should be a valid list"),
    ({"settings": []}, "body.settings: Input should be a valid dictionary"),
    ({"name": ""}, "body.name: String should have at least 1 character"),
    ({"connections": {"Start": {"main": [[{"node": "Ghost", "type": "main", "index": 0}]]}}},
     "connections: 'Start' output 0 points to unknown node 'Ghost'"),
])
async def test_wrong_shapes_name_the_field(users: Any, simple_wf: dict[str, Any], patch: dict[str, Any],
                                           message: str) -> None:
    r = await users.call("POST", "/workflows", AL, json={**simple_wf, **patch})
    assert _error(r, 422)["message"] == message


async def test_import_names_the_bad_workflow(users: Any, simple_wf: dict[str, Any]) -> None:
    r = await users.call("POST", "/workflows/import", AL, json=[simple_wf, 1])
    err = _error(r, 422)
    assert err["code"] == "WORKFLOW_INVALID" and err["message"] == "workflows[1] must be an object"
    unknown = {**simple_wf, "nodes": [*simple_wf["nodes"][:2], {**simple_wf["nodes"][2], "type": "acme.thing"}]}
    r = await users.call("POST", "/workflows/import", AL, json={"workflows": [simple_wf, simple_wf, unknown]})
    err = _error(r, 422)
    assert err["code"] == "WORKFLOW_INVALID"
    assert err["message"] == "workflows[2]: node 'Done': Unrecognized node type: 'acme.thing'"
    assert err["details"]["type"] == "acme.thing"
    r = await users.call("POST", "/workflows/import", AL, json={"workflows": []})
    assert _error(r, 422)["message"].startswith("nothing to import")
    assert (await users.call("GET", "/workflows", AL)).json()["pagination"]["total"] == 0


async def test_oversize_bodies_on_every_kind_of_route(settings_factory: Any, simple_wf: dict[str, Any]) -> None:
    app = create_app(settings_factory(max_body_bytes=4096))
    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        r = await client.post("/api/v1/auth/register", json={"email": "o@x.io", "password": "password123"})
        auth = {"Authorization": f"Bearer {r.json()['data']['access_token']}"}
        big = {**simple_wf, "pinData": {"Start": [{"json": {"blob": "x" * 5000}}]}}
        for method, path in (("POST", "/api/v1/workflows"), ("POST", "/api/v1/workflows/import"),
                             ("PUT", "/api/v1/workflows/any"), ("POST", "/api/v1/nope")):
            r = await client.request(method, path, json=big, headers=auth)
            err = _error(r, 413)
            assert err["message"] == "request body is larger than the limit of 4096 bytes"
            assert err["details"] == {"limit": 4096}
        r = await client.post("/api/v1/workflows", json=simple_wf, headers=auth)
        assert r.status_code == 201  # under the limit: fine


async def test_unknown_routes_and_methods(api: Any) -> None:
    for method in ("GET", "POST", "DELETE"):
        r = await api.client.request(method, "/api/v1/nowhere/at/all")
        assert _error(r, 404)["message"] == f"no route for {method} /api/v1/nowhere/at/all"
    err = _error(await api.client.delete("/api/v1/health"), 405)
    assert err["code"] == "VALIDATION_ERROR" and err["message"] == "method DELETE is not allowed on /api/v1/health; use GET"
