"""Running one claimed execution: load it, run the engine, persist and announce the outcome.

``run_execution(id)`` claims first (every queue delivers at least once). A saved snapshot
(progress of a crashed run, a waiting run, a retry from the failed node) is resumed by the
engine; otherwise the run starts from the trigger input.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from wirework.engine import ExecutionResult, run_workflow
from wirework.engine.subworkflow import SubworkflowRunner
from wirework.expr import default_evaluator
from wirework.model import Workflow, load_workflow
from wirework.nodes.sdk import ExecutionServices
from wirework.runtime.binary_data import ExecutionBinaryData
from wirework.runtime.events import EventBus
from wirework.runtime.run_hooks import ExecutionHooks
from wirework.runtime.store_ops import (
    Finished,
    RunInputs,
    finish_if_owner,
    release_claim,
    run_inputs,
    running_of_workflow,
)
from wirework.settings import Settings
from wirework.store import Database
from wirework.store.repos import ExecutionRepo, WorkflowRepo

log = logging.getLogger("wirework.runtime.runner")
#: n8n's "wait indefinitely" marker: resumed only by its webhook
WAIT_FOREVER = datetime(3000, 1, 1, tzinfo=UTC)

CredentialsResolver = Callable[..., Awaitable[dict[str, Any]]]
#: ``(session, execution row, outcome info) -> something to call after the commit, or None``
FinishInTx = Callable[[Any, Any, dict[str, Any]], Awaitable[Callable[[], None] | None]]


def snapshot_of(result: ExecutionResult) -> dict[str, Any]:
    """The stored form of a result: n8n's ``{"resultData", "executionData"}``."""
    rd: dict[str, Any] = {"runData": result.run_data, "lastNodeExecuted": result.last_node_executed}
    if result.error is not None:
        rd["error"] = result.error
    out: dict[str, Any] = {"resultData": rd, "executionData": result.execution_data}
    if result.wait_till is not None:
        out["waitTill"] = result.wait_till.isoformat()
    return out


