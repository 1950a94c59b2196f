"""Follow ``pairedItem`` links back from an input item to the item of an earlier node.

Used for ``_('Node').item`` in Python code. The walk goes: input item -> the item of the
previous node's output it came from (the run's ``source``) -> that item's own ``pairedItem`` ->
… until the wanted node is reached. Several candidates resolve through the first one.
"""

from __future__ import annotations

from typing import Any

from wirework.expr import ExprContext
from wirework.model import Item

MAX_HOPS = 200


def _first_pair(paired: Any) -> tuple[int, int] | None:
    if isinstance(paired, list):
        paired = paired[0] if paired else None
    if isinstance(paired, int):
        return paired, 0
    if isinstance(paired, dict) and isinstance(paired.get("item"), int):
        return paired["item"], int(paired.get("input") or 0)
    return None


def _output_items(ctx: ExprContext, source: dict[str, Any]) -> tuple[list[Item], list[Any]]:
    runs = ctx.run_data.get(source.get("previousNode", "")) or []
    run_index = int(source.get("previousNodeRun") or 0)
    if not runs:
        return [], []
    task = runs[run_index] if run_index < len(runs) else runs[-1]
    outputs = ((task.get("data") or {}).get("main")) or []
    out_index = int(source.get("previousNodeOutput") or 0)
    items = outputs[out_index] if out_index < len(outputs) and outputs[out_index] else []
    return items, list(task.get("source") or [])


def paired_item(ctx: ExprContext, target: str, item_index: int) -> Item | None:
    """The item of node ``target`` that input item ``item_index`` derives from, or None."""
    sources: list[Any] = list(ctx.source or [])
    pair: tuple[int, int] | None = (item_index, ctx.input_index)
    for _ in range(MAX_HOPS):
        if pair is None:
            return None
        index, input_no = pair
        source = sources[input_no] if input_no < len(sources) else None
        if not isinstance(source, dict):
            return None
        items, sources = _output_items(ctx, source)
        if index >= len(items):
            return None
        if source.get("previousNode") == target:
            return items[index]
        pair = _first_pair(items[index].get("pairedItem", 0 if len(items) == 1 else None))
    return None
