from __future__ import annotations

import asyncio

import pytest

from wirework.runtime.events import EventBus, RedisEventBus
from wirework.runtime.metrics import Metrics


async def test_in_process_bus_isolates_failing_subscribers():
    bus = EventBus()
    got: list[str] = []

    def broken(_e):
        raise RuntimeError("boom")

    async def good(e):
        got.append(e["type"])

    bus.subscribe(broken)
    off = bus.subscribe(good)
    await bus.publish({"type": "a"})
    off()
    await bus.publish({"type": "b"})
    assert got == ["a"]


@pytest.mark.redis
async def test_redis_bus_reaches_every_process_in_order(redis_url):
    one, two = RedisEventBus(redis_url, channel="t:events"), RedisEventBus(redis_url, channel="t:events")
    await one.start()
    await two.start()
    seen_one: list[int] = []
    seen_two: list[int] = []
    one.subscribe(lambda e: seen_one.append(e["n"]))
    two.subscribe(lambda e: seen_two.append(e["n"]))
    try:
        for n in range(20):
            await one.publish({"type": "x", "n": n})
        for _ in range(400):
            if len(seen_one) == 20 and len(seen_two) == 20:
                break
            await asyncio.sleep(0.05)
        assert seen_one == list(range(20)) and seen_two == list(range(20))
    finally:
        await one.stop()
        await two.stop()


def test_metrics_from_events():
    m = Metrics()
    m.on_event({"type": "node.started", "execution_id": "e", "node": "A", "run_index": 0})
    m.on_event({"type": "node.finished", "execution_id": "e", "node": "A", "run_index": 0,
                "node_type": "n8n-nodes-base.set", "execution_time_ms": 12})
    m.on_event({"type": "execution.finished", "status": "success", "mode": "webhook"})
    m.webhook_latency.labels(method="POST", status="200").observe(0.01)
    text = m.render().decode()
    assert 'wirework_executions_total{mode="webhook",status="success"} 1.0' in text
    assert 'wirework_node_duration_seconds_count{node_type="n8n-nodes-base.set"} 1.0' in text
    assert "wirework_webhook_duration_seconds_count" in text
    assert "wirework_queue_depth" in text and "wirework_active_executions" in text


@pytest.mark.redis
async def test_stop_reaches_a_worker_that_ignores_other_events(db, settings, redis_url):
    from rt_builders import chain, manual, set_node, wait_node

    from wirework.runtime import Runtime

    conf = settings.model_copy(update={"redis_url": redis_url})
    main = Runtime(conf.model_copy(update={"run_embedded_workers": False}), db)
    worker = Runtime(conf, db, role="worker")
    await main.start()
    await worker.start()
    heard: list[str] = []
    worker.events.subscribe(lambda e: heard.append(e["type"]))
    try:
        doc = chain(manual(), wait_node(resume="timeInterval", amount=30, unit="seconds"), set_node(a="1"))
        ex_id = await main.executions.start(workflow=doc, mode="manual")
        for _ in range(200):
            if ex_id in worker.runner.active and worker.runner.active[ex_id].run is not None:
                break
            await asyncio.sleep(0.05)
        await main.executions.stop(ex_id)  # runs elsewhere: the stop travels over Redis
        row = await main.executions.wait(ex_id, timeout=15)
        assert row["status"] == "canceled" and "Set" not in row["data"]["resultData"]["runData"]
        assert heard == ["execution.stop"]
    finally:
        await worker.stop()
        await main.stop()
