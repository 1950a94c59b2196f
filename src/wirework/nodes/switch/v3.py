"""Switch v3.x: rules built from filter conditions, or an expression giving the output index."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wirework.expr import ExpressionError
from wirework.model import Item
from wirework.nodes._common.fields import js_string
from wirework.nodes._common.filter_conditions import (
    ENABLE_LESS_STRICT_TYPE_VALIDATION,
    FilterError,
    execute_filter,
    is_filter_value,
    is_number,
    js_truthy,
    validate_field_type,
)
from wirework.nodes.if_.v2 import filter_type_options, loose_param
from wirework.nodes.sdk import NodeContext, NodeError, Option, Param

VERSIONS = (3, 3.1, 3.2, 3.3, 3.4)
_DEFAULT_RULE = {
    "conditions": {
        "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
        "conditions": [{"leftValue": "", "rightValue": "",
                        "operator": {"type": "string", "operation": "equals"}}],
        "combinator": "and",
    }
}


def outputs(parameters: Mapping[str, Any]) -> int:
    """One output per rule (+1 for an extra fallback), or ``numberOutputs`` in expression mode."""
    if parameters.get("mode", "rules") == "expression":
        return int(parameters.get("numberOutputs", 4))
    rules = parameters.get("rules")
    values = (rules if isinstance(rules, dict) else {"values": [_DEFAULT_RULE]}).get("values") or []
    extra = (parameters.get("options") or {}).get("fallbackOutput") == "extra"
    return len(values) + (1 if extra else 0)


def properties() -> tuple[Param, ...]:
    expr_mode = {"show": {"mode": ["expression"]}}
    rules_mode = {"show": {"mode": ["rules"]}}
    rule = Param("values", "collection", {}, display_name="Values", options=(
        Param("conditions", "filter", {}, display_name="Conditions", placeholder="Add Condition",
              type_options={"multipleValues": False, **filter_type_options(3.1, 3.2, 3.4)}),
        Param("renameOutput", "boolean", False, display_name="Rename Output"),
        Param("outputKey", "string", "", display_name="Output Name",
              description="The label of the output matching items go to",
              display_options={"show": {"renameOutput": [True]}}),
    ))
    return (
        Param("mode", "options", "rules", display_name="Mode", no_data_expression=True,
              description="How items are routed",
              options=(Option("Rules", "rules", "Build a matching rule for each output"),
                       Option("Expression", "expression", "An expression returns the output index"))),
        Param("numberOutputs", "number", 4, display_name="Number of Outputs",
              description="How many outputs the node has", no_data_expression=True,
              display_options={"show": {"mode": ["expression"], "@version": [3.3, 3.4]}}),
        Param("numberOutputs", "number", 4, display_name="Number of Outputs",
              description="How many outputs the node has",
              display_options={"show": {"mode": ["expression"], "@version": [3, 3.1, 3.2]}}),
        Param("output", "number", "={{}}", display_name="Output Index",
              hint="The output index the item goes to, starting at 0",
              description="An expression returning the index of the output each item goes to",
              display_options=expr_mode),
        Param("rules", "fixedCollection", {"values": [_DEFAULT_RULE]}, display_name="Routing Rules",
              placeholder="Add Routing Rule", display_options=rules_mode,
              type_options={"multipleValues": True, "sortable": True}, options=(rule,)),
        loose_param(default=False, versions=[3.1, 3.2, 3.3, 3.4]),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              display_options=rules_mode, options=(
                  Param("fallbackOutput", "options", "none", display_name="Fallback Output",
                        description="Where items go that match no rule",
                        options=(Option("None (default)", "none", "Items are dropped"),
                                 Option("Extra Output", "extra", "Items go to an extra output")),
                        type_options={"loadOptionsDependsOn": ["rules.values", "/rules", "/rules.values"],
                                      "loadOptionsMethod": "getFallbackOutputOptions"}),
                  Param("ignoreCase", "boolean", True, display_name="Ignore Case",
                        description="Whether letter case is ignored when comparing"),
                  loose_param(default=True, versions=[3]),
                  Param("renameFallbackOutput", "string", "", display_name="Rename Fallback Output",
                        placeholder="e.g. Fallback",
                        display_options={"show": {"fallbackOutput": ["extra"]}}),
                  Param("allMatchingOutputs", "boolean", False,
                        display_name="Send data to all matching outputs",
                        description="Whether an item goes to every matching output, not just the first"),
              )),
    )


def _check(ctx: NodeContext, size: int, index: Any, i: int) -> int:
    if is_number(index) and index == size:
        raise ctx.error(f"The ouput {js_string(index)} is not allowed. ", item_index=i,
                        description=f"Output indexes are zero based, if you want to use the extra output use {js_string(index - 1)}")
    if not is_number(index) or index < 0 or index > size or int(index) != index:
        raise ctx.error(f"The ouput {js_string(index)} is not allowed", item_index=i,
                        description=f"It has to be between 0 and {size - 1}")
    return int(index)


def _output_index(ctx: NodeContext, i: int) -> Any:
    value = ctx.get_param("output", i)
    if is_number(value):
        return value
    res = validate_field_type("output", value, "number")
    if not res.valid:
        raise ctx.error(f"Invalid input for 'Output Index' [item {i}]", item_index=i,
                        description=res.error, parameter="output")
    return res.value


def _rule_passes(ctx: NodeContext, i: int, rule: dict[str, Any], options: dict[str, Any]) -> bool:
    value = rule.get("conditions", {})
    try:
        if not is_filter_value(value):
            return js_truthy(value)
        return execute_filter(value, item_index=i, zone=ctx.timezone)
    except FilterError as exc:
        loose = (options.get("looseTypeValidation") if ctx.type_version < 3.1
                 else ctx.get_param("looseTypeValidation", i, False))
        description = exc.description or (None if loose else ENABLE_LESS_STRICT_TYPE_VALIDATION)
        raise ctx.error(exc.message, item_index=i, description=description,
                        parameter="rules") from exc


def _route_rules(ctx: NodeContext, i: int, out: list[list[Item]]) -> None:
    rules = ctx.get_param("rules.values", i, []) or []
    if not rules:
        return
    options = ctx.get_param("options", i, {}) or {}
    fallback = options.get("fallbackOutput")
    if i == 0:
        out[:] = [[] for _ in rules] + ([[]] if fallback == "extra" else [])
    item = ctx.items[i]
    matched = False
    for index, rule in enumerate(rules):
        if _rule_passes(ctx, i, rule, options):
            matched = True
            out[index].append(item)
            if not options.get("allMatchingOutputs"):
                return
    if matched or fallback in (None, "none"):
        return
    if fallback == "extra":
        out[-1].append(item)
        return
    out[_check(ctx, len(out), fallback, i)].append(item)


async def execute(ctx: NodeContext) -> list[list[Item]]:
    out: list[list[Item]] = []
    mode = ctx.get_param("mode", 0)
    for i, item in enumerate(ctx.items):
        try:
            if mode == "expression":
                if i == 0:
                    out[:] = [[] for _ in range(int(ctx.get_param("numberOutputs", i)))]
                out[_check(ctx, len(out), _output_index(ctx, i), i)].append(item)
            elif mode == "rules":
                _route_rules(ctx, i, out)
        except (NodeError, ExpressionError) as exc:
            if not ctx.continue_on_fail:
                raise
            if not out:
                out.append([])
            out[0].append({"json": {"error": exc.message}, "pairedItem": {"item": i}})
    return out or [[]]
