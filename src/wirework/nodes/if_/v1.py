"""If v1: typed comparisons combined with ALL/ANY."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.if_.legacy import DATA_TYPES, InvalidDate, compare, fill_condition, to_millis
from wirework.nodes.sdk import NodeContext


def item_matches(ctx: NodeContext, i: int, *, combine_param: str, any_value: str) -> bool:
    """Walk the typed condition lists in n8n's order, stopping at the first decisive result."""
    combine = ctx.get_param(combine_param, i)
    match_any = combine == any_value
    for data_type in DATA_TYPES:
        for entry in ctx.get_param(f"conditions.{data_type}", i, []) or []:
            op, v1, v2 = fill_condition(data_type, entry)
            if data_type == "dateTime":
                try:
                    v1, v2 = to_millis(v1), to_millis(v2)
                except InvalidDate as exc:
                    raise ctx.error(str(exc), item_index=i, parameter="conditions") from exc
            try:
                result = compare(op, v1, v2)
            except KeyError as exc:
                raise ctx.error(f"The operation '{op}' is not known", item_index=i,
                                parameter="conditions") from exc
            if result and match_any:
                return True
            if not result and not match_any:
                return False
    return not match_any


async def execute(ctx: NodeContext) -> list[list[Item]]:
    true_items: list[Item] = []
    false_items: list[Item] = []
    for i, item in enumerate(ctx.items):
        ok = item_matches(ctx, i, combine_param="combineOperation", any_value="any")
        (true_items if ok else false_items).append(item)
    return [true_items, false_items]
