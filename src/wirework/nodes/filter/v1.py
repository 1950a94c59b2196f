"""Filter v1: keep items matching typed comparisons combined with AND/OR."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.if_.v1 import item_matches
from wirework.nodes.sdk import NodeContext


async def execute(ctx: NodeContext) -> list[list[Item]]:
    kept: list[Item] = []
    discarded: list[Item] = []
    for i, item in enumerate(ctx.items):
        ok = item_matches(ctx, i, combine_param="combineConditions", any_value="OR")
        (kept if ok else discarded).append(item)
    return [kept, discarded]
