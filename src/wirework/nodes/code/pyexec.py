"""Python in the Code node: build a job for the runner pool, turn its answer into items/errors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wirework.model import Item
from wirework.nodes.code.limits import CodeLimits
from wirework.nodes.code.normalize import (
    PY_WORDS,
    CodeValidationError,
    all_items_result,
    each_item_result,
)
from wirework.nodes.code.paired import paired_item
from wirework.nodes.code.pyrun.pool import PythonSession, RunnerError, get_pool
from wirework.nodes.code.pyrun.sandbox import RunnerSpec
from wirework.nodes.sdk import NodeContext, NodeError

_NODE_REF = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")
_DYNAMIC_REF = re.compile(r"\b_\(\s*[^\s'\")]")


def referenced_nodes(code: str, ctx: NodeContext) -> list[str]:
    """Nodes the code reads with ``_('Name')`` (all executed nodes when a name is computed)."""
    if _DYNAMIC_REF.search(code):
        return list(ctx.expr.run_data)
    names = {m.group(1) if m.group(1) is not None else m.group(2) for m in _NODE_REF.finditer(code)}
    return sorted(n.replace("\\'", "'").replace('\\"', '"') for n in names)


def _node_data(ctx: NodeContext, name: str, *, per_item: bool, wants_item: bool) -> dict[str, Any] | None:
    node = ctx.workflow.get_node(name)
    if node is None:
        return None
    runs = [((t.get("data") or {}).get("main") or []) for t in ctx.expr.run_data.get(name, [])]
    out: dict[str, Any] = {"runs": runs, "params": node.parameters}
    if wants_item and runs:
        count = len(ctx.items) if per_item else 1
        out["paired"] = [paired_item(ctx.expr, name, i) for i in range(count)]
    return out


def build_job(ctx: NodeContext, code: str, *, mode: str, limits: CodeLimits) -> dict[str, Any]:
    per_item = mode == "runOnceForEachItem"
    wants_item = ".item" in code
    nodes = {n: _node_data(ctx, n, per_item=per_item, wants_item=wants_item) for n in referenced_nodes(code, ctx)}
    source = next((s for s in ctx.expr.source if s), None) or {}
    wf = ctx.workflow
    return {
        "code": code, "mode": mode, "timeout": limits.timeout, "continue_on_fail": ctx.continue_on_fail,
        "timezone": ctx.timezone, "run_index": ctx.run_index,
        "workflow": {"id": ctx.expr.workflow_id, "name": wf.name, "active": ctx.expr.workflow_active},
        "execution": {"id": ctx.execution_id, "mode": "test" if ctx.mode == "manual" else "production",
                      "resumeUrl": ctx.expr.resume_url},
        "prev_node": {"name": source.get("previousNode"), "outputIndex": source.get("previousNodeOutput", 0),
                      "runIndex": source.get("previousNodeRun", 0)},
        "vars": dict(ctx.expr.variables),
        "data": {"items": ctx.items, "nodes": {k: v for k, v in nodes.items() if v is not None},
                 "params": ctx.node.parameters},
    }


def _failure(ctx: NodeContext, answer: Mapping[str, Any], limits: CodeLimits) -> NodeError:
    kind = answer.get("failure")
    if kind == "timeout":
        msg = f"Python code execution timed out: it ran longer than {limits.timeout:g} seconds and was stopped"
    elif kind == "memory":
        msg = f"Python code ran out of memory (limit {limits.memory_mb} MiB)"
    elif kind == "killed":
        msg = f"The Python code process was killed (signal {answer.get('signal')})"
    else:
        msg = f"The Python code process failed: {answer.get('message') or kind}"
    return ctx.error(msg, retryable=False, name="CodeExecutionError")


def error_message(err: Mapping[str, Any], item_index: int | None) -> str:
    msg = str(err.get("message") or "Unknown error")
    line = err.get("line")
    if line is not None and item_index is not None:
        return f"{msg} [line {line}, for item {item_index}]"
    if line is not None:
        return f"{msg} [line {line}]"
    return f"{msg} [item {item_index}]" if item_index is not None else msg


async def run_python(ctx: NodeContext, code: str, *, mode: str, limits: CodeLimits) -> list[Item]:
    try:
        answer = await _ask_pool(ctx, code, mode=mode, limits=limits)
    except NodeError as exc:  # timeout, memory, crash: one error item under continue-on-fail
        if ctx.continue_on_fail:
            return [{"json": {"error": exc.message}}]
        raise
    for line in answer.get("console") or []:
        ctx.services.console.append({"node": ctx.node.name, "language": "python", "message": line})
    results = answer.get("results") or []
    if mode == "runOnceForEachItem":
        return _each_item(ctx, results)
    return _all_items(ctx, results[0] if results else {"value": None})


async def _ask_pool(ctx: NodeContext, code: str, *, mode: str, limits: CodeLimits) -> dict[str, Any]:
    pool = get_pool(RunnerSpec(allowed_modules=limits.allowed_modules, memory_mb=limits.memory_mb), limits.pool_size)
    try:
        answer = await pool.run(build_job(ctx, code, mode=mode, limits=limits), timeout=limits.timeout,
                                session=_session(ctx))
    except RunnerError as exc:  # the runner itself is gone (overruns come back as answers)
        raise ctx.error(f"The Python code process failed: {exc}", retryable=False) from exc
    if "failure" in answer:
        raise _failure(ctx, answer, limits)
    return answer


def _session(ctx: NodeContext) -> PythonSession:
    """One per execution (the engine gives every run, sub-workflows included, its own extras):
    the Code nodes of one execution may share a warm worker, other executions never do."""
    session = ctx.services.extras.get("python_session")
    if not isinstance(session, PythonSession):
        session = ctx.services.extras["python_session"] = PythonSession()
    return session


def _all_items(ctx: NodeContext, result: Mapping[str, Any]) -> list[Item]:
    try:
        if "error" in result:
            err = result["error"]
            raise ctx.error(error_message(err, None), description=err.get("type"), name="CodeExecutionError")
        return all_items_result(result.get("value"), PY_WORDS, null_is_empty=False)
    except CodeValidationError as exc:
        if ctx.continue_on_fail:
            return [{"json": {"error": exc.message}}]
        raise ctx.error(exc.message, description=exc.description, item_index=exc.item_index,
                        name="ValidationError") from exc
    except NodeError as exc:
        if ctx.continue_on_fail:
            return [{"json": {"error": exc.message}}]
        raise


def _each_item(ctx: NodeContext, results: list[Mapping[str, Any]]) -> list[Item]:
    out: list[Item] = []
    for index, result in enumerate(results):
        try:
            if "error" in result:
                err = result["error"]
                raise ctx.error(error_message(err, index), item_index=index, description=err.get("type"),
                                name="CodeExecutionError")
            item = each_item_result(result.get("value"), index, PY_WORDS)
        except CodeValidationError as exc:
            if not ctx.continue_on_fail:
                raise ctx.error(exc.message, description=exc.description, item_index=index,
                                name="ValidationError") from exc
            item = {"json": {"error": exc.message}, "pairedItem": {"item": index}}
        except NodeError as exc:
            if not ctx.continue_on_fail:
                raise
            item = {"json": {"error": exc.message}, "pairedItem": {"item": index}}
        if item is not None:
            out.append(item)
    return out
