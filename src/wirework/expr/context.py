"""What an expression can see while one node runs (the data proxy's inputs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wirework.model import Item, Node, RunData, Workflow

DEFAULT_TIMEZONE = "America/New_York"


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class ExprContext:
    """One node run: built by the engine, read by the evaluator and the Code nodes.

    ``source`` is the run's n8n task source, one entry per input:
    ``{"previousNode", "previousNodeOutput"?, "previousNodeRun"?}`` (or None).
    """

    workflow: Workflow
    node: Node
    run_data: RunData
    inputs: list[list[Item]]
    input_index: int = 0
    source: list[dict[str, Any] | None] = field(default_factory=list)
    run_index: int = 0
    mode: str = "manual"
    execution_id: str | None = None
    resume_url: str | None = None
    variables: Mapping[str, Any] = field(default_factory=dict)
    env: Mapping[str, str] | None = None
    timezone: str = DEFAULT_TIMEZONE
    now: Callable[[], datetime] = _utcnow
    workflow_id: str | None = None
    workflow_active: bool = False
    #: per-execution scratch the evaluator may use (compiled expressions, JS context)
    cache: dict[str, Any] = field(default_factory=dict)
    #: n8n's node contexts by node name (e.g. SplitInBatches' ``noItemsLeft``), read by
    #: ``$node["Name"].context`` / ``$('Name').context``; the engine passes the live mapping
    node_state: Mapping[str, Any] = field(default_factory=dict)

    @property
    def items(self) -> list[Item]:
        if 0 <= self.input_index < len(self.inputs):
            return self.inputs[self.input_index]
        return []
