"""Limit: keep only the first or last N items."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Option, Param

MAX_ITEMS = Param(
    "maxItems", "number", 1, display_name="Max Items", type_options={"minValue": 1},
    description="If there are more items than this number, some are removed",
)
KEEP = Param(
    "keep", "options", "firstItems", display_name="Keep",
    options=(Option("First Items", "firstItems"), Option("Last Items", "lastItems")),
    description="When removing items, whether to keep the ones at the start or the ending",
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.limit", display_name="Limit", versions=(1,),
    description="Restrict the number of items", icon="fa:ban", default_name="Limit",
    properties=(MAX_ITEMS, KEEP),
)


def limit_items(items: list[Item], max_items: int, keep: str) -> list[Item]:
    if max_items > len(items):
        return list(items)
    if keep == "firstItems":
        return items[:max_items]
    return items[len(items) - max_items:] if max_items else []


async def execute(ctx: NodeContext) -> list[list[Item]]:
    max_items = int(ctx.get_param("maxItems", 0))
    keep = ctx.get_param("keep", 0)
    return [limit_items(ctx.items, max_items, keep)]


NODE = NodeType(name="n8n-nodes-base.limit", versions=(NodeVersion(description=DESC_V1, execute=execute),))
