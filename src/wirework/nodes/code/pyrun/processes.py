"""The parent's side of one Python runner: the zygote process and its warm workers.

``Zygote`` starts ``_runner.py`` (sandboxed, see ``sandbox.py``) and talks to it over a
SOCK_SEQPACKET control socket: *take* a warm worker (its socket arrives by SCM_RIGHTS), *kill*
one, ask how one *exited*. Control calls block briefly, so the pool makes them from one
long-lived thread. ``Worker.exchange`` then sends a job straight to the worker and awaits the
answer on the *calling* event loop (``add_reader``: no thread hop, no loop-bound state).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import struct
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from wirework.nodes.code.pyrun.sandbox import RunnerSpec, read_roots, runner_command, site_paths

START_TIMEOUT = 20.0
CONTROL_TIMEOUT = 10.0
# Every control call runs on this one long-lived thread. bubblewrap's --die-with-parent follows
# the *thread* that spawned it, so zygotes are started here too (a short-lived thread would
# take its zygote along when it ends).
CONTROL_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="py-runner-control")
#: writes up to this size fit an idle worker's socket buffer, so they never block the loop
_DIRECT_WRITE = 65536


class RunnerError(Exception):
    """The runner process itself failed: it could not start, or it died."""


class Zygote:
    """One sandboxed runner process that forks workers on request."""

    def __init__(self, spec: RunnerSpec) -> None:
        config = {"read_roots": read_roots(spec), "paths": site_paths() if spec.allowed_modules else [],
                  "site": site_paths(), "allowed_modules": list(spec.allowed_modules),
                  "memory_mb": spec.memory_mb}
        cmd, self.isolation = runner_command(spec, json.dumps(config))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                cmd, stdin=theirs.fileno(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                env={}, start_new_session=True, close_fds=True,
            )
        finally:
            theirs.close()
        self.control = ours
        self._lock = threading.Lock()
        self.control.settimeout(START_TIMEOUT)
        try:
            ready = json.loads(self.control.recv(65536) or b"{}")
        except (OSError, ValueError):
            ready = {}
        if not ready.get("ready"):
            self.kill()
            raise RunnerError("the Python runner did not start")
        self.control.settimeout(CONTROL_TIMEOUT)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def take(self) -> Worker:
        """A warm worker, never used before (blocking)."""
        with self._lock:
            try:
                self.control.send(b'{"op": "take"}')
                msg, fds, _, _ = socket.recv_fds(self.control, 4096, 1)
            except OSError as exc:
                self.kill()
                raise RunnerError(f"the Python runner is gone ({exc})") from exc
        if not msg or not fds:
            self.kill()
            raise RunnerError("the Python runner exited unexpectedly")
        return Worker(int(json.loads(msg)["pid"]), fds[0], self)

    def learn(self, code: str) -> None:
        """Have the zygote compile ``code`` for the workers it forks from now on (no reply)."""
        with self._lock, contextlib.suppress(OSError):
            self.control.send(json.dumps({"op": "learn", "code": code}).encode())

    def finish(self, pid: int, *, kill: bool) -> dict[str, Any]:
        """How a worker exited (``{"signal": n}`` or ``{"code": n}``), killing it first if asked."""
        with self._lock:
            try:
                self.control.send(json.dumps({"op": "kill" if kill else "status", "pid": pid}).encode())
                raw = self.control.recv(65536)
            except OSError as exc:
                self.kill()
                raise RunnerError(f"the Python runner is gone ({exc})") from exc
        if not raw:
            self.kill()
            raise RunnerError("the Python runner exited unexpectedly")
        result: dict[str, Any] = json.loads(raw)
        return result

    def kill(self) -> None:
        """Kill the runner and every worker it forked (its process group)."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        with contextlib.suppress(OSError):
            self.control.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.control.shutdown(socket.SHUT_RDWR)  # EOF: the zygote leaves its loop
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=2)
        self.kill()


class Worker:
    """A forked worker and our end of its socket; serves one job at a time."""

    __slots__ = ("fd", "jobs", "last_used", "pid", "zygote")

    def __init__(self, pid: int, fd: int, zygote: Zygote) -> None:
        self.pid = pid
        self.fd = fd
        self.zygote = zygote
        self.jobs = 0
        self.last_used = time.monotonic()

    async def exchange(self, payload: bytes, timeout: float) -> bytes | dict[str, Any]:
        """The worker's raw answer, or a ``{"failure": …}`` when it overran or died.

        On a failure, cancellation or error the worker is finished (killed if still running)
        and its socket closed; the caller must not use it again."""
        loop = asyncio.get_running_loop()
        data = struct.pack(">I", len(payload)) + payload
        try:
            if len(data) <= _DIRECT_WRITE:
                os.write(self.fd, data)
            else:
                await asyncio.to_thread(_write_all, self.fd, data)
        except OSError:
            return await self._ended(loop, kill=True)
        fut: asyncio.Future[bytes | None] = loop.create_future()
        buf = bytearray()

        def readable() -> None:
            # os.read allocates the whole size asked for: ask for what the frame still needs
            want = 4 + struct.unpack(">I", buf[:4])[0] - len(buf) if len(buf) >= 4 else 65536
            try:
                chunk = os.read(self.fd, min(max(want, 4096), 1 << 20))
            except OSError:
                chunk = b""
            if fut.done():
                return
            if not chunk:
                fut.set_result(None)
                return
            buf.extend(chunk)
            if len(buf) >= 4 and len(buf) >= 4 + struct.unpack(">I", buf[:4])[0]:
                fut.set_result(bytes(buf[4:]))

        def overdue() -> None:
            if not fut.done():
                fut.set_result(b"")

        fd = self.fd
        loop.add_reader(fd, readable)
        timer = loop.call_later(timeout, overdue)
        try:
            try:
                raw = await fut
            finally:
                timer.cancel()
                loop.remove_reader(fd)
        except BaseException:  # cancelled: stop the job now, don't wait for it
            self.close()
            _kill_later(self)
            raise
        if raw:
            self.jobs += 1
            self.last_used = time.monotonic()
            return raw
        if raw is None:  # EOF: the worker died during the job
            return await self._ended(loop, kill=False)
        self.close()
        _kill_later(self)
        return {"failure": "timeout"}

    async def _ended(self, loop: asyncio.AbstractEventLoop, *, kill: bool) -> dict[str, Any]:
        self.close()
        status = await loop.run_in_executor(CONTROL_THREAD, lambda: self.zygote.finish(self.pid, kill=kill))
        sig = status.get("signal")
        if sig == signal.SIGXCPU:
            return {"failure": "timeout"}
        if sig is not None:
            return {"failure": "killed", "signal": sig}
        return {"failure": "exit", "code": status.get("code")}

    def close(self) -> None:
        """Drop our end of the socket: an idle worker reads EOF and exits."""
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _kill_later(worker: Worker) -> None:
    def kill() -> None:
        with contextlib.suppress(RunnerError, OSError, ValueError):
            worker.zygote.finish(worker.pid, kill=True)

    with contextlib.suppress(RuntimeError):  # interpreter shutdown: the zygote goes too
        CONTROL_THREAD.submit(kill)
