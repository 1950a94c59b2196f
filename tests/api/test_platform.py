"""Envelope, health, node types, security headers, limits, variables and tags."""

from __future__ import annotations

from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from wirework.api import create_app

A, AL = "admin@x.io", "alice@x.io"


async def test_health_ready_and_openapi(api: Any) -> None:
    r = await api.call("GET", "/health")
    assert r.status_code == 200 and r.json()["data"]["status"] == "ok"
    r = await api.call("GET", "/ready")
    assert r.status_code == 200 and r.json()["data"]["checks"] == {"database": "ok", "runtime": "ok"}
    spec = (await api.client.get("/api/v1/openapi.json")).json()
    ops = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"workflows-list", "workflows-execute", "auth-login", "executions-retry"} <= ops
    assert all(re.match(r"^[a-z-]+-[a-z-]+$", o) for o in ops)
    r = await api.client.get("/api/docs")
    assert r.status_code == 200 and "swagger" in r.text.lower()


import re  # noqa: E402


async def test_security_headers_and_request_ids(api: Any) -> None:
    r = await api.call("GET", "/health", headers={"X-Request-ID": "abc-123"})
    assert r.headers["x-request-id"] == "abc-123" and r.json()["meta"]["request_id"] == "abc-123"
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert "strict-transport-security" not in r.headers
    r = await api.call("GET", "/health", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"])


async def test_unknown_route_and_method_use_the_envelope(api: Any) -> None:
    r = await api.call("GET", "/nope")
    body = r.json()
    assert r.status_code == 404 and body == {"success": False, "error": {
        "code": "NOT_FOUND", "message": "no route for GET /api/v1/nope", "details": None}, "meta": body["meta"]}
    r = await api.call("PATCH", "/health")
    assert r.status_code == 405 and r.json()["success"] is False


async def test_body_size_limit(settings_factory: Any) -> None:
    app = create_app(settings_factory(max_body_bytes=1000))
    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        r = await client.post("/api/v1/auth/login", json={"email": "a@b.io", "password": "x" * 2000})
        assert r.status_code == 413 and r.json()["error"]["code"] == "VALIDATION_ERROR"
        assert "1000 bytes" in r.json()["error"]["message"]

        async def chunks():  # no Content-Length: counted while streaming
            for _ in range(5):
                yield b"x" * 400

        r = await client.post("/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


async def test_rate_limit_per_ip(settings_factory: Any) -> None:
    app = create_app(settings_factory(rate_limit_per_minute=3))
    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        codes = [(await client.get("/api/v1/nodes/types")).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        r = await client.get("/api/v1/nodes/types")
        assert r.json()["error"]["code"] == "RATE_LIMIT" and int(r.headers["retry-after"]) >= 1
        assert (await client.get("/api/v1/health")).status_code == 200  # probes are exempt
        codes = [(await client.post("/webhook/nothing-here", json={})).status_code for _ in range(5)]
        assert 429 not in codes  # webhook callers (one busy sender) are not held to the API budget


async def test_cors_allow_list(settings_factory: Any) -> None:
    app = create_app(settings_factory(cors_origins=["https://editor.example"]))
    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        pre = {"Origin": "https://editor.example", "Access-Control-Request-Method": "GET"}
        r = await client.options("/api/v1/workflows", headers=pre)
        assert r.headers["access-control-allow-origin"] == "https://editor.example"
        r = await client.options("/api/v1/workflows", headers={**pre, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers


async def test_node_types_for_the_editor(users: Any) -> None:
    r = await users.call("GET", "/nodes/types", AL)
    types = {d["name"]: d for d in r.json()["data"]}
    assert {"n8n-nodes-base.set", "n8n-nodes-base.manualTrigger", "n8n-nodes-base.webhook"} <= set(types)
    assert types["n8n-nodes-base.set"]["properties"]
    r = await users.call("GET", "/nodes/types/n8n-nodes-base.if", AL)
    assert r.status_code == 200 and r.json()["data"][0]["name"] == "n8n-nodes-base.if"
    assert (await users.call("GET", "/nodes/types/n8n-nodes-base.nope", AL)).status_code == 404


async def test_variables_and_tags(users: Any, simple_wf: dict[str, Any]) -> None:
    r = await users.call("POST", "/variables", A, json={"key": "API_BASE", "value": "https://x"})
    assert r.status_code == 201
    vid = r.json()["data"]["id"]
    assert (await users.call("POST", "/variables", A, json={"key": "API_BASE"})).status_code == 409
    assert (await users.call("POST", "/variables", A, json={"key": "1bad"})).status_code == 422
    r = await users.call("GET", "/variables", AL)
    assert [v["key"] for v in r.json()["data"]] == ["API_BASE"]
    r = await users.call("PUT", f"/variables/{vid}", A, json={"key": "API_BASE", "value": "https://y"})
    assert r.json()["data"]["value"] == "https://y"
    assert (await users.call("DELETE", f"/variables/{vid}", A)).status_code == 200
    await users.call("POST", "/workflows", AL, json={**simple_wf, "tags": ["ops"]})
    r = await users.call("GET", "/tags", AL)
    assert [(t["name"], t["usage_count"]) for t in r.json()["data"]] == [("ops", 1)]
    r = await users.call("POST", "/tags", AL, json={"name": "ops"})
    assert r.status_code == 409
    tid = (await users.call("GET", "/tags", AL)).json()["data"][0]["id"]
    assert (await users.call("DELETE", f"/tags/{tid}", AL)).status_code == 403
    assert (await users.call("DELETE", f"/tags/{tid}", A)).status_code == 200


async def test_unstorable_values_are_a_clear_4xx(users: Any) -> None:
    r = await users.call("GET", "/workflows/%00abc", AL)
    assert r.status_code in (404, 422) and r.json()["success"] is False
    r = await users.call("POST", "/tags", AL, json={"name": "nul\u0000tag"})
    assert r.status_code in (201, 422)
    r = await users.call("POST", "/executions/bulk-delete", AL, json={"ids": ["\u0000"]})
    assert r.status_code in (200, 422) and r.json()["success"] is (r.status_code == 200)


async def test_rate_limit_shared_through_redis(settings_factory: Any, redis_url: str) -> None:
    """Two API processes (two apps here) share one per-IP budget when Redis is configured."""
    import uuid

    cfg = settings_factory(rate_limit_per_minute=4, redis_url=redis_url)
    one, two = create_app(cfg), create_app(cfg)
    await one.state.ctx.redis.flushdb()
    ip = f"10.9.{uuid.uuid4().int % 250}.1"
    async with LifespanManager(one) as m1, LifespanManager(two) as m2:
        codes = []
        for app in (m1.app, m2.app, m1.app, m2.app, m1.app):
            transport = httpx.ASGITransport(app=app, client=(ip, 1234))
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                codes.append((await client.get("/api/v1/nodes/types")).status_code)
        assert codes == [401, 401, 401, 401, 429]


async def test_redis_limit_slides_and_refusals_cost_nothing(redis_url: str) -> None:
    """A burst straddling a window edge is still refused; a refused hit does not extend the wait."""
    import asyncio
    import uuid

    import redis.asyncio as aioredis

    from wirework.security.throttle import RedisRateLimiter

    async def redis_now() -> float:  # the clock the limiter's script reads
        sec, usec = await client.time()
        return sec + usec / 1e6

    client = aioredis.from_url(redis_url)
    try:
        limiter = RedisRateLimiter(client, 2, window=0.4)
        for _attempt in range(10):  # a machine that stalls past the window mid-burst tries again
            key = f"t:{uuid.uuid4().hex}"
            t0 = await redis_now()
            burst = [await limiter.hit_async(key) for _ in range(3)]
            await asyncio.sleep(0.25)
            probe = await limiter.hit_async(key)
            if await redis_now() - t0 < 0.4:
                break
        assert burst == [None, None, 1]  # Retry-After rounds up to a whole second
        assert probe == 1  # still inside the sliding window
        await asyncio.sleep(0.25)
        assert await limiter.hit_async(key) is None  # first two hits aged out; refusals left no trace
        assert await RedisRateLimiter(client, 0).hit_async(key) is None  # 0 turns limiting off
    finally:
        await client.aclose()


async def test_unexpected_errors_use_the_envelope(settings_factory: Any) -> None:
    app = create_app(settings_factory())

    @app.get("/api/v1/boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("kaboom")

    async with LifespanManager(app) as m, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=m.app), base_url="http://t") as client:
        r = await client.get("/api/v1/boom", headers={"X-Request-ID": "req-1"})
    assert r.status_code == 500 and r.json()["error"] == {
        "code": "INTERNAL_ERROR", "message": "internal server error", "details": None}
    assert r.json()["meta"]["request_id"] == "req-1" and "kaboom" not in r.text


async def test_login_throttle_shared_through_redis(settings_factory: Any, redis_url: str) -> None:
    cfg = settings_factory(login_rate_limit_per_minute=3, redis_url=redis_url)
    one, two = create_app(cfg), create_app(cfg)
    await one.state.ctx.redis.flushdb()
    async with LifespanManager(one) as m1, LifespanManager(two) as m2:
        clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=m.app), base_url="http://t")
                   for m in (m1, m2)]
        r = await clients[0].post("/api/v1/auth/register", json={"email": "t@x.io", "password": "password123"})
        assert r.status_code == 201
        bad = {"email": "t@x.io", "password": "wrong-password"}
        codes = [(await clients[i % 2].post("/api/v1/auth/login", json=bad)).status_code for i in range(4)]
        assert codes == [401, 401, 401, 429]
        r = await clients[1].post("/api/v1/auth/login", json={**bad, "password": "password123"})
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        for c in clients:
            await c.aclose()


async def test_ready_is_503_when_the_database_is_unreachable(tmp_path: Any) -> None:
    from wirework.settings import Settings

    cfg = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none",
                   migrate_on_start=False)
    app = create_app(cfg)  # not started: no lifespan, so the runtime is not running either
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        r = await client.get("/api/v1/ready")
        assert (await client.get("/api/v1/health")).status_code == 200  # the process still answers
    err = r.json()["error"]
    assert r.status_code == 503 and err["message"] == "not ready"
    assert err["details"]["checks"]["database"].startswith("error: ")
    assert err["details"]["checks"]["runtime"] == "not started"
