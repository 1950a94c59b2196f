from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest

from wirework.nodes.remove_duplicates import DESC_V1, DESC_V2, execute_v1, execute_v2
from wirework.nodes.sdk import NodeError, NodeTestContext

PEOPLE = [{"id": 1, "name": "John Doe", "age": 18}, {"id": 1, "name": "John Doe", "age": 18},
          {"id": 1, "name": "John Doe", "age": 98}, {"id": 3, "name": "Bob Johnson", "age": 34}]


def run(params: dict[str, Any], items: list[Any] | None = None) -> list[Any]:
    ctx = NodeTestContext(DESC_V1, params=params, items=items or PEOPLE)
    return [it["json"] for it in asyncio.run(execute_v1(ctx))[0]]


def test_all_fields() -> None:
    assert run({}) == [PEOPLE[0], PEOPLE[2], PEOPLE[3]]


def test_selected_and_except_fields() -> None:
    assert run({"compare": "selectedFields", "fieldsToCompare": "name"}) == [PEOPLE[0], PEOPLE[3]]
    assert run({"compare": "allFieldsExcept", "fieldsToExclude": "age"}) == [PEOPLE[0], PEOPLE[3]]


def test_remove_other_fields() -> None:
    out = run({"compare": "allFieldsExcept", "fieldsToExclude": "age", "options": {"removeOtherFields": True}})
    assert out == [{"id": 1, "name": "John Doe"}, {"id": 3, "name": "Bob Johnson"}]


def test_nested_fields_compare_by_leaf_paths() -> None:
    items = [{"a": {"b": 1, "c": 2}}, {"a": {"b": 1, "c": 2}}, {"a": {"b": 1, "c": 3}}]
    assert run({}, items) == [items[0], items[2]]


def test_missing_field_is_an_error() -> None:
    with pytest.raises(NodeError, match="'name' field is missing from some input items"):
        run({"compare": "selectedFields", "fieldsToCompare": "name"}, [{"name": "a"}, {"id": 2}])


def test_mixed_types_are_an_error() -> None:
    with pytest.raises(NodeError, match="'v' isn't always the same type"):
        run({"compare": "selectedFields", "fieldsToCompare": "v"}, [{"v": "1"}, {"v": 1}])


def test_v2_removes_items_seen_in_previous_executions() -> None:
    params = {"operation": "removeItemsSeenInPreviousExecutions", "dedupeField": "={{ $json.id }}"}
    ctx = NodeTestContext(DESC_V2, params=params, items=[{"id": 1}, {"id": 2}, {"id": 1, "again": True}])
    # like n8n, every item of a new key is kept, grouped by key
    assert [it["json"] for it in asyncio.run(execute_v2(ctx))[0]] == [{"id": 1}, {"id": 1, "again": True}, {"id": 2}]
    # the next execution shares the workflow's static data
    ctx2 = NodeTestContext(DESC_V2, params=params, items=[{"id": 2}, {"id": 3}])
    ctx2.workflow.static_data = ctx.workflow.static_data
    assert [it["json"] for it in asyncio.run(execute_v2(ctx2))[0]] == [{"id": 3}]
    clear = NodeTestContext(DESC_V2, params={"operation": "clearDeduplicationHistory"}, items=[{"id": 9}])
    clear.workflow.static_data = ctx.workflow.static_data
    asyncio.run(execute_v2(clear))
    ctx3 = NodeTestContext(DESC_V2, params=params, items=[{"id": 2}])
    ctx3.workflow.static_data = ctx.workflow.static_data
    assert [it["json"] for it in asyncio.run(execute_v2(ctx3))[0]] == [{"id": 2}]


def test_v2_incremental_key() -> None:
    params = {"operation": "removeItemsSeenInPreviousExecutions", "logic": "removeItemsUpToStoredIncrementalKey",
              "incrementalDedupeField": "={{ $json.n }}"}
    ctx = NodeTestContext(DESC_V2, params=params, items=[{"n": 5}, {"n": 7}])
    assert len(asyncio.run(execute_v2(ctx))[0]) == 2
    ctx2 = NodeTestContext(DESC_V2, params=params, items=[{"n": 6}, {"n": 8}])
    ctx2.workflow.static_data = ctx.workflow.static_data
    assert [it["json"] for it in asyncio.run(execute_v2(ctx2))[0]] == [{"n": 8}]


