"""Property-based API run (schemathesis) against the real app: no 5xx for any request.

The app runs in this process under uvicorn (lifespan, runtime, SQLite or PostgreSQL) and every
generated request is sent authenticated as a signed-in admin.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings

from wirework.api import create_app
from wirework.settings import Settings
from wirework.store import Database


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _truncate(url: str) -> None:
    from sqlalchemy import text

    from wirework.store.models import Base

    async def run() -> None:
        db = Database(url)
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with db.session() as s:
            await s.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        await db.dispose()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def live_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir: Path = tmp_path_factory.mktemp("schemathesis")
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        _truncate(url)
    cfg = Settings(data_dir=data_dir, database_url=url, password_time_cost=1, password_memory_kib=1024,
                   rate_limit_per_minute=0, rate_limit_per_user_minute=0, login_rate_limit_per_minute=1000,
                   worker_poll_interval=0.5)
    port = _port()
    server = uvicorn.Server(uvicorn.Config(create_app(cfg), host="127.0.0.1", port=port, log_level="error",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    r = httpx.post(f"{base}/api/v1/auth/register", json={"email": "fuzz@x.io", "password": "password123"})
    token = r.json()["data"]["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    wf = {"name": "fuzz", "nodes": [{"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1,
                                     "position": [0, 0], "parameters": {}}], "connections": {}}
    httpx.post(f"{base}/api/v1/workflows", json=wf, headers=headers)
    try:
        yield {"base": base, "headers": headers}
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _check(case: Any, server: dict[str, Any], seen: Counter[int]) -> None:
    if case.path.endswith(("/execute", "/test")):
        case.query = {**(case.query or {}), "timeout": 5}
    response = case.call(base_url=server["base"], headers=server["headers"], timeout=30)
    seen[response.status_code // 100] += 1
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:500]}")
    ctype = response.headers.get("content-type") or [""]
    if str(ctype[0] if isinstance(ctype, list) else ctype).startswith("application/json"):
        body = response.json()
        assert {"success", "meta"} <= set(body) and ("data" in body if body["success"] else "error" in body), (
            f"{case.method} {case.formatted_path}: not an envelope: {response.text[:300]}")


SKIP = ("/api/v1/auth/logout", "/api/v1/users/{user_id}")  # would sign the fuzzing admin out / demote it


def test_no_server_errors(live_server: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_url(f"{live_server['base']}/api/v1/openapi.json")
    failures: list[str] = []
    seen: Counter[int] = Counter()
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIP or not operation.path.startswith("/api/v1/") or operation.path.startswith(
                ("/api/v1/ws", "/api/v1/metrics")):
            continue  # the runtime's routers (webhooks, ws, metrics) are tested on their side

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case: Any) -> None:
            _check(case, live_server, seen)

        try:
            run()
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
        ran += 1
    assert ran >= 60
    assert seen[2] >= 50 and seen[4] >= 100, seen  # authenticated: plenty of requests get through
    assert not failures, "\n".join(failures)
