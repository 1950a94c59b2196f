"""Function Item (legacy): JavaScript run once per item, which it sees as ``item`` (its JSON)."""

from __future__ import annotations

import json
from typing import Any

from wirework.model import Item
from wirework.nodes.code.jsexec import call_js, limit_error, runtime, split_error
from wirework.nodes.code.limits import CodeLimits
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeError, NodeType, NodeVersion, Param

DEFAULT_CODE = """// Runs once per input item; 'item' is that item's JSON. Return the new JSON.
// Example: add a field called 'myNewField'
item.myNewField = 1;

// console.log() output appears in the execution log
console.log('Done!');

return item;"""

#: all on line 1 (the user's code starts on it) so reported line numbers match the editor
PRELUDE = (
    "let __wwBinary = {binary}; const getBinaryData = () => __wwBinary; "
    "const setBinaryData = (data) => { __wwBinary = data; }; "
    "const getWorkflowStaticData = (type) => $getWorkflowStaticData(type); "
    "const __wwJson = await (async () => {"
)
SUFFIX = "\n})(); return {json: __wwJson, binary: __wwBinary};"

NOTICE = Param("notice", "notice", "", display_name="A newer version of this node type is available, "
               "called the ‘Code’ node")
FUNCTION_CODE = Param(
    "functionCode", "string", DEFAULT_CODE, display_name="JavaScript Code", no_data_expression=True,
    description="The JavaScript code to execute for each item",
    type_options={"alwaysOpenEditWindow": True, "codeAutocomplete": "functionItem", "editor": "jsEditor", "rows": 10},
)

class _ItemError(NodeError):
    """A failed item; ``plain`` is the message without the line suffix (continue-on-fail uses it)."""

    def __init__(self, message: str, *, plain: str, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.plain = plain


DESC_V1 = NodeDescription(
    name="n8n-nodes-base.functionItem", display_name="Function Item", versions=(1,), hidden=True,
    description="Run custom function code which gets executed once per item", icon="fa:code",
    color="#ddbb33", default_name="Function Item", properties=(NOTICE, FUNCTION_CODE),
)


async def _one(ctx: NodeContext, code: str, index: int, limits: CodeLimits) -> Item:
    item = ctx.items[index]
    rt = runtime(ctx)
    globals_: dict[str, Any] = {"item": item.get("json", {})}
    prelude = PRELUDE.replace("{binary}", json.dumps(item.get("binary") or {}, ensure_ascii=True))
    try:
        value = await call_js(ctx, prelude + code + SUFFIX, limits=limits, mode="runOnceForEachItem",
                              item_index=index, globals_=globals_)
    except rt.CodeError as exc:
        if (err := limit_error(ctx, exc, limits)) is not None:
            raise err from exc
        message, kind = split_error(exc)
        line = getattr(exc, "line", None)
        full = f"{message} [Line {line} | Item Index: {index}]" if line is not None else message
        raise _ItemError(full, plain=message, node=ctx.node.name, item_index=index, description=kind) from exc
    data = value.get("json") if isinstance(value, dict) else None
    if data is None:
        raise ctx.error("No data got returned. Always an object has to be returned!", item_index=index)
    if not isinstance(data, dict):
        raise ctx.error("The returned data has to be an object!", item_index=index)
    out: Item = {"json": data, "pairedItem": {"item": index}}
    binary = value.get("binary")
    if isinstance(binary, dict) and binary:
        out["binary"] = binary
    return out


async def execute(ctx: NodeContext) -> list[list[Item]]:
    code = str(ctx.node.parameters.get("functionCode", DEFAULT_CODE))
    limits = CodeLimits.from_settings(ctx.settings)
    out: list[Item] = []
    for index in range(len(ctx.items)):
        try:
            out.append(await _one(ctx, code, index, limits))
        except NodeError as exc:
            if not ctx.continue_on_fail:
                raise
            message = exc.plain if isinstance(exc, _ItemError) else exc.message
            out.append({"json": {"error": message}, "pairedItem": {"item": index}})
    return [out]


NODE = NodeType(name="n8n-nodes-base.functionItem", versions=(NodeVersion(description=DESC_V1, execute=execute),))
