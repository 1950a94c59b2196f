"""ExecutionService + embedded queue: run, events, errors, retry, stop, waiting, pruning."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from rt_builders import PeakRunning, chain, fail_node, manual, set_node, wait_node
from sqlalchemy import update

from wirework.runtime import ExecutionStateError, Runtime
from wirework.store import utcnow
from wirework.store.models_exec import ExecutionRow
from wirework.store.repos import ExecutionRepo


async def test_run_to_success_with_output_run_data_and_events(runtime: Runtime):
    seen: list[dict] = []
    runtime.events.subscribe(seen.append)
    doc = chain(manual(), set_node(copied="={{ $json.n }}"))
    ex_id = await runtime.executions.start(workflow=doc, mode="manual", trigger_items=[{"json": {"n": "4"}}])
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "success" and row["finished_at"]
    assert [i["json"] for i in row["output"]] == [{"copied": "4"}]
    assert set(row["data"]["resultData"]["runData"]) == {"Start", "Set"}
    mine = [(e["type"], e.get("node")) for e in seen if e.get("execution_id") == ex_id]
    assert mine == [("execution.started", None), ("node.started", "Start"), ("node.finished", "Start"),
                    ("node.started", "Set"), ("node.finished", "Set"), ("execution.finished", None)]
    finished = next(e for e in seen if e["type"] == "node.finished" and e["node"] == "Set")
    assert finished["items"] == [1]


async def test_error_execution_keeps_message_and_metrics(runtime: Runtime):
    ex_id = await runtime.executions.start(workflow=chain(manual(), fail_node(message="nope")), mode="trigger")
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "error" and row["error"]["message"] == "nope"
    assert row["last_node_executed"] == "Fail"
    text = runtime.metrics.render().decode()
    assert 'wirework_executions_total{mode="trigger",status="error"} 1.0' in text


async def test_retry_from_failed_node_reuses_earlier_run_data(runtime: Runtime):
    broken = chain(manual(), set_node(a="1"), fail_node())
    ex_id = await runtime.executions.start(workflow=broken, mode="trigger")
    assert (await runtime.executions.wait(ex_id, timeout=20))["status"] == "error"
    fixed = chain(manual(), set_node(a="1"), set_node("Fail", b="2"))
    retry_id = await runtime.executions.retry(ex_id, from_failed_node=True, workflow=fixed)
    row = await runtime.executions.wait(retry_id, timeout=20)
    assert row["status"] == "success" and row["mode"] == "retry" and row["retry_of"] == ex_id
    run_data = row["data"]["resultData"]["runData"]
    assert [len(run_data[n]) for n in ("Start", "Set", "Fail")] == [1, 1, 1]
    assert row["output"][0]["json"] == {"b": "2"}
    assert (await runtime.executions.get(ex_id))["retry_success_id"] == retry_id
    with pytest.raises(ExecutionStateError):
        await runtime.executions.retry(retry_id)


async def test_retry_from_start(runtime: Runtime):
    ex_id = await runtime.executions.start(workflow=chain(manual(), fail_node()), mode="trigger",
                                           trigger_items=[{"json": {"k": 1}}])
    await runtime.executions.wait(ex_id, timeout=20)
    retry_id = await runtime.executions.retry(ex_id, from_failed_node=False,
                                              workflow=chain(manual(), set_node("S", x="y")))
    row = await runtime.executions.wait(retry_id, timeout=20)
    assert row["status"] == "success" and row["output"][0]["json"] == {"x": "y"}


async def test_stop_running_execution(runtime: Runtime):
    doc = chain(manual(), wait_node(resume="timeInterval", amount=30, unit="seconds"), set_node(a="1"))
    ex_id = await runtime.executions.start(workflow=doc, mode="manual")
    await runtime.executions.wait(ex_id, timeout=20, until=("running",))
    for _ in range(400):
        if ex_id in runtime.runner.active and runtime.runner.active[ex_id].run is not None:
            break
        await asyncio.sleep(0.05)
    await runtime.executions.stop(ex_id)
    row = await runtime.executions.wait(ex_id, timeout=10)
    assert row["status"] == "canceled"
    assert "Set" not in row["data"]["resultData"]["runData"]


async def test_stop_queued_execution(make_runtime):
    rt = await make_runtime(run_embedded_workers=False)
    ex_id = await rt.executions.start(workflow=chain(manual()), mode="trigger")
    await rt.executions.stop(ex_id)
    assert (await rt.executions.get(ex_id))["status"] == "canceled"


async def test_long_wait_parks_and_resumes_at_wait_till(runtime: Runtime, db):
    doc = chain(manual(), wait_node(resume="timeInterval", amount=2, unit="hours"), set_node(done="yes"))
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    row = await runtime.executions.wait(ex_id, timeout=20, until=("waiting",))
    assert row["wait_till"] is not None
    async with db.session() as s:  # the two hours have passed
        await s.execute(update(ExecutionRow).where(ExecutionRow.id == ex_id).values(wait_till=utcnow()))
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "success" and row["output"][0]["json"]["done"] == "yes"
    assert len(row["data"]["resultData"]["runData"]["Wait"]) == 1


async def test_webhook_wait_resumes_with_request_item(runtime: Runtime):
    doc = chain(manual(), wait_node(resume="webhook", httpMethod="POST"), set_node(got="={{ $json.body }}"))
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    await runtime.executions.wait(ex_id, timeout=20, until=("waiting",))
    assert await runtime.executions.resume(ex_id, resume_items=[{"json": {"body": "hello"}}])
    assert not await runtime.executions.resume(ex_id)  # only once
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "success" and row["output"][0]["json"]["got"] == "hello"


async def test_crashed_worker_run_is_resumed_from_last_completed_node(make_runtime, db):
    first = await make_runtime()
    doc = chain(manual(), set_node("A", a="1"), wait_node(resume="timeInterval", amount=1.5, unit="seconds"),
                set_node("B", b="2"))
    at_wait = asyncio.Event()

    async def hold_at_wait(e: dict) -> None:  # A's progress is saved: the run stays here until killed
        if e["type"] == "node.started" and e["node"] == "Wait":
            at_wait.set()
            await asyncio.Event().wait()

    first.events.subscribe(hold_at_wait)
    ex_id = await first.executions.start(workflow=doc, mode="trigger")
    await asyncio.wait_for(at_wait.wait(), 20)
    async with db.session() as s:
        saved, _ = await ExecutionRepo(s).get_data(ex_id)
    assert "A" in saved["resultData"]["runData"]
    for task in first.pool._tasks:  # "kill" the process
        task.cancel()
    await asyncio.gather(*first.pool._tasks, return_exceptions=True)
    assert (await first.executions.get(ex_id))["status"] == "running"
    second = await make_runtime()
    row = await second.executions.wait(ex_id, timeout=30)
    assert row["status"] == "success" and row["attempts"] == 2
    run_data = row["data"]["resultData"]["runData"]
    assert [len(run_data[n]) for n in ("Start", "A", "Wait", "B")] == [1, 1, 1, 1]


async def test_prune_by_count_and_age(runtime: Runtime, db, settings):
    ids = [await runtime.executions.start(workflow=chain(manual()), mode="trigger") for _ in range(3)]
    for ex_id in ids:
        await runtime.executions.wait(ex_id, timeout=20)
    async with db.session() as s:
        await s.execute(update(ExecutionRow).where(ExecutionRow.id == ids[0])
                        .values(created_at=utcnow() - timedelta(days=30)))
    runtime.settings = settings.model_copy(update={"prune_max_count": 1})
    assert await runtime.prune() == 2
    async with db.session() as s:
        rows, total = await ExecutionRepo(s).list()
    assert total == 1 and rows[0].id == ids[2]


async def test_priority_manual_runs_first(make_runtime):
    rt = await make_runtime(run_embedded_workers=False)
    background = [await rt.executions.start(workflow=chain(manual()), mode="trigger") for _ in range(3)]
    urgent = await rt.executions.start(workflow=chain(manual()), mode="manual")
    worker = await make_runtime(concurrency=1)
    rows = {ex_id: await worker.executions.wait(ex_id, timeout=20) for ex_id in [*background, urgent]}
    first = min(rows.values(), key=lambda r: r["started_at"])
    assert first["id"] == urgent


async def test_execution_timeout_cancels(runtime: Runtime):
    doc = chain(manual(), wait_node(resume="timeInterval", amount=20, unit="seconds"), set_node(a="1"),
                settings={"executionTimeout": 1})
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    row = await runtime.executions.wait(ex_id, timeout=20)
    assert row["status"] == "canceled" and "timed out" in row["error"]["message"]


async def test_error_workflow_runs_with_payload(runtime: Runtime, save_workflow):
    from rt_builders import node

    handler_id = await save_workflow(chain(node("On Error", "errorTrigger"), set_node(m="={{ $json.execution.mode }}"),
                                           name="handler"))
    failing = chain(manual(), fail_node("Boom", "bad"), name="failing", settings={"errorWorkflow": handler_id})
    failing_id = await save_workflow(failing)
    finished: list[dict] = []
    runtime.events.subscribe(lambda e: finished.append(e) if e["type"] == "execution.finished" else None)
    ex_id = await runtime.executions.start(workflow=failing, workflow_id=failing_id, mode="trigger")
    await runtime.executions.wait(ex_id, timeout=20)
    for _ in range(600):  # up to 30 s on a loaded machine
        if any(e["workflow_id"] == handler_id for e in finished):
            break
        await asyncio.sleep(0.05)
    [event] = [e for e in finished if e["workflow_id"] == handler_id]
    row = await runtime.executions.wait(event["execution_id"], timeout=10)
    assert row["mode"] == "error" and row["output"][0]["json"] == {"m": "trigger"}
    manual_run = await runtime.executions.start(workflow=failing, workflow_id=failing_id, mode="manual")
    await runtime.executions.wait(manual_run, timeout=20)
    await asyncio.sleep(0.3)
    assert len([e for e in finished if e["workflow_id"] == handler_id]) == 1  # not for manual runs


async def test_per_workflow_concurrency_limit(make_runtime, save_workflow):
    rt = await make_runtime(concurrency=4, workflow_concurrency=1)
    peak = PeakRunning()
    rt.events.subscribe(peak)
    doc = chain(manual(), wait_node(resume="timeInterval", amount=0.3, unit="seconds"), set_node(a="1"))
    wf_id = await save_workflow(doc)
    ids = [await rt.executions.start(workflow=doc, workflow_id=wf_id, mode="trigger") for _ in range(3)]
    rows = [await rt.executions.wait(i, timeout=30) for i in ids]
    assert all(r["status"] == "success" and r["attempts"] == 1 for r in rows)
    assert peak.most == 1


async def test_stop_execution_of_a_dead_worker(make_runtime, db):
    rt = await make_runtime(run_embedded_workers=False)
    ex_id = await rt.executions.start(workflow=chain(manual()), mode="trigger")
    async with db.session() as s:  # a worker claimed it and died
        assert await ExecutionRepo(s).claim(ex_id, owner="dead-worker", lease_seconds=-1)
    await rt.executions.stop(ex_id)
    assert (await rt.executions.get(ex_id))["status"] == "canceled"
