"""The authorisation matrix: a user without access gets 403/404 and never sees the data."""

from __future__ import annotations

import re
from typing import Any

AL, BOB, ADMIN = "alice@x.io", "bob@x.io", "admin@x.io"


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


def app_routes(app: Any) -> set[tuple[str, str]]:
    """Every (method, path) the app serves, read from the router (hidden routes included)."""
    from fastapi.routing import iter_route_contexts

    out = set()
    for rc in iter_route_contexts(app.routes):
        if rc.path.startswith(RUNTIME_OWNED):
            continue
        out |= {(m, rc.path) for m in (getattr(rc, "methods", None) or ()) if m != "HEAD"}
    return out


#: served by the runtime's routers (webhooks, live events, metrics): tested on their side
RUNTIME_OWNED = ("/webhook", "/api/v1/ws", "/api/v1/metrics")
PUBLIC = {("POST", "/api/v1/auth/register"), ("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/refresh"),
          ("GET", "/api/v1/health"), ("GET", "/api/v1/ready"), ("GET", "/api/v1/openapi.json"),
          ("GET", "/api/docs")}
#: act on the caller's own account, or create something the caller then owns
SELF = {("POST", "/api/v1/auth/logout"), ("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/password"),
        ("POST", "/api/v1/auth/2fa/setup"), ("POST", "/api/v1/auth/2fa/enable"),
        ("POST", "/api/v1/auth/2fa/disable"), ("POST", "/api/v1/workflows"), ("POST", "/api/v1/workflows/import"),
        ("POST", "/api/v1/credentials"), ("POST", "/api/v1/teams"), ("POST", "/api/v1/api-keys")}
#: instance-wide by design (catalogues, tags, variables, who is on the instance)
GLOBAL = {("GET", "/api/v1/nodes/types"), ("GET", "/api/v1/nodes/types/{type_name}"),
          ("GET", "/api/v1/credentials/types"), ("GET", "/api/v1/credentials/types/{type_name}"),
          ("GET", "/api/v1/tags"), ("POST", "/api/v1/tags"), ("PUT", "/api/v1/tags/{tag_id}"),
          ("GET", "/api/v1/variables"), ("GET", "/api/v1/variables/{variable_id}"), ("GET", "/api/v1/users")}
#: listings scoped to the caller: 200, without anything of alice's
LISTS = {("GET", "/api/v1/workflows"), ("GET", "/api/v1/executions"), ("GET", "/api/v1/credentials"),
         ("GET", "/api/v1/teams"), ("GET", "/api/v1/api-keys"), ("GET", "/api/v1/workflows/export")}
QUERY = {"/api/v1/shares": "?resource_type=workflow&resource_id={workflow_id}",
         "/api/v1/workflows/{workflow_id}/connections": "?source=Start&target=Set"}


BODIES: dict[str, Any] = {
    "/api/v1/workflows/{workflow_id}": {"name": "hijack"},
    "/api/v1/workflows/{workflow_id}/nodes": {"name": "N", "type": "n8n-nodes-base.noOp"},
    "/api/v1/workflows/{workflow_id}/nodes/{node_id}": {"name": "N2"},
    "/api/v1/workflows/{workflow_id}/connections": {"source": "Start", "target": "Set"},
    "/api/v1/credentials/{credential_id}": {"name": "hijack"},
    "/api/v1/teams/{team_id}": {"name": "hijack"},
    "/api/v1/teams/{team_id}/members": {"user_id": "{bob_id}", "role": "owner"},
    "/api/v1/teams/{team_id}/members/{user_id}": {"role": "viewer"},
    "/api/v1/users/{user_id}": {"role": "member"},
    "/api/v1/users": {"email": "new@x.io", "password": "password123"},
    "/api/v1/users/settings/signup": {"signup_mode": "invite"},
    "/api/v1/shares": {"resource_type": "workflow", "resource_id": "{workflow_id}", "principal_type": "user",
                       "principal_id": "{bob_id}", "role": "owner"},
    "/api/v1/executions/bulk-delete": {"ids": ["{execution_id}"]},
    "/api/v1/variables": {"key": "HIJACK", "value": "1"},
    "/api/v1/variables/{variable_id}": {"key": "HIJACK", "value": "1"},
}


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: ids.get(m.group(1), "x"), value)
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


def _request(method: str, path: str, ids: dict[str, str]) -> tuple[str, dict[str, Any]]:
    url = _fill(path + QUERY.get(path, ""), ids)
    kw: dict[str, Any] = {}
    if method in ("POST", "PUT", "PATCH"):
        kw["json"] = _fill(BODIES.get(path, {}), ids)
    return url, kw


def test_every_route_is_classified(tmp_path: Any) -> None:
    """A new route fails here until it is put in one of the sets (and so gets checked below)."""
    from wirework.api import create_app
    from wirework.settings import Settings

    app = create_app(Settings(data_dir=tmp_path))
    routes = app_routes(app)
    unguarded = {(m, p) for m, p in routes if "{" not in p} - PUBLIC - SELF - GLOBAL - LISTS - ADMIN_ONLY
    assert not unguarded, f"classify these routes in test_authorization.py: {sorted(unguarded)}"


