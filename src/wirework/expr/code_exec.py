"""Implementation of :mod:`wirework.expr.code_runtime` (see its docstring for the contract)."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from wirework.expr.context import ExprContext
from wirework.expr.jsengine import JSEngine, JSLimitError
from wirework.expr.jsvalues import UNDEFINED, decode, encode, plain
from wirework.expr.pool import get_pool
from wirework.expr.state import node_payload, runs_payload, workflow_payload

LINE_OFFSET = 3  # lines V8 puts before the user's first line (Function header + async wrapper)
_POS = re.compile(r", <anonymous>:(\d+):\d+\)")


class CodeError(Exception):
    def __init__(
        self, message: str, *, description: str | None = None, line: int | None = None,
        item_index: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.description = description
        self.line = line
        self.item_index = item_index


class CodeTimeoutError(CodeError):
    pass


class CodeMemoryError(CodeError):
    pass


def _code_error(info: Mapping[str, Any], item_index: int | None) -> CodeError:
    stack = info.get("stack")
    line = None
    if stack:
        m = _POS.search(stack)
        if m and int(m.group(1)) > LINE_OFFSET:
            line = int(m.group(1)) - LINE_OFFSET
    name = info.get("name") or "Error"
    message = str(info.get("message") or name)
    if line is not None:
        message = f"{message} [line {line}]"
    return CodeError(message, description=stack, line=line, item_index=item_index)


def _wait(engine: JSEngine, deadline: float, timeout: float) -> str:
    pause = 0.0005
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise JSLimitError(f"Execution timed out after {timeout:g} seconds", kind="timeout")
        out = engine.eval("__ww.codeState()", timeout=remaining)
        if out:
            return str(out)
        time.sleep(min(pause, max(remaining, 0)))
        pause = min(pause * 2, 0.02)


def _run(
    ctx: ExprContext, code: str, *, indices: Sequence[int], each: bool, timeout: float,
    memory_mb: int, console: list[str] | None, globals: Mapping[str, Any] | None,
    static_data: dict[str, Any] | None,
) -> list[Any]:
    deadline = time.monotonic() + timeout
    pool = get_pool()
    engine = pool.acquire(timeout=timeout, memory_mb=memory_mb)
    try:
        engine.call("__ww.setWorkflow", encode(workflow_payload(ctx.workflow)))
        engine.call("__ww.addRuns", encode(runs_payload(ctx.run_data, {})))
        engine.call("__ww.setNode", encode(node_payload(ctx)))
        opts = {"indices": list(indices), "each": each, "globals": dict(globals or {}),
                "staticData": static_data or {}}
        engine.call("__ww.startCode", code, encode(opts), timeout=max(deadline - time.monotonic(), 0.001))
        result = decode(_wait(engine, deadline, timeout))[0]["v"]
    except JSLimitError as exc:
        engine.taint()  # abandoned mid-run: never reuse
        if exc.kind == "timeout":
            raise CodeTimeoutError(f"Execution timed out after {timeout:g} seconds") from exc
        raise CodeMemoryError(str(exc)) from exc
    finally:
        pool.release(engine)
    if console is not None:
        console.extend(result.get("logs") or [])
    if static_data is not None and not any("e" in r for r in result["r"]):
        new = result.get("sd") or {}
        static_data.clear()
        static_data.update(new)
    out: list[Any] = []
    for idx, r in zip(indices, result["r"], strict=False):
        if "e" in r:
            out.append(_code_error(r["e"], idx if each else None))
        else:  # top-level `undefined` stays distinct from `null` (n8n treats them differently)
            out.append(UNDEFINED if r.get("u") else plain(r.get("v")))
    return out


def run_js_code(
    ctx: ExprContext, code: str, *,
    mode: Literal["runOnceForAllItems", "runOnceForEachItem"] = "runOnceForAllItems",
    item_index: int = 0, timeout: float = 60.0, memory_mb: int = 256,
    console: list[str] | None = None, globals: Mapping[str, Any] | None = None,
    static_data: dict[str, Any] | None = None,
) -> Any:
    each = mode == "runOnceForEachItem"
    [value] = _run(ctx, code, indices=[item_index], each=each, timeout=timeout, memory_mb=memory_mb,
                   console=console, globals=globals, static_data=static_data)
    if isinstance(value, CodeError):
        raise value
    return value


def run_js_code_each(
    ctx: ExprContext, code: str, *, item_indices: Sequence[int] | None = None,
    timeout: float = 60.0, memory_mb: int = 256, console: list[str] | None = None,
    globals: Mapping[str, Any] | None = None, static_data: dict[str, Any] | None = None,
) -> list[Any]:
    indices = list(range(len(ctx.items))) if item_indices is None else list(item_indices)
    if not indices:
        return []
    return _run(ctx, code, indices=indices, each=True, timeout=timeout, memory_mb=memory_mb,
                console=console, globals=globals, static_data=static_data)
