"""If v2.x / Filter v2.x: route each item by a filter-component value."""

from __future__ import annotations

from typing import Any

from wirework.expr import ExpressionError
from wirework.model import Item
from wirework.nodes._common.filter_conditions import (
    ENABLE_LESS_STRICT_TYPE_VALIDATION,
    FilterError,
    execute_filter,
    is_filter_value,
    js_truthy,
)
from wirework.nodes.sdk import NodeContext, NodeError, Param

CONDITIONS_TYPE_OPTIONS = {
    "filter": {
        "caseSensitive": "={{!$parameter.options.ignoreCase}}",
        "typeValidation": "={{ ($nodeVersion < {v} ? $parameter.options.looseTypeValidation : "
                          "$parameter.looseTypeValidation) ? \"loose\" : \"strict\" }}",
        "version": "={{ $nodeVersion >= {v3} ? 3 : $nodeVersion >= {v2} ? 2 : 1 }}",
    }
}
_LOOSE_HELP = (
    "When a value's type differs from the comparison's type, try to convert it "
    "(e.g. the string \"false\" or the number 0 become the boolean false)"
)


def filter_type_options(loose_since: float, version2_since: float, version3_since: float) -> dict[str, Any]:
    """The editor's recipe for the options it stores in a filter value, per node version."""
    opts = dict(CONDITIONS_TYPE_OPTIONS["filter"])
    opts["typeValidation"] = opts["typeValidation"].replace("{v}", str(loose_since))
    opts["version"] = (opts["version"].replace("{v2}", str(version2_since))
                       .replace("{v3}", str(version3_since)))
    return {"filter": opts}


def loose_param(*, default: bool, versions: list[float]) -> Param:
    return Param(
        "looseTypeValidation", "boolean", default, display_name="Convert types where required",
        description=_LOOSE_HELP, display_options={"show": {"@version": versions}},
    )


def filter_properties(
    versions: tuple[float, ...], *, loose_since: float, version2_since: float,
    version3_since: float,
) -> tuple[Param, ...]:
    new = [v for v in versions if v >= loose_since]
    old = [v for v in versions if v < loose_since]
    return (
        Param("conditions", "filter", {}, display_name="Conditions", placeholder="Add Condition",
              type_options=filter_type_options(loose_since, version2_since, version3_since)),
        loose_param(default=False, versions=new),
        Param("options", "collection", {}, display_name="Options", placeholder="Add option",
              options=(
                  Param("ignoreCase", "boolean", True, display_name="Ignore Case",
                        description="Whether letter case is ignored when comparing"),
                  loose_param(default=True, versions=old),
              )),
    )


def is_loose(ctx: NodeContext, i: int, options: dict[str, Any], loose_since: float) -> bool:
    if ctx.type_version < loose_since:
        return bool(options.get("looseTypeValidation"))
    return bool(ctx.get_param("looseTypeValidation", i, False))


def item_passes(ctx: NodeContext, i: int, *, param: str, loose_since: float) -> bool:
    """Evaluate the filter parameter ``param`` for item ``i``; errors name node, item, param."""
    options = ctx.get_param("options", i, {}) or {}
    try:
        value = ctx.get_param(param, i, False)
        if not is_filter_value(value):
            return js_truthy(value)
        return execute_filter(value, item_index=i, zone=ctx.timezone)
    except FilterError as exc:
        description = exc.description
        if not description and not is_loose(ctx, i, options, loose_since):
            description = ENABLE_LESS_STRICT_TYPE_VALIDATION
        raise ctx.error(exc.message, item_index=i, description=description or None,
                        parameter=param) from exc


def split_items(ctx: NodeContext, *, loose_since: float) -> tuple[list[Item], list[Item]]:
    """(passing, failing) items; under continue-on-fail a failing item goes to the second list."""
    passed: list[Item] = []
    failed: list[Item] = []
    for i, item in enumerate(ctx.items):
        try:
            ok = item_passes(ctx, i, param="conditions", loose_since=loose_since)
        except (NodeError, ExpressionError):
            if not ctx.continue_on_fail:
                raise
            ok = False
        (passed if ok else failed).append(item)
    return passed, failed


async def execute(ctx: NodeContext) -> list[list[Item]]:
    true_items, false_items = split_items(ctx, loose_since=2.1)
    return [true_items, false_items]

