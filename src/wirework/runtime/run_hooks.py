"""Engine hooks of one execution: save progress after each node, renew the lease, publish events."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from wirework.engine import Hooks
from wirework.runtime.events import EventBus
from wirework.runtime.store_ops import save_progress_if_owner
from wirework.store import Database

if TYPE_CHECKING:
    from wirework.engine import ExecutionResult, WorkflowRun

log = logging.getLogger("wirework.runtime")


def item_counts(task: dict[str, Any]) -> list[int]:
    main = (task.get("data") or {}).get("main") or []
    return [len(out or []) for out in main]


def _last_step(run: WorkflowRun) -> bool:
    """Nothing is left to run: the outcome, written right after, holds this node's data
    (skipping the save spares one transaction per execution)."""
    state = run.state
    return not state.stack and not state.waiting


class ExecutionHooks(Hooks):
    def __init__(self, *, db: Database, events: EventBus, execution_id: str, workflow_id: str | None,
                 mode: str, owner: str, lease_seconds: float, save_progress: bool,
                 node_types: dict[str, str], user_id: str | None = None) -> None:
        self.db = db
        self.events = events
        self.execution_id = execution_id
        self.workflow_id = workflow_id
        self.mode = mode
        self.owner = owner
        self.lease_seconds = lease_seconds
        self.save_progress = save_progress
        self.node_types = node_types
        self.user_id = user_id
        self.run: WorkflowRun | None = None
        self.lease_lost = False

    def lose_lease(self) -> None:
        """Another worker took this execution over (our lease expired): stop at once, write
        nothing more; the new owner's run is the one that counts."""
        if not self.lease_lost:
            log.warning("execution %s: lease lost to another worker; stopping this run", self.execution_id)
        self.lease_lost = True
        if self.run is not None:
            self.run.cancel()

    def _event(self, kind: str, **data: Any) -> dict[str, Any]:
        return {"type": kind, "execution_id": self.execution_id, "workflow_id": self.workflow_id,
                "user_id": self.user_id, **data}

    async def on_execution_start(self, run: WorkflowRun) -> None:
        self.run = run
        await self.events.publish(self._event("execution.started", mode=self.mode))

    async def on_node_start(self, node: str, run_index: int) -> None:
        await self.events.publish(self._event("node.started", node=node, run_index=run_index,
                                              node_type=self.node_types.get(node, "")))

    async def on_node_finish(self, node: str, run_index: int, task: Any, run: WorkflowRun) -> None:
        if self.save_progress and not self.lease_lost and not _last_step(run):
            async with self.db.session() as s:
                kept = await save_progress_if_owner(s, self.execution_id, owner=self.owner,
                                                    lease_seconds=self.lease_seconds, saved=run.snapshot(),
                                                    last_node=node)
            if not kept:
                self.lose_lease()
        await self.events.publish(self._event(
            "node.finished", node=node, run_index=run_index, node_type=self.node_types.get(node, ""),
            status=task.get("executionStatus", "success"), items=item_counts(task),
            execution_time_ms=task.get("executionTime"),
            error=(task.get("error") or {}).get("message") if task.get("error") else None,
            data=task.get("data"),
        ))

    async def on_execution_finish(self, result: ExecutionResult) -> None:
        return None  # the service persists and announces the final state itself
