"""``Runtime``: everything that makes workflows run in a server process.

Built and started by the API app's lifespan (``wirework serve``) and by ``wirework worker``::

    rt = Runtime(settings, db)
    await rt.start()          # event bus, worker pool, triggers, waiting/pruning loops, restore
    await rt.executions.start(workflow=doc, workflow_id=wid, mode="manual")
    await rt.activation.activate(wid)
    await rt.stop()
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from wirework.nodes.registry import NodeRegistry, default_registry
from wirework.nodes.sdk import ExecutionServices
from wirework.runtime.activation import ActivationService
from wirework.runtime.error_workflows import ErrorWorkflows
from wirework.runtime.events import EventBus, RedisEventBus, make_event_bus
from wirework.runtime.executions import ExecutionService
from wirework.runtime.leader import LeaderLock
from wirework.runtime.metrics import Metrics
from wirework.runtime.queue import Dispatcher, LocalDispatcher, WorkerPool, drain_tasks
from wirework.runtime.runner import ExecutionRunner
from wirework.runtime.store_ops import count_status
from wirework.runtime.triggers import TriggerManager
from wirework.runtime.webhook_registry import WebhookRegistry
from wirework.runtime.webhook_service import WebhookService
from wirework.settings import Settings
from wirework.store import Database, utcnow
from wirework.store.repos import ExecutionRepo

log = logging.getLogger("wirework.runtime")


def _worker_events(raw: bytes) -> bool:
    return b'"execution.stop"' in raw


class Runtime:
    def __init__(self, settings: Settings, db: Database, *, role: str = "main",
                 registry: NodeRegistry | None = None, events: EventBus | None = None) -> None:
        self.settings = settings
        self.db = db
        self.role = role  # main (API + triggers) | worker (executions only)
        self.registry = registry or default_registry()
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.events = events or make_event_bus(settings.redis_url)
        if role == "worker" and isinstance(self.events, RedisEventBus):
            self.events.accept = _worker_events  # runs publish; a worker only listens for stops
        self.metrics = Metrics()
        self.events.subscribe(self.metrics.on_event)
        self.dispatcher: Dispatcher = self._make_dispatcher()
        self.runner = ExecutionRunner(db=db, settings=settings, events=self.events, owner=self.owner)
        if not isinstance(self.dispatcher, LocalDispatcher):
            self.runner.requeue = self.dispatcher.requeue  # type: ignore[attr-defined]
        self.executions = ExecutionService(db=db, events=self.events, dispatcher=self.dispatcher, runner=self.runner)
        self.webhooks = WebhookRegistry()
        self.triggers = TriggerManager(
            db=db, registry=self.registry,
            leader=LeaderLock(db, owner=self.owner, ttl=settings.scheduler_lock_seconds),
            start=self.executions.start, default_tz=settings.timezone, services=self.node_services)
        self.webhook_service = WebhookService(
            registry=self.registry, webhooks=self.webhooks, executions=self.executions, events=self.events,
            metrics=self.metrics, services=self.node_services, documents=lambda wid: self.activation.document(wid),
            default_tz=settings.timezone, origin=self.owner)
        self.activation = ActivationService(
            db=db, registry=self.registry, webhooks=self.webhooks, webhook_service=self.webhook_service,
            triggers=self.triggers, events=self.events, origin=self.owner)
        self.error_workflows = ErrorWorkflows(db=db, executions=self.executions, base_url=self.base_url)
        self.runner.in_finish.append(self.error_workflows.queue_for)
        self.triggers.on_error = self.error_workflows.on_trigger_error
        self.pool: WorkerPool | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._stop = asyncio.Event()
        self.started = False

    # --- wiring ----------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return (self.settings.public_url or f"http://{self.settings.host}:{self.settings.port}").rstrip("/")

    @property
    def credentials(self) -> Callable[..., Awaitable[dict[str, Any]]] | None:
        return self.runner.credentials

    @credentials.setter
    def credentials(self, resolver: Callable[..., Awaitable[dict[str, Any]]] | None) -> None:
        """``async resolver(*, workflow_id, node, credential_type, item_index) -> dict``."""
        self.runner.credentials = resolver

    def node_services(self, workflow_id: str | None) -> ExecutionServices:
        """Services for hooks run outside an execution (webhook auth, pollers)."""
        return self.runner._services("", workflow_id)

    def _make_dispatcher(self) -> Dispatcher:
        if self.settings.queue_mode == "procrastinate":
            from wirework.runtime.procrastinate_queue import ProcrastinateDispatcher

            return ProcrastinateDispatcher(self.db, per_workflow_lock=self.settings.workflow_concurrency == 1)
        return LocalDispatcher()

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        if self.started:
            return
        self._stop.clear()
        await self.events.start()
        embedded = isinstance(self.dispatcher, LocalDispatcher)
        if not embedded:
            await self.dispatcher.ensure_schema()  # type: ignore[attr-defined]
        if isinstance(self.dispatcher, LocalDispatcher) and (self.role == "worker" or self.settings.run_embedded_workers):
            self.pool = WorkerPool(db=self.db, dispatcher=self.dispatcher, run_claimed=self.runner.run_claimed,
                                   owner=self.owner, concurrency=self.settings.concurrency,
                                   lease_seconds=self.settings.execution_lease_seconds,
                                   poll_interval=self.settings.worker_poll_interval)
            await self.pool.start()
        if self.pool is None and not isinstance(self.events, RedisEventBus):
            self.executions.poll_cap = 0.25  # outcomes are only visible in the database: look often
        if self.role == "main":
            failures = await self.activation.restore()
            for wf_id, err in failures:
                log.warning("workflow %s stays inactive: %s", wf_id, err)
            await self.triggers.start()
            self._spawn(self._waiting_loop(), "waiting")
            self._spawn(self._prune_loop(), "prune")
        if not embedded:
            self._spawn(self._recover_loop(), "recover")
        self._spawn(self._gauge_loop(), "gauges")
        self.started = True

    async def stop(self) -> None:
        self._stop.set()  # periodic loops leave between rounds (no cancel inside a DB session)
        await drain_tasks(self._tasks, timeout=5.0)
        self._tasks = []
        await self.triggers.stop()
        if self.pool is not None:
            await self.pool.stop()
            self.pool = None
        await self.events.stop()
        self.started = False

    def _spawn(self, coro: Any, name: str) -> None:
        self._tasks.append(asyncio.create_task(coro, name=f"wirework-{name}"))

    async def _every(self, seconds: float, fn: Callable[[], Awaitable[None]]) -> None:
        while not self._stop.is_set():
            try:
                await fn()
            except Exception:
                log.exception("periodic task %s failed", getattr(fn, "__name__", fn))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)

    async def _waiting_loop(self) -> None:
        async def resume_due() -> None:
            async with self.db.session() as s:
                due = [r.id for r in await ExecutionRepo(s).due_waiting()]
            for ex_id in due:
                await self.executions.resume(ex_id)

        await self._every(1.0, resume_due)

    async def prune(self) -> int:
        """Delete old executions, then the binary payloads of every execution that is gone."""
        async with self.db.session() as s:
            pruned = await ExecutionRepo(s).prune(max_age=timedelta(days=self.settings.prune_max_age_days),
                                                  max_count=self.settings.prune_max_count)
        await self.runner.binary.sweep(self.db)
        return pruned

    async def _prune_loop(self) -> None:
        async def prune() -> None:
            if self.triggers.leader.is_leader or not self.settings.redis_url:
                await self.prune()

        await self._every(3600.0, prune)

    async def _recover_loop(self) -> None:
        """Scaled out: re-defer jobs of executions whose worker died (lease expired)."""
        async def recover() -> None:
            stale = timedelta(seconds=max(10.0, 4 * self.settings.execution_lease_seconds))
            async with self.db.session() as s:
                ids = await self.dispatcher.orphans(s, stale_before=utcnow() - stale)  # type: ignore[attr-defined]
                for ex_id in ids:
                    await self.dispatcher.requeue(s, ex_id)  # type: ignore[attr-defined]

        await self._every(max(1.0, self.settings.execution_lease_seconds / 2), recover)

    async def _gauge_loop(self) -> None:
        async def gauges() -> None:
            async with self.db.session() as s:
                self.metrics.queue_depth.set(await count_status(s, "queued"))
            self.metrics.active.set(len(self.runner.active))

        await self._every(5.0, gauges)
