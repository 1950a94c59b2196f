from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import text

from wirework.security import MASK

AL, BOB = "alice@x.io", "bob@x.io"
SECRET = "s3cr3t-Pa55word-xyz"


async def test_secrets_never_stored_or_returned_in_plaintext(users: Any, db: Any, tmp_path: Path) -> None:
    r = await users.call("POST", "/credentials", AL, json={
        "name": "api", "type": "httpBasicAuth", "data": {"user": "ada", "password": SECRET}})
    assert r.status_code == 201
    cred = r.json()["data"]
    assert cred["data"] == {"user": "ada", "password": MASK}
    r = await users.call("GET", f"/credentials/{cred['id']}", AL)
    assert SECRET not in r.text and r.json()["data"]["data"]["password"] == MASK
    r = await users.call("GET", "/credentials", AL)
    assert SECRET not in r.text and r.json()["pagination"]["total"] == 1
    async with db.session() as s:
        raw = (await s.execute(text("SELECT data FROM credentials"))).scalar_one()
    assert SECRET.encode() not in bytes(raw) and bytes(raw).startswith(b"v1:")
    if db.dialect == "sqlite":
        files = [p for p in tmp_path.rglob("wirework.db*") if p.is_file()]
        assert files and all(SECRET.encode() not in p.read_bytes() for p in files)


async def test_update_keeps_masked_fields(users: Any, db: Any) -> None:
    r = await users.call("POST", "/credentials", AL, json={
        "name": "api", "type": "httpHeaderAuth", "data": {"name": "X-Token", "value": SECRET}})
    cid = r.json()["data"]["id"]
    r = await users.call("PUT", f"/credentials/{cid}", AL, json={
        "name": "renamed", "data": {"name": "X-Other", "value": MASK}})
    assert r.status_code == 200 and r.json()["data"]["data"] == {"name": "X-Other", "value": MASK}
    ctx = users.app.state.ctx
    async with db.session() as s:
        raw = (await s.execute(text("SELECT data FROM credentials"))).scalar_one()
    assert ctx.cipher.decrypt_json(bytes(raw), aad=cid) == {"name": "X-Other", "value": SECRET}


async def test_types_validation_and_test(users: Any, redis_url: str) -> None:
    r = await users.call("GET", "/credentials/types", AL)
    names = {t["name"] for t in r.json()["data"]}
    assert {"httpBasicAuth", "httpHeaderAuth", "jwtAuth", "postgres", "redis"} <= names
    r = await users.call("POST", "/credentials", AL, json={"name": "x", "type": "nope", "data": {}})
    assert r.status_code == 422 and "unknown credential type 'nope'" in r.json()["error"]["message"]
    r = await users.call("POST", "/credentials", AL, json={"name": "x", "type": "redis",
                                                           "data": {"host": "", "port": "abc"}})
    assert r.status_code == 422 and r.json()["error"]["message"] == "redis: 'host' is required"
    u = urlparse(redis_url)
    r = await users.call("POST", "/credentials", AL, json={
        "name": "cache", "type": "redis", "data": {"host": u.hostname, "port": u.port}})
    cid = r.json()["data"]["id"]
    r = await users.call("POST", f"/credentials/{cid}/test", AL)
    assert r.json()["data"]["status"] == "ok" and r.json()["data"]["tested"] is True
    r = await users.call("PUT", f"/credentials/{cid}", AL, json={"data": {"host": "127.0.0.1", "port": 1}})
    r = await users.call("POST", f"/credentials/{cid}/test", AL)
    assert r.json()["data"]["status"] == "error" and "ConnectionError" in r.json()["data"]["message"]


async def test_nodes_get_credentials_through_the_runtime(users: Any) -> None:
    resolver = users.app.state.runtime.credentials
    r = await users.call("POST", "/credentials", AL, json={
        "name": "basic", "type": "httpBasicAuth", "data": {"user": "u", "password": SECRET}})
    cid = r.json()["data"]["id"]

    class N:
        name = "HTTP"
        credentials = {"httpBasicAuth": {"id": cid, "name": "basic"}}

    data = await resolver(workflow_id=None, node=N(), credential_type="httpBasicAuth", item_index=0)
    assert data == {"user": "u", "password": SECRET}


async def test_a_workflow_cannot_use_someone_elses_credential(users: Any, simple_wf: dict[str, Any]) -> None:
    r = await users.call("POST", "/credentials", AL, json={
        "name": "alice jwt", "type": "jwtAuth", "data": {"keyType": "passphrase", "secret": SECRET * 2}})
    cid = r.json()["data"]["id"]
    sign = {"id": "j", "name": "Sign", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1.1,
            "position": [200, 0], "credentials": {"jwtAuth": {"id": cid, "name": "alice jwt"}},
            "parameters": {"respondWith": "jwt"}}
    wf = {"name": "bob's", "nodes": [simple_wf["nodes"][0], sign],
          "connections": {"Start": {"main": [[{"node": "Sign", "type": "main", "index": 0}]]}}}
    r = await users.call("POST", "/workflows", BOB, json=wf)
    assert r.status_code == 201, r.text
    wid = r.json()["data"]["id"]
    r = await users.call("POST", f"/workflows/{wid}/execute?wait=true", BOB)
    data = r.json()["data"]
    assert data["status"] == "error" and "not shared with the owner" in str(data["error"]), data
    assert SECRET not in r.text
    await users.call("POST", "/shares", AL, json={"resource_type": "credential", "resource_id": cid,
                                                  "principal_type": "user", "principal_id": users.ids[BOB]})
    r = await users.call("POST", f"/workflows/{wid}/execute?wait=true", BOB)
    assert r.json()["data"]["status"] == "success", r.text  # shared with bob: his workflow may use it
