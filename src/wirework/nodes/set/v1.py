"""Set v1/v2: write boolean, number and string values onto items."""

from __future__ import annotations

import copy
from typing import Any

from wirework.model import Item
from wirework.nodes._common.fields import js_to_number, set_path
from wirework.nodes._common.filter_conditions import is_undefined, js_num, js_truthy
from wirework.nodes.sdk import NodeContext, Param

_DOT_HELP = (
    'Whether "a.b" in a name means property "b" inside "a" ({"a": {"b": value}}); '
    'when off, the name is used as it is ({"a.b": value})'
)


def _group(name: str, label: str, value: Param) -> Param:
    return Param(name, "collection", {}, display_name=label, options=(
        Param("name", "string", "propertyName", display_name="Name",
              description='Name of the property to write; supports dot-notation like "data.person[0].name"'),
        value,
    ))


PROPERTIES = (
    Param("keepOnlySet", "boolean", False, display_name="Keep Only Set",
          description="Whether to drop every value that is not set by this node"),
    Param(
        "values", "fixedCollection", {}, display_name="Values to Set", placeholder="Add Value",
        description="The values to set", type_options={"multipleValues": True, "sortable": True},
        options=(
            _group("boolean", "Boolean", Param("value", "boolean", False, display_name="Value",
                                                description="The boolean to write")),
            _group("number", "Number", Param("value", "number", 0, display_name="Value",
                                              description="The number to write")),
            _group("string", "String", Param("value", "string", "", display_name="Value",
                                              description="The string to write")),
        ),
    ),
    Param("options", "collection", {}, display_name="Options", placeholder="Add option", options=(
        Param("dotNotation", "boolean", True, display_name="Dot Notation", description=_DOT_HELP),
    )),
)

_DEFAULTS: dict[str, Any] = {"boolean": False, "number": 0, "string": ""}


def _write(json: dict[str, Any], name: Any, value: Any, dot_notation: bool) -> None:
    if is_undefined(value):  # JSON has no undefined: the key would vanish anyway
        return
    key = name if isinstance(name, str) else str(name)
    if dot_notation:
        set_path(json, key, value)
    else:
        json[key] = value


def _convert(kind: str, value: Any, version: float) -> Any:
    if kind == "boolean":
        return js_truthy(value)
    if kind == "number" and version >= 2 and isinstance(value, str):
        n = js_to_number(value)
        return value if n != n else js_num(n)
    return value


async def execute(ctx: NodeContext) -> list[list[Item]]:
    items = ctx.items or [{"json": {}}]
    out: list[Item] = []
    for i, item in enumerate(items):
        keep_only = bool(ctx.get_param("keepOnlySet", i, False))
        options = ctx.get_param("options", i, {}) or {}
        dot = options.get("dotNotation") is not False
        new: Item = {"json": {}, "pairedItem": {"item": i}}
        if not keep_only:
            if item.get("binary") is not None:
                new["binary"] = dict(item["binary"])
            new["json"] = copy.deepcopy(item["json"])
        for kind in ("boolean", "number", "string"):
            for entry in ctx.get_param(f"values.{kind}", i, []) or []:
                value = _convert(kind, entry.get("value", _DEFAULTS[kind]), ctx.type_version)
                _write(new["json"], entry.get("name", "propertyName"), value, dot)
        out.append(new)
    return [out]
