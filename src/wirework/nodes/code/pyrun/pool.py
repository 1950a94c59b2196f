"""A pool of warm, sandboxed Python workers, usable from any event loop.

A job runs in a worker forked ahead of time by the pool's zygote (``processes.py``), so it
costs a socket round trip, not a process start. Which worker a job gets decides what it can
see of earlier jobs:

- without a session, a fresh worker that is discarded after the job;
- with a ``PythonSession`` (the Code node opens one per execution), a worker that already ran
  jobs *of the same session*, when one is idle. Jobs of one execution belong to one workflow
  and one owner; nothing reaches another execution, whose session has its own workers.

A session's workers stop when the session object is garbage-collected (its execution ended),
after ``IDLE_SECONDS`` unused, after ``MAX_JOBS`` jobs, or to make room (least recently used
first). A worker that overran its time, died, ran out of memory or whose job was cancelled
is never reused.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import secrets
import threading
import time
import weakref
from collections import deque
from typing import Any

from wirework.nodes.code.pyrun.processes import CONTROL_THREAD, RunnerError, Worker, Zygote
from wirework.nodes.code.pyrun.sandbox import RunnerSpec

__all__ = ["PythonRunnerPool", "PythonSession", "RunnerError", "encode_job", "get_pool"]

log = logging.getLogger(__name__)
IDLE_SECONDS = 30.0
#: node code up to this size is taught to the zygote, so fresh workers start with it compiled
TEACH_MAX_CHARS = 65536
TAUGHT_CODES = 512
MAX_JOBS = 1000
#: fresh workers the parent holds ready (the zygote keeps one more forked ahead)
PREFETCH = 2


class PythonSession:
    """Jobs run with the same session may share workers (one per execution)."""

    __slots__ = ("__weakref__", "key")

    def __init__(self) -> None:
        self.key = secrets.token_hex(12)


def encode_job(job: dict[str, Any]) -> bytes:
    """``len(header) | header | data``: the worker parses the small header first."""
    header = json.dumps({k: v for k, v in job.items() if k != "data"}, ensure_ascii=False).encode()
    body = json.dumps(job.get("data") or {}, ensure_ascii=False, allow_nan=True).encode()
    return len(header).to_bytes(4, "big") + header + body


class PythonRunnerPool:
    """``await pool.run(job, timeout=…, session=…)`` -> the worker's decoded answer.

    At most ``size`` jobs run at once; more wait for a free slot."""

    def __init__(self, spec: RunnerSpec, *, size: int = 2) -> None:
        self.spec = spec
        self.size = max(1, size)
        self._lock = threading.Lock()
        self._running = 0
        self._zygote: Zygote | None = None
        self._fresh: deque[Worker] = deque()
        self._idle: dict[str, list[Worker]] = {}  # session key -> its idle workers
        self._watched: set[str] = set()  # session keys with a finalizer
        #: keys of sessions that were garbage-collected; a finalizer may run inside any
        #: allocation, even one made under ``_lock``, so it only appends here (lock-free)
        self._ended: deque[str] = deque()
        self._refill_queued = False
        self._taught: dict[str, None] = {}  # code the current zygote has compiled (insertion order)
        self._closed = False
        self.isolation: str | None = None

    async def run(self, job: dict[str, Any], *, timeout: float,
                  session: PythonSession | None = None) -> dict[str, Any]:
        payload = encode_job(job)
        await self._take_slot()
        worker: Worker | None = None
        reusable = False
        try:
            worker = self._idle_worker(session) or await self._fresh_worker()
            raw = await worker.exchange(payload, timeout)
            if isinstance(raw, dict):
                return raw
            answer: dict[str, Any] = json.loads(raw)
            reusable = not answer.pop("retire", False) and "failure" not in answer
            return answer
        finally:
            self._give_back(worker, session if reusable else None)
            self._teach(job.get("code"))

    def _teach(self, code: object) -> None:
        """After a job, have the zygote compile its code once: the next fresh workers skip it."""
        if not isinstance(code, str) or len(code) > TEACH_MAX_CHARS:
            return
        with self._lock:
            zygote = self._zygote
            if zygote is None or self._closed or code in self._taught:
                return
            self._taught[code] = None
            while len(self._taught) > TAUGHT_CODES:
                self._taught.pop(next(iter(self._taught)))
        with contextlib.suppress(RuntimeError):  # interpreter shutdown
            CONTROL_THREAD.submit(zygote.learn, code)

    # --- slots -------------------------------------------------------------------------------
    async def _take_slot(self) -> None:
        delay = 0.0005
        while True:
            with self._lock:
                if self._closed:
                    raise RunnerError("the Python runner pool is shut down")
                if self._running < self.size:
                    self._running += 1
                    return
            await asyncio.sleep(delay)  # all slots busy: poll (loop-agnostic, backs off)
            delay = min(delay * 2, 0.05)

    def _give_back(self, worker: Worker | None, session: PythonSession | None) -> None:
        retired: list[Worker] = []
        with self._lock:
            self._running -= 1
            if worker is not None:
                keep = session is not None and not self._closed and worker.jobs < MAX_JOBS and worker.fd >= 0
                if keep and session is not None:
                    self._idle.setdefault(session.key, []).append(worker)
                    self._watch(session)
                    retired = self._over_capacity()
                else:
                    retired = [worker]
            retired += self._drain_ended()
        for w in retired:
            w.close()

    # --- workers -----------------------------------------------------------------------------
    def _idle_worker(self, session: PythonSession | None) -> Worker | None:
        found = None
        with self._lock:
            expired = self._drain_ended()
            now = time.monotonic()
            for key in list(self._idle):
                keep = [w for w in self._idle[key] if now - w.last_used < IDLE_SECONDS]
                expired += [w for w in self._idle[key] if now - w.last_used >= IDLE_SECONDS]
                if keep:
                    self._idle[key] = keep
                else:
                    del self._idle[key]
            if session is not None and self._idle.get(session.key):
                found = self._idle[session.key].pop()
        for w in expired:
            w.close()
        return found

    async def _fresh_worker(self) -> Worker:
        with self._lock:
            worker = self._fresh.popleft() if self._fresh else None
        if worker is None:
            worker = await asyncio.get_running_loop().run_in_executor(CONTROL_THREAD, self._take_blocking)
        self._queue_refill()
        return worker

    def _queue_refill(self) -> None:
        with self._lock:
            if self._refill_queued or self._closed:
                return
            self._refill_queued = True
        try:
            CONTROL_THREAD.submit(self._refill)
        except RuntimeError:  # interpreter shutdown
            with self._lock:
                self._refill_queued = False

    def _refill(self) -> None:
        try:
            while True:
                with self._lock:
                    if self._closed or len(self._fresh) >= PREFETCH:
                        return
                worker = self._take_blocking()
                with self._lock:
                    if self._closed:
                        worker.close()
                        return
                    self._fresh.append(worker)
        except RunnerError as exc:
            if not self._closed:
                log.warning("could not prepare a Python worker: %s", exc)
        finally:
            with self._lock:
                self._refill_queued = False

    def _take_blocking(self) -> Worker:
        """A worker straight from the zygote, (re)starting the zygote when needed."""
        zygote = self._zygote
        if zygote is None or not zygote.alive():
            if zygote is not None:
                zygote.kill()
                with self._lock:
                    stale, self._fresh = list(self._fresh), deque()
                for w in stale:
                    w.close()
            zygote = Zygote(self.spec)
            with self._lock:
                if self._closed:
                    zygote.close()
                    raise RunnerError("the Python runner pool is shut down")
                self._zygote, self.isolation = zygote, zygote.isolation
                self._taught = {}
        return zygote.take()

    # --- sessions ----------------------------------------------------------------------------
    def _watch(self, session: PythonSession) -> None:
        """(Lock held.) End the session's workers when the session object goes away."""
        if session.key not in self._watched:
            self._watched.add(session.key)
            weakref.finalize(session, self._ended.append, session.key)

    def _drain_ended(self) -> list[Worker]:
        """(Lock held.) Take the idle workers of sessions that have ended."""
        out: list[Worker] = []
        while self._ended:
            key = self._ended.popleft()
            self._watched.discard(key)
            out += self._idle.pop(key, [])
        return out

    def _over_capacity(self) -> list[Worker]:
        """(Lock held.) Idle session workers beyond ``size``, least recently used first."""
        idle = sorted((w.last_used, key, w) for key, ws in self._idle.items() for w in ws)
        out = []
        for _, key, w in idle[: max(0, len(idle) - self.size)]:
            self._idle[key].remove(w)
            if not self._idle[key]:
                del self._idle[key]
            out.append(w)
        return out

    def idle_workers(self) -> int:
        with self._lock:
            return sum(len(ws) for ws in self._idle.values())

    def warm(self) -> None:
        """Start the zygote and prepare fresh workers now (blocking) instead of on first use."""
        CONTROL_THREAD.submit(self._refill).result()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._fresh) + [w for ws in self._idle.values() for w in ws]
            self._fresh, self._idle = deque(), {}
            zygote, self._zygote = self._zygote, None
        for w in workers:
            w.close()
        if zygote is not None:
            zygote.close()


_POOLS: dict[tuple[RunnerSpec, int], PythonRunnerPool] = {}
_POOLS_LOCK = threading.Lock()


def get_pool(spec: RunnerSpec, size: int) -> PythonRunnerPool:
    """The process-wide pool for ``spec`` (created lazily, closed at exit)."""
    key = (spec, size)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None or pool._closed:
            pool = _POOLS[key] = PythonRunnerPool(spec, size=size)
        return pool


@atexit.register
def shutdown_pools() -> None:
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()
