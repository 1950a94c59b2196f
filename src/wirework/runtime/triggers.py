"""Schedules and pollers of active workflows, fired by the leader process only.

Each trigger node contributes specs (hook ``schedule``). The loop sleeps until the earliest
next firing, renews the leader lock, and on each due spec either calls the node's ``fire``
hook (schedule-type) or its ``poll`` hook; resulting items start an execution (mode
``trigger``). Static data the hooks change is saved back to the workflow row.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wirework.model import Node, Workflow
from wirework.nodes.registry import NodeRegistry
from wirework.nodes.sdk import ExecutionServices
from wirework.runtime.errors import ActivationError
from wirework.runtime.leader import LeaderLock
from wirework.runtime.node_ctx import hooks_of, make_node_context
from wirework.runtime.schedule import ScheduleError, Spec, next_fire, parse_spec, zone
from wirework.store import Database, utcnow
from wirework.store.repos import WorkflowRepo

log = logging.getLogger("wirework.runtime.triggers")

StartFn = Callable[..., Awaitable[str]]


@dataclass(slots=True)
class TimedTrigger:
    workflow_id: str
    node: str
    kind: str  # fire | poll
    specs: list[Spec]
    tz: str
    anchor: datetime
    next_at: list[datetime] = field(default_factory=list)

    def compute(self, after: datetime) -> None:
        self.next_at = [next_fire(s, after=after, tz=self.tz, anchor=self.anchor) for s in self.specs]


@dataclass(slots=True)
class ActiveTriggers:
    document: dict[str, Any]
    workflow: Workflow
    triggers: list[TimedTrigger]


def plan_triggers(workflow_id: str, workflow: Workflow, *, registry: NodeRegistry, default_tz: str,
                  now: datetime) -> list[TimedTrigger]:
    """The timed triggers of a workflow; ActivationError names a node with a bad schedule."""
    tz = workflow.timezone or default_tz
    try:
        zone(tz)
    except ScheduleError as exc:
        raise ActivationError(str(exc)) from None
    out: list[TimedTrigger] = []
    for node in workflow.nodes:
        hooks = hooks_of(registry, node)
        if node.disabled or "schedule" not in hooks:
            continue
        kind = "poll" if "poll" in hooks else "fire"
        try:
            specs = [parse_spec(s) for s in hooks["schedule"](node)]
        except (ScheduleError, ValueError) as exc:
            raise ActivationError(f"Node '{node.name}' has an invalid schedule: {exc}", node=node.name) from None
        if specs:
            trig = TimedTrigger(workflow_id, node.name, kind, specs, tz, anchor=now)
            trig.compute(now)
            out.append(trig)
    return out


class TriggerManager:
    def __init__(self, *, db: Database, registry: NodeRegistry, leader: LeaderLock, start: StartFn,
                 default_tz: str, services: Callable[[str | None], ExecutionServices]) -> None:
        self.db = db
        self.registry = registry
        self.leader = leader
        self.start_execution = start
        self.default_tz = default_tz
        self.services = services
        self.active: dict[str, ActiveTriggers] = {}
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._changed = asyncio.Event()
        self._locks: dict[str, asyncio.Lock] = {}
        self._running: set[asyncio.Task[None]] = set()
        #: async (workflow_id=, document=, node=, error=) — starts the error workflow
        self.on_error: Callable[..., Awaitable[None]] | None = None

    def add(self, workflow_id: str, document: dict[str, Any], workflow: Workflow) -> None:
        triggers = plan_triggers(workflow_id, workflow, registry=self.registry,
                                 default_tz=self.default_tz, now=utcnow())
        if triggers:
            self.active[workflow_id] = ActiveTriggers(document, workflow, triggers)
        else:
            self.active.pop(workflow_id, None)
        self._changed.set()

    def remove(self, workflow_id: str) -> None:
        self.active.pop(workflow_id, None)
        self._changed.set()

    async def start(self) -> None:
        if self._task is None:
            self._stopping = False
            self._task = asyncio.create_task(self._loop(), name="wirework-triggers")

    async def stop(self) -> None:
        if self._task is not None:
            self._stopping = True
            self._changed.set()
            with contextlib.suppress(TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(self._task), 3.0)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        with contextlib.suppress(Exception):
            await self.leader.release()

    def _earliest(self) -> datetime | None:
        times = [t for a in self.active.values() for trig in a.triggers for t in trig.next_at]
        return min(times) if times else None

    async def _loop(self) -> None:
        renew_every = max(0.1, self.leader.ttl / 3)  # well inside the lease, which lapses locally
        last_renew = 0.0
        loop = asyncio.get_running_loop()
        while not self._stopping:
            if loop.time() - last_renew >= renew_every:
                await self._renew()
                last_renew = loop.time()
            earliest = self._earliest()
            delay = renew_every if earliest is None else (earliest - utcnow()).total_seconds()
            delay = max(0.0, min(delay, renew_every))
            self._changed.clear()
            if delay > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), delay)
                continue
            await self._fire_due()

    async def _renew(self) -> None:
        try:
            await self.leader.acquire()
        except Exception:
            log.warning("could not renew the scheduler lock", exc_info=True)
            self.leader.is_leader = False

    async def _fire_due(self) -> None:
        now = utcnow()
        for wf_id, active in list(self.active.items()):
            for trig in active.triggers:
                for i, at in enumerate(trig.next_at):
                    if at > now:
                        continue
                    trig.next_at[i] = next_fire(trig.specs[i], after=max(now, at), tz=trig.tz, anchor=trig.anchor)
                    if self.leader.is_leader:
                        task = asyncio.create_task(self._run_trigger(wf_id, active, trig, i, at))
                        self._running.add(task)
                        task.add_done_callback(self._running.discard)

    async def _run_trigger(self, wf_id: str, active: ActiveTriggers, trig: TimedTrigger, index: int,
                           when: datetime) -> None:
        lock = self._locks.setdefault(f"{wf_id}:{trig.node}", asyncio.Lock())
        if trig.kind == "poll" and lock.locked():
            return  # the previous poll is still running: skip this tick
        async with lock:
            try:
                await self._run_trigger_locked(wf_id, active, trig, index, when)
            except Exception as exc:
                log.warning("trigger '%s' of workflow %s failed: %s", trig.node, wf_id, exc)
                if self.on_error is not None:
                    with contextlib.suppress(Exception):
                        await self.on_error(workflow_id=wf_id, document=active.document, node=trig.node, error=exc)

    async def _run_trigger_locked(self, wf_id: str, active: ActiveTriggers, trig: TimedTrigger,
                                  index: int, when: datetime) -> None:
        node = active.workflow.node(trig.node)
        hooks = hooks_of(self.registry, node)
        static = await self._load_static(wf_id)
        before = copy.deepcopy(static)
        items: list[dict[str, Any]] | None
        if trig.kind == "fire":
            node_static = static.setdefault(f"node:{node.name}", {})
            items = hooks["fire"](node, when=when.astimezone(zone(trig.tz)), rule_index=index, static=node_static)
        else:
            items = await self._poll(wf_id, active.workflow, node, hooks, static)
        if static != before:
            await self._save_static(wf_id, static)
        if items:
            await self.start_execution(workflow=active.document, workflow_id=wf_id, mode="trigger",
                                       start_node=node.name, trigger_items=items)

    async def _poll(self, wf_id: str, workflow: Workflow, node: Node, hooks: dict[str, Any],
                    static: dict[str, Any]) -> list[dict[str, Any]] | None:
        wf = copy.copy(workflow)
        wf.static_data = static
        ctx = make_node_context(wf, node, registry=self.registry, mode="trigger",
                                services=self.services(wf_id), workflow_id=wf_id, timezone=self.default_tz)
        try:
            result = await hooks["poll"](ctx)
        finally:
            with contextlib.suppress(Exception):
                ctx.services.evaluator.close()
        return list(result[0]) if result and result[0] else None

    async def _load_static(self, wf_id: str) -> dict[str, Any]:
        async with self.db.session() as s:
            return await WorkflowRepo(s).get_static_data(wf_id)

    async def _save_static(self, wf_id: str, static: dict[str, Any]) -> None:
        async with self.db.session() as s:
            await WorkflowRepo(s).set_static_data(wf_id, static)
