"""The authorisation matrix: a user without access gets 403/404 and never sees the data."""

from __future__ import annotations

import re
from typing import Any

AL, BOB, ADMIN = "alice@x.io", "bob@x.io", "admin@x.io"
GLOBAL = ("/api/v1/tags", "/api/v1/variables", "/api/v1/nodes", "/api/v1/credentials/types",
          "/api/v1/auth", "/api/v1/api-keys")  # instance-wide or per-caller by design


async def _alice_world(api: Any, wf_doc: dict[str, Any]) -> dict[str, str]:
    r = await api.call("POST", "/workflows", AL, json={**wf_doc, "name": "Alice private flow"})
    wf = r.json()["data"]
    r = await api.call("POST", f"/workflows/{wf['id']}/execute?wait=true", AL)
    ex = r.json()["data"]
    r = await api.call("POST", "/credentials", AL, json={
        "name": "Alice secret cred", "type": "httpHeaderAuth", "data": {"name": "X", "value": "zzz"}})
    cred = r.json()["data"]
    r = await api.call("POST", "/teams", AL, json={"name": "Alice team"})
    team = r.json()["data"]
    r = await api.call("POST", "/shares", AL, json={"resource_type": "workflow", "resource_id": wf["id"],
                                                    "principal_type": "team", "principal_id": team["id"]})
    share = r.json()["data"]
    r = await api.call("POST", "/api-keys", AL, json={"name": "k"})
    key = r.json()["data"]
    return {"workflow_id": wf["id"], "execution_id": ex["id"], "credential_id": cred["id"],
            "team_id": team["id"], "share_id": share["id"], "key_id": key["id"], "node_id": "Start",
            "version": "1", "user_id": api.ids[AL]}


def _routes(app: Any) -> list[tuple[str, str]]:
    out = []
    for path, ops in app.openapi()["paths"].items():
        if not path.startswith("/api/v1") or path.startswith(GLOBAL):
            continue
        if "{" not in path and path not in ("/api/v1/workflows", "/api/v1/executions",
                                             "/api/v1/credentials", "/api/v1/teams", "/api/v1/audit"):
            continue
        out.extend((method.upper(), path) for method in ops if method != "post" or "{" in path)
    return sorted(out)


BODIES: dict[str, Any] = {
    "/api/v1/workflows/{workflow_id}": {"name": "hijack"},
    "/api/v1/workflows/{workflow_id}/nodes": {"name": "N", "type": "n8n-nodes-base.noOp"},
    "/api/v1/workflows/{workflow_id}/nodes/{node_id}": {"name": "N2"},
    "/api/v1/workflows/{workflow_id}/connections": {"source": "Start", "target": "Set"},
    "/api/v1/credentials/{credential_id}": {"name": "hijack"},
    "/api/v1/teams/{team_id}": {"name": "hijack"},
    "/api/v1/teams/{team_id}/members": {"user_id": "x", "role": "viewer"},
    "/api/v1/teams/{team_id}/members/{user_id}": {"role": "viewer"},
    "/api/v1/users/{user_id}": {"role": "member"},
}


async def test_outsider_gets_403_or_404_everywhere(users: Any, simple_wf: dict[str, Any]) -> None:
    ids = await _alice_world(users, simple_wf)
    secrets = ["Alice private flow", "Alice secret cred", "Alice team"]  # ids echo back in 404s
    checked = 0
    for method, path in _routes(users.app):
        url = re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), path)
        kw: dict[str, Any] = {}
        if method in ("POST", "PUT", "PATCH"):
            kw["json"] = BODIES.get(path, {})
        if path.endswith("/connections") and method == "DELETE":
            url += "?source=Start&target=Set"
        r = await users.client.request(method, url, headers=users.auth(BOB), **kw)
        listing = method == "GET" and "{" not in path and path != "/api/v1/audit"
        if listing:
            assert r.status_code == 200, (method, path, r.text)
        else:
            assert r.status_code in (403, 404), (method, path, r.status_code, r.text)
            assert r.json()["success"] is False
        for s in secrets:
            assert s not in r.text, (method, path, s)
        checked += 1
    assert checked >= 40
    # and nothing changed: alice still sees her workflow unchanged, the share still exists
    r = await users.call("GET", f"/workflows/{ids['workflow_id']}", AL)
    assert r.json()["data"]["name"] == "Alice private flow" and r.json()["data"]["version"] == 1
    r = await users.call("GET", f"/executions/{ids['execution_id']}", ADMIN)
    assert r.status_code == 200  # admins see everything


