"""Item Lists (deprecated helper node): split out, concatenate, dedupe, sort, limit, summarize."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.aggregate.impl import execute as aggregate_execute
from wirework.nodes.item_lists.description import DESC_V1, DESC_V2, DESC_V3
from wirework.nodes.item_lists.legacy import (
    aggregate_items,
    remove_duplicate_items,
    split_out_items,
)
from wirework.nodes.limit import execute as limit_execute
from wirework.nodes.remove_duplicates import run_within
from wirework.nodes.sdk import NodeContext, NodeType, NodeVersion
from wirework.nodes.sort.impl import execute as sort_execute
from wirework.nodes.split_out.impl import run as split_out_run
from wirework.nodes.summarize import summarize


async def execute_legacy(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)
    if op == "splitOutItems":
        return split_out_items(ctx)
    if op == "aggregateItems":
        return aggregate_items(ctx)
    if op == "removeDuplicates":
        return remove_duplicate_items(ctx)
    if op == "sort":
        return await sort_execute(ctx)
    if op == "limit":
        return await limit_execute(ctx)
    if op == "summarize":
        return summarize(ctx, tolerate_missing=ctx.type_version >= 2.1, typed_keys=False)
    raise ctx.error(f"Operation '{op}' is not recognized", parameter="operation")


async def execute_v3(ctx: NodeContext) -> list[list[Item]]:
    op = ctx.get_param("operation", 0)
    if op == "splitOutItems":
        return split_out_run(ctx)
    if op == "concatenateItems":
        return await aggregate_execute(ctx)
    if op == "removeDuplicates":
        return run_within(ctx)
    if op == "sort":
        return await sort_execute(ctx)
    if op == "limit":
        return await limit_execute(ctx)
    if op == "summarize":
        return summarize(ctx, tolerate_missing=True, typed_keys=ctx.type_version >= 3.1)
    raise ctx.error(f"Operation '{op}' is not recognized", parameter="operation")


NODE = NodeType(name="n8n-nodes-base.itemLists", versions=(
    NodeVersion(description=DESC_V1, execute=execute_legacy),
    NodeVersion(description=DESC_V2, execute=execute_legacy),
    NodeVersion(description=DESC_V3, execute=execute_v3),
))
