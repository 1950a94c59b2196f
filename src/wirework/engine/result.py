"""The outcome of one execution, in n8n's ``IRun`` shape when serialised."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wirework.model import Item, RunData


@dataclass(slots=True)
class ExecutionResult:
    status: str  # success | error | waiting | canceled
    run_data: RunData
    mode: str = "manual"
    last_node_executed: str | None = None
    error: dict[str, Any] | None = None
    wait_till: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    #: the resumable part: stack and parked inputs (n8n's executionData)
    execution_data: dict[str, Any] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status == "success"

    def output(self) -> list[Item]:
        """Output 0 of the last run of the last node that produced data."""
        if not self.last_node_executed:
            return []
        runs = self.run_data.get(self.last_node_executed) or []
        for task in reversed(runs):
            main = (task.get("data") or {}).get("main") or []
            if main:
                return list(main[0] or [])
        return []

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"runData": self.run_data}
        if self.last_node_executed is not None:
            result["lastNodeExecuted"] = self.last_node_executed
        if self.error is not None:
            result["error"] = self.error
        out: dict[str, Any] = {
            "status": self.status,
            "finished": self.finished,
            "mode": self.mode,
            "data": {"resultData": result, "executionData": self.execution_data},
        }
        if self.started_at:
            out["startedAt"] = self.started_at.isoformat()
        if self.finished_at:
            out["stoppedAt"] = self.finished_at.isoformat()
        if self.wait_till:
            out["waitTill"] = self.wait_till.isoformat()
        return out
