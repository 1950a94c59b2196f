"""Function (legacy): items in, items (or bare objects) out; n8n's error shapes."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes import function_
from wirework.nodes.sdk import (
    NodeContext,
    NodeDescription,
    NodeError,
    NodeTestContext,
)

ITEMS = [{"value": 1}, {"value": 2}]


def _ctx(desc: NodeDescription, params: dict[str, Any], *, continue_on_fail: bool = False) -> NodeContext:
    return NodeTestContext(desc, params=params, items=ITEMS, name="JS", continue_on_fail=continue_on_fail)


async def test_function_node_wraps_and_reports_lines() -> None:
    ctx = _ctx(function_.DESC_V1, {"functionCode": "items[0].json.x = 1;\nreturn {success: items.length === 2};"})
    assert await function_.execute(ctx) == [[{"json": {"success": True}}]]
    bad = _ctx(function_.DESC_V1, {"functionCode": "const a = 1;\nthrow new Error('Incorrect data');"})
    with pytest.raises(NodeError) as err:
        await function_.execute(bad)
    assert err.value.message == "Incorrect data [Line 2]"
    cont = _ctx(function_.DESC_V1, {"functionCode": "throw new Error('Incorrect data');"}, continue_on_fail=True)
    assert await function_.execute(cont) == [[{"json": {"error": "Incorrect data"}}]]


async def test_static_data_persists_on_the_workflow() -> None:
    code = "const sd = getWorkflowStaticData('global');\nsd.count = (sd.count || 0) + 1;\nreturn [{count: sd.count}];"
    ctx = _ctx(function_.DESC_V1, {"functionCode": code})
    assert await function_.execute(ctx) == [[{"json": {"count": 1}}]]
    assert await function_.execute(ctx) == [[{"json": {"count": 2}}]]
    assert ctx.workflow.static_data == {"global": {"count": 2}}


async def test_console_log_is_captured() -> None:
    ctx = _ctx(function_.DESC_V1, {"functionCode": "console.log('n', items.length);\nreturn items;"})
    await function_.execute(ctx)
    assert [c["message"] for c in ctx.services.console] == ["n 2"]
