"""Split-out rules shared by Split Out and Item Lists (splitOutItems, v2.2+)."""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get_field, set_path, unset
from wirework.nodes._common.items import collection_fields, prepare_fields
from wirework.nodes.sdk import NodeContext


def _entities(item: Item, field: str, dot: bool) -> tuple[list[Any], bool]:
    """The values to split for one field, and whether the field existed."""
    if field == "$binary":
        return [{k: v} for k, v in (item.get("binary") or {}).items()], True
    value = get_field(item["json"], field, dot_notation=dot)
    if value is UNDEFINED:
        return [], False
    if isinstance(value, list):
        return value, True
    if isinstance(value, dict):
        return list(value.values()), True
    return [value], True


def split_item(
    item: Item, index: int, fields: list[str], destinations: list[str], *, include: str,
    dot: bool, include_fields: list[str] | None, include_binary: bool, nested_destination: bool = False,
) -> tuple[list[Item], list[str]]:
    """Split one item; returns the new items and the fields that were missing.

    ``nested_destination`` (Split Out): with dot notation on, a dotted destination field name is a
    path (``data.foo`` -> ``{"data": {"foo": …}}``), as n8n does since it fixed issue 34053.
    """
    source = dict(item["json"])
    multi = len(fields) > 1
    rows: list[Item] = []
    missing: list[str] = []
    for n, field in enumerate(fields):
        dest = destinations[n] if n < len(destinations) else ""
        values, exists = _entities(item, field, dot)
        if not exists:
            missing.append(field)
        for e, element in enumerate(values):
            if e >= len(rows):
                rows.append({"json": {}, "pairedItem": {"item": index}})
            row = rows[e]
            if field == "$binary":
                row.setdefault("binary", {}).update(element)
                continue
            name = dest or field
            if isinstance(element, dict) and include == "noOtherFields" and not dest and not multi:
                row["json"] = {**row["json"], **element}
            elif nested_destination and dot and dest and "." in dest:
                set_path(row["json"], dest, element)
            else:
                row["json"][name] = element
    out: list[Item] = []
    for row in rows:
        if include == "allOtherFields":
            rest = copy.deepcopy(source)
            for field in fields:
                unset(rest, field) if dot else rest.pop(field, None)
            row["json"] = {**rest, **row["json"]}
        elif include == "selectedOtherFields":
            for field in include_fields or []:
                value = get_field(source, field, dot_notation=dot)
                if value is not UNDEFINED:
                    row["json"][field] = value
        if include_binary and item.get("binary") and not row.get("binary"):
            row["binary"] = item["binary"]
        out.append(row)
    return out, missing


def _include_fields(ctx: NodeContext, i: int, include: str, legacy: bool) -> list[str]:
    if include != "selectedOtherFields":
        return []
    if legacy:
        names = collection_fields(ctx.get_param("fieldsToInclude", i, {}))
    else:
        names = prepare_fields(ctx.get_param("fieldsToInclude", i, ""), "Fields To Include", ctx=ctx)
    if not names:
        raise ctx.error("No fields specified", description="Please add a field to include",
                        item_index=i, parameter="fieldsToInclude")
    return names


def run(ctx: NodeContext, *, legacy_include: bool = False, nested_destination: bool = False) -> list[list[Item]]:
    out: list[Item] = []
    missing_everywhere: dict[str, bool] = {}
    for i, item in enumerate(ctx.items):
        raw = str(ctx.get_param("fieldToSplitOut", i) or "")
        fields = [f.strip().removeprefix("$json.") for f in raw.split(",")]
        dot = not ctx.get_param("options.disableDotNotation", i, False)
        dest_raw = str(ctx.get_param("options.destinationFieldName", i, "") or "")
        destinations = [d.strip() for d in dest_raw.split(",") if d.strip()]
        if destinations and len(destinations) != len(fields):
            raise ctx.error("If multiple fields to split out are given, the same number of "
                            "destination fields must be given", item_index=i,
                            parameter="options.destinationFieldName")
        include = ctx.get_param("include", i)
        rows, missing = split_item(
            item, i, fields, destinations, include=include, dot=dot,
            include_fields=_include_fields(ctx, i, include, legacy_include),
            include_binary=bool(ctx.get_param("options.includeBinary", i, False)),
            nested_destination=nested_destination,
        )
        for f in fields:
            missing_everywhere[f] = missing_everywhere.get(f, True) and f in missing
        out.extend(rows)
    for field, never in missing_everywhere.items():
        if never and field != "$binary":
            ctx.hints.append({"message": f"The field '{field}' wasn't found in any input item",
                              "location": "outputPane"})
    return [out]


async def execute(ctx: NodeContext) -> list[list[Item]]:
    return run(ctx, nested_destination=True)