ADMIN_ONLY = {("GET", "/api/v1/audit"), ("POST", "/api/v1/users"), ("PUT", "/api/v1/users/settings/signup"),
              ("POST", "/api/v1/variables"), ("POST", "/api/v1/executions/bulk-delete"),
              ("GET", "/api/v1/shares"), ("POST", "/api/v1/shares")}  # last three: 4xx for alice's ids


async def test_outsider_gets_403_or_404_everywhere(users: Any, simple_wf: dict[str, Any]) -> None:
    ids = await _alice_world(users, simple_wf)
    r = await users.call("POST", "/variables", ADMIN, json={"key": "SHARED", "value": "v"})
    ids |= {"variable_id": r.json()["data"]["id"], "bob_id": users.ids[BOB]}
    secrets = ["Alice private flow", "Alice secret cred", "Alice team"]  # ids echo back in 404s
    checked = 0
    for method, path in sorted(app_routes(users.app) - PUBLIC - SELF - GLOBAL):
        url, kw = _request(method, path, ids)
        r = await users.client.request(method, url, headers=users.auth(BOB), **kw)
        if (method, path) in LISTS:
            assert r.status_code == 200, (method, path, r.text)
            for key in ("workflow_id", "execution_id", "credential_id", "team_id", "key_id"):
                assert ids[key] not in r.text, (method, path, key)
        elif path == "/api/v1/executions/bulk-delete":
            assert r.json()["data"] == {"deleted": 0, "skipped": 1}, r.text
        else:
            assert r.status_code in (403, 404), (method, path, r.status_code, r.text)
            assert r.json()["success"] is False
        for s in secrets:
            assert s not in r.text, (method, path, s)
        checked += 1
    assert checked >= 50
    # and nothing changed: alice still has everything, unchanged
    r = await users.call("GET", f"/workflows/{ids['workflow_id']}", AL)
    assert r.json()["data"]["name"] == "Alice private flow" and r.json()["data"]["version"] == 1
    r = await users.call("GET", f"/credentials/{ids['credential_id']}", AL)
    assert r.json()["data"]["name"] == "Alice secret cred"
    r = await users.call("GET", f"/teams/{ids['team_id']}/members", AL)
    assert [m["user_id"] for m in r.json()["data"]] == [users.ids[AL]]
    r = await users.call("GET", f"/shares?resource_type=workflow&resource_id={ids['workflow_id']}", AL)
    assert [s["id"] for s in r.json()["data"]] == [ids["share_id"]]
    r = await users.call("GET", "/variables", AL)
    assert [v["key"] for v in r.json()["data"]] == ["SHARED"]
    r = await users.call("GET", f"/executions/{ids['execution_id']}", ADMIN)
    assert r.status_code == 200  # admins see everything


async def test_signed_out_callers_get_401_everywhere(api: Any) -> None:
    checked = 0
    for method, path in sorted(app_routes(api.app) - PUBLIC):
        url, kw = _request(method, path, {})
        r = await api.client.request(method, url, **kw)
        assert r.status_code == 401, (method, path, r.status_code, r.text)
        assert r.json()["error"]["code"] == "UNAUTHORIZED"
        checked += 1
    assert checked >= 70


#: routes any API key may call, whatever its scopes
ANY_KEY = {("GET", "/api/v1/auth/me"), ("POST", "/api/v1/auth/logout"), ("GET", "/api/v1/api-keys"),
           ("GET", "/api/v1/nodes/types"), ("GET", "/api/v1/nodes/types/{type_name}")}


async def test_api_key_scopes_cover_every_route(users: Any, simple_wf: dict[str, Any]) -> None:
    """An API key limited to reading tags is refused (403) by every route but those it may use."""
    ids = await _alice_world(users, simple_wf)
    r = await users.call("POST", "/api-keys", AL, json={"name": "tags only", "scopes": ["tag:read"]})
    key = {"X-API-Key": r.json()["data"]["key"]}
    for method, path in sorted(app_routes(users.app) - PUBLIC):
        url, kw = _request(method, path, ids)
        r = await users.client.request(method, url, headers=key, **kw)
        if (method, path) in ANY_KEY or (method, path) == ("GET", "/api/v1/tags"):
            assert r.status_code < 500 and r.status_code != 403, (method, path, r.text)
        else:
            assert r.status_code == 403, (method, path, r.status_code, r.text)
    r = await users.call("GET", f"/workflows/{ids['workflow_id']}", AL)
    assert r.json()["data"]["version"] == 1
    r = await users.call("GET", f"/shares?resource_type=workflow&resource_id={ids['workflow_id']}", AL)
    assert len(r.json()["data"]) == 1


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
