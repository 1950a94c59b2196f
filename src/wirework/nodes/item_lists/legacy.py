"""Item Lists v1–v2.2 operations (field lists come from fixedCollections)."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get_field, unset
from wirework.nodes._common.items import collection_fields
from wirework.nodes.aggregate.impl import aggregate_all, aggregate_fields, check_fields_exist
from wirework.nodes.remove_duplicates.impl import compare_keys, remove_duplicates
from wirework.nodes.sdk import NodeContext
from wirework.nodes.split_out.impl import run as split_out_run

_NESTED_HINT = ("If you're trying to use a nested field, make sure you turn off "
                "'disable dot notation' in the node options")


def _spread(element: Any) -> dict[str, Any]:
    if isinstance(element, dict):
        return dict(element)
    if isinstance(element, list):
        return {str(i): v for i, v in enumerate(element)}
    return {}


def _split_one(ctx: NodeContext, i: int, item: Item) -> list[Item]:
    field = str(ctx.get_param("fieldToSplitOut", i))
    dot = not ctx.get_param("options.disableDotNotation", 0, False)
    dest = str(ctx.get_param("options.destinationFieldName", i, "") or "")
    include = ctx.get_param("include", i)
    data = item["json"]
    value = get_field(data, field, dot_notation=dot)
    if value is UNDEFINED:
        if ctx.type_version >= 2.1:
            return []
        raise ctx.error(f"Couldn't find the field '{field}' in the input data", item_index=i,
                        description=_NESTED_HINT if "." in field and not dot else None,
                        parameter="fieldToSplitOut")
    if not isinstance(value, (dict, list)):
        raise ctx.error(f"The provided field '{field}' is not an array or object", item_index=i,
                        parameter="fieldToSplitOut")
    elements = list(value.values()) if isinstance(value, dict) else value
    out: list[Item] = []
    for element in elements:
        row: dict[str, Any] = {}
        if include == "selectedOtherFields":
            names = collection_fields(ctx.get_param("fieldsToInclude", i, {}))
            if not names:
                raise ctx.error("No fields specified", description="Please add a field to include",
                                item_index=i, parameter="fieldsToInclude")
            for name in names:
                v = get_field(data, name, dot_notation=dot)
                if name != field and v is not UNDEFINED:
                    row[name] = v
        elif include == "allOtherFields":
            row = {k: v for k, v in data.items()}
            unset(row, field)
        if (isinstance(element, (dict, list)) or element is None) and include == "noOtherFields" and not dest:
            row = {**row, **_spread(element)}
        else:
            row[dest or field] = element
        out.append({"json": row, "pairedItem": {"item": i}})
    return out


def split_out_items(ctx: NodeContext) -> list[list[Item]]:
    if ctx.type_version >= 2.2:
        return split_out_run(ctx, legacy_include=True)
    return [[row for i, item in enumerate(ctx.items) for row in _split_one(ctx, i, item)]]


def aggregate_items(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    if ctx.get_param("aggregate", 0, "") == "aggregateIndividualFields":
        entries = (ctx.get_param("fieldsToAggregate", 0, {}) or {}).get("fieldToAggregate") or []
        dot = not ctx.get_param("options.disableDotNotation", 0, False)
        keep = bool(ctx.get_param("options.keepMissing", 0, False))
        if not entries:
            raise ctx.error("No fields specified", description="Please add a field to aggregate",
                            parameter="fieldsToAggregate")
        if ctx.type_version < 2.1:
            check_fields_exist(ctx, items, entries, dot=dot, keep_missing=keep)
        return [[aggregate_fields(ctx, items, entries, dot=dot, keep_missing=keep,
                                  merge_lists=bool(ctx.get_param("options.mergeLists", 0, False)))]]
    return [[aggregate_all(
        items, str(ctx.get_param("destinationFieldName", 0)),
        include=collection_fields(ctx.get_param("fieldsToInclude", 0, {})),
        exclude=collection_fields(ctx.get_param("fieldsToExclude", 0, {})),
    )]]


def remove_duplicate_items(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    dot = not ctx.get_param("options.disableDotNotation", 0, False)
    keys = compare_keys(
        ctx, items, ctx.get_param("compare", 0), dot=dot,
        to_compare=collection_fields(ctx.get_param("fieldsToCompare", 0, {})),
        to_exclude=collection_fields(ctx.get_param("fieldsToExclude", 0, {})),
    )
    return [remove_duplicates(ctx, items, keys, dot=dot,
                              remove_other_fields=bool(ctx.get_param("options.removeOtherFields", 0, False)))]
