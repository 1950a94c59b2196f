"""API fixtures: the real app (lifespan, runtime, migrations) over SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from wirework.api import create_app
from wirework.settings import Settings
from wirework.store import Database


def make_settings(tmp_path: Path, db: Database, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path / "data", "database_url": db.url, "password_time_cost": 1,
        "password_memory_kib": 1024, "worker_poll_interval": 0.5, "migrate_on_start": True,
        "concurrency": 4,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Api:
    client: httpx.AsyncClient
    app: FastAPI
    tokens: dict[str, str] = field(default_factory=dict)  # email -> access token
    ids: dict[str, str] = field(default_factory=dict)  # email -> user id

    async def register(self, email: str, password: str = "password123", name: str = "") -> dict[str, Any]:
        r = await self.client.post("/api/v1/auth/register",
                                   json={"email": email, "password": password, "name": name})
        assert r.status_code == 201, r.text
        data: dict[str, Any] = r.json()["data"]
        self.tokens[email] = data["access_token"]
        self.ids[email] = data["user"]["id"]
        return data

    def auth(self, email: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[email]}"}

    async def call(self, method: str, path: str, who: str | None = None, **kw: Any) -> httpx.Response:
        headers = {**(self.auth(who) if who else {}), **kw.pop("headers", {})}
        return await self.client.request(method, f"/api/v1{path}", headers=headers, **kw)


@pytest.fixture
def settings_factory(tmp_path: Path, db: Database) -> Callable[..., Settings]:
    return lambda **kw: make_settings(tmp_path, db, **kw)


@pytest.fixture
async def api(settings_factory: Callable[..., Settings]) -> AsyncIterator[Api]:
    app = create_app(settings_factory())
    async with LifespanManager(app, startup_timeout=30, shutdown_timeout=30) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(client, app)


@pytest.fixture
async def users(api: Api) -> Api:
    """admin@x.io (first user, admin), alice@x.io and bob@x.io (members)."""
    for email in ("admin@x.io", "alice@x.io", "bob@x.io"):
        await api.register(email)
    return api


AsyncFn = Callable[..., Awaitable[Any]]


@pytest.fixture
def simple_wf() -> dict[str, Any]:
    """Manual trigger -> Set (greeting) -> NoOp."""
    return copy.deepcopy(SIMPLE_WF)


SIMPLE_WF: dict[str, Any] = {
    "name": "Simple",
    "nodes": [
        {"id": "t", "name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
         "position": [0, 0], "parameters": {}},
        {"id": "s", "name": "Set", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
         "parameters": {"mode": "manual", "assignments": {"assignments": [
             {"id": "a", "name": "greeting", "value": "=hello {{ $json.who }}", "type": "string"}]},
             "options": {}}},
        {"id": "n", "name": "Done", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [400, 0],
         "parameters": {}},
    ],
    "connections": {
        "Start": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
        "Set": {"main": [[{"node": "Done", "type": "main", "index": 0}]]},
    },
    "settings": {"executionOrder": "v1"},
}
