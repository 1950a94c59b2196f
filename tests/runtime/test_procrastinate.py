"""Scaled-out queue on PostgreSQL: jobs deferred in the row's transaction, run exactly once."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from rt_builders import chain, manual, set_node
from sqlalchemy import text

from wirework.runtime import EventBus, Runtime
from wirework.runtime.procrastinate_queue import QUEUE, make_app
from wirework.store import Database
from wirework.store.repos import ExecutionRepo

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg(postgres_url: str):
    database = Database(postgres_url, pool_size=5)
    async with database.session() as s:
        await s.execute(text("TRUNCATE executions, execution_data, workflows CASCADE"))
    yield database
    await database.dispose()


async def test_job_and_row_commit_together(pg, settings):
    rt = Runtime(settings.model_copy(update={"queue_mode": "procrastinate"}), pg)
    await rt.start()
    try:
        with pytest.raises(RuntimeError):
            async with pg.session() as s:
                row = await ExecutionRepo(s).create(workflow=chain(manual()), workflow_id=None, mode="trigger")
                await rt.dispatcher.enqueue(s, row.id, priority=10, workflow_id=None)
                raise RuntimeError("rollback")
        async with pg.session() as s:
            jobs = (await s.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE args->>'execution_id' = :i"),
                                    {"i": row.id})).scalar()
        assert jobs == 0
        ex_id = await rt.executions.start(workflow=chain(manual()), mode="manual")
        async with pg.session() as s:
            prio = (await s.execute(text("SELECT priority FROM procrastinate_jobs WHERE args->>'execution_id' = :i"),
                                    {"i": ex_id})).scalar()
        assert prio == 100
    finally:
        await rt.stop()


async def test_workers_run_each_execution_exactly_once(pg, settings):
    conf = settings.model_copy(update={"queue_mode": "procrastinate", "concurrency": 5})
    bus = EventBus()  # one process's view of the Redis bus
    main = Runtime(conf, pg, events=bus)
    await main.start()
    workers = [Runtime(conf, pg, role="worker", events=bus) for _ in range(2)]
    tasks = []
    for w in workers:
        await w.start()
        app = make_app(pg.url, w.runner.run_execution)
        await app.open_async()
        tasks.append((app, asyncio.create_task(app.run_worker_async(
            queues=[QUEUE], concurrency=5, install_signal_handlers=False, fetch_job_polling_interval=0.2))))
    try:
        ids = [await main.executions.start(workflow=chain(manual(), set_node(i=str(i))), mode="trigger")
               for i in range(40)]
        rows = [await main.executions.wait(i, timeout=60) for i in ids]
        assert all(r["status"] == "success" for r in rows)
        assert all(r["attempts"] == 1 for r in rows)
        assert [r["output"][0]["json"]["i"] for r in rows] == [str(i) for i in range(40)]
    finally:
        for app, task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
            await app.close_async()
        for w in workers:
            await w.stop()
        await main.stop()