async def test_share_roles_viewer_editor_owner(users: Any, simple_wf: dict[str, Any]) -> None:
    ids = await _alice_world(users, simple_wf)
    wf = f"/workflows/{ids['workflow_id']}"
    r = await users.call("POST", "/shares", BOB, json={"resource_type": "workflow", "resource_id": ids["workflow_id"],
                                                       "principal_type": "user", "principal_id": users.ids[BOB]})
    assert r.status_code == 404  # bob can't share himself in
    r = await users.call("POST", "/shares", AL, json={"resource_type": "workflow", "resource_id": ids["workflow_id"],
                                                      "principal_type": "user", "principal_id": users.ids[BOB]})
    share_id = r.json()["data"]["id"]
    assert (await users.call("GET", wf, BOB)).json()["data"]["role"] == "viewer"
    assert (await users.call("PUT", wf, BOB, json={"name": "x"})).status_code == 403
    assert (await users.call("POST", f"{wf}/execute", BOB)).status_code == 403
    r = await users.call("GET", f"/executions/{ids['execution_id']}", BOB)
    assert r.status_code == 200
    await users.call("POST", "/shares", AL, json={"resource_type": "workflow", "resource_id": ids["workflow_id"],
                                                  "principal_type": "user", "principal_id": users.ids[BOB],
                                                  "role": "editor"})
    assert (await users.call("PUT", wf, BOB, json={"name": "edited"})).status_code == 200
    assert (await users.call("DELETE", wf, BOB)).status_code == 403
    assert (await users.call("POST", "/shares", BOB, json={
        "resource_type": "workflow", "resource_id": ids["workflow_id"], "principal_type": "user",
        "principal_id": users.ids[ADMIN]})).status_code == 403
    r = await users.call("GET", "/workflows", BOB)
    assert [w["name"] for w in r.json()["data"]] == ["edited"]
    assert (await users.call("DELETE", f"/shares/{share_id}", AL)).status_code == 200
    assert (await users.call("GET", wf, BOB)).status_code == 404


async def test_team_membership_grants_access(users: Any, simple_wf: dict[str, Any]) -> None:
    ids = await _alice_world(users, simple_wf)  # the workflow is shared (viewer) with alice's team
    assert (await users.call("GET", f"/workflows/{ids['workflow_id']}", BOB)).status_code == 404
    r = await users.call("POST", f"/teams/{ids['team_id']}/members", AL, json={"user_id": users.ids[BOB]})
    assert r.status_code == 201
    assert (await users.call("GET", f"/workflows/{ids['workflow_id']}", BOB)).status_code == 200
    assert (await users.call("POST", f"/teams/{ids['team_id']}/members", BOB,
                             json={"user_id": users.ids[ADMIN]})).status_code == 403
    r = await users.call("PUT", f"/teams/{ids['team_id']}/members/{users.ids[AL]}", AL, json={"role": "viewer"})
    assert r.status_code == 409  # the last owner stays
    assert (await users.call("DELETE", f"/teams/{ids['team_id']}/members/{users.ids[BOB]}", BOB)).status_code == 200
    assert (await users.call("GET", f"/workflows/{ids['workflow_id']}", BOB)).status_code == 404


async def test_admin_only_endpoints_and_audit(users: Any) -> None:
    assert (await users.call("GET", "/audit", AL)).status_code == 403
    assert (await users.call("POST", "/variables", AL, json={"key": "A", "value": "1"})).status_code == 403
    r = await users.call("PATCH", f"/users/{users.ids[BOB]}", ADMIN, json={"role": "admin"})
    assert r.status_code == 200 and r.json()["data"]["role"] == "admin"
    r = await users.call("GET", "/audit?action=user.role_changed", ADMIN)
    entries = r.json()["data"]
    assert len(entries) == 1 and entries[0]["resource_id"] == users.ids[BOB]
    r = await users.call("PATCH", f"/users/{users.ids[BOB]}", ADMIN, json={"is_active": False})
    assert (await users.call("GET", "/workflows", BOB)).status_code == 401
    r = await users.call("GET", "/audit?action=user.registered", ADMIN)
    assert r.json()["pagination"]["total"] == 3
