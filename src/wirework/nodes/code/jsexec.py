"""JavaScript in the Code/Function nodes, through the expression layer's code runtime.

The runtime (``wirework.expr.code_runtime``) runs code as an async function body with n8n's
globals and the data proxy in a pooled V8 engine and returns the raw value (top-level
``undefined`` comes back as the UNDEFINED marker, ``null`` as None); this module applies n8n's
result rules and error shapes.
The runtime blocks, so every call goes through a worker thread.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from types import ModuleType
from typing import Any

from wirework.model import Item
from wirework.nodes.code.limits import CodeLimits
from wirework.nodes.code.normalize import (
    JS_WORDS,
    CodeValidationError,
    all_items_result,
    each_item_result,
)
from wirework.nodes.sdk import NodeContext, NodeError

_ERROR_PREFIX = re.compile(r"^\s*(?:Uncaught )?([A-Za-z]*Error):\s*")
_LINE_SUFFIX = re.compile(r" \[line \d+(?:, for item \d+)?\]$")


def runtime(ctx: NodeContext) -> ModuleType:
    try:
        return importlib.import_module("wirework.expr.code_runtime")
    except ImportError as exc:
        raise ctx.error("The JavaScript code runtime is not available in this installation",
                        retryable=False) from exc


async def call_js(
    ctx: NodeContext, code: str, *, limits: CodeLimits, mode: str = "runOnceForAllItems",
    item_index: int = 0, globals_: dict[str, Any] | None = None,
) -> Any:
    """One run of ``code``; console lines go to ``ctx.services.console``."""
    rt = runtime(ctx)
    console: list[str] = []
    try:
        return await asyncio.to_thread(
            rt.run_js_code, ctx.expr, code, mode=mode, item_index=item_index,
            timeout=limits.timeout, memory_mb=limits.memory_mb, console=console, globals=globals_,
            static_data=_static_data(ctx),
        )
    finally:
        _log(ctx, console)


async def call_js_each(ctx: NodeContext, code: str, *, limits: CodeLimits) -> list[Any]:
    rt = runtime(ctx)
    console: list[str] = []
    try:
        return list(await asyncio.to_thread(
            rt.run_js_code_each, ctx.expr, code, timeout=limits.timeout, memory_mb=limits.memory_mb,
            console=console, static_data=_static_data(ctx),
        ))
    finally:
        _log(ctx, console)


def _static_data(ctx: NodeContext) -> dict[str, Any]:
    """The workflow's static data (keys ``global`` / ``node:<name>``), updated in place."""
    if ctx.workflow.static_data is None:
        ctx.workflow.static_data = {}
    return ctx.workflow.static_data


def _log(ctx: NodeContext, lines: list[str]) -> None:
    for line in lines:
        ctx.services.console.append({"node": ctx.node.name, "language": "javaScript", "message": line})


def is_code_error(ctx: NodeContext, value: Any) -> bool:
    return isinstance(value, runtime(ctx).CodeError)


def split_error(exc: BaseException) -> tuple[str, str | None]:
    """n8n's ExecutionError parts: the bare message (no type prefix, no line suffix) and the
    error type when it is not plain ``Error`` (read from the stack's first line)."""
    text = str(getattr(exc, "message", None) or exc) or "Unknown error"
    text = _LINE_SUFFIX.sub("", text)
    kind = None
    m = _ERROR_PREFIX.match(text)
    if m:
        text, kind = text[m.end():] or "Unknown error", m.group(1)
    else:
        stack = getattr(exc, "description", None)
        first = stack.splitlines()[0] if isinstance(stack, str) and stack else ""
        if (m := _ERROR_PREFIX.match(first)) is not None:
            kind = m.group(1)
    return text, None if kind == "Error" else kind


def limit_error(ctx: NodeContext, exc: BaseException, limits: CodeLimits) -> NodeError | None:
    rt = runtime(ctx)
    if isinstance(exc, rt.CodeTimeoutError):
        msg = f"JavaScript code execution timed out: it ran longer than {limits.timeout:g} seconds and was stopped"
    elif isinstance(exc, rt.CodeMemoryError):
        msg = f"JavaScript code ran out of memory (limit {limits.memory_mb} MiB)"
    else:
        return None
    return ctx.error(msg, retryable=False, name="CodeExecutionError")


def code_node_error(ctx: NodeContext, exc: BaseException, item_index: int | None) -> NodeError:
    """A user-code error as the Code node reports it: ``message [line n, for item i]``."""
    message, kind = split_error(exc)
    line = getattr(exc, "line", None)
    if line is not None and item_index is not None:
        message = f"{message} [line {line}, for item {item_index}]"
    elif line is not None:
        message = f"{message} [line {line}]"
    return ctx.error(message, item_index=item_index, description=kind, name="CodeExecutionError")


async def run_javascript(ctx: NodeContext, code: str, *, mode: str, limits: CodeLimits) -> list[Item]:
    rt = runtime(ctx)
    if mode == "runOnceForEachItem":
        return await _each_item(ctx, code, limits)
    try:
        try:
            value = await call_js(ctx, code, limits=limits)
        except rt.CodeError as exc:
            raise limit_error(ctx, exc, limits) or code_node_error(ctx, exc, None) from exc
        return all_items_result(value, JS_WORDS)  # null: no items; undefined: an error
    except (CodeValidationError, NodeError) as exc:
        if ctx.continue_on_fail:
            return [{"json": {"error": exc.message}}]
        raise _as_node_error(ctx, exc) from None


async def _each_item(ctx: NodeContext, code: str, limits: CodeLimits) -> list[Item]:
    rt = runtime(ctx)
    try:
        values = await call_js_each(ctx, code, limits=limits)
    except rt.CodeError as exc:
        err = limit_error(ctx, exc, limits) or code_node_error(ctx, exc, getattr(exc, "item_index", None))
        if ctx.continue_on_fail:
            return [{"json": {"error": err.message}}]
        raise err from exc
    out: list[Item] = []
    for index, value in enumerate(values):
        try:
            if isinstance(value, rt.CodeError):
                raise code_node_error(ctx, value, index)
            item = each_item_result(value, index, JS_WORDS)
        except (CodeValidationError, NodeError) as exc:
            if not ctx.continue_on_fail:
                raise _as_node_error(ctx, exc, index) from None
            item = {"json": {"error": exc.message}, "pairedItem": {"item": index}}
        if item is not None:
            out.append(item)
    return out


def _as_node_error(ctx: NodeContext, exc: Exception, index: int | None = None) -> NodeError:
    if isinstance(exc, NodeError):
        exc.node = exc.node or ctx.node.name
        return exc
    assert isinstance(exc, CodeValidationError)
    item_index = exc.item_index if exc.item_index is not None else index
    return ctx.error(exc.message, description=exc.description or None, item_index=item_index,
                     name="ValidationError")
