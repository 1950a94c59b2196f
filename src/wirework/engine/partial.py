"""Partial runs: execute up to a destination node, reusing earlier run data.

Algorithm: the subgraph is the destination and its ancestors. Run data is kept for nodes
in it except the destination, the nodes the caller marks dirty and everything downstream of
a dirty node. Start nodes are the subgraph nodes without data whose parents (inside the
subgraph) all have data or pinned data; each starts with its parents' last outputs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from wirework.engine.errors import WorkflowRunError
from wirework.engine.scheduler import _source
from wirework.engine.state import ExecutionState, StackEntry
from wirework.model import Item, RunData, Workflow


@dataclass(slots=True)
class PartialPlan:
    state: ExecutionState
    allowed: set[str]
    start_nodes: list[str]


def _last_output(run_data: RunData, wf: Workflow, node: str, output: int) -> tuple[list[Item], int] | None:
    if node in wf.pin_data:
        return ([dict(i) for i in wf.pin_data[node]], 0) if output == 0 else ([], 0)
    runs = run_data.get(node) or []
    for idx in range(len(runs) - 1, -1, -1):
        main = (runs[idx].get("data") or {}).get("main")
        if main is not None:
            return (list(main[output] or []) if output < len(main) else [], idx)
    return None


def plan_partial_run(
    wf: Workflow, *, destination: str, run_data: RunData, dirty: list[str]
) -> PartialPlan:
    if destination not in wf:
        raise WorkflowRunError(f"destination node '{destination}' is not in the workflow", node=destination)
    subgraph = {destination, *wf.ancestors(destination)}
    stale = {destination}
    for name in dirty:
        if name in subgraph:
            stale.add(name)
            stale |= wf.descendants(name) & subgraph
    kept: RunData = {
        n: copy.deepcopy(runs) for n, runs in run_data.items() if n in subgraph and n not in stale
    }

    def has_data(n: str) -> bool:
        return n in kept or n in wf.pin_data

    starts: list[str] = []
    for node in wf.nodes:
        name = node.name
        if name not in subgraph or has_data(name) or node.disabled:
            continue
        parents = [p for p in wf.parent_names(name) if p in subgraph]
        if all(has_data(p) for p in parents):
            starts.append(name)
    if not starts:
        raise WorkflowRunError(f"nothing to run before '{destination}'", node=destination)
    state = ExecutionState.from_json(kept, None)
    for name in starts:
        edges = [p for p in wf.parents(name) if p[0] in subgraph]
        if not edges:
            state.stack.append(StackEntry(name, [[{"json": {}}]], []))
            continue
        slots = max(i for _s, _o, i in edges) + 1
        inputs: list[list[Item] | None] = [[] for _ in range(slots)]
        sources: list[dict[str, Any] | None] = [None] * slots
        for src, out_idx, dest_idx in edges:
            found = _last_output(kept, wf, src, out_idx)
            if found is not None:
                items, run_idx = found
                inputs[dest_idx] = (inputs[dest_idx] or []) + items
                sources[dest_idx] = _source(src, out_idx, run_idx)
        state.stack.append(StackEntry(name, inputs, sources))
    return PartialPlan(state=state, allowed=subgraph, start_nodes=starts)
