from __future__ import annotations

from wirework.nodes.execute_workflow_trigger import DESCRIPTION, execute
from wirework.nodes.sdk import NodeTestContext


async def test_v1_passes_input_through() -> None:
    ctx = NodeTestContext(DESCRIPTION, items=[{"a": 1}, {"b": 2}], type_version=1)
    assert [i["json"] for i in (await execute(ctx))[0]] == [{"a": 1}, {"b": 2}]


async def test_v11_passthrough_mode() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"inputSource": "passthrough"}, items=[{"a": 1}])
    assert [i["json"] for i in (await execute(ctx))[0]] == [{"a": 1}]


async def test_v11_declared_fields_are_kept_and_filled() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"inputSource": "workflowInputs", "workflowInputs": {
        "values": [{"name": "a"}, {"name": "missing", "type": "string"}]}}, items=[{"a": 1, "x": 2}])
    assert [i["json"] for i in (await execute(ctx))[0]] == [{"a": 1, "missing": None}]


async def test_v11_json_example_fields() -> None:
    ctx = NodeTestContext(DESCRIPTION, params={"inputSource": "jsonExample", "jsonExample": '{"k": 1}'},
                          items=[{"k": "v", "other": 1}])
    assert [i["json"] for i in (await execute(ctx))[0]] == [{"k": "v"}]
