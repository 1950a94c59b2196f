"""ExecutionService: the one way to start, await, stop, retry and resume executions.

``start`` writes the execution row and its job in ONE transaction (the dispatcher enqueues
inside it), so a worker can never see a job whose row is not committed yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from wirework.runtime.errors import ExecutionNotFoundError, ExecutionStateError
from wirework.runtime.events import EventBus
from wirework.runtime.queue import Dispatcher
from wirework.runtime.runner import ExecutionRunner
from wirework.runtime.store_ops import (
    Finished,
    cancel_orphan,
    execution_status,
    set_trigger_input,
    transition,
)
from wirework.store import Database, new_id, unpack
from wirework.store.repos import ExecutionRepo

_FINAL = ("success", "error", "canceled", "crashed")
_PRIORITY = {"manual": 0, "retry": 5, "webhook": 5}


def row_dict(row: Any, **values: Any) -> dict[str, Any]:
    """The row as ``get`` returns it (dates as ISO strings); ``values`` override columns."""
    out: dict[str, Any] = {**row.to_dict(), **values}
    for key in ("created_at", "started_at", "finished_at", "wait_till", "lease_expires_at"):
        if out.get(key) is not None:
            out[key] = out[key].astimezone(UTC).isoformat()
    return out


def finished_row(row: Any, done: Finished) -> dict[str, Any]:
    """What ``get`` reads right after ``finish_if_owner`` committed ``done`` for the claimed
    ``row`` (JSON columns and run data decoded from what was written, as a read would)."""
    values = dict(done.values)
    values["error"] = json.loads(json.dumps(values["error"])) if values["error"] is not None else None
    out = row_dict(row, **values)
    out["data"] = unpack(done.run_data)
    out["output"] = last_output(out["data"])
    return out


def last_output(saved: dict[str, Any] | None) -> list[dict[str, Any]]:
    rd = (saved or {}).get("resultData") or {}
    last = rd.get("lastNodeExecuted")
    for task in reversed((rd.get("runData") or {}).get(last or "", []) or []):
        main = (task.get("data") or {}).get("main") or []
        if main:
            return list(main[0] or [])
    return []


def drop_failed_task(saved: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``saved`` ready to re-run its failed node (the error task is removed)."""
    out = copy.deepcopy(saved)
    rd = out.setdefault("resultData", {})
    rd.pop("error", None)
    last = rd.get("lastNodeExecuted")
    runs = (rd.get("runData") or {}).get(last or "")
    if runs and runs[-1].get("error") is not None:
        runs.pop()
        if not runs:
            del rd["runData"][last]
    return out


_EVENT_STATUS = {"execution.started": "running", "execution.waiting": "waiting"}


@dataclass(slots=True, eq=False)
class _Waiter:
    until: tuple[str, ...]
    #: done when a wanted status may have been reached; its result is the row when a runner in
    #: this process handed over the committed outcome (no need to read it back)
    fut: asyncio.Future[dict[str, Any] | None]


