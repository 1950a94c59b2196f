"""API latency: ``GET /workflows`` with 1,000 workflows stored, and a waited manual run.

    .venv/bin/python bench/api.py [--requests N] [--postgres URL | --no-postgres]

Starts ``wirework serve``-equivalent uvicorn processes (one per database) on 127.0.0.1, seeds
them through the API and measures sequential request latency (p50/p99) from one client.
Without ``--postgres`` a throwaway PostgreSQL cluster is started when initdb is installed.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

WF = {
    "name": "bench",
    "nodes": [
        {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "position": [0, 0],
         "parameters": {}},
        {"name": "Set", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "position": [200, 0],
         "parameters": {"mode": "manual", "assignments": {"assignments": [
             {"id": "a", "name": "x", "value": "={{ $json.n }}", "type": "string"}]}, "options": {}}},
        {"name": "Done", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "position": [400, 0], "parameters": {}},
    ],
    "connections": {"Start": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
                    "Set": {"main": [[{"node": "Done", "type": "main", "index": 0}]]}},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def temp_postgres() -> Iterator[str | None]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not found:
        yield None
        return
    bindir = Path(found[0]).parent
    tmp = Path(tempfile.mkdtemp(prefix="wirework-bench-pg-"))
    tmp.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    port = free_port()
    subprocess.run(as_postgres([str(bindir / "initdb"), "-D", str(tmp / "data"), "-A", "trust", "-U",
                                "postgres", "--no-sync"]), check=True, capture_output=True)
    subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-l", str(tmp / "log"),
                                "-o", f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1", "-w", "start"]),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(tmp / "data"), "-m", "fast", "stop"]),
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def server(database_url: str | None) -> Iterator[str]:
    port = free_port()
    data = tempfile.mkdtemp(prefix="wirework-bench-")
    env = {**os.environ, "WIREWORK_DATA_DIR": data, "WIREWORK_RATE_LIMIT_PER_MINUTE": "0",
           "WIREWORK_RATE_LIMIT_PER_USER_MINUTE": "0"}
    if database_url:
        env["WIREWORK_DATABASE_URL"] = database_url
    proc = subprocess.Popen([sys.executable, "-m", "wirework.cli", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def measure(base: str, n: int) -> dict[str, tuple[float, float, float]]:
    async with httpx.AsyncClient(base_url=f"{base}/api/v1", timeout=60) as c:
        r = await c.post("/auth/register", json={"email": "bench@x.io", "password": "password123"})
        c.headers["Authorization"] = f"Bearer {r.json()['data']['access_token']}"
        sem = asyncio.Semaphore(8)

        async def create(i: int) -> str:
            async with sem:
                r = await c.post("/workflows", json={**WF, "name": f"bench {i:04d}"})
                return str(r.json()["data"]["id"])

        ids = await asyncio.gather(*(create(i) for i in range(1000)))
        out = {}
        for label, method, path, body in (
            ("GET /workflows (1,000 stored, page of 50)", "GET", "/workflows", None),
            ("POST /workflows/{id}/execute?wait=true (3 nodes)", "POST", f"/workflows/{ids[0]}/execute?wait=true",
             {"input": [{"n": 1}]}),
        ):
            samples = []
            for _ in range(10):  # warm-up
                await c.request(method, path, json=body)
            for _ in range(n):
                t0 = time.perf_counter()
                r = await c.request(method, path, json=body)
                samples.append(time.perf_counter() - t0)
                assert r.status_code < 300, r.text
            out[label] = (pct(samples, 0.5), pct(samples, 0.99), n / sum(samples))
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    print(f"{'database':<11} {'request':<50} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7}")
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    with temp_postgres() if not (args.postgres or args.no_postgres) else _given(args.postgres) as pg:
        if pg and not args.no_postgres:
            targets.append(("postgresql", pg))
        for name, url in targets:
            with server(url) as base:
                for label, (p50, p99, rps) in asyncio.run(measure(base, args.requests)).items():
                    print(f"{name:<11} {label:<50} {p50:8.2f} {p99:8.2f} {rps:7.0f}")


@contextmanager
def _given(url: str | None) -> Iterator[str | None]:
    yield url


if __name__ == "__main__":
    main()
