"""A pool of pre-started Python runner processes, usable from any event loop.

Each runner (see ``_runner.py``) serves one job at a time and forks a fresh child per job, so
a job costs a fork plus a pipe round trip. The exchange waits on the runner's pipe with the
*calling* event loop's ``add_reader`` (no thread hop, no loop-bound state), so one pool serves
every loop of the process. Runners start lazily (in a thread) on first use, are replaced when
they die, overrun the wall clock or their job is cancelled, and stop at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import os
import select
import signal
import struct
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from wirework.nodes.code.pyrun.sandbox import RunnerSpec, read_roots, runner_command, site_paths

log = logging.getLogger(__name__)
#: the parent waits this much past the job's own timeout before killing the whole runner
GRACE_SECONDS = 2.0
START_TIMEOUT = 20.0
#: runners are started from this one long-lived thread: bubblewrap's --die-with-parent follows
#: the *thread* that spawned it, so a short-lived worker thread would take the runner with it
_SPAWNER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="py-runner-spawn")


class RunnerError(Exception):
    """The runner process itself failed (could not start, died, overran the wall clock)."""

    def __init__(self, message: str, *, kind: str = "crash") -> None:
        super().__init__(message)
        self.kind = kind


class _Runner:
    """One runner process and its framed pipe protocol (blocking; used from pool threads)."""

    def __init__(self, spec: RunnerSpec) -> None:
        config = {"read_roots": read_roots(spec), "paths": site_paths() if spec.allowed_modules else [],
                  "site": site_paths()}
        cmd, self.isolation = runner_command(spec, json.dumps(config))
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={}, start_new_session=True, close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in = self.proc.stdin.fileno()
        self._out = self.proc.stdout.fileno()
        ready = self._read(time.monotonic() + START_TIMEOUT)
        if not json.loads(ready).get("ready"):
            raise RunnerError("the Python runner did not start")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, payload: bytes, timeout: float) -> bytes:
        data = struct.pack(">I", len(payload)) + payload
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._in, view):]
        except OSError as exc:
            raise RunnerError(f"the Python runner is gone ({exc})") from exc
        return self._read(time.monotonic() + timeout + GRACE_SECONDS)

    async def acall(self, payload: bytes, timeout: float) -> bytes:
        """The same exchange, awaiting the answer on the running loop."""
        loop = asyncio.get_running_loop()
        data = struct.pack(">I", len(payload)) + payload
        try:
            if len(data) < 65536:  # fits the pipe buffer: never blocks
                os.write(self._in, data)
            else:
                await asyncio.to_thread(self._write_all, data)
        except OSError as exc:
            raise RunnerError(f"the Python runner is gone ({exc})") from exc
        fut: asyncio.Future[bytes] = loop.create_future()
        buf = bytearray()

        def readable() -> None:
            err: OSError | None = None
            try:
                chunk = os.read(self._out, 1 << 20)
            except OSError as exc:
                chunk, err = b"", exc
            if fut.done():
                return
            if not chunk:
                fut.set_exception(RunnerError(f"the Python runner exited unexpectedly {err or ''}".strip()))
                return
            buf.extend(chunk)
            if len(buf) >= 4 and len(buf) >= 4 + struct.unpack(">I", buf[:4])[0]:
                fut.set_result(bytes(buf[4:]))

        def overdue() -> None:
            if not fut.done():
                fut.set_exception(RunnerError("the Python runner did not answer in time", kind="timeout"))

        loop.add_reader(self._out, readable)
        timer = loop.call_later(timeout + GRACE_SECONDS, overdue)
        done = False
        try:
            result = await fut
            done = True
            return result
        finally:
            timer.cancel()
            loop.remove_reader(self._out)
            if not done:
                self.kill()

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._in, view):]

    def _read(self, deadline: float) -> bytes:
        head = self._exact(4, deadline)
        return self._exact(struct.unpack(">I", head)[0], deadline)

    def _exact(self, n: int, deadline: float) -> bytes:
        buf = bytearray()
        while len(buf) < n:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._out], [], [], left)[0]:
                self.kill()
                raise RunnerError("the Python runner did not answer in time", kind="timeout")
            chunk = os.read(self._out, min(n - len(buf), 1 << 20))
            if not chunk:
                self.kill()
                raise RunnerError("the Python runner exited unexpectedly")
            buf += chunk
        return bytes(buf)

    def kill(self) -> None:
        """Kill the runner and everything it forked (its own process group)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def close(self) -> None:
        if self.proc.poll() is None and self.proc.stdin is not None:
            try:
                self.proc.stdin.close()  # EOF: the runner exits its loop
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


def encode_job(job: dict[str, Any]) -> bytes:
    """``len(header) | header | data``: the runner reads only the small header itself."""
    header = json.dumps({k: v for k, v in job.items() if k != "data"}, ensure_ascii=False).encode()
    body = json.dumps(job.get("data") or {}, ensure_ascii=False, allow_nan=True).encode()
    return struct.pack(">I", len(header)) + header + body


class PythonRunnerPool:
    """``await pool.run(job, timeout=…)`` -> the runner's decoded response."""

    def __init__(self, spec: RunnerSpec, *, size: int = 2) -> None:
        self.spec = spec
        self.size = max(1, size)
        self._lock = threading.Lock()
        #: free slots; None = no runner started in that slot yet (or it died)
        self._idle: list[_Runner | None] = [None] * self.size
        self._runners: set[_Runner] = set()
        self._closed = False
        self.isolation: str | None = None

    async def run(self, job: dict[str, Any], *, timeout: float) -> dict[str, Any]:
        payload = encode_job(job)
        runner = await self._acquire()
        try:
            if runner is None or not runner.alive():
                runner = await asyncio.get_running_loop().run_in_executor(_SPAWNER, self._start)
            raw = await runner.acall(payload, timeout)
        finally:
            self._release(runner)
        result: dict[str, Any] = json.loads(raw)
        return result

    async def _acquire(self) -> _Runner | None:
        delay = 0.0005
        while True:
            with self._lock:
                if self._closed:
                    raise RunnerError("the Python runner pool is shut down")
                if self._idle:
                    return self._idle.pop()
            await asyncio.sleep(delay)  # all runners busy: poll (loop-agnostic, backs off)
            delay = min(delay * 2, 0.05)

    def _release(self, runner: _Runner | None) -> None:
        if runner is not None and not runner.alive():
            runner.kill()
            with self._lock:
                self._runners.discard(runner)
            runner = None
        with self._lock:
            if self._closed:
                if runner is not None:
                    runner.close()
                return
            self._idle.append(runner)

    def _start(self) -> _Runner:
        runner = _Runner(self.spec)
        self.isolation = runner.isolation
        with self._lock:
            self._runners.add(runner)
        return runner

    def warm(self) -> None:
        """Start every runner now (blocking) instead of on first use."""
        with self._lock:
            slots = [i for i, r in enumerate(self._idle) if r is None or not r.alive()]
        for i in slots:
            runner = self._start()
            with self._lock:
                self._idle[i] = runner

    def close(self) -> None:
        with self._lock:
            self._closed = True
            runners, self._runners = list(self._runners), set()
            self._idle = []
        for r in runners:
            r.close()


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
