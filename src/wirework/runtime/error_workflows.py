"""Error workflows: when an execution fails, start the workflow named in its
``settings.errorWorkflow`` (or the workflow itself when it holds an Error Trigger) with
n8n's payload on the Error Trigger node."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from wirework.runtime.executions import ExecutionService
from wirework.store import Database, new_id
from wirework.store.models_workflow import WorkflowRow

log = logging.getLogger("wirework.runtime.errors")
ERROR_TRIGGER = "n8n-nodes-base.errorTrigger"


def error_payload(*, execution_id: str, row: Any, error: dict[str, Any] | None, base_url: str) -> dict[str, Any]:
    snapshot = row.workflow_snapshot or {}
    execution: dict[str, Any] = {
        "id": execution_id,
        "url": f"{base_url.rstrip('/')}/workflow/{row.workflow_id}/executions/{execution_id}",
        "error": error or {"message": "Unknown error"},
        "lastNodeExecuted": row.last_node_executed if hasattr(row, "last_node_executed") else None,
        "mode": row.mode,
    }
    if row.retry_of:
        execution["retryOf"] = row.retry_of
    return {"execution": execution, "workflow": {"id": row.workflow_id, "name": snapshot.get("name", "")}}


def _error_trigger(document: dict[str, Any]) -> str | None:
    for node in document.get("nodes") or []:
        if node.get("type") == ERROR_TRIGGER and not node.get("disabled"):
            return str(node.get("name"))
    return None


def _target(document: dict[str, Any], workflow_id: str) -> str | None:
    """The workflow that handles ``document``'s failures: its ``settings.errorWorkflow``, else
    itself when it holds an Error Trigger."""
    named = (document.get("settings") or {}).get("errorWorkflow")
    if named:
        return str(named)
    return workflow_id if _error_trigger(document) else None


class ErrorWorkflows:
    def __init__(self, *, db: Database, executions: ExecutionService, base_url: str) -> None:
        self.db = db
        self.executions = executions
        self.base_url = base_url

    async def on_trigger_error(self, *, workflow_id: str, document: dict[str, Any], node: str,
                               error: Exception) -> None:
        """A poller/schedule hook failed before any execution existed: n8n's trigger payload."""
        payload = {"trigger": {"error": {"message": str(error), "name": type(error).__name__,
                                         "node": {"name": node}}, "mode": "trigger"},
                   "workflow": {"id": workflow_id, "name": document.get("name", "")}}
        if target_id := _target(document, workflow_id):
            await self._start(target_id, payload, source=workflow_id)

    async def _start(self, target_id: str, payload: dict[str, Any], *, source: str | None) -> None:
        async with self.db.session() as s:
            queued = await self._queue(s, target_id, payload, source=source)
        if queued:
            self.executions.dispatcher.notify()

    async def _queue(self, s: Any, target_id: str, payload: dict[str, Any], *, source: str | None) -> bool:
        """Queue the error workflow's execution in the caller's transaction; False if it can't run."""
        target = await s.get(WorkflowRow, target_id)
        if target is None or target.deleted_at is not None:
            log.warning("error workflow %s of workflow %s does not exist", target_id, source)
            return False
        document = dict(target.document)
        document.setdefault("name", target.name)
        trigger = _error_trigger(document)
        if trigger is None:
            log.warning("error workflow %s has no Error Trigger node", target_id)
            return False
        await self.executions.enqueue_in(
            s, workflow=document, workflow_id=target.id, mode="error", execution_id=new_id(),
            trigger_input={"trigger_items": [{"json": payload}], "start_node": trigger})
        return True

    async def queue_for(self, s: Any, row: Any, info: dict[str, Any]) -> Callable[[], None] | None:
        """Inside the transaction that records a failed execution as finished: queue its error
        workflow, so the failure and the error run commit together — a process dying right
        after the commit can't lose the error run, and a takeover can't start it twice."""
        if info["status"] != "error" or row.mode in ("error", "manual") or not row.workflow_id:
            return None
        target_id = _target(row.workflow_snapshot or {}, row.workflow_id)
        if not target_id:
            return None
        row.last_node_executed = info.get("last_node")
        payload = error_payload(execution_id=row.id, row=row, error=info.get("error"), base_url=self.base_url)
        queued = await self._queue(s, target_id, payload, source=row.workflow_id)
        return self.executions.dispatcher.notify if queued else None
