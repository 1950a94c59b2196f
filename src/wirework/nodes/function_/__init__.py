"""Function (legacy): JavaScript run once over all items, which it sees as ``items``."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.code.jsexec import call_js, limit_error, runtime, split_error
from wirework.nodes.code.limits import CodeLimits
from wirework.nodes.code.normalize import CodeValidationError, function_result
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion, Param

DEFAULT_CODE = """// Runs once with all input items in 'items'; return the output items.
// Example: add a field called 'myNewField' to the JSON of every item
for (const item of items) {
  item.json.myNewField = 1;
}

// console.log() output appears in the execution log
console.log('Done!');

return items;"""

#: kept on line 1 so the user's line numbers stay what the editor shows
PRELUDE = "const getWorkflowStaticData = (type) => $getWorkflowStaticData(type); "

NOTICE = Param("notice", "notice", "", display_name="A newer version of this node type is available, "
               "called the ‘Code’ node")
FUNCTION_CODE = Param(
    "functionCode", "string", DEFAULT_CODE, display_name="JavaScript Code", no_data_expression=True,
    description="The JavaScript code to execute",
    type_options={"alwaysOpenEditWindow": True, "codeAutocomplete": "function", "editor": "jsEditor", "rows": 10},
)

DESC_V1 = NodeDescription(
    name="n8n-nodes-base.function", display_name="Function", versions=(1,), hidden=True,
    description="Run custom function code which gets executed once and allows you to add, remove, "
    "change and replace items", icon="fa:code", color="#FF9922", default_name="Function",
    properties=(NOTICE, FUNCTION_CODE),
)


async def execute(ctx: NodeContext) -> list[list[Item]]:
    code = ctx.node.parameters.get("functionCode", DEFAULT_CODE)
    limits = CodeLimits.from_settings(ctx.settings)
    rt = runtime(ctx)
    try:
        value = await call_js(ctx, PRELUDE + str(code), limits=limits)
    except rt.CodeError as exc:
        if (err := limit_error(ctx, exc, limits)) is not None:
            raise err from exc
        message, kind = split_error(exc)
        if ctx.continue_on_fail:
            return [[{"json": {"error": message}}]]
        line = getattr(exc, "line", None)
        raise ctx.error(f"{message} [Line {line}]" if line is not None else message,
                        description=kind) from exc
    try:
        return [function_result(value)]
    except CodeValidationError as exc:
        raise ctx.error(exc.message, retryable=False) from exc


NODE = NodeType(name="n8n-nodes-base.function", versions=(NodeVersion(description=DESC_V1, execute=execute),))
