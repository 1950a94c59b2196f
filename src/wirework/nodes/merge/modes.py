"""Merge execute functions for v1, v2/v2.1 and v3/v3.1/v3.2."""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import UNDEFINED, get, get_field, js_number_str, js_string
from wirework.nodes.merge.combine import (
    all_combinations,
    by_fields,
    by_position,
    by_position_v3,
    pairing_list,
)
from wirework.nodes.merge.description_v3 import number_inputs
from wirework.nodes.sdk import NodeContext

# --- v1 ----------------------------------------------------------------------------------


def _by_index(a: list[Item], b: list[Item], join: str) -> list[Item]:
    if not a:
        return [] if join in ("inner", "left") else list(b)
    if not b:
        return list(a) if join in ("left", "outer") else []
    count = {"inner": min(len(a), len(b)), "outer": max(len(a), len(b))}.get(join, len(a))
    out: list[Item] = []
    for i in range(count):
        if i >= len(a) or i >= len(b):
            out.append(a[i] if i < len(a) else b[i])
            continue
        item: Item = {"json": {**a[i]["json"], **b[i]["json"]},
                      "pairedItem": [*pairing_list(a[i]), *pairing_list(b[i])]}
        binary = {**(a[i].get("binary") or {}), **(b[i].get("binary") or {})}
        if binary:
            item["binary"] = binary
        out.append(item)
    return out


def _key_of(value: Any) -> str | None:
    """The lookup key n8n v1 uses for a reference value, or None when it can't match."""
    if isinstance(value, (bool, dict, list)):
        return None
    if isinstance(value, (int, float)):
        return js_number_str(value)
    return "null" if value is None else str(value)


def _by_key(ctx: NodeContext, mode: str, a: list[Item], b: list[Item]) -> list[Item]:
    prop1, prop2 = ctx.get_param("propertyName1", 0), ctx.get_param("propertyName2", 0)
    overwrite = ctx.get_param("overwrite", 0, "always")
    if not prop1 or not prop2:
        return [] if mode == "keepKeyMatches" else list(a)
    lookup: dict[str, Item] = {}
    for entry in b:
        key = get(entry["json"], prop2)
        if key is UNDEFINED or key in (None, "", 0, False):
            continue
        lookup[js_string(key)] = entry
    out: list[Item] = []
    for entry in a:
        ref = get(entry["json"], prop1)
        key = None if ref is UNDEFINED else _key_of(ref)
        match = lookup.get(key) if key is not None else None
        if match is None:
            if mode == "removeKeyMatches" or (mode == "mergeByKey" and key is not None):
                out.append(entry)
            continue
        if mode == "keepKeyMatches":
            out.append(entry)
        elif mode == "mergeByKey":
            merged = copy.deepcopy(entry)
            for k, v in match["json"].items():
                if k == prop2:
                    continue
                blank = merged["json"].get(k) in (None, "")
                if overwrite == "always" or (overwrite == "undefined" and k not in merged["json"]) or (
                        overwrite == "blank" and blank):
                    merged["json"][k] = v
            out.append(merged)
    return out


async def execute_v1(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)
    a, b = ctx.input_items(0), ctx.input_items(1)
    if mode == "append":
        return [[*a, *b]]
    if mode == "mergeByIndex":
        return [_by_index(a, b, ctx.get_param("join", 0))]
    if mode == "multiplex":
        return [[{"json": {**x["json"], **y["json"]}, "pairedItem": [*pairing_list(x), *pairing_list(y)]}
                 for x in a for y in b]]
    if mode in ("keepKeyMatches", "mergeByKey", "removeKeyMatches"):
        return [_by_key(ctx, mode, a, b)]
    if mode == "passThrough":
        return [list(a if ctx.get_param("output", 0) == "input1" else b)]
    if mode == "wait":
        return [[{"json": {}, "pairedItem": [{"item": i} for i in range(len(a))]}]]
    raise ctx.error(f"The mode '{mode}' is not known", parameter="mode")


# --- v2 ----------------------------------------------------------------------------------


def check_pairs(ctx: NodeContext, pairs: list[dict[str, Any]]) -> list[dict[str, str]]:
    if len(pairs) == 1 and pairs[0].get("field1", "") == "" and pairs[0].get("field2", "") == "":
        raise ctx.error('You need to define at least one pair of fields in "Fields to Match" to match on',
                        parameter="mergeByFields")
    for n, p in enumerate(pairs, start=1):
        f1, f2 = p.get("field1", ""), p.get("field2", "")
        if f1 == "" or f2 == "":
            raise ctx.error(f'You need to define both fields in "Fields to Match" for pair {n},\n'
                            f"\t\t\t\t field 1 = '{f1}'\n\t\t\t\t field 2 = '{f2}'", parameter="mergeByFields")
    return [{"field1": str(p["field1"]), "field2": str(p["field2"])} for p in pairs]


