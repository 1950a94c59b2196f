from __future__ import annotations

from typing import Any

import pytest

from wirework.security import totp


async def test_first_user_is_admin_then_members(api: Any) -> None:
    first = await api.register("Admin@X.io", name="Ada")
    second = await api.register("m@x.io")
    assert first["user"]["role"] == "admin" and first["user"]["email"] == "admin@x.io"
    assert second["user"]["role"] == "member"
    assert first["token_type"] == "bearer" and first["expires_in"] == 900
    r = await api.call("GET", "/auth/me", "Admin@X.io")
    body = r.json()
    assert r.status_code == 200 and body["success"] is True and body["data"]["name"] == "Ada"
    assert set(body["meta"]) == {"timestamp", "request_id"} and r.headers["x-request-id"] == body["meta"]["request_id"]


async def test_login_refresh_rotation_and_reuse_detection(users: Any) -> None:
    r = await users.call("POST", "/auth/login", json={"email": "alice@x.io", "password": "password123"})
    assert r.status_code == 200
    first = r.json()["data"]
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": first["refresh_token"]})
    second = r.json()["data"]
    assert r.status_code == 200 and second["refresh_token"] != first["refresh_token"]
    # the rotated-away token comes back: the whole login is revoked
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 401 and "reuse" in r.json()["error"]["message"]
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert r.status_code == 401


async def test_logout_revokes_refresh_token(users: Any) -> None:
    r = await users.call("POST", "/auth/login", json={"email": "bob@x.io", "password": "password123"})
    tokens = r.json()["data"]
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    r = await users.call("POST", "/auth/logout", json={"refresh_token": tokens["refresh_token"]}, headers=headers)
    assert r.status_code == 200
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert r.status_code == 401


