"""End-to-end helpers: real ``wirework serve`` / ``wirework worker`` processes on 127.0.0.1.

Servers run until the test ends; ``Proc.kill()`` sends SIGKILL, ``Proc.restart()`` stops
gracefully and starts again with the same data directory and database.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@functools.lru_cache(maxsize=1)
def _has_serve() -> bool:
    wirework = shutil.which("wirework", path=str(VENV_BIN)) or "wirework"
    return subprocess.run([wirework, "serve", "--help"], capture_output=True).returncode == 0


def _serve_cmd(port: int) -> list[str]:
    if _has_serve():
        return [str(VENV_BIN / "wirework"), "serve"]
    # until the platform's `serve` exists: the same app through uvicorn
    return [sys.executable, "-m", "uvicorn", "--factory", "wirework.api.app:create_app",
            "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]


class Proc:
    def __init__(self, kind: str, env: dict[str, str], log: Path, port: int | None = None) -> None:
        self.kind, self.env, self.log, self.port = kind, env, log, port
        self.popen: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Proc:
        if self.kind == "serve":
            cmd = _serve_cmd(self.port or 0)
        else:
            cmd = [str(VENV_BIN / "wirework"), "worker"]
        out = self.log.open("ab")
        self.popen = subprocess.Popen(cmd, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        if self.kind == "serve":
            self._wait_ready()
        else:
            self._wait_log(" started (")
        return self

    def _wait_log(self, marker: str, timeout: float = 40.0) -> None:
        start = self.log.stat().st_size if self.log.exists() else 0
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"{self.kind} exited: {self.log.read_text()[-3000:]}")
            if self.log.exists() and marker in self.log.read_text()[start:]:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{self.kind} not ready: {self.log.read_text()[-3000:]}")

    def _wait_ready(self, timeout: float = 40.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen is not None and self.popen.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server not ready: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.popen = None

    def kill(self) -> None:
        assert self.popen is not None
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()
        self.popen = None

    def restart(self) -> Proc:
        self.stop()
        return self.start()


class Cluster:
    def __init__(self, tmp: Path, env: dict[str, str]) -> None:
        self.tmp, self.base_env, self.procs = tmp, env, []  # type: ignore[var-annotated]

    def serve(self, **env: Any) -> Proc:
        port = free_port()
        full = {**self.base_env, "WIREWORK_PORT": str(port), **{k: str(v) for k, v in env.items()}}
        p = Proc("serve", full, self.tmp / f"serve-{port}.log", port)
        self.procs.append(p)
        return p.start()

    def worker(self, **env: Any) -> Proc:
        full = {**self.base_env, **{k: str(v) for k, v in env.items()}}
        p = Proc("worker", full, self.tmp / f"worker-{len(self.procs)}.log")
        self.procs.append(p)
        return p.start()

    def close(self) -> None:
        for p in reversed(self.procs):
            if p.popen is not None:
                p.popen.kill()
                p.popen.wait()


def base_env(tmp: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWORK_")}
    env.update({
        "WIREWORK_DATA_DIR": str(tmp / "data"), "WIREWORK_HOST": "127.0.0.1", "WIREWORK_TIMEZONE": "UTC",
        "WIREWORK_EXECUTION_LEASE_SECONDS": "2", "WIREWORK_WORKER_POLL_INTERVAL": "0.2",
        "WIREWORK_SCHEDULER_LOCK_SECONDS": "2", "WIREWORK_PASSWORD_TIME_COST": "1",
        "WIREWORK_PASSWORD_MEMORY_KIB": "8192", "WIREWORK_RATE_LIMIT_PER_MINUTE": "100000",
        "WIREWORK_RATE_LIMIT_PER_USER_MINUTE": "100000",
    })
    if database_url:
        env["WIREWORK_DATABASE_URL"] = database_url
    return env


class Api:
    """A signed-in API client for one server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = httpx.Client(base_url=url, timeout=60)
        email = f"e2e-{free_port()}@example.org"
        r = self.client.post("/api/v1/auth/register", json={"email": email, "password": "correct horse battery"})
        if r.status_code == 201:
            token = r.json()["data"]["access_token"]
        else:
            r = self.client.post("/api/v1/auth/login", json={"email": email, "password": "correct horse battery"})
            r.raise_for_status()
            token = r.json()["data"]["access_token"]
        self.token = token
        self.client.headers["authorization"] = f"Bearer {token}"

    def create(self, doc: dict[str, Any], *, activate: bool = False) -> str:
        r = self.client.post("/api/v1/workflows", json=doc)
        assert r.status_code == 201, r.text
        wf_id = r.json()["data"]["id"]
        if activate:
            r = self.client.post(f"/api/v1/workflows/{wf_id}/activate")
            assert r.status_code == 200, r.text
        return str(wf_id)

    def executions(self, wf_id: str) -> list[dict[str, Any]]:
        r = self.client.get(f"/api/v1/workflows/{wf_id}/executions", params={"limit": 500})
        assert r.status_code == 200, r.text
        return list(r.json()["data"])

    def execution(self, ex_id: str) -> dict[str, Any]:
        r = self.client.get(f"/api/v1/executions/{ex_id}")
        assert r.status_code == 200, r.text
        return dict(r.json()["data"])

    def data(self, ex_id: str) -> dict[str, Any]:
        r = self.client.get(f"/api/v1/executions/{ex_id}/data")
        assert r.status_code == 200, r.text
        return dict(r.json()["data"])

    def wait_status(self, ex_id: str, statuses: tuple[str, ...] = ("success", "error", "canceled", "crashed"),
                    timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            row = self.execution(ex_id)
            if row["status"] in statuses:
                return row
            time.sleep(0.1)
        raise AssertionError(f"execution {ex_id} stayed {row['status']}")


def eventually(fn: Any, timeout: float = 20.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met in {timeout}s (last: {last!r})")
