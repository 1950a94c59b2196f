"""Filter v2.x: keep the items whose filter conditions pass."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.if_.v2 import split_items
from wirework.nodes.sdk import NodeContext


async def execute(ctx: NodeContext) -> list[list[Item]]:
    kept, discarded = split_items(ctx, loose_since=2.1)
    return [kept, discarded]
