"""End-to-end, scaled out: PostgreSQL + Redis, two API processes, two worker processes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import psycopg
import pytest
from e2e_support import Api, Cluster, base_env, eventually
from rt_builders import chain, manual, node, set_node

from wirework.runtime import Runtime
from wirework.settings import Settings
from wirework.store import Database

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]


def _fresh_database(server: str, name: str) -> str:
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture(scope="module")
def scaled(postgres_server: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory):
    tmp: Path = tmp_path_factory.mktemp("scaled")
    url = _fresh_database(postgres_server, "wirework_e2e_scaled")
    env = {**base_env(tmp, url), "WIREWORK_REDIS_URL": redis_url, "WIREWORK_QUEUE_MODE": "procrastinate",
           "WIREWORK_CONCURRENCY": "10"}
    cluster = Cluster(tmp, env)
    try:
        api_a = cluster.serve()
        api_b = cluster.serve()
        workers = [cluster.worker(), cluster.worker()]
        yield cluster, api_a, api_b, workers, url
    finally:
        cluster.close()


def test_webhook_on_one_api_process_run_on_a_worker(scaled):
    _cluster, api_a, api_b, _workers, _url = scaled
    api = Api(api_a.url)
    api.create(chain(node("Webhook", "webhook", {"path": "sum", "httpMethod": "POST", "responseMode": "lastNode"},
                          2, webhookId="sum"), set_node(echo="={{ $json.body.v }}"), name="sum"), activate=True)
    api.create(chain(node("Webhook", "webhook", {"path": "resp", "httpMethod": "POST", "responseMode": "responseNode"},
                          2, webhookId="resp"),
                     node("Respond", "respondToWebhook", {"respondWith": "text", "responseBody": "={{ $json.body.v }}"}, 1.1),
                     name="resp"), activate=True)

    def served_by_b() -> bool:  # B learns the activation through Redis
        return httpx.post(f"{api_b.url}/webhook/sum", json={"v": "x"}).status_code == 200

    eventually(served_by_b)
    r = httpx.post(f"{api_b.url}/webhook/sum", json={"v": "hello"}, timeout=30)
    assert r.status_code == 200 and r.json() == {"echo": "hello"}
    r = httpx.post(f"{api_b.url}/webhook/resp", json={"v": "routed"}, timeout=30)
    assert r.status_code == 200 and r.text == "routed"


def test_thousand_executions_exactly_once_despite_sigkill(scaled):
    cluster, api_a, _api_b, workers, url = scaled
    api = Api(api_a.url)
    wf_id = api.create(chain(manual(), set_node("A", a="1"), set_node("B", b="2"), name="bulk"))

    async def enqueue(n: int) -> list[str]:
        # the same ExecutionService.start the API calls (row + procrastinate job in one transaction)
        db = Database(url)
        rt = Runtime(Settings(database_url=url, queue_mode="procrastinate"), db, role="worker")
        doc = api.client.get(f"/api/v1/workflows/{wf_id}").json()["data"]
        sem = asyncio.Semaphore(20)

        async def one() -> str:
            async with sem:
                return await rt.executions.start(workflow=doc, workflow_id=wf_id, mode="trigger")

        try:
            return list(await asyncio.gather(*(one() for _ in range(n))))
        finally:
            await db.dispose()

    import time
    t0 = time.monotonic()
    ids = asyncio.run(enqueue(1000))
    print(f"enqueued in {time.monotonic() - t0:.1f}s")
    plain = url.replace("postgresql+psycopg://", "postgresql://")

    def count(status: str) -> int:
        with psycopg.connect(plain) as conn:
            return int(conn.execute("SELECT count(*) FROM executions WHERE workflow_id = %s AND status = %s",
                                    (wf_id, status)).fetchone()[0])

    eventually(lambda: count("success") >= 100, timeout=60)
    workers[0].kill()  # mid-run: it holds running executions
    cluster.worker()
    eventually(lambda: count("success") == 1000, timeout=120, interval=0.5)
    print(f"all done after {time.monotonic() - t0:.1f}s")
    with psycopg.connect(plain) as conn:
        total = conn.execute("SELECT count(*) FROM executions WHERE workflow_id = %s", (wf_id,)).fetchone()[0]
        retried = conn.execute("SELECT count(*) FROM executions WHERE workflow_id = %s AND attempts > 1",
                               (wf_id,)).fetchone()[0]
    assert total == 1000 and len(set(ids)) == 1000
    sample = [i for i in ids[::50]]
    for ex_id in sample:
        run_data = api.data(ex_id)["data"]["resultData"]["runData"]
        assert {n: len(r) for n, r in run_data.items()} == {"Start": 1, "A": 1, "B": 1}
    print(f"recovered after SIGKILL: {retried}")
