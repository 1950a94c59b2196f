"""Security behaviour seen through the API: HSTS behind TLS, per-user limits, the audit trail,
2FA off again, the encryption key from the environment, argon2id hashes at rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import text

from wirework.api import create_app
from wirework.security import CredentialCipher, DecryptionError, InstanceKeys, totp

A, AL, BOB = "admin@x.io", "alice@x.io", "bob@x.io"


async def test_hsts_only_behind_tls() -> None:
    from starlette.responses import PlainTextResponse

    from wirework.api.middleware import PlatformMiddleware

    async def hello(scope: Any, receive: Any, send: Any) -> None:
        await PlainTextResponse("hi")(scope, receive, send)

    for trust, headers, base, expect in (
        (False, {}, "https://t", True),  # TLS terminated by uvicorn itself
        (False, {"X-Forwarded-Proto": "https"}, "http://t", False),  # untrusted proxy header
        (True, {"X-Forwarded-Proto": "https"}, "http://t", True),  # trusted proxy terminates TLS
        (True, {}, "http://t", False),
    ):
        app = PlatformMiddleware(hello, max_body=100, per_ip_minute=0, trust_proxy=trust)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base) as client:
            r = await client.get("/api/v1/health", headers=headers)
        assert ("strict-transport-security" in r.headers) is expect, (trust, headers, base)
        assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in r.headers["content-security-policy"]


async def test_rate_limit_per_user_across_addresses(settings_factory: Any) -> None:
    app = create_app(settings_factory(rate_limit_per_user_minute=3, rate_limit_per_minute=1000))
    async with LifespanManager(app) as m:
        def client(ip: str) -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=m.app, client=(ip, 1)), base_url="http://t")

        async with client("10.0.0.1") as c:
            r = await c.post("/api/v1/auth/register", json={"email": "u@x.io", "password": "password123"})
            auth = {"Authorization": f"Bearer {r.json()['data']['access_token']}"}
            r = await c.post("/api/v1/auth/register", json={"email": "v@x.io", "password": "password123"})
            other = {"Authorization": f"Bearer {r.json()['data']['access_token']}"}
        codes = []
        for ip in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"):  # a new address does not reset it
            async with client(ip) as c:
                r = await c.get("/api/v1/workflows", headers=auth)
                codes.append(r.status_code)
        assert codes == [200, 200, 200, 429]
        assert r.json()["error"]["code"] == "RATE_LIMIT" and "user" in r.json()["error"]["message"]
        assert int(r.headers["retry-after"]) >= 1
        async with client("10.0.0.4") as c:  # other users keep their own budget
            assert (await c.get("/api/v1/workflows", headers=other)).status_code == 200


async def test_audit_trail_of_sensitive_actions(users: Any, simple_wf: dict[str, Any]) -> None:
    await users.call("POST", "/auth/login", json={"email": AL, "password": "password123"})
    await users.call("POST", "/auth/login", json={"email": AL, "password": "wrong-password"})
    r = await users.call("POST", "/credentials", AL, json={
        "name": "c", "type": "httpHeaderAuth", "data": {"name": "X", "value": "secret"}})
    cid = r.json()["data"]["id"]
    await users.call("GET", f"/credentials/{cid}", AL)
    r = await users.call("POST", "/shares", AL, json={"resource_type": "credential", "resource_id": cid,
                                                      "principal_type": "user", "principal_id": users.ids[BOB]})
    await users.call("DELETE", f"/shares/{r.json()['data']['id']}", AL)
    wf = (await users.call("POST", "/workflows", AL, json=simple_wf)).json()["data"]["id"]
    await users.call("DELETE", f"/workflows/{wf}", AL)
    await users.call("DELETE", f"/credentials/{cid}", AL)
    await users.call("PATCH", f"/users/{users.ids[BOB]}", A, json={"role": "admin"})
    r = await users.call("GET", "/audit?limit=200", A)
    entries = r.json()["data"]
    got = {(e["action"], e["actor_id"]) for e in entries}
    alice = users.ids[AL]
    for action in ("auth.login", "auth.login_failed", "credential.created", "credential.accessed",
                   "share.created", "share.deleted", "workflow.deleted", "credential.deleted"):
        assert (action, alice) in got, action
    assert ("user.role_changed", users.ids[A]) in got
    login = next(e for e in entries if e["action"] == "auth.login")
    assert login["ip"] and login["resource_id"] == alice
    assert "secret" not in r.text  # the trail never holds a credential's values
    r = await users.call("GET", f"/audit?action=credential.accessed&actor_id={alice}", A)
    assert r.json()["pagination"]["total"] == 1 and r.json()["data"][0]["resource_id"] == cid


async def test_second_factor_can_be_turned_off_again(users: Any) -> None:
    secret = (await users.call("POST", "/auth/2fa/setup", AL)).json()["data"]["secret"]
    await users.call("POST", "/auth/2fa/enable", AL, json={"code": totp.current_code(secret)})
    r = await users.call("POST", "/auth/2fa/setup", AL)
    assert r.status_code == 409
    r = await users.call("POST", "/auth/2fa/disable", AL, json={"code": "123"})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("body.code")
    r = await users.call("POST", "/auth/2fa/disable", AL, json={"code": "000000" if totp.current_code(
        secret) != "000000" else "111111"})
    assert r.status_code == 422 and r.json()["error"]["message"] == "wrong TOTP code"
    r = await users.call("POST", "/auth/2fa/disable", AL, json={"code": totp.current_code(secret)})
    assert r.status_code == 200 and r.json()["data"]["totp_enabled"] is False
    r = await users.call("POST", "/auth/login", json={"email": AL, "password": "password123"})
    assert r.status_code == 200  # no code asked any more
    key = (await users.call("POST", "/api-keys", AL, json={"name": "k"})).json()["data"]["key"]
    r = await users.call("POST", "/auth/2fa/setup", headers={"X-API-Key": key})
    assert r.status_code == 403 and "sign in with a password" in r.json()["error"]["message"]


async def test_encryption_key_from_the_environment(settings_factory: Any, db: Any, tmp_path: Path) -> None:
    app = create_app(settings_factory(encryption_key="my-env-key-123"))
    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        r = await client.post("/api/v1/auth/register", json={"email": "k@x.io", "password": "password123"})
        auth = {"Authorization": f"Bearer {r.json()['data']['access_token']}"}
        r = await client.post("/api/v1/credentials", headers=auth, json={
            "name": "c", "type": "httpBasicAuth", "data": {"user": "u", "password": "pw-in-env"}})
        cid = r.json()["data"]["id"]
        r = await client.post("/api/v1/api-keys", headers=auth, json={"name": "ci"})
        api_key = r.json()["data"]["key"]
        refresh = (await client.post("/api/v1/auth/login", json={
            "email": "k@x.io", "password": "password123"})).json()["data"]["refresh_token"]
    assert not (tmp_path / "data" / "encryption.key").exists()  # nothing generated on disk
    async with db.session() as s:
        keys = [str(v) for v in (await s.execute(text("SELECT * FROM api_keys"))).one()]
        tokens = [str(v) for row in (await s.execute(text("SELECT * FROM refresh_tokens"))).all() for v in row]
    assert not any(api_key in v for v in keys) and not any(refresh in v for v in tokens)  # hashes only
    async with db.session() as s:
        raw = bytes((await s.execute(text("SELECT data FROM credentials"))).scalar_one())
        hashed = (await s.execute(text("SELECT password_hash FROM users"))).scalar_one()
    assert CredentialCipher(InstanceKeys.from_spec("my-env-key-123")).decrypt_json(raw, aad=cid) == {
        "user": "u", "password": "pw-in-env"}
    try:
        CredentialCipher(InstanceKeys.from_spec("another-key")).decrypt_json(raw, aad=cid)
        raise AssertionError("decrypted with the wrong key")
    except DecryptionError:
        pass
    assert hashed.startswith("$argon2id$") and "password123" not in hashed


async def test_api_key_scopes_for_testing_and_sharing_credentials(users: Any) -> None:
    r = await users.call("POST", "/credentials", AL, json={
        "name": "c", "type": "httpHeaderAuth", "data": {"name": "X", "value": "v"}})
    cid = r.json()["data"]["id"]

    async def key(*scopes: str) -> dict[str, str]:
        r = await users.call("POST", "/api-keys", AL, json={"name": "k", "scopes": list(scopes)})
        return {"X-API-Key": r.json()["data"]["key"]}

    writer, reader = await key("credential:write"), await key("credential:read", "workflow:write")
    assert (await users.call("POST", f"/credentials/{cid}/test", headers=writer)).status_code == 200
    assert (await users.call("POST", f"/credentials/{cid}/test", headers=reader)).status_code == 403
    share = {"resource_type": "credential", "resource_id": cid, "principal_type": "user",
             "principal_id": users.ids[BOB]}
    r = await users.call("POST", "/shares", headers=reader, json=share)
    assert r.status_code == 403 and "credential:write" in r.json()["error"]["message"]
    assert (await users.call("POST", "/shares", headers=writer, json=share)).status_code == 201
