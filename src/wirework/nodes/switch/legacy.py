"""Switch v1 and v2: route on one typed value compared against a list of rules."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import js_to_number
from wirework.nodes._common.filter_conditions import is_number, js_num
from wirework.nodes.if_.legacy import (
    OPERATION_DEFAULTS,
    VALUE_DEFAULTS,
    InvalidDate,
    compare,
    op_param,
    to_millis,
    value2_params,
)
from wirework.nodes.sdk import NodeContext, NodeError, Option, Param

_TYPES = (("boolean", "Boolean"), ("dateTime", "Date & Time"), ("number", "Number"),
          ("string", "String"))
_GROUP_LABELS = {"boolean": "Boolean", "dateTime": "Dates", "number": "Numbers", "string": "Strings"}


def _rule_fields(data_type: str, version: int) -> tuple[Param, ...]:
    v2_default = 0 if data_type == "dateTime" else None
    fields: tuple[Param, ...] = (
        op_param(data_type, with_empty=False),
        *value2_params(data_type, with_empty=False, default=v2_default),
    )
    if version == 1:
        return (*fields, Param("output", "number", 0, display_name="Output",
                               description="The output an item goes to when the rule matches",
                               type_options={"minValue": 0, "maxValue": 3}))
    return (*fields, Param("outputKey", "string", "", display_name="Output Key",
                           description="The label of the output this rule sends items to"))


def description_properties(version: int) -> tuple[Param, ...]:
    rules_mode = {"mode": ["rules"]}
    if version == 1:
        expr_params: tuple[Param, ...] = (
            Param("output", "number", 0, display_name="Output",
                  description="The index of the output an item is sent to",
                  type_options={"minValue": 0, "maxValue": 3},
                  display_options={"show": {"mode": ["expression"]}}),
        )
    else:
        expr_params = (
            Param("output", "string", "", display_name="Output",
                  description="The index of the output an item is sent to",
                  display_options={"show": {"mode": ["expression"]}}),
            Param("outputsAmount", "number", 4, display_name="Outputs Amount",
                  description="How many outputs the node has",
                  display_options={"show": {"mode": ["expression"]}}),
        )
    typed: list[Param] = []
    for data_type, _label in _TYPES:
        show = {"show": {"dataType": [data_type], "mode": ["rules"]}}
        typed.append(Param("value1", data_type, VALUE_DEFAULTS[data_type], display_name="Value 1",
                           description="The value the rules are compared with",
                           display_options=show))
        typed.append(Param(
            "rules", "fixedCollection", {}, display_name="Routing Rules",
            placeholder="Add Routing Rule", display_options=show,
            type_options={"multipleValues": True, **({"sortable": True} if version == 2 else {})},
            options=(Param("rules", "collection", {}, display_name=_GROUP_LABELS[data_type],
                           options=_rule_fields(data_type, version)),),
        ))
    if version == 1:
        fallback = Param(
            "fallbackOutput", "options", -1, display_name="Fallback Output",
            description="Where items go that match no rule",
            display_options={"show": rules_mode},
            options=(Option("None", -1), *(Option(str(i), i) for i in range(4))),
        )
    else:
        fallback = Param(
            "fallbackOutput", "options", -1, display_name="Fallback Output Name or ID",
            description="Where items go that match no rule (-1: nowhere)",
            display_options={"show": rules_mode}, options=(Option("None", -1),),
            type_options={"loadOptionsDependsOn": ["rules.rules"],
                          "loadOptionsMethod": "getFallbackOutputOptions"},
        )
    return (
        Param("mode", "options", "rules", display_name="Mode", description="How items are routed",
              options=(Option("Expression", "expression", "An expression returns the output index"),
                       Option("Rules", "rules", "Rules decide the output"))),
        *expr_params,
        Param("dataType", "options", "number", display_name="Data Type",
              description="The type of the value routed on", display_options={"show": rules_mode},
              options=tuple(Option(label, value) for value, label in _TYPES)),
        *typed,
        fallback,
    )


def outputs_v2(parameters: Mapping[str, Any]) -> int:
    if parameters.get("mode", "rules") == "expression":
        return int(parameters.get("outputsAmount", 4))
    rules = (parameters.get("rules") or {}).get("rules") or []
    return len(rules)


def _index(value: Any) -> Any:
    if isinstance(value, str) and value.strip():
        n = js_to_number(value)
        return value if n != n else js_num(n)
    return value


def _check(ctx: NodeContext, index: Any, size: int, i: int) -> int:
    if not is_number(index) or index < 0 or index >= size or int(index) != index:
        raise ctx.error(f"The ouput {index} is not allowed. It has to be between 0 and {size - 1}!",
                        item_index=i, parameter="output")
    return int(index)


def _rule_matches(ctx: NodeContext, data_type: str, value1: Any, rule: dict[str, Any], i: int) -> bool:
    op = rule.get("operation", OPERATION_DEFAULTS[data_type])
    value2 = rule.get("value2", 0 if data_type == "dateTime" else VALUE_DEFAULTS[data_type])
    if data_type == "dateTime":
        try:
            value2 = to_millis(value2)
        except InvalidDate as exc:
            raise ctx.error(str(exc), item_index=i, parameter="rules") from exc
    return compare(op, value1, value2)


def _route(ctx: NodeContext, i: int, out: list[list[Item]], version: int) -> None:
    item = ctx.items[i]
    mode = ctx.get_param("mode", i)
    if mode == "expression":
        if version == 2 and i == 0:
            out[:] = [[] for _ in range(int(ctx.get_param("outputsAmount", i)))]
        out[_check(ctx, _index(ctx.get_param("output", i)), len(out), i)].append(item)
        return
    rules = ctx.get_param("rules.rules", i, []) or []
    if version == 2 and i == 0:
        out[:] = [[] for _ in rules]
    data_type = ctx.get_param("dataType", 0)
    value1 = ctx.get_param("value1", i)
    if data_type == "dateTime":
        try:
            value1 = to_millis(value1)
        except InvalidDate as exc:
            raise ctx.error(str(exc), item_index=i, parameter="value1") from exc
    for index, rule in enumerate(rules):
        if _rule_matches(ctx, data_type, value1, rule, i):
            target = rule.get("output", 0) if version == 1 else index
            out[_check(ctx, target, len(out), i)].append(item)
            return
    fallback = _index(ctx.get_param("fallbackOutput", i, -1))
    if fallback != -1:
        out[_check(ctx, fallback, len(out), i)].append(item)


def make_execute(version: int) -> Callable[[NodeContext], Awaitable[list[list[Item]]]]:
    async def execute(ctx: NodeContext) -> list[list[Item]]:
        out: list[list[Item]] = [[], [], [], []] if version == 1 else []
        for i in range(len(ctx.items)):
            try:
                _route(ctx, i, out, version)
            except NodeError as exc:
                if not ctx.continue_on_fail:
                    raise
                if not out:
                    out.append([])
                out[0].append({"json": {"error": exc.message}, "pairedItem": {"item": i}})
        return out

    return execute
