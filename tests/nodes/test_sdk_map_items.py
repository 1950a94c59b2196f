"""NodeContext.map_items: the per-item loop nodes share, with n8n's continue-on-fail items."""

from __future__ import annotations

import pytest

from wirework.model import Item
from wirework.nodes.sdk import NodeDescription, NodeError, NodeTestContext

DESC = NodeDescription(name="x.each", display_name="Each", versions=(1,))


async def _double_or_fail(item: Item, i: int) -> Item | list[Item] | None:
    n = item["json"]["n"]
    if n < 0:
        raise NodeError(f"negative: {n}", parameter="n")
    if n == 0:
        return None
    if n == 2:
        return [{"json": {"n": 2}}, {"json": {"n": 2}}]
    return {"json": {"n": n * 10}, "pairedItem": {"item": i}}


async def test_items_lists_and_none_are_collected_in_order() -> None:
    ctx = NodeTestContext(DESC, items=[{"n": 1}, {"n": 0}, {"n": 2}, {"n": 3}])
    assert [i["json"]["n"] for i in await ctx.map_items(_double_or_fail)] == [10, 2, 2, 30]


async def test_a_failing_item_is_named_in_the_error() -> None:
    ctx = NodeTestContext(DESC, items=[{"n": 1}, {"n": -5}])
    with pytest.raises(NodeError) as caught:
        await ctx.map_items(_double_or_fail)
    assert caught.value.item_index == 1 and caught.value.parameter == "n"


async def test_continue_on_fail_turns_the_failure_into_an_error_item() -> None:
    ctx = NodeTestContext(DESC, items=[{"n": -5}, {"n": 1}], continue_on_fail=True)
    out = await ctx.map_items(_double_or_fail)
    assert out == [{"json": {"error": "negative: -5"}, "pairedItem": {"item": 0}},
                   {"json": {"n": 10}, "pairedItem": {"item": 1}}]
