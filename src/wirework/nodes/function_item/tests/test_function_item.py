"""Function Item (legacy): per-item JSON in and out, binary helpers, error shapes."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes import function_item
from wirework.nodes.sdk import (
    NodeContext,
    NodeDescription,
    NodeError,
    NodeTestContext,
)

ITEMS = [{"value": 1}, {"value": 2}]


def _ctx(desc: NodeDescription, params: dict[str, Any], *, continue_on_fail: bool = False) -> NodeContext:
    return NodeTestContext(desc, params=params, items=ITEMS, name="JS", continue_on_fail=continue_on_fail)


async def test_function_item_node() -> None:
    code = "item.double = item.value * 2;\nsetBinaryData({f: {data: 'eA==', mimeType: 'text/plain'}});\nreturn item;"
    out = await function_item.execute(_ctx(function_item.DESC_V1, {"functionCode": code}))
    assert out[0][1] == {"json": {"value": 2, "double": 4}, "pairedItem": {"item": 1},
                         "binary": {"f": {"data": "eA==", "mimeType": "text/plain"}}}
    bad = _ctx(function_item.DESC_V1, {"functionCode": "if (item.value === 2) {\n  throw new Error('bad');\n}\nreturn item;"})
    with pytest.raises(NodeError) as err:
        await function_item.execute(bad)
    assert err.value.message == "bad [Line 2 | Item Index: 1]"


async def test_continue_on_fail_keeps_other_items() -> None:
    code = "if (item.value === 1) throw new Error('bad');\nreturn item;"
    ctx = _ctx(function_item.DESC_V1, {"functionCode": code}, continue_on_fail=True)
    assert await function_item.execute(ctx) == [[
        {"json": {"error": "bad"}, "pairedItem": {"item": 0}},
        {"json": {"value": 2}, "pairedItem": {"item": 1}},
    ]]


async def test_missing_return_is_an_error() -> None:
    with pytest.raises(NodeError, match="No data got returned"):
        await function_item.execute(_ctx(function_item.DESC_V1, {"functionCode": "item.x = 1;"}))
