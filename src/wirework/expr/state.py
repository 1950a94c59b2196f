"""What the V8 side of the data proxy is told: workflow, node run, run data (JSON-able)."""

from __future__ import annotations

from typing import Any

from wirework.expr.context import ExprContext
from wirework.model import RunData, Workflow


def workflow_payload(wf: Workflow) -> dict[str, Any]:
    parents: dict[str, list[dict[str, Any]]] = {}
    for src, types in wf.connections.items():
        for out_idx, conns in enumerate(types.get("main", [])):
            for c in conns or []:
                parents.setdefault(c.node, []).append({"node": src, "output": out_idx, "input": c.index})
    nodes = {
        n.name: {"parameters": n.parameters, "type": n.type, "typeVersion": n.type_version, "id": n.id}
        for n in wf.nodes
    }
    return {"name": wf.name, "nodes": nodes, "parents": parents, "pinData": wf.pin_data or {}}


def node_payload(ctx: ExprContext) -> dict[str, Any]:
    node = ctx.node
    now = ctx.now()
    return {
        "node": node.name, "params": node.parameters, "type": node.type,
        "typeVersion": node.type_version, "id": node.id,
        "inputs": ctx.inputs, "inputIndex": ctx.input_index, "source": ctx.source,
        "runIndex": ctx.run_index, "mode": ctx.mode, "executionId": ctx.execution_id,
        "resumeUrl": ctx.resume_url, "vars": dict(ctx.variables),
        "env": dict(ctx.env) if ctx.env is not None else None,
        "workflowId": ctx.workflow_id, "workflowActive": ctx.workflow_active,
        "nowMs": now.timestamp() * 1000, "timezone": ctx.timezone,
    }


def runs_payload(run_data: RunData, pushed: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """Runs not yet sent (run data only grows during an execution); updates ``pushed``."""
    add: dict[str, list[dict[str, Any]]] = {}
    for name, runs in run_data.items():
        done = pushed.get(name, 0)
        if len(runs) > done:
            add[name] = [
                {"source": t.get("source") or [], "main": (t.get("data") or {}).get("main") or []}
                for t in runs[done:]
            ]
            pushed[name] = len(runs)
    return add
