"""GET /api/v1/metrics: open by default (Prometheus), behind a bearer token when one is set."""

from __future__ import annotations

from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from wirework.api import create_app


async def _scrape(settings_factory: Any, headers: dict[str, str], **settings: Any) -> httpx.Response:
    app = create_app(settings_factory(**settings))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get("/api/v1/metrics", headers=headers)


async def test_metrics_are_open_without_a_token(settings_factory: Any) -> None:
    r = await _scrape(settings_factory, {})
    assert r.status_code == 200 and "wirework_queue_depth" in r.text


async def test_metrics_token_is_required_when_set(settings_factory: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic c2NyYXBlcg=="}):
        r = await _scrape(settings_factory, headers, metrics_token="s3cret-scrape")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["success"] is False and "WIREWORK_METRICS_TOKEN" in r.json()["error"]["message"]
    r = await _scrape(settings_factory, {"Authorization": "Bearer s3cret-scrape"}, metrics_token="s3cret-scrape")
    assert r.status_code == 200 and "wirework_queue_depth" in r.text
