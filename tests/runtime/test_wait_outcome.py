"""A waiter in the process that ran the execution gets the committed outcome without reading it
back: it must be exactly the row a later read returns."""

from __future__ import annotations

from rt_builders import chain, fail_node, manual, set_node, wait_node

from wirework.runtime import Runtime


async def test_waited_row_is_the_stored_row(runtime: Runtime, save_workflow):
    for doc in (chain(manual(), set_node(copied="={{ $json.n }}")), chain(manual(), fail_node(message="nope"))):
        wf_id = await save_workflow(doc)
        ex_id = await runtime.executions.start(workflow=doc, workflow_id=wf_id, mode="trigger",
                                               trigger_items=[{"json": {"n": "4"}}])
        waited = await runtime.executions.wait(ex_id, timeout=20)
        assert waited["status"] in ("success", "error") and waited["finished_at"]
        assert waited == await runtime.executions.get(ex_id)


async def test_waiting_row_is_the_stored_row(runtime: Runtime):
    doc = chain(manual(), wait_node(resume="timeInterval", amount=1, unit="hours"), set_node(a="1"))
    ex_id = await runtime.executions.start(workflow=doc, mode="trigger")
    waited = await runtime.executions.wait(ex_id, timeout=20, until=("waiting",))
    assert waited["status"] == "waiting" and waited["wait_till"] and waited["finished_at"] is None
    assert waited == await runtime.executions.get(ex_id)
