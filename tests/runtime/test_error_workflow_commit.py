"""The error workflow's run is queued in the same transaction that records the failure."""

from __future__ import annotations

from typing import Any

from rt_builders import chain, fail_node, manual, node, set_node, until
from sqlalchemy import select

from wirework.runtime import Runtime
from wirework.store.models_exec import ExecutionRow


async def test_error_run_survives_a_death_right_after_the_failure_commits(
    runtime: Runtime, save_workflow: Any, monkeypatch: Any,
) -> None:
    handler_id = await save_workflow(chain(node("On Error", "errorTrigger"),
                                           set_node(failed="={{ $json.execution.id }}"), name="handler"))
    failing = chain(manual(), fail_node("Boom", "bad"), name="failing", settings={"errorWorkflow": handler_id})
    failing_id = await save_workflow(failing)
    publish = runtime.events.publish

    async def dies_after_commit(event: dict[str, Any]) -> None:
        if event["type"] == "execution.finished" and event.get("workflow_id") == failing_id:
            raise RuntimeError("the process died here")  # nothing after the commit happens
        await publish(event)

    monkeypatch.setattr(runtime.events, "publish", dies_after_commit)
    ex_id = await runtime.executions.start(workflow=failing, workflow_id=failing_id, mode="trigger")
    rows: list[ExecutionRow] = []

    async def handled() -> bool:
        nonlocal rows
        async with runtime.db.session() as s:
            rows = list((await s.execute(select(ExecutionRow).where(ExecutionRow.workflow_id == handler_id))).scalars())
        return any(r.status == "success" for r in rows)

    await until(handled, timeout=10)
    assert [(r.mode, r.status) for r in rows] == [("error", "success")]
    handled = await runtime.executions.get(rows[0].id)
    assert handled["output"][0]["json"] == {"failed": ex_id}
    assert (await runtime.executions.get(ex_id, with_data=False))["status"] == "error"