def check_present(ctx: NodeContext, items: list[Item], fields: list[str], *, dot: bool, label: str) -> None:
    """v2.0: every field to match must exist in at least one item of its input."""
    for f in fields:
        if not any(get_field(it["json"], f, dot_notation=dot) is not UNDEFINED for it in items):
            raise ctx.error(f"Field '{f}' is not present in any of items in '{label}'", parameter="mergeByFields")


def _fields_v2(ctx: NodeContext, a: list[Item], b: list[Item]) -> list[Item]:
    pairs = check_pairs(ctx, (ctx.get_param("mergeByFields", 0, {}) or {}).get("values") or [])
    join = ctx.get_param("joinMode", 0)
    output_from = ctx.get_param("outputDataFrom", 0, "both")
    options = dict(ctx.get_param("options", 0, {}) or {})
    if ctx.type_version < 2.1:
        dot = not options.get("disableDotNotation", False)
        check_present(ctx, a, [p["field1"] for p in pairs], dot=dot, label="Input 1")
        check_present(ctx, b, [p["field2"] for p in pairs], dot=dot, label="Input 2")
    return by_fields(a, b, pairs, join_mode=join, output_from=output_from, options=options, version=2)


def _choose_branch_v2(ctx: NodeContext, a: list[Item], b: list[Item]) -> list[Item]:
    output = ctx.get_param("output", 0)
    if output == "input1":
        return list(a)
    if output == "input2":
        return list(b)
    return [{"json": {}, "pairedItem": [p for it in (*a, *b) for p in pairing_list(it)]}]


async def execute_v2(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)
    a, b = ctx.input_items(0), ctx.input_items(1)
    if mode == "append":
        return [[*a, *b]]
    if mode == "chooseBranch":
        return [_choose_branch_v2(ctx, a, b)]
    combination = ctx.get_param("combinationMode", 0)
    clash = ctx.get_param("options.clashHandling.values", 0, {}) or {}
    if combination == "multiplex":
        return [all_combinations(a, b, clash)]
    if combination == "mergeByPosition":
        unpaired = bool(ctx.get_param("options.includeUnpaired", 0, False))
        return [by_position([a, b], clash, include_unpaired=unpaired)]
    return [_fields_v2(ctx, a, b)]


# --- v3 ----------------------------------------------------------------------------------


def _inputs(ctx: NodeContext) -> list[list[Item]]:
    return [ctx.input_items(i) for i in range(number_inputs(ctx.node.parameters))]


def _fields_v3(ctx: NodeContext, a: list[Item], b: list[Item]) -> list[Item]:
    if ctx.get_param("advanced", 0, False):
        raw = (ctx.get_param("mergeByFields", 0, {}) or {}).get("values") or []
    else:
        text = str(ctx.get_param("fieldsToMatchString", 0, "") or "")
        raw = [{"field1": f.strip(), "field2": f.strip()} for f in text.split(",")]
    pairs = check_pairs(ctx, raw)
    options = dict(ctx.get_param("options", 0, {}) or {})
    return by_fields(a, b, pairs, join_mode=ctx.get_param("joinMode", 0),
                     output_from=ctx.get_param("outputDataFrom", 0, "both"), options=options, version=3)


def _choose_branch_v3(ctx: NodeContext, inputs: list[list[Item]]) -> list[Item]:
    if ctx.get_param("output", 0) == "empty":
        return [{"json": {}, "pairedItem": [p for items in inputs for it in items for p in pairing_list(it)]}]
    wanted = int(ctx.get_param("useDataOfInput", 0, 1))
    if not 1 <= wanted <= len(inputs):
        raise ctx.error(f"The input {wanted} is not allowed.",
                        description=f"The node has only {len(inputs)} inputs, so selecting input {wanted} "
                                    "is not possible.", parameter="useDataOfInput")
    return list(inputs[wanted - 1])


async def execute_v3(ctx: NodeContext) -> list[list[Item]]:
    mode = ctx.get_param("mode", 0)
    inputs = _inputs(ctx)
    if mode == "append":
        return [[it for items in inputs for it in items]]
    if mode == "chooseBranch":
        return [_choose_branch_v3(ctx, inputs)]
    if mode == "combineBySql":
        from wirework.nodes.merge.sql import combine_by_sql

        return [combine_by_sql(ctx, inputs)]
    a, b = ctx.input_items(0), ctx.input_items(1)
    combine_by = ctx.get_param("combineBy", 0)
    clash = ctx.get_param("options.clashHandling.values", 0, {}) or {}
    if combine_by == "combineAll":
        return [all_combinations(a, b, clash)]
    if combine_by == "combineByPosition":
        unpaired = bool(ctx.get_param("options.includeUnpaired", 0, False))
        return [by_position_v3(ctx.hints, inputs, clash, include_unpaired=unpaired)]
    return [_fields_v3(ctx, a, b)]
