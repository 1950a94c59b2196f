"""Scaled-out queue on PostgreSQL: jobs deferred in the row's transaction, run exactly once."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from rt_builders import PeakRunning, chain, manual, set_node
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


async def _start_workers(conf, pg: Database, bus: EventBus, *, concurrency: int) -> tuple[list[Runtime], list]:
    """Two worker runtimes, each consuming the procrastinate queue; returns (workers, tasks)."""
    workers, tasks = [Runtime(conf, pg, role="worker", events=bus) for _ in range(2)], []
    for w in workers:
        await w.start()
        app = make_app(pg.url, w.runner.run_execution)
        await app.open_async()
        tasks.append((app, asyncio.create_task(app.run_worker_async(
            queues=[QUEUE], concurrency=concurrency, install_signal_handlers=False, fetch_job_polling_interval=0.2))))
    return workers, tasks


async def _stop_cluster(tasks: list, workers: list[Runtime], main: Runtime) -> None:
    """Stop the procrastinate worker tasks, then the worker runtimes, then the main one."""
    for app, task in tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        await app.close_async()
    for w in workers:
        await w.stop()
    await main.stop()


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
    workers, tasks = await _start_workers(conf, pg, bus, concurrency=5)
    try:
        ids = [await main.executions.start(workflow=chain(manual(), set_node(i=str(i))), mode="trigger")
               for i in range(40)]
        rows = [await main.executions.wait(i, timeout=60) for i in ids]
        assert all(r["status"] == "success" for r in rows)
        assert all(r["attempts"] == 1 for r in rows)
        assert [r["output"][0]["json"]["i"] for r in rows] == [str(i) for i in range(40)]
    finally:
        await _stop_cluster(tasks, workers, main)


async def test_recovery_redefers_only_executions_without_a_pending_job(pg, settings):
    from datetime import timedelta

    from sqlalchemy import update

    from wirework.store import utcnow
    from wirework.store.models_exec import ExecutionRow

    rt = Runtime(settings.model_copy(update={"queue_mode": "procrastinate"}), pg)
    await rt.start()
    try:
        ids = {k: await rt.executions.start(workflow=chain(manual()), mode="trigger")
               for k in ("pending", "fetched", "dead", "alive")}
        old, now = utcnow() - timedelta(minutes=5), utcnow()
        async with pg.session() as s:
            await s.execute(update(ExecutionRow).values(created_at=old).execution_options(synchronize_session=False))
            # a worker fetched these jobs and died (before / after claiming); one is running fine
            await s.execute(text("UPDATE procrastinate_jobs SET status = 'doing' WHERE queueing_lock IN (:a, :b, :c)"),
                            {"a": ids["fetched"], "b": ids["dead"], "c": ids["alive"]})
            await s.execute(update(ExecutionRow).where(ExecutionRow.id == ids["dead"]).values(
                status="running", lease_owner="gone", lease_expires_at=now - timedelta(seconds=5)))
            await s.execute(update(ExecutionRow).where(ExecutionRow.id == ids["alive"]).values(
                status="running", lease_owner="busy", lease_expires_at=now + timedelta(minutes=1)))
        async with pg.session() as s:
            orphans = set(await rt.dispatcher.orphans(s, stale_before=now - timedelta(seconds=10)))
            assert orphans == {ids["fetched"], ids["dead"]}
            for ex_id in orphans:
                assert await rt.dispatcher.requeue(s, ex_id)
        async with pg.session() as s:
            assert await rt.dispatcher.orphans(s, stale_before=now) == []
    finally:
        await rt.stop()


async def test_requeued_job_keeps_its_priority(pg, settings):
    rt = Runtime(settings.model_copy(update={"queue_mode": "procrastinate"}), pg)
    await rt.start()
    try:
        ex_id = await rt.executions.start(workflow=chain(manual()), mode="trigger")
        async with pg.session() as s:
            await s.execute(text("UPDATE procrastinate_jobs SET status = 'doing' WHERE queueing_lock = :i"), {"i": ex_id})
            assert await rt.dispatcher.requeue(s, ex_id)
        async with pg.session() as s:
            prios = (await s.execute(text("SELECT priority FROM procrastinate_jobs WHERE queueing_lock = :i "
                                          "AND status = 'todo'"), {"i": ex_id})).scalars().all()
        assert prios == [90]  # a trigger run stays behind manual runs (100)
    finally:
        await rt.stop()


@pytest.mark.parametrize("limit", [1, 2])
async def test_per_workflow_limit_across_workers(pg, settings, limit):
    from rt_builders import wait_node

    from wirework.store.models_workflow import WorkflowRow

    conf = settings.model_copy(update={"queue_mode": "procrastinate", "workflow_concurrency": limit})
    bus = EventBus()
    main = Runtime(conf, pg, events=bus)
    await main.start()
    peak = PeakRunning()
    bus.subscribe(peak)
    workers, tasks = await _start_workers(conf, pg, bus, concurrency=3)
    try:
        doc = chain(manual(), wait_node(resume="timeInterval", amount=0.3, unit="seconds"))
        async with pg.session() as s:
            row = WorkflowRow(name="limited", document=doc)
            s.add(row)
            await s.flush()
            wf_id = row.id
        ids = [await main.executions.start(workflow=doc, workflow_id=wf_id, mode="trigger") for _ in range(5)]
        rows = [await main.executions.wait(i, timeout=60) for i in ids]
        assert all(r["status"] == "success" for r in rows)
        assert 1 <= peak.most <= limit  # never more at once (racing claims may both step back)
    finally:
        await _stop_cluster(tasks, workers, main)