class ExecutionService:
    def __init__(self, *, db: Database, events: EventBus, dispatcher: Dispatcher,
                 runner: ExecutionRunner) -> None:
        self.db = db
        self.events = events
        self.dispatcher = dispatcher
        self.runner = runner
        self._waiters: dict[str, list[_Waiter]] = {}
        #: longest pause between status polls in ``wait``; the Runtime lowers it when runs happen
        #: in processes whose events never reach this one (separate workers without Redis)
        self.poll_cap = 2.0
        events.subscribe(self._on_event)
        runner.settle = self._settle

    # --- starting --------------------------------------------------------------------------
    async def start(self, *, workflow: dict[str, Any], workflow_id: str | None = None, mode: str = "manual",
                    trigger_items: list[dict[str, Any]] | None = None, start_node: str | None = None,
                    destination_node: str | None = None, run_data: dict[str, Any] | None = None,
                    retry_of: str | None = None, user_id: str | None = None,
                    dirty_nodes: list[str] | None = None, saved: dict[str, Any] | None = None,
                    execution_id: str | None = None, priority: int | None = None) -> str:
        """Create the execution and its job atomically; returns the execution id.

        ``run_data`` is the earlier run data of a partial run; ``saved`` a full snapshot to
        resume from (retry from the failed node). Binary files those refer to in other
        executions' folders are linked into this one's first (they outlive their origin).
        """
        execution_id = execution_id or new_id()
        trigger_items, run_data, saved = await self.runner.binary.adopt(
            (trigger_items, run_data, saved), execution_id)
        trigger_input = {k: v for k, v in {
            "trigger_items": trigger_items, "start_node": start_node,
            "destination_node": destination_node, "run_data": run_data, "dirty_nodes": dirty_nodes,
        }.items() if v is not None}
        async with self.db.session() as s:
            await self.enqueue_in(s, workflow=workflow, workflow_id=workflow_id, mode=mode,
                                  trigger_input=trigger_input, saved=saved, retry_of=retry_of, user_id=user_id,
                                  execution_id=execution_id, priority=priority)
        self.dispatcher.notify()
        return execution_id

    async def enqueue_in(self, s: Any, *, workflow: dict[str, Any], workflow_id: str | None, mode: str,
                         trigger_input: dict[str, Any], execution_id: str, saved: dict[str, Any] | None = None,
                         retry_of: str | None = None, user_id: str | None = None,
                         priority: int | None = None) -> None:
        """The execution row and its job, inside the caller's transaction: they commit (or
        not) together with whatever else the caller writes. Call ``dispatcher.notify()`` after."""
        prio = priority if priority is not None else _PRIORITY.get(mode, 10)
        await ExecutionRepo(s).create(
            workflow=workflow, workflow_id=workflow_id, mode=mode, status="queued", priority=prio,
            trigger_input=trigger_input, run_data=saved, retry_of=retry_of, created_by=user_id,
            execution_id=execution_id)
        await self.dispatcher.enqueue(s, execution_id, priority=prio, workflow_id=workflow_id)

    def new_id(self) -> str:
        return new_id()

    # --- observing -------------------------------------------------------------------------
    async def get(self, execution_id: str, *, with_data: bool = True) -> dict[str, Any]:
        async with self.db.session() as s:
            repo = ExecutionRepo(s)
            row = await repo.get(execution_id)
            if row is None:
                raise ExecutionNotFoundError(execution_id)
            out = row_dict(row)
            if with_data:
                saved, _trigger = await repo.get_data(execution_id)
                out["data"] = saved
                out["output"] = last_output(saved)
        return out

    async def _status(self, execution_id: str) -> str:
        async with self.db.session() as s:
            status = await execution_status(s, execution_id)
        if status is None:
            raise ExecutionNotFoundError(execution_id)
        return status

    async def wait(self, execution_id: str, timeout: float | None = None, *,
                   until: tuple[str, ...] = _FINAL, just_started: bool = False) -> dict[str, Any]:
        """Wait until the execution reaches one of ``until`` (default: finished); the row as dict.

        An event announcing a wanted status wakes the waiter, which then reads the row once
        (or takes it from the runner of this process that recorded it); a backing-off status
        poll covers processes that share no event bus (embedded queue + `wirework worker`
        without Redis) and is skipped while this process runs the execution (its runner always
        settles the waiters). ``just_started`` skips the first look (the caller knows the
        execution was just queued)."""
        loop = asyncio.get_running_loop()
        waiter = _Waiter(until, loop.create_future())
        self._waiters.setdefault(execution_id, []).append(waiter)
        step, look = min(0.05, self.poll_cap / 4), not just_started
        try:
            async with asyncio.timeout(timeout):
                while True:
                    if waiter.fut.done():
                        row = waiter.fut.result() or await self.get(execution_id)
                        if row["status"] in until:
                            return row
                        waiter.fut = loop.create_future()
                    elif look and execution_id not in self.runner.active and \
                            await self._status(execution_id) in until:
                        return await self.get(execution_id)
                    look = True
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(asyncio.shield(waiter.fut), step)
                    step = min(step * 2, self.poll_cap)
        finally:
            waiters = self._waiters.get(execution_id, [])
            if waiter in waiters:
                waiters.remove(waiter)
            if not waiters:
                self._waiters.pop(execution_id, None)

    def _settle(self, row: Any, done: Finished) -> None:
        """A local runner committed ``row``'s outcome: wake its waiters with the row itself."""
        waiters = [w for w in self._waiters.get(row.id, ()) if not w.fut.done()
                   and done.values["status"] in w.until]
        if waiters:
            out = finished_row(row, done)
            for waiter in waiters:
                waiter.fut.set_result(dict(out))

    def _on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        status = _EVENT_STATUS.get(str(kind)) or (event.get("status") if kind == "execution.finished" else None)
        if status is not None:
            for waiter in self._waiters.get(str(event.get("execution_id")), []):
                if status in waiter.until and not waiter.fut.done():
                    waiter.fut.set_result(None)
        elif kind == "execution.stop":
            self.runner.cancel_local(str(event.get("execution_id")))

    # --- controlling -----------------------------------------------------------------------
    async def stop(self, execution_id: str) -> None:
        """Cancel a queued, waiting or running execution (wherever it runs)."""
        async with self.db.session() as s:
            row = await ExecutionRepo(s).get(execution_id)
            if row is None:
                raise ExecutionNotFoundError(execution_id)
            done = await transition(s, execution_id, from_status=("new", "queued", "waiting"),
                                    to_status="canceled", wait_till=None,
                                    error={"message": "The execution was canceled", "name": "ExecutionCancelledError"})
            done = done or await cancel_orphan(s, execution_id)
            workflow_id, mode = row.workflow_id, row.mode
        if done:
            await self.events.publish({"type": "execution.finished", "execution_id": execution_id,
                                       "workflow_id": workflow_id, "status": "canceled", "mode": mode})
            return
        if not self.runner.cancel_local(execution_id):
            await self.events.publish({"type": "execution.stop", "execution_id": execution_id,
                                       "workflow_id": workflow_id})

    async def retry(self, execution_id: str, *, from_failed_node: bool = True,
                    workflow: dict[str, Any] | None = None, user_id: str | None = None) -> str:
        """A new execution (mode ``retry``) of a failed one: from its failed node reusing the
        run data, or from the start with the same trigger input. ``workflow`` replaces the
        snapshot (n8n's "retry with currently saved workflow")."""
        async with self.db.session() as s:
            repo = ExecutionRepo(s)
            row = await repo.get(execution_id)
            if row is None:
                raise ExecutionNotFoundError(execution_id)
            if row.status not in ("error", "canceled", "crashed"):
                raise ExecutionStateError(f"Execution '{execution_id}' is {row.status}; only failed "
                                          "or canceled executions can be retried")
            saved, trigger = await repo.get_data(execution_id)
        trigger = trigger or {}
        resumable = bool(from_failed_node and saved and saved.get("executionData"))
        return await self.start(
            workflow=workflow or row.workflow_snapshot, workflow_id=row.workflow_id, mode="retry",
            retry_of=execution_id, user_id=user_id,
            saved=drop_failed_task(saved) if resumable and saved else None,
            trigger_items=None if resumable else trigger.get("trigger_items"),
            start_node=None if resumable else trigger.get("start_node"))

    async def resume(self, execution_id: str, *, resume_items: list[dict[str, Any]] | None = None) -> bool:
        """Move a waiting execution back to the queue (its wait is over or its webhook was
        called); False when it is not waiting any more (someone else resumed it)."""
        async with self.db.session() as s:
            row = await ExecutionRepo(s).get(execution_id)
            if row is None:
                raise ExecutionNotFoundError(execution_id)
            if not await transition(s, execution_id, from_status=("waiting",), to_status="queued", wait_till=None):
                return False
            _saved, trigger = await ExecutionRepo(s).get_data(execution_id)
            trigger = {k: v for k, v in (trigger or {}).items() if k != "resume_items"}
            if resume_items is not None:
                trigger["resume_items"] = resume_items
            await set_trigger_input(s, execution_id, trigger)
            await self.dispatcher.enqueue(s, execution_id, priority=row.priority, workflow_id=row.workflow_id)
        self.dispatcher.notify()
        return True
