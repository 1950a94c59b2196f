"""Split In Batches / Loop Over Items: hand out the input in batches across runs.

The node keeps per-execution state (n8n's node context: ``items``, ``processedItems``,
``currentRunIndex``, ``maxRunIndex``, ``noItemsLeft``, ``done``) in
``services.extras["node_state"][node name]``; expressions read it as
``$node["Name"].context``. Outputs: v1 one output; v2 0 = loop, 1 = done; v3 0 = done, 1 = loop.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from wirework.model import Item
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

NOTICE = Param(
    "splitInBatchesNotice", "notice", "",
    display_name="You may not need this node — n8n nodes automatically run once for each input item. "
                 "<a href=\"https://docs.n8n.io/getting-started/key-concepts/looping.html#using-loops-in-n8n\" "
                 "target=\"_blank\">More info</a>",
)


def _properties(batch_default: int, reset_description: str) -> tuple[Param, ...]:
    return (
        NOTICE,
        Param("batchSize", "number", batch_default, display_name="Batch Size", type_options={"minValue": 1},
              description="The number of items to return with each call"),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
            Param("reset", "boolean", False, display_name="Reset", description=reset_description),
        )),
    )


_RESET_OLD = "Whether the node will be reset and so with the current input-data newly initialized"
_RESET_V3 = ("Whether the node starts again from the beginning of the input items. This will treat incoming "
             "data as a new set rather than continuing with the previous items.")

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.splitInBatches", display_name="Split In Batches", versions=(1,), icon="fa:th-large",
    group=("organization",), color="#007755", default_name="Split In Batches",
    description="Split data into batches and iterate over each batch", properties=_properties(10, _RESET_OLD),
)
DESC_V2 = NodeDescription(
    name="n8n-nodes-base.splitInBatches", display_name="Split In Batches", versions=(2,), icon="fa:th-large",
    group=("organization",), color="#007755", default_name="Split In Batches", outputs=2,
    output_names=("loop", "done"), description="Split data into batches and iterate over each batch",
    properties=_properties(10, _RESET_OLD),
)
DESC_V3 = NodeDescription(
    name="n8n-nodes-base.splitInBatches", display_name="Loop Over Items (Split in Batches)", versions=(3,),
    icon="fa:sync", group=("organization",), color="#007755", default_name="Loop Over Items", outputs=2,
    output_names=("done", "loop"), description="Split data into batches and iterate over each batch",
    properties=_properties(1, _RESET_V3),
)


def node_state(ctx: NodeContext) -> dict[str, Any]:
    """This node's per-execution context (shared by all its runs in one execution)."""
    states = ctx.services.extras.setdefault("node_state", {})
    state = states.setdefault(ctx.node.name, {})
    assert isinstance(state, dict)
    return state


def _with_source(item: Item, source: Any) -> Item:
    """n8n's ``sourceOverwrite``: paired items point at the first run's source, not the loop."""
    if source is None:
        return item
    pairing = item.get("pairedItem")
    if pairing is None:
        pairing = {"item": 0}
    if isinstance(pairing, int):
        pairing = {"item": pairing}
    if isinstance(pairing, list):
        new: Any = [{**p, "sourceOverwrite": source} for p in pairing]
    else:
        new = {**pairing, "sourceOverwrite": source}
    return {**item, "pairedItem": new}


def next_batch(ctx: NodeContext, *, collect_processed: bool) -> tuple[list[Item], dict[str, Any]]:
    """Advance the state by one run; returns the batch and the state."""
    state = node_state(ctx)
    items = list(ctx.items)
    size = max(int(ctx.get_param("batchSize", 0)), 1)
    reset = bool(ctx.get_param("options.reset", 0, False))
    source = ctx.expr.source[0] if ctx.expr.source else None
    if "items" not in state or reset:
        state.update(currentRunIndex=0, maxRunIndex=math.ceil(len(items) / size),
                     sourceData=copy.deepcopy(source))
        batch, state["items"] = items[:size], items[size:]
        state["processedItems"] = []
    else:
        state["currentRunIndex"] += 1
        pending: list[Item] = state["items"]
        batch = [_with_source(it, state.get("sourceData")) for it in pending[:size]]
        state["items"] = pending[size:]
        if collect_processed:
            state["processedItems"] = [
                *state["processedItems"],
                *(_with_source({**it, "pairedItem": {"item": i}}, source) for i, it in enumerate(items)),
            ]
    state["noItemsLeft"] = not state["items"]
    return batch, state


async def execute_v1(ctx: NodeContext) -> list[list[Item]] | None:
    batch, _ = next_batch(ctx, collect_processed=False)
    return [batch] if batch else None


async def execute_v2(ctx: NodeContext) -> list[list[Item]]:
    batch, state = next_batch(ctx, collect_processed=True)
    state["done"] = not batch
    return [batch, []] if batch else [[], list(state["processedItems"])]


async def execute_v3(ctx: NodeContext) -> list[list[Item]]:
    batch, state = next_batch(ctx, collect_processed=True)
    state["done"] = not batch
    return [[], batch] if batch else [list(state["processedItems"]), []]


NODE = NodeType(name="n8n-nodes-base.splitInBatches", versions=(
    NodeVersion(description=DESC_V1, execute=execute_v1),
    NodeVersion(description=DESC_V2, execute=execute_v2),
    NodeVersion(description=DESC_V3, execute=execute_v3),
))
