"""Aggregate's "Group By Fields" option: one output item per distinct combination of values."""

from __future__ import annotations

from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, json_stringify, set_path
from wirework.nodes.aggregate.impl import add_binaries, aggregate_all, aggregate_fields
from wirework.nodes.sdk import NodeContext


def conflicts(path1: str, path2: str) -> bool:
    """True when one dotted path is the other or an ancestor of it."""
    a, b = path1.split("."), path2.split(".")
    return a[: len(b)] == b[: len(a)]


def _group(ctx: NodeContext, items: list[Item], fields: list[str]) -> list[tuple[list[Any], list[int]]]:
    groups: dict[str, tuple[list[Any], list[int]]] = {}
    for i, it in enumerate(items):
        values = []
        for f in fields:
            v = get(it["json"], f)
            if isinstance(v, (dict, list)):
                raise ctx.error(f'Field "{f}" has a non-scalar value which cannot be used for grouping.',
                                description='Only scalar values (string, number, boolean, null) can be used '
                                            'in "Group By Fields".', item_index=i, parameter="options.groupByFields")
            values.append(v)
        key = json_stringify([None if v is UNDEFINED else v for v in values])
        groups.setdefault(key, (values, []))[1].append(i)
    return list(groups.values())


def _check_names(ctx: NodeContext, fields: list[str], names: list[str], what: str) -> None:
    for name in names:
        hit = next((f for f in fields if conflicts(name, f)), None)
        if hit is not None:
            raise ctx.error(f"The {what} '{name}' conflicts with a Group By field '{hit}'",
                            description="Please choose a different destination field name or Group By field",
                            parameter="options.groupByFields")


def _output_names(entries: list[dict[str, Any]], dot: bool) -> list[str]:
    names = []
    for e in entries:
        name = str(e.get("fieldToAggregate", ""))
        short = name.split(".")[-1] if dot and "." in name else name
        names.append(str(e.get("outputFieldName") or "") if e.get("renameField") else short)
    return names


def aggregate_grouped(ctx: NodeContext, items: list[Item], fields: list[str], *, mode: str,
                      include: list[str], exclude: list[str]) -> list[Item]:
    dot = not ctx.get_param("options.disableDotNotation", 0, False)
    entries = (ctx.get_param("fieldsToAggregate", 0, {}) or {}).get("fieldToAggregate") or []
    destination = str(ctx.get_param("destinationFieldName", 0, "data"))
    if mode == "aggregateAllItemData":
        _check_names(ctx, fields, [destination], "destination field")
    else:
        _check_names(ctx, fields, _output_names(entries, dot), "output field")
    out: list[Item] = []
    for values, indices in _group(ctx, items, fields):
        members = [items[i] for i in indices]
        json: dict[str, Any] = {}
        for f, v in zip(fields, values, strict=True):
            if v is not UNDEFINED:
                set_path(json, f, v)
        if mode == "aggregateAllItemData":
            json.update(aggregate_all(members, destination, include=include, exclude=exclude)["json"])
        else:
            part = aggregate_fields(ctx, members, entries, dot=dot,
                                    keep_missing=bool(ctx.get_param("options.keepMissing", 0, False)),
                                    merge_lists=bool(ctx.get_param("options.mergeLists", 0, False)))
            json.update(part["json"])
        item: Item = {"json": json, "pairedItem": {"item": indices[0]}}
        if ctx.get_param("options.includeBinaries", 0, False):
            add_binaries(members, item, keep_only_unique=bool(ctx.get_param("options.keepOnlyUnique", 0, False)))
        out.append(item)
    return out
