from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.execute_workflow import DESCRIPTION, execute
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext


class Runner:
    """A sub-workflow runner that doubles every item's ``n`` (stands in for the engine)."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, Any], list[Any], dict[str, Any]]] = []

    async def __call__(self, source: Any, items: Any, *, parent: Any, **options: Any) -> Any:
        self.calls.append((dict(source), items, options))
        return [[{"json": {"n": it["json"]["n"] * 2}} for it in items]]


def make(params: dict[str, Any], runner: Runner | None = None, version: float = 1.2) -> Any:
    svc = ExecutionServices(clock=FakeClock(), run_subworkflow=runner)
    return NodeTestContext(DESCRIPTION, params=params, items=[{"n": 1}, {"n": 2}], services=svc,
                           type_version=version)


async def test_once_mode_sends_all_items_inline_json() -> None:
    runner = Runner()
    out = await execute(make({"source": "parameter", "workflowJson": '{"nodes": []}'}, runner))
    assert [i["json"] for i in out[0]] == [{"n": 2}, {"n": 4}]
    assert runner.calls[0][0] == {"source": "parameter", "workflowJson": '{"nodes": []}'}
    assert runner.calls[0][2] == {"wait": True}


async def test_each_mode_runs_per_item_and_pairs() -> None:
    runner = Runner()
    out = await execute(make({"source": "localFile", "workflowPath": "/x.json", "mode": "each"}, runner))
    assert len(runner.calls) == 2
    assert [(i["json"], i["pairedItem"]) for i in out[0]] == [({"n": 2}, {"item": 0}), ({"n": 4}, {"item": 1})]


async def test_database_resource_locator_and_no_wait_returns_input() -> None:
    runner = Runner()
    params = {"workflowId": {"__rl": True, "mode": "id", "value": "42"}, "options": {"waitForSubWorkflow": False}}
    out = await execute(make(params, runner))
    assert runner.calls[0][0] == {"source": "database", "workflowId": "42"}
    assert [i["json"] for i in out[0]] == [{"n": 1}, {"n": 2}]


async def test_missing_source_value_names_parameter() -> None:
    with pytest.raises(NodeError) as err:
        await execute(make({"source": "localFile"}, Runner()))
    assert err.value.parameter == "workflowPath"


async def test_without_runner_is_a_clear_error() -> None:
    with pytest.raises(NodeError, match="Sub-workflows"):
        await execute(make({"source": "parameter", "workflowJson": "{}"}))


async def test_golden_inline_subworkflow_through_engine() -> None:
    from pathlib import Path

    from wirework.engine.golden import check_golden
    from wirework.engine.subworkflow import SubworkflowRunner
    from wirework.expr import default_evaluator

    evaluator = default_evaluator()
    services = ExecutionServices(clock=FakeClock(), evaluator=evaluator, run_subworkflow=SubworkflowRunner())
    try:
        report = await check_golden(Path(__file__).with_name("subworkflow_inline.json"), services=services)
    finally:
        evaluator.close()
    assert report.passed, report.problems


async def test_files_a_subworkflow_writes_are_kept_with_the_calling_execution(tmp_path: Any) -> None:
    """Deleting the top execution's folder removes them; nothing lands in the shared temp folder."""
    import json

    from wirework.engine import run_workflow
    from wirework.engine.subworkflow import SubworkflowRunner
    from wirework.model import load_workflow
    from wirework.nodes._common.binary_store import FilesystemBinaryStore

    def node(name: str, kind: str, x: int, **params: Any) -> dict[str, Any]:
        return {"name": name, "type": f"n8n-nodes-base.{kind}", "typeVersion": 1.1, "position": [x, 0],
                "parameters": params}

    def link(a: str, b: str) -> dict[str, Any]:
        return {a: {"main": [[{"node": b, "type": "main", "index": 0}]]}}

    sub = {"name": "sub", "nodes": [node("Start", "executeWorkflowTrigger", 0, inputSource="passthrough"),
                                    node("File", "convertToFile", 200, operation="toText", sourceProperty="text")],
           "connections": link("Start", "File")}
    inner_call = node("Inner", "executeWorkflow", 200, source="parameter", workflowJson=json.dumps(sub))
    middle = {"name": "middle", "nodes": [node("Start", "executeWorkflowTrigger", 0, inputSource="passthrough"),
                                          inner_call], "connections": link("Start", "Inner")}
    top = load_workflow({"name": "top", "nodes": [
        node("Manual", "manualTrigger", 0),
        node("Call", "executeWorkflow", 200, source="parameter", workflowJson=json.dumps(middle))],
        "connections": link("Manual", "Call")})
    services = ExecutionServices(clock=FakeClock(), run_subworkflow=SubworkflowRunner(),
                                 binary_store=FilesystemBinaryStore(tmp_path), settings={"binary_inline_limit": 8})
    result = await run_workflow(top, execution_id="exec1", services=services,
                                trigger_items=[{"json": {"text": "more than eight bytes"}}])
    assert result.status == "success", result.error
    [item] = result.output()
    assert item["binary"]["data"]["id"].startswith("filesystem-v2:exec1/")
    assert [p.name for p in tmp_path.iterdir()] == ["exec1"]