def test_v2_history_size_and_bad_values_are_errors() -> None:
    params = {"operation": "removeItemsSeenInPreviousExecutions", "dedupeField": "={{ $json.id }}",
              "options": {"historySize": 1}}
    with pytest.raises(NodeError, match="exceeds the maximum history size"):
        asyncio.run(execute_v2(NodeTestContext(DESC_V2, params=params, items=[{"id": 1}, {"id": 2}])))
    inc = {"operation": "removeItemsSeenInPreviousExecutions", "logic": "removeItemsUpToStoredIncrementalKey",
           "incrementalDedupeField": "={{ $json.n }}"}
    with pytest.raises(NodeError, match="The value 'x' is not a number"):
        asyncio.run(execute_v2(NodeTestContext(DESC_V2, params=inc, items=[{"n": "x"}])))
    dates = {"operation": "removeItemsSeenInPreviousExecutions", "logic": "removeItemsUpToStoredDate",
             "dateDedupeField": "={{ $json.d }}"}
    ctx = NodeTestContext(DESC_V2, params=dates, items=[{"d": "2024-01-02T00:00:00Z"}, {"d": "2024-01-01T00:00:00Z"}])
    assert len(asyncio.run(execute_v2(ctx))[0]) == 2
    ctx2 = NodeTestContext(DESC_V2, params=dates, items=[{"d": "2024-01-01T12:00:00Z"}, {"d": "2024-01-03T00:00:00Z"}])
    ctx2.workflow.static_data = ctx.workflow.static_data
    assert [it["json"]["d"] for it in asyncio.run(execute_v2(ctx2))[0]] == ["2024-01-03T00:00:00Z"]


def _seen_workflow(ids_expr: str) -> dict[str, Any]:
    """Trigger >> Ids (Set) >> Split >> Dedupe (v2, previous executions) >> Dedupe shared (scope workflow)"""
    def node(name: str, type_: str, version: float, params: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "type": f"n8n-nodes-base.{type_}", "typeVersion": version,
                "parameters": params, "position": [0, 0]}

    seen = {"operation": "removeItemsSeenInPreviousExecutions", "dedupeField": "={{ $json.id }}"}
    nodes = [node("Trigger", "manualTrigger", 1, {}),
             node("Ids", "set", 3.4, {"mode": "raw", "jsonOutput": ids_expr}),
             node("Split", "splitOut", 1, {"fieldToSplitOut": "ids", "options": {"destinationFieldName": "id"}}),
             node("Dedupe", "removeDuplicates", 2, seen),
             node("Dedupe shared", "removeDuplicates", 2, {**seen, "options": {"scope": "workflow"}})]
    names = [n["name"] for n in nodes]
    conn = {a: {"main": [[{"node": b, "type": "main", "index": 0}]]} for a, b in itertools.pairwise(names)}
    return {"name": "dedupe", "nodes": nodes, "connections": conn}


async def test_v2_history_survives_between_executions_through_static_data() -> None:
    from wirework.engine import run_workflow
    from wirework.model import load_workflow
    from wirework.nodes.sdk import ExecutionServices, FakeClock

    wf = load_workflow(_seen_workflow('{"ids": [1, 2, 3]}'))

    async def ids_out(node: str) -> list[Any]:
        services = ExecutionServices(clock=FakeClock())
        try:
            result = await run_workflow(wf, mode="trigger", services=services)
        finally:
            services.evaluator.close()
        assert result.status == "success", result.error
        return [it["json"]["id"] for it in result.run_data[node][0]["data"]["main"][0]]

    assert await ids_out("Dedupe") == [1, 2, 3]
    wf.nodes[1].parameters["jsonOutput"] = '{"ids": [3, 4, 1, 5]}'
    assert await ids_out("Dedupe") == [4, 5]
    # per-node history lives under the node's key, the workflow scope under "global"
    assert wf.static_data is not None
    assert wf.static_data["node:Dedupe"]["deduplication"]["values"] == ["1", "2", "3", "4", "5"]
    assert wf.static_data["global"]["deduplication"]["values"] == ["1", "2", "3", "4", "5"]