async def test_wrong_password_and_throttling(users: Any) -> None:
    for _ in range(10):
        r = await users.call("POST", "/auth/login", json={"email": "bob@x.io", "password": "nope-nope"})
        assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
    r = await users.call("POST", "/auth/login", json={"email": "bob@x.io", "password": "password123"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "RATE_LIMIT"
    assert int(r.headers["retry-after"]) > 0


async def test_bad_tokens_are_rejected(api: Any) -> None:
    r = await api.call("GET", "/workflows")
    assert r.status_code == 401 and r.json()["error"]["code"] == "UNAUTHORIZED"
    r = await api.call("GET", "/workflows", headers={"Authorization": "Bearer not.a.jwt"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "invalid access token"
    r = await api.call("GET", "/workflows", headers={"X-API-Key": "ww_nope"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "invalid API key"


async def test_invite_only_signup(users: Any) -> None:
    r = await users.call("PUT", "/users/settings/signup", "admin@x.io", json={"signup_mode": "invite"})
    assert r.status_code == 200
    r = await users.call("POST", "/auth/register", json={"email": "late@x.io", "password": "password123"})
    assert r.status_code == 403 and "invite-only" in r.json()["error"]["message"]
    r = await users.call("POST", "/users", "admin@x.io", json={"email": "late@x.io", "password": "password123"})
    assert r.status_code == 201 and r.json()["data"]["role"] == "member"
    r = await users.call("POST", "/users", "alice@x.io", json={"email": "x@x.io", "password": "password123"})
    assert r.status_code == 403


async def test_totp_second_factor(users: Any) -> None:
    r = await users.call("POST", "/auth/2fa/setup", "alice@x.io")
    secret = r.json()["data"]["secret"]
    r = await users.call("POST", "/auth/2fa/enable", "alice@x.io", json={"code": "000000"})
    assert r.status_code == 422
    r = await users.call("POST", "/auth/2fa/enable", "alice@x.io", json={"code": totp.current_code(secret)})
    assert r.status_code == 200 and r.json()["data"]["totp_enabled"] is True
    creds = {"email": "alice@x.io", "password": "password123"}
    r = await users.call("POST", "/auth/login", json=creds)
    assert r.status_code == 401 and r.json()["error"]["details"] == {"totp_required": True}
    r = await users.call("POST", "/auth/login", json={**creds, "totp_code": totp.current_code(secret)})
    assert r.status_code == 200


@pytest.mark.parametrize("body", [{"email": "bad", "password": "password123"},
                                  {"email": "a@b.io", "password": "short"},
                                  {"email": "a@b.io", "password": "password123", "extra": 1}])
async def test_register_validation(api: Any, body: dict[str, object]) -> None:
    r = await api.call("POST", "/auth/register", json=body)
    err = r.json()["error"]
    assert r.status_code == 422 and err["code"] == "VALIDATION_ERROR" and err["message"].startswith("body.")


async def test_api_keys_scopes_expiry_and_hashing(users: Any) -> None:
    r = await users.call("POST", "/api-keys", "alice@x.io", json={"name": "ci", "scopes": ["workflow:read"]})
    assert r.status_code == 201
    key = r.json()["data"]["key"]
    r = await users.call("GET", "/workflows", headers={"X-API-Key": key})
    assert r.status_code == 200
    r = await users.call("POST", "/workflows", headers={"X-API-Key": key}, json={"name": "x"})
    assert r.status_code == 403 and "workflow:write" in r.json()["error"]["message"]
    r = await users.call("POST", "/api-keys", headers={"X-API-Key": key}, json={"name": "nested"})
    assert r.status_code == 403
    r = await users.call("GET", "/api-keys", "alice@x.io")
    listed = r.json()["data"]
    assert len(listed) == 1 and "key" not in listed[0] and key.startswith(listed[0]["prefix"])
    r = await users.call("DELETE", f"/api-keys/{listed[0]['id']}", "alice@x.io")
    assert r.status_code == 200
    r = await users.call("GET", "/workflows", headers={"X-API-Key": key})
    assert r.status_code == 401


async def test_change_password_revokes_sessions(users: Any) -> None:
    r = await users.call("POST", "/auth/login", json={"email": "bob@x.io", "password": "password123"})
    refresh = r.json()["data"]["refresh_token"]
    r = await users.call("POST", "/auth/password", "bob@x.io",
                         json={"current_password": "wrong-one", "new_password": "brand-new-pass"})
    assert r.status_code == 422 and "current password" in r.json()["error"]["message"]
    r = await users.call("POST", "/auth/password", "bob@x.io",
                         json={"current_password": "password123", "new_password": "brand-new-pass"})
    assert r.status_code == 200
    assert (await users.call("POST", "/auth/refresh", json={"refresh_token": refresh})).status_code == 401
    r = await users.call("POST", "/auth/login", json={"email": "bob@x.io", "password": "brand-new-pass"})
    assert r.status_code == 200


async def test_expired_api_key_is_rejected(users: Any, db: Any) -> None:
    from sqlalchemy import text

    r = await users.call("POST", "/api-keys", "alice@x.io", json={"name": "short", "expires_in_days": 1})
    key = r.json()["data"]["key"]
    assert (await users.call("GET", "/workflows", headers={"X-API-Key": key})).status_code == 200
    async with db.session() as s:
        await s.execute(text("UPDATE api_keys SET expires_at = :t"), {"t": "2000-01-01 00:00:00"})
    r = await users.call("GET", "/workflows", headers={"X-API-Key": key})
    assert r.status_code == 401 and r.json()["error"]["message"] == "API key expired"


async def test_concurrent_first_sign_ups_make_exactly_one_admin(api: Any) -> None:
    import asyncio

    rs = await asyncio.gather(*(api.client.post(
        "/api/v1/auth/register", json={"email": f"u{i}@x.io", "password": "password123"}) for i in range(5)))
    assert [r.status_code for r in rs] == [201] * 5, [r.text for r in rs]
    roles = sorted(r.json()["data"]["user"]["role"] for r in rs)
    assert roles == ["admin", "member", "member", "member", "member"]
    r = await api.client.post("/api/v1/auth/register", json={"email": "late@x.io", "password": "password123"})
    assert r.json()["data"]["user"]["role"] == "member"


async def test_expired_refresh_token_is_rejected(users: Any, db: Any) -> None:
    from sqlalchemy import text

    r = await users.call("POST", "/auth/login", json={"email": "alice@x.io", "password": "password123"})
    refresh = r.json()["data"]["refresh_token"]
    async with db.session() as s:
        await s.execute(text("UPDATE refresh_tokens SET expires_at = :t"), {"t": "2000-01-01 00:00:00"})
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": refresh})
    assert r.status_code == 401 and r.json()["error"]["message"] == "refresh token expired"
    r = await users.call("POST", "/auth/refresh", json={"refresh_token": "made-up"})
    assert r.status_code == 401 and r.json()["error"]["message"] == "unknown refresh token"
