"""Dispatchers: how a committed execution reaches a worker.

* :class:`LocalDispatcher` (embedded default): the executions table *is* the durable queue.
  An in-process pool of ``concurrency`` workers claims rows (``claim_next`` with a lease);
  rows of crashed processes come back once their lease expires.
* ``ProcrastinateDispatcher`` (scaled out, ``procrastinate_queue.py``) defers a job in the
  same transaction as the row; ``wirework worker`` processes consume it.
Both end in ``ExecutionRunner.run_execution(id)``, which claims the row atomically.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from wirework.runtime.store_ops import any_queued, run_inputs
from wirework.store import Database
from wirework.store.repos import ExecutionRepo

log = logging.getLogger("wirework.runtime.queue")


async def drain_tasks(tasks: list[asyncio.Task[Any]], *, timeout: float) -> None:
    """Give ``tasks`` up to ``timeout`` seconds to finish, then cancel and reap the rest."""
    if not tasks:
        return
    _done, pending = await asyncio.wait(tasks, timeout=timeout)
    for t in pending:
        t.cancel()
    for t in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await t


class Dispatcher(Protocol):
    async def enqueue(self, session: AsyncSession, execution_id: str, *, priority: int,
                      workflow_id: str | None) -> None:
        """Called inside the transaction that creates (or re-queues) the execution row."""

    def notify(self) -> None:
        """Called after that transaction committed."""


class LocalDispatcher:
    """Wakes one idle worker per notification (no thundering herd on the claim query)."""

    def __init__(self) -> None:
        self._tokens: asyncio.Queue[None] = asyncio.Queue()
        self.idle = 0

    async def enqueue(self, session: AsyncSession, execution_id: str, *, priority: int,
                      workflow_id: str | None) -> None:
        return None  # the queued row is the job

    def notify(self) -> None:
        if self._tokens.qsize() < max(1, self.idle):
            self._tokens.put_nowait(None)

    def wake_all(self, n: int) -> None:
        for _ in range(n):
            self._tokens.put_nowait(None)

    async def wait(self, timeout: float) -> None:
        self.idle += 1
        try:
            await asyncio.wait_for(self._tokens.get(), timeout)
        finally:
            self.idle -= 1


RunClaimed = Callable[[Any, Any], Awaitable[None]]


class WorkerPool:
    """``concurrency`` asyncio workers draining the executions table in priority order."""

    def __init__(self, *, db: Database, dispatcher: LocalDispatcher, run_claimed: RunClaimed,
                 owner: str, concurrency: int, lease_seconds: float, poll_interval: float = 1.0) -> None:
        self.db = db
        self.dispatcher = dispatcher
        self.run_claimed = run_claimed
        self.owner = owner
        self.concurrency = max(1, concurrency)
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    async def start(self) -> None:
        self._stopping = False
        self._tasks = [asyncio.create_task(self._worker(i), name=f"wirework-worker-{i}")
                       for i in range(self.concurrency)]

    def stop_claiming(self) -> None:
        self._stopping = True
        self.dispatcher.wake_all(len(self._tasks))

    async def stop(self, grace: float = 1.0) -> None:
        """Idle workers leave at once; runs still going after ``grace`` seconds are cancelled
        (their executions stay ``running`` and are resumed after the lease expires)."""
        self.stop_claiming()
        await drain_tasks(self._tasks, timeout=grace)
        self._tasks = []

    async def _claim(self) -> tuple[Any, Any, bool]:
        """The next claimed row, its ``(saved, trigger_input)`` and whether more rows wait,
        all read in the claim's session."""
        async with self.db.session() as s:
            repo = ExecutionRepo(s)
            row = await repo.claim_next(self.owner, self.lease_seconds)
            if row is None:
                return None, None, False
            return row, await run_inputs(s, row), await any_queued(s)

    async def _worker(self, index: int) -> None:
        while not self._stopping:
            try:
                row, data, more = await self._claim()
            except Exception:
                log.exception("worker %d could not claim an execution", index)
                row, data, more = None, None, False
            if row is None:
                with contextlib.suppress(TimeoutError):
                    await self.dispatcher.wait(self.poll_interval)
                continue
            if more and len(self._tasks) > 1:
                self.dispatcher.notify()  # rows queued elsewhere (other processes) drain at once
            try:
                await self.run_claimed(row, data)
            except Exception:
                log.exception("execution %s failed in the runtime", row.id)
