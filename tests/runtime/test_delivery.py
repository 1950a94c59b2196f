"""At-least-once delivery made exactly-once: atomic claims, leases, limits, progress, pruning."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from rt_builders import PeakRunning, chain, manual, set_node, until, wait_node
from sqlalchemy import update

from wirework.runtime import Runtime
from wirework.settings import Settings
from wirework.store import utcnow
from wirework.store.models_exec import ExecutionRow
from wirework.store.repos import ExecutionRepo


def finished_events(rt: Runtime) -> list[dict]:
    seen: list[dict] = []
    rt.events.subscribe(lambda e: seen.append(e) if e["type"] == "execution.finished" else None)
    return seen


async def saved_nodes(db, ex_id: str) -> set[str]:
    async with db.session() as s:
        saved, _ = await ExecutionRepo(s).get_data(ex_id)
    return set(((saved or {}).get("resultData") or {}).get("runData") or {})


async def test_duplicate_deliveries_run_the_execution_once(make_runtime):
    api = await make_runtime(run_embedded_workers=False)
    other = await make_runtime(run_embedded_workers=False)
    finished = finished_events(api)
    other.events.subscribe(lambda e: finished.append(e) if e["type"] == "execution.finished" else None)
    ex_id = await api.executions.start(workflow=chain(manual(), set_node(a="1")), mode="trigger")
    # the queue delivered the job twice, to two processes at the same moment
    claimed = await asyncio.gather(api.runner.run_execution(ex_id), other.runner.run_execution(ex_id))
    assert sorted(claimed) == [False, True]
    assert not await api.runner.run_execution(ex_id)  # a late redelivery finds it done
    row = await api.executions.get(ex_id)
    assert row["status"] == "success" and row["attempts"] == 1
    assert [e["execution_id"] for e in finished] == [ex_id]


async def test_global_concurrency_caps_running_executions(make_runtime, db, settings):
    api = await make_runtime(run_embedded_workers=False)
    doc = chain(manual(), wait_node(resume="timeInterval", amount=0.3, unit="seconds"))
    ids = [await api.executions.start(workflow=doc, mode="trigger") for _ in range(5)]
    # all five are queued before a worker exists: however slow the starts, there is work for two
    rt = Runtime(settings.model_copy(update={"concurrency": 2}), db)
    peak = PeakRunning()
    rt.events.subscribe(peak)
    await rt.start()
    try:
        rows = [await rt.executions.wait(i, timeout=30) for i in ids]
    finally:
        await rt.stop()
    assert all(r["status"] == "success" for r in rows)
    assert peak.most == 2


async def test_progress_saving_setting(make_runtime, db):
    doc = chain(manual(), set_node("A", a="1"), wait_node(resume="timeInterval", amount=0.1, unit="seconds"),
                set_node("B", b="2"))
    for save in (False, True):
        rt = await make_runtime(save_progress=save)
        at_wait, looked = asyncio.Event(), asyncio.Event()

        async def hold_at_wait(e: dict, at_wait: asyncio.Event = at_wait, looked: asyncio.Event = looked) -> None:
            if e["type"] == "node.started" and e["node"] == "Wait":  # A is done: the run pauses here
                at_wait.set()
                await looked.wait()

        rt.events.subscribe(hold_at_wait)
        ex_id = await rt.executions.start(workflow=doc, mode="trigger")
        await asyncio.wait_for(at_wait.wait(), 15)
        saved = await saved_nodes(db, ex_id)  # mid-run, however slow the machine
        looked.set()
        assert ("A" in saved) is save
        row = await rt.executions.wait(ex_id, timeout=20)
        assert row["status"] == "success" and set(row["data"]["resultData"]["runData"]) == {"Start", "A", "Wait", "B"}
        await rt.stop()


async def test_worker_that_lost_its_lease_stops_and_writes_nothing(runtime: Runtime, db):
    finished = finished_events(runtime)
    doc = chain(manual(), set_node("A", a="1"), wait_node(resume="timeInterval", amount=1, unit="seconds"),
                set_node("B", b="2"))
    at_wait, taken = asyncio.Event(), asyncio.Event()

    async def hold_at_wait(e: dict) -> None:  # A is saved: the run pauses until the takeover is done
        if e["type"] == "node.started" and e["node"] == "Wait":
            at_wait.set()
            await taken.wait()

    runtime.events.subscribe(hold_at_wait)
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    await asyncio.wait_for(at_wait.wait(), 15)
    assert await _has(db, ex_id, "A")
    async with db.session() as s:  # meanwhile another worker took the execution over
        await s.execute(update(ExecutionRow).where(ExecutionRow.id == ex_id)
                        .values(lease_owner="other-worker", lease_expires_at=utcnow() + timedelta(minutes=5)))
    taken.set()

    async def stopped() -> bool:
        return ex_id not in runtime.runner.active

    await until(stopped, timeout=15)
    row = await runtime.executions.get(ex_id)
    assert (row["status"], row["lease_owner"]) == ("running", "other-worker")
    assert await saved_nodes(db, ex_id) == {"Start", "A"}
    assert finished == []


async def _has(db, ex_id: str, node: str) -> bool:
    return node in await saved_nodes(db, ex_id)


async def test_pruning_defaults_keep_two_weeks(runtime: Runtime, db):
    assert (Settings().prune_max_age_days, Settings().prune_max_count) == (14, 10_000)
    ids = [await runtime.executions.start(workflow=chain(manual()), mode="trigger") for _ in range(3)]
    for ex_id in ids:
        await runtime.executions.wait(ex_id, timeout=20)
    async with db.session() as s:
        for ex_id, days in zip(ids, (15, 13), strict=False):
            await s.execute(update(ExecutionRow).where(ExecutionRow.id == ex_id)
                            .values(created_at=utcnow() - timedelta(days=days)))
    assert await runtime.prune() == 1
    async with db.session() as s:
        rows, _ = await ExecutionRepo(s).list()
    assert {r.id for r in rows} == set(ids[1:])


async def test_stop_waiting_execution(runtime: Runtime):
    doc = chain(manual(), wait_node(resume="webhook", httpMethod="POST"), set_node(a="1"))
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    await runtime.executions.wait(ex_id, timeout=20, until=("waiting",))
    await runtime.executions.stop(ex_id)
    row = await runtime.executions.get(ex_id)
    assert row["status"] == "canceled" and row["wait_till"] is None and row["finished_at"]
    assert not await runtime.executions.resume(ex_id, resume_items=[{"json": {}}])  # its webhook is dead