class ExecutionRunner:
    def __init__(self, *, db: Database, settings: Settings, events: EventBus, owner: str) -> None:
        self.db = db
        self.settings = settings
        self.events = events
        self.owner = owner
        self.lease_seconds = float(settings.execution_lease_seconds)
        self.credentials: CredentialsResolver | None = None
        #: run inside the transaction that records the outcome (commit together with it)
        self.in_finish: list[FinishInTx] = []
        self.active: dict[str, ExecutionHooks] = {}
        #: scaled out: defers a new job for an execution given back by the concurrency limit
        self.requeue: Callable[[Any, str], Awaitable[Any]] | None = None
        self.binary = ExecutionBinaryData(settings.data_dir / "binary")
        #: called with (row, what finish_if_owner wrote) once the outcome is committed
        self.settle: Callable[[Any, Finished], None] | None = None
        self._cancel_pending: set[str] = set()

    # --- entry points ----------------------------------------------------------------------
    async def run_execution(self, execution_id: str) -> bool:
        """Claim and run ``execution_id``; False when another worker has it or it is done."""
        async with self.db.session() as s:
            repo = ExecutionRepo(s)
            if not await repo.claim(execution_id, owner=self.owner, lease_seconds=self.lease_seconds):
                return False
            row = await repo.get(execution_id)
            data = await run_inputs(s, row)  # same session: one round of the pool per claim
        await self.run_claimed(row, data)
        return True

    async def run_claimed(self, row: Any, data: RunInputs | None = None) -> None:
        """Run a row this process has claimed; ``data`` is its ``run_inputs`` when the claimer
        already loaded them."""
        if await self._over_workflow_limit(row):
            return
        if data is None:
            async with self.db.session() as s:
                data = await run_inputs(s, row)
        saved, trigger_input, static_before = data
        try:
            workflow = load_workflow(row.workflow_snapshot)
        except Exception as exc:
            await self._fail(row, f"The workflow could not be loaded: {exc}")
            return
        self._apply_timeout(workflow)
        if static_before is not None:  # the workflow's current static data, not the snapshot's
            workflow.static_data = copy.deepcopy(static_before)
        hooks = ExecutionHooks(
            db=self.db, events=self.events, execution_id=row.id, workflow_id=row.workflow_id,
            mode=row.mode, owner=self.owner, lease_seconds=self.lease_seconds,
            save_progress=self.settings.save_progress,
            node_types={n.name: n.type for n in workflow.nodes}, user_id=row.created_by,
        )
        self.active[row.id] = hooks
        heartbeat = asyncio.create_task(self._heartbeat(row.id, hooks))
        services = self._services(row.id, row.workflow_id)
        try:
            result = await self._run_engine(workflow, row, saved, trigger_input or {}, hooks, services)
        except Exception as exc:  # an engine bug or a bad start node: the execution fails cleanly
            log.exception("execution %s crashed in the engine", row.id)
            result = ExecutionResult(status="error", run_data={}, mode=row.mode,
                                     error={"message": str(exc), "name": type(exc).__name__})
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            self.active.pop(row.id, None)
            with contextlib.suppress(Exception):
                services.evaluator.close()
        await self._save_static_data(workflow, row, static_before)
        await self._record(row, result, hooks)

    # --- workflow static data (remove-duplicates history, poll cursors, …) -----------------
    async def _save_static_data(self, workflow: Workflow, row: Any, before: dict[str, Any] | None) -> None:
        if before is None or (workflow.static_data or {}) == before:
            return
        try:
            async with self.db.session() as s:
                await WorkflowRepo(s).set_static_data(row.workflow_id, workflow.static_data)
        except Exception:
            log.exception("could not save the static data of workflow %s", row.workflow_id)

    async def _over_workflow_limit(self, row: Any) -> bool:
        """Per-workflow concurrency: give the claim back (queued again) when the workflow
        already runs ``workflow_concurrency`` executions; the caller retries later."""
        limit = self.settings.workflow_concurrency
        if limit <= 0 or not row.workflow_id:
            return False
        async with self.db.session() as s:
            busy = await running_of_workflow(s, row.workflow_id, exclude=row.id)
            if busy < limit:
                return False
            await release_claim(s, row.id, owner=self.owner)
            if self.requeue is not None:
                await self.requeue(s, row.id)
        await asyncio.sleep(0.2 + random.random() * 0.3)  # let the running ones progress
        return True

    def cancel_local(self, execution_id: str) -> bool:
        hooks = self.active.get(execution_id)
        if hooks is None:
            return False
        if hooks.run is not None:
            hooks.run.cancel()
        else:
            self._cancel_pending.add(execution_id)
        return True

    # --- internals -------------------------------------------------------------------------
    def _apply_timeout(self, workflow: Workflow) -> None:
        timeout = workflow.settings.get("executionTimeout")
        if (not isinstance(timeout, (int, float)) or timeout <= 0) and self.settings.execution_timeout > 0:
            workflow.settings["executionTimeout"] = self.settings.execution_timeout

    def _services(self, execution_id: str, workflow_id: str | None) -> ExecutionServices:
        st = self.settings
        services = ExecutionServices(evaluator=default_evaluator(), settings={
            "timezone": st.timezone, "binary_inline_limit": st.binary_inline_limit,
            "code_timeout": st.code_timeout, "code_memory_mb": st.code_memory_mb,
            "code_python_allowed_modules": list(st.code_python_allowed_modules),
            "allow_env_access": st.allow_env_access,
        })
        services.binary_store = self.binary.store
        services.run_subworkflow = SubworkflowRunner(base_dir=st.data_dir, load_by_id=self._load_by_id)
        events = self.events

        async def send_response(response: dict[str, Any]) -> None:
            await events.publish({"type": "webhook.response", "execution_id": execution_id,
                                  "workflow_id": workflow_id, "response": response})

        services.extras["send_response"] = send_response

        def wait_for_webhook(_resume: str, limit: datetime | None) -> Any:
            # the engine installs put_execution_to_wait when the run starts
            return services.extras["put_execution_to_wait"](limit or WAIT_FOREVER)

        services.extras["wait_for_webhook"] = wait_for_webhook
        if self.credentials is not None:
            resolver = self.credentials

            async def creds(node: Any, ctype: str, item_index: int) -> dict[str, Any]:
                return await resolver(workflow_id=workflow_id, node=node, credential_type=ctype,
                                      item_index=item_index)

            services.credentials = creds
        return services

    async def _load_by_id(self, workflow_id: str) -> dict[str, Any]:
        from wirework.store.models_workflow import WorkflowRow

        async with self.db.session() as s:
            row = await s.get(WorkflowRow, workflow_id)
        if row is None or row.deleted_at is not None:
            raise LookupError(f"Workflow '{workflow_id}' does not exist")
        return {**row.document, "name": row.document.get("name", row.name)}

    def resume_url(self, execution_id: str) -> str:
        base = (self.settings.public_url or f"http://{self.settings.host}:{self.settings.port}").rstrip("/")
        return f"{base}/webhook-waiting/{execution_id}"

    async def _run_engine(self, workflow: Workflow, row: Any, saved: dict[str, Any] | None,
                          trigger: dict[str, Any], hooks: ExecutionHooks,
                          services: ExecutionServices) -> ExecutionResult:
        common: dict[str, Any] = {
            "mode": row.mode, "services": services, "hooks": hooks, "execution_id": row.id,
            "workflow_id": row.workflow_id, "resume_url": self.resume_url(row.id),
        }
        if row.id in self._cancel_pending:
            self._cancel_pending.discard(row.id)
            return ExecutionResult(status="canceled", run_data={}, mode=row.mode,
                                   error={"message": "The execution was canceled"})
        if saved and saved.get("executionData"):
            return await run_workflow(workflow, saved=saved, resume_items=trigger.get("resume_items"), **common)
        return await run_workflow(
            workflow, trigger_items=trigger.get("trigger_items"), start_node=trigger.get("start_node"),
            destination_node=trigger.get("destination_node"), run_data=trigger.get("run_data"),
            dirty_nodes=trigger.get("dirty_nodes"), **common)

    async def _heartbeat(self, execution_id: str, hooks: ExecutionHooks) -> None:
        interval = max(0.5, self.lease_seconds / 3)
        while True:
            await asyncio.sleep(interval)
            try:
                async with self.db.session() as s:
                    ok = await ExecutionRepo(s).renew_lease(execution_id, owner=self.owner,
                                                            lease_seconds=self.lease_seconds)
                if not ok:
                    hooks.lose_lease()
                    return
            except Exception:
                log.warning("could not renew the lease of %s", execution_id, exc_info=True)

    async def _record(self, row: Any, result: ExecutionResult, hooks: ExecutionHooks) -> None:
        saved = snapshot_of(result)
        info = {"status": result.status, "mode": row.mode, "error": result.error, "user_id": row.created_by,
                "last_node": result.last_node_executed,
                "wait_till": result.wait_till.isoformat() if result.wait_till else None}
        after_commit: list[Callable[[], None]] = []
        async with self.db.session() as s:
            done = await finish_if_owner(
                s, row.id, owner=self.owner, status=result.status, saved=saved, error=result.error,
                last_node=result.last_node_executed, wait_till=result.wait_till)
            if done is not None and result.status == "success" and row.retry_of:
                await ExecutionRepo(s).set_retry_success(row.retry_of, row.id)
            for hook in self.in_finish if done is not None else ():
                try:
                    if (then := await hook(s, row, info)) is not None:
                        after_commit.append(then)
                except Exception:
                    log.exception("finish hook failed for %s", row.id)
        if done is None:
            log.warning("execution %s was taken over by another worker; dropping this outcome", row.id)
            return
        for then in after_commit:
            then()
        if self.settle is not None:
            self.settle(row, done)  # local waiters take the committed outcome without reading it back
        if result.status != "waiting":
            await self.events.publish({"type": "execution.finished", "execution_id": row.id,
                                       "workflow_id": row.workflow_id, **info})
        else:
            await self.events.publish({"type": "execution.waiting", "execution_id": row.id,
                                       "workflow_id": row.workflow_id, **info})

    async def _fail(self, row: Any, message: str) -> None:
        result = ExecutionResult(status="error", run_data={}, mode=row.mode, error={"message": message})
        hooks = ExecutionHooks(db=self.db, events=self.events, execution_id=row.id, workflow_id=row.workflow_id,
                               mode=row.mode, owner=self.owner, lease_seconds=self.lease_seconds,
                               save_progress=False, node_types={})
        await self._record(row, result, hooks)
