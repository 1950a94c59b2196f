"""Aggregation rules shared by Aggregate and Item Lists (aggregateItems / concatenateItems)."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get_field, set_field
from wirework.nodes._common.items import paired_all, prepare_fields
from wirework.nodes.sdk import NodeContext

_NESTED_HINT = ("If you're trying to use a nested field, make sure you turn off "
                "'disable dot notation' in the node options")


def check_fields_exist(ctx: NodeContext, items: list[Item], fields: list[dict[str, Any]], *,
                       dot: bool, keep_missing: bool) -> None:
    """Item Lists < 2.1: a field missing from every item is an error."""
    for entry in fields:
        name = str(entry.get("fieldToAggregate", ""))
        if name == "" and items:
            raise ctx.error("Field to aggregate is blank", description="Please add a field to aggregate",
                            parameter="fieldsToAggregate")
        found = any((get_field(it["json"], name) is not UNDEFINED) if dot else name in it["json"]
                    for it in items)
        if not found and not dot and "." in name:
            raise ctx.error(f"Couldn't find the field '{name}' in the input data",
                            description=_NESTED_HINT, parameter="fieldsToAggregate")
        if not found and not keep_missing:
            raise ctx.error(f"Couldn't find the field '{name}' in the input data",
                            parameter="fieldsToAggregate")


def _collect(items: list[Item], name: str, *, dot: bool, keep_missing: bool, merge_lists: bool) -> list[Any]:
    values: list[Any] = []
    for it in items:
        value = get_field(it["json"], name, dot_notation=dot)
        if not keep_missing:
            if isinstance(value, list):
                value = [v for v in value if v is not None]
            elif value is None or value is UNDEFINED:
                continue
        if value is UNDEFINED:
            value = None  # a missing value kept becomes null in JSON output
        if isinstance(value, list) and merge_lists:
            values.extend(value)
        else:
            values.append(value)
    return values


def aggregate_fields(ctx: NodeContext, items: list[Item], fields: list[dict[str, Any]], *,
                     dot: bool, keep_missing: bool, merge_lists: bool) -> Item:
    if not fields:
        raise ctx.error("No fields specified", description="Please add a field to aggregate",
                        parameter="fieldsToAggregate")
    values: dict[str, list[Any]] = {}
    used: list[str] = []
    for entry in fields:
        name = str(entry.get("fieldToAggregate", ""))
        out_name = str(entry.get("outputFieldName") or "")
        label = out_name if entry.get("renameField") else name
        if label in used:
            raise ctx.error(f"The '{label}' output field is used more than once",
                            description="Please make sure each output field name is unique",
                            parameter="fieldsToAggregate")
        used.append(label)
        target = out_name or (name.split(".")[-1] if dot and "." in name else name)
        if name != "":
            values[target] = _collect(items, name, dot=dot, keep_missing=keep_missing, merge_lists=merge_lists)
            if all(get_field(it["json"], name, dot_notation=dot) is UNDEFINED for it in items):
                ctx.hints.append({"message": f"The field '{name}' wasn't found in any input item",
                                  "location": "outputPane"})
    json: dict[str, Any] = {}
    for key, vals in values.items():
        set_field(json, key, vals, dot_notation=dot)
    return {"json": json, "pairedItem": paired_all(len(items))}


def aggregate_all(items: list[Item], destination: str, *, include: list[str], exclude: list[str],
                  with_pairing: bool = True) -> Item:
    rows: list[dict[str, Any]] = []
    pairing: list[dict[str, int]] = []
    for i, it in enumerate(items):
        data = it["json"]
        if include or exclude:
            keys = [k for k in data if k not in exclude] if exclude else list(data)
            if include:
                keys = [k for k in keys if k in include]
            data = {k: data[k] for k in keys}
            if not data:
                continue
        rows.append(data)
        pairing.append({"item": i})
    out: Item = {"json": {destination: rows}}
    if with_pairing:
        out["pairedItem"] = pairing
    return out


def add_binaries(items: list[Item], target: Item, *, keep_only_unique: bool) -> None:
    binaries: dict[str, Any] = {}
    seen: list[tuple[Any, ...]] = []
    for it in items:
        for ref in (it.get("binary") or {}).values():
            sig = (ref.get("mimeType"), ref.get("fileType"), ref.get("fileSize"), ref.get("fileExtension"))
            if keep_only_unique and sig in seen:
                continue
            seen.append(sig)
            binaries[f"data_{len(binaries)}"] = ref
    if binaries:
        target["binary"] = binaries


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items
    mode = ctx.get_param("aggregate", 0)
    group_by = prepare_fields(ctx.get_param("options.groupByFields", 0, ""), "Group By Fields", ctx=ctx)
    if group_by:
        from wirework.nodes.aggregate.groups import aggregate_grouped

        return [aggregate_grouped(
            ctx, items, group_by, mode=mode,
            include=prepare_fields(ctx.get_param("fieldsToInclude", 0, ""), "Fields To Include", ctx=ctx),
            exclude=prepare_fields(ctx.get_param("fieldsToExclude", 0, ""), "Fields To Exclude", ctx=ctx),
        )]
    if mode == "aggregateIndividualFields":
        entries = (ctx.get_param("fieldsToAggregate", 0, {}) or {}).get("fieldToAggregate") or []
        result = aggregate_fields(
            ctx, items, entries, dot=not ctx.get_param("options.disableDotNotation", 0, False),
            keep_missing=bool(ctx.get_param("options.keepMissing", 0, False)),
            merge_lists=bool(ctx.get_param("options.mergeLists", 0, False)),
        )
    else:
        result = aggregate_all(
            items, str(ctx.get_param("destinationFieldName", 0)),
            include=prepare_fields(ctx.get_param("fieldsToInclude", 0, ""), "Fields To Include", ctx=ctx),
            exclude=prepare_fields(ctx.get_param("fieldsToExclude", 0, ""), "Fields To Exclude", ctx=ctx),
        )
    if ctx.get_param("options.includeBinaries", 0, False):
        add_binaries(items, result, keep_only_unique=bool(ctx.get_param("options.keepOnlyUnique", 0, False)))
    return [[result]]
