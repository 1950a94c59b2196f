"""The Code node's ``execute``: pick the language and mode, run, normalise the result."""

from __future__ import annotations

from wirework.model import Item
from wirework.nodes.code.description import ALL_ITEMS_JS, ALL_ITEMS_PY, EACH_ITEM_JS, EACH_ITEM_PY
from wirework.nodes.code.jsexec import run_javascript
from wirework.nodes.code.limits import CodeLimits
from wirework.nodes.code.pyexec import run_python
from wirework.nodes.sdk import NodeContext

MODES = ("runOnceForAllItems", "runOnceForEachItem")
LANGUAGES = ("javaScript", "python", "pythonNative")


def _param(ctx: NodeContext, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = ctx.node.parameters.get(name, default)
    if value not in allowed:
        raise ctx.error(
            f"Unsupported {name} '{value}'; expected one of: {', '.join(allowed)}",
            parameter=name, retryable=False,
        )
    return str(value)


def _code(ctx: NodeContext, name: str, default: str) -> str:
    value = ctx.node.parameters.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ctx.error(f"Parameter '{name}' must be a string of code", parameter=name, retryable=False)
    return value


async def execute(ctx: NodeContext) -> list[list[Item]]:
    mode = _param(ctx, "mode", MODES, "runOnceForAllItems")
    language = "javaScript" if ctx.type_version < 2 else _param(ctx, "language", LANGUAGES, "javaScript")
    each = mode == "runOnceForEachItem"
    limits = CodeLimits.from_settings(ctx.settings)
    if language == "javaScript":
        code = _code(ctx, "jsCode", EACH_ITEM_JS if each else ALL_ITEMS_JS)
        return [await run_javascript(ctx, code, mode=mode, limits=limits)]
    code = _code(ctx, "pythonCode", EACH_ITEM_PY if each else ALL_ITEMS_PY)
    return [await run_python(ctx, code, mode=mode, limits=limits)]
