"""The mutable state of one execution: the stack, parked multi-input data, run data."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from wirework.model import Item, RunData

Source = dict[str, Any]


@dataclass(slots=True)
class StackEntry:
    """A node waiting to run with the data for each of its inputs."""

    node: str
    inputs: list[list[Item] | None]
    source: list[Source | None] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"node": self.node, "data": {"main": self.inputs}, "source": {"main": self.source}}

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StackEntry:
        return cls(
            node=raw["node"],
            inputs=list((raw.get("data") or {}).get("main") or []),
            source=list((raw.get("source") or {}).get("main") or []),
        )


@dataclass(slots=True)
class Parked:
    """Data arrived for some inputs of a multi-input node; the rest is still missing."""

    inputs: list[list[Item] | None]
    source: list[Source | None]

    def complete(self) -> bool:
        return all(slot is not None for slot in self.inputs)


@dataclass(slots=True)
class ExecutionState:
    run_data: RunData = field(default_factory=dict)
    stack: deque[StackEntry] = field(default_factory=deque)
    waiting: dict[str, list[Parked]] = field(default_factory=dict)
    execution_index: int = 0
    last_node_executed: str | None = None

    def stack_nodes(self) -> set[str]:
        return {e.node for e in self.stack}

    def next_execution_index(self) -> int:
        idx = self.execution_index
        self.execution_index += 1
        return idx

    def to_json(self) -> dict[str, Any]:
        """n8n's ``executionData`` part: enough to resume the run later."""
        return {
            "nodeExecutionStack": [e.to_json() for e in self.stack],
            "waitingExecution": {
                node: {
                    str(i): {"main": p.inputs} for i, p in enumerate(parked)
                }
                for node, parked in self.waiting.items()
            },
            "waitingExecutionSource": {
                node: {str(i): {"main": p.source} for i, p in enumerate(parked)}
                for node, parked in self.waiting.items()
            },
        }

    @classmethod
    def from_json(cls, run_data: RunData, raw: dict[str, Any] | None) -> ExecutionState:
        state = cls(run_data=run_data)
        state.execution_index = 1 + max(
            (t.get("executionIndex", -1) for runs in run_data.values() for t in runs), default=-1
        )
        if not raw:
            return state
        state.stack = deque(StackEntry.from_json(e) for e in raw.get("nodeExecutionStack", []))
        sources = raw.get("waitingExecutionSource") or {}
        for node, by_idx in (raw.get("waitingExecution") or {}).items():
            src_by_idx = sources.get(node) or {}
            state.waiting[node] = [
                Parked(
                    inputs=list(by_idx[k]["main"]),
                    source=list((src_by_idx.get(k) or {}).get("main") or [None] * len(by_idx[k]["main"])),
                )
                for k in sorted(by_idx, key=int)
            ]
        return state
