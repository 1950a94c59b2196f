"""Cancellation, timeouts, hooks, waiting and resuming a saved run."""

from __future__ import annotations

import asyncio

from factories import EMIT, PASS, SLOW, TRIGGER, WAIT, Builder, order_of, out, test_registry
from wirework.engine import Hooks, WorkflowRun, run_workflow

REG = test_registry()


async def test_cancel_stops_a_node_that_is_awaiting() -> None:
    #   T ── S (sleeps 30 s) ── P
    b = Builder().add("T", TRIGGER).add("S", SLOW, seconds=30).add("P", PASS).chain("T", "S", "P")
    run = WorkflowRun(b.build(), registry=REG)
    run.start_at()
    task = asyncio.ensure_future(run.run())
    await asyncio.sleep(0.05)
    run.cancel()
    result = await asyncio.wait_for(task, 5)
    assert result.status == "canceled"
    assert "P" not in result.run_data


async def test_cancelling_the_caller_task_propagates() -> None:
    b = Builder().add("T", TRIGGER).add("S", SLOW, seconds=30).chain("T", "S")
    task = asyncio.ensure_future(run_workflow(b.build(), registry=REG))
    await asyncio.sleep(0.05)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected CancelledError")


async def test_execution_timeout_cancels_the_run() -> None:
    b = Builder().add("T", TRIGGER).add("S", SLOW, seconds=30).chain("T", "S")
    wf = b.build()
    wf.settings["executionTimeout"] = 0.1
    result = await asyncio.wait_for(run_workflow(wf, registry=REG), 5)
    assert result.status == "canceled"
    assert "timed out" in result.error["message"]


class Recorder(Hooks):
    def __init__(self) -> None:
        self.events: list[str] = []
        self.snapshots: list[dict] = []

    async def on_node_start(self, node: str, run_index: int) -> None:
        self.events.append(f"start {node}")

    async def on_node_finish(self, node, run_index, task, run) -> None:
        self.events.append(f"finish {node}")
        self.snapshots.append(run.snapshot())

    async def on_execution_finish(self, result) -> None:
        self.events.append(f"done {result.status}")


async def test_hooks_are_called_in_order() -> None:
    b = Builder().add("T", TRIGGER).add("A", PASS).chain("T", "A")
    rec = Recorder()
    await run_workflow(b.build(), registry=REG, hooks=rec)
    assert rec.events == ["start T", "finish T", "start A", "finish A", "done success"]


async def test_a_run_resumed_from_a_progress_snapshot_finishes_the_same_way() -> None:
    #   T ── E ── A ── B      snapshot taken after E; resuming runs A and B only
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"x": 1}]).add("A", PASS).add("B", PASS)
    b.chain("T", "E", "A", "B")
    rec = Recorder()
    full = await run_workflow(b.build(), registry=REG, hooks=rec)
    after_e = rec.snapshots[1]
    resumed = await run_workflow(b.build(), registry=REG, saved=after_e)
    assert resumed.status == "success"
    assert order_of(resumed.run_data) == order_of(full.run_data)
    assert out(resumed.run_data, "B") == out(full.run_data, "B")
    assert len(resumed.run_data["E"]) == 1  # E was not run again


async def test_wait_puts_the_run_in_waiting_and_resume_passes_items_on() -> None:
    #   T ── E ── W (long wait) ── P
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"x": 1}]).add("W", WAIT).add("P", PASS)
    b.chain("T", "E", "W", "P")
    rec = Recorder()
    first = await run_workflow(b.build(), registry=REG, hooks=rec)
    assert first.status == "waiting" and first.wait_till is not None
    assert first.run_data["W"][0]["executionStatus"] == "waiting"
    assert "P" not in first.run_data
    saved = rec.snapshots[-1]
    second = await run_workflow(b.build(), registry=REG, saved=saved)
    assert second.status == "success"
    assert len(second.run_data["W"]) == 1 and second.run_data["W"][0]["executionStatus"] == "success"
    assert out(second.run_data, "P") == [{"x": 1}]


async def test_partial_run_reuses_earlier_data_up_to_the_destination() -> None:
    #   T ── E ── A ── B ── C      re-run up to B with A marked dirty
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"x": 1}]).add("A", PASS).add("B", PASS).add("C", PASS)
    b.chain("T", "E", "A", "B", "C")
    first = await run_workflow(b.build(), registry=REG)
    again = await run_workflow(b.build(), registry=REG, destination_node="B", run_data=first.run_data,
                               dirty_nodes=["A"])
    assert again.status == "success"
    assert set(again.run_data) == {"T", "E", "A", "B"}
    assert again.run_data["E"] == first.run_data["E"]  # reused, not re-run
    assert again.run_data["A"][0]["startTime"] >= first.run_data["A"][0]["startTime"]
    assert out(again.run_data, "B") == [{"x": 1}]


async def test_destination_without_earlier_data_runs_only_its_ancestors() -> None:
    b = Builder().add("T", TRIGGER).add("A", PASS).add("B", PASS).add("C", PASS).chain("T", "A", "B", "C")
    result = await run_workflow(b.build(), registry=REG, destination_node="B")
    assert order_of(result.run_data) == ["T", "A", "B"]
