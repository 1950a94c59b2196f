"""Scheduling: which node runs next (FORMAT.md §7.4–§7.5).

v0 appends children to the end of the stack (breadth-first) and forces the other branches
feeding a multi-input node to run; v1 puts children at the front, top-left first
(depth-first) and never forces branches. Multi-input nodes park arriving data until every
input slot is filled; when the stack drains, one parked node is released with ``[]`` for the
inputs that never arrived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wirework.engine.graph import (
    connected_input_count,
    incoming_connection_is_empty,
    parent_nodes,
)
from wirework.engine.state import ExecutionState, Parked, Source, StackEntry
from wirework.model import Connection, Item, Outputs, Workflow

#: (node name, parameters) -> how many inputs a node must have data on to run (v1 only)
RequiredInputs = Callable[[str], int | None]


def _source(node: str, output: int, run_index: int) -> Source:
    src: Source = {"previousNode": node}
    if output:
        src["previousNodeOutput"] = output
    if run_index:
        src["previousNodeRun"] = run_index
    return src


@dataclass(slots=True)
class Scheduler:
    workflow: Workflow
    state: ExecutionState
    #: number of declared inputs of a node type (Merge has 2 even if one is unconnected)
    declared_inputs: Callable[[str], int]
    required_inputs: RequiredInputs
    #: partial runs: only these nodes may be scheduled
    allowed: set[str] | None = None

    @property
    def v1(self) -> bool:
        return self.workflow.execution_order == "v1"

    def _enqueue(self, entry: StackEntry) -> None:
        if self.v1:
            self.state.stack.appendleft(entry)
        else:
            self.state.stack.append(entry)

    # --- after a node ran ----------------------------------------------------------------
    def schedule_children(self, node: str, outputs: Outputs, run_index: int) -> None:
        """Queue the children of ``node`` that its ``outputs`` feed."""
        todo: list[tuple[Connection, int]] = []
        for out_idx, conns in enumerate(self.workflow.children(node)):
            if out_idx >= len(outputs) or outputs[out_idx] is None:
                continue
            for conn in conns:
                if self.allowed is not None and conn.node not in self.allowed:
                    continue
                if outputs[out_idx] or (conn.index > 0 and not self.v1):
                    todo.append((conn, out_idx))
        if self.v1:
            # bottom-right first, each put at the front: the top-left child ends up running next
            def key(item: tuple[Connection, int]) -> tuple[float, float]:
                pos = self.workflow.node(item[0].node).position
                return (-pos[1], -pos[0])

            todo.sort(key=key)
        for conn, out_idx in todo:
            self._add(conn, out_idx, node, outputs, run_index)

    def _add(self, conn: Connection, out_idx: int, parent: str, outputs: Outputs, run_index: int) -> None:
        data = outputs[out_idx]
        if connected_input_count(self.workflow, conn.node) <= 1:
            inputs: list[list[dict[str, object]] | None] = [None] * conn.index + [data]
            self._enqueue(StackEntry(conn.node, inputs, [_source(parent, out_idx, run_index)]))
            return
        parked = self.state.waiting.get(conn.node)
        was_waiting = bool(parked)
        slot_count = max(connected_input_count(self.workflow, conn.node), self.declared_inputs(conn.node))
        target: Parked | None = None
        for p in parked or []:
            if p.inputs[conn.index] is None:
                target = p
                break
        if target is None:
            target = Parked(inputs=[None] * slot_count, source=[None] * slot_count)
            self.state.waiting.setdefault(conn.node, []).append(target)
        target.inputs[conn.index] = data
        target.source[conn.index] = _source(parent, out_idx, run_index)
        if self._connected_complete(conn.node, target):
            self.state.waiting[conn.node].remove(target)
            if not self.state.waiting[conn.node]:
                del self.state.waiting[conn.node]
            for i, slot in enumerate(target.inputs):
                if slot is None:
                    target.inputs[i] = []
            self._enqueue(StackEntry(conn.node, target.inputs, target.source))
            return
        if not was_waiting and not self.v1:
            self._force_other_inputs(conn.node, parent, out_idx=out_idx, data=outputs[out_idx], run_index=run_index)

    def _connected_complete(self, node: str, parked: Parked) -> bool:
        connected = {i for _s, _o, i in self.workflow.parents(node)}
        return all(parked.inputs[i] is not None for i in connected)

    def _force_other_inputs(
        self, node: str, parent: str, *, out_idx: int, data: list[dict[str, object]] | None, run_index: int
    ) -> None:
        """v0: make sure the other branches feeding ``node`` run (FORMAT.md §7.5)."""
        wf, run_data = self.workflow, self.state.run_data
        siblings = {c.node for conns in wf.children(parent) for c in conns}
        for src, _o, _i in sorted(wf.parents(node), key=lambda p: p[2]):
            if src == parent:
                continue
            if src in siblings and not incoming_connection_is_empty(wf, run_data, src, run_index):
                continue
            if src in self.state.stack_nodes() or src in run_data:
                continue
            to_add: str | None = src
            for candidate in [src, *reversed(parent_nodes(wf, src))]:
                if candidate != src and candidate in siblings:
                    to_add = None
                    break
                if candidate in self.state.stack_nodes():
                    to_add = None
                    break
                if candidate in run_data:
                    break
                to_add = candidate
            if to_add is None or (self.allowed is not None and to_add not in self.allowed):
                continue
            if parent in parent_nodes(wf, to_add) and not data:
                continue
            if wf.parents(to_add) and not incoming_connection_is_empty(wf, run_data, to_add, run_index):
                continue
            self._enqueue(
                StackEntry(to_add, [[{"json": {}}]], [_source(parent, out_idx, run_index)])
            )

    # --- when the stack is empty ---------------------------------------------------------
    def release_waiting(self) -> bool:
        """Push one parked node whose parents are not parked themselves; True if pushed."""
        waiting_nodes = list(self.state.waiting)
        for name in waiting_nodes:
            required = self.required_inputs(name) if self.v1 else None
            declared = self.declared_inputs(name)
            if required is not None and required >= declared:
                continue
            if any(p in self.state.waiting for p in parent_nodes(self.workflow, name)):
                continue
            parked = self.state.waiting[name][0]
            with_data = [i for i, slot in enumerate(parked.inputs) if slot is not None]
            if required is not None and len(with_data) < required:
                continue
            inputs: list[list[Item] | None] = [slot if slot is not None else [] for slot in parked.inputs]
            self.state.waiting[name].pop(0)
            if not self.state.waiting[name]:
                del self.state.waiting[name]
            if any(inputs):
                while len(inputs) < declared:
                    inputs.append([])
                self.state.stack.append(StackEntry(name, inputs, parked.source))
                return True
            return self.release_waiting() if self.state.waiting else False
        return False
