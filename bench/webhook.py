"""Webhook throughput: Wirework embedded, Wirework + 2 workers, and the real n8n side by side.

    .venv/bin/python bench/webhook.py [--duration 30] [--connections 5,20] [--shapes embedded,workers,n8n]
                                      [--workflow bench-webhook|code-py|code-js]

Workflow: ``../shared/tools/n8n-reference/workflows/<name>.json``, POSTed ``{"name": "Ada"}``.
The default ``bench-webhook`` is Webhook (respond when the last node finishes) → Set with 3
fields, one expression; ``code-py`` / ``code-js`` answer from a Python / JavaScript Code node.
For each shape and connection count: requests/s, p50/p99 latency, CPU-seconds of the server
process tree per 1,000 executions, peak RSS of that tree. Not a test: run on a quiet machine.
n8n runs through the reference scripts (``install.sh`` first; skipped when not installed).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT.parent / "shared" / "tools" / "n8n-reference"
WORKFLOWS = REF / "workflows"
VENV_BIN = Path(sys.executable).parent
BODY = json.dumps({"name": "Ada"}).encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- process accounting ----------------------------------------------------------------------
def _tree(pids: list[int]) -> list[int]:
    out, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            continue
    return out


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in _tree(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError):
            continue
    return total


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in _tree(pids):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


class PeakRss(threading.Thread):
    def __init__(self, pids: list[int]) -> None:
        super().__init__(daemon=True)
        self.pids, self.peak, self.running = pids, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pids))
            time.sleep(0.25)


# --- load ------------------------------------------------------------------------------------
@dataclass
class Result:
    shape: str
    connections: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_s: float
    peak_rss_mb: float

    def row(self) -> str:
        rps = self.requests / self.seconds
        per_k = self.cpu_s / max(self.requests, 1) * 1000
        return (f"| {self.shape} | {self.connections} | {rps:.0f} | {self.p50_ms:.1f} | {self.p99_ms:.1f} | "
                f"{per_k:.1f} | {self.peak_rss_mb:.0f} | {self.errors} |")


async def _load(url: str, connections: int, duration: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    conn = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=conn, headers={"content-type": "application/json"}) as http:
        async def loop() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    async with http.post(url, data=BODY) as resp:
                        await resp.read()
                        if resp.status != 200:
                            errors += 1
                            continue
                except aiohttp.ClientError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - t)
        await asyncio.gather(*(loop() for _ in range(connections)))
    return latencies, errors


def measure(shape: str, url: str, pids: list[int], connections: int, duration: float) -> Result:
    asyncio.run(_load(url, connections, 3.0))  # warm-up
    sampler = PeakRss(pids)
    sampler.start()
    cpu0, t0 = cpu_seconds(pids), time.perf_counter()
    lat, errors = asyncio.run(_load(url, connections, duration))
    seconds, cpu = time.perf_counter() - t0, cpu_seconds(pids) - cpu0
    sampler.running = False
    sampler.join()
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")  # noqa: E731
    return Result(shape, connections, len(lat), errors, seconds, pick(0.5), pick(0.99), cpu, sampler.peak / 1024)


# --- Wirework --------------------------------------------------------------------------------
def _serve_cmd(port: int) -> list[str]:
    wirework = str(VENV_BIN / "wirework")
    if subprocess.run([wirework, "serve", "--help"], capture_output=True).returncode == 0:
        return [wirework, "serve"]
    return [sys.executable, "-m", "uvicorn", "--factory", "wirework.api.app:create_app", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning", "--no-access-log"]


def webhook_path(doc: dict[str, object]) -> str:
    nodes = doc["nodes"]
    assert isinstance(nodes, list)
    return next(str(n["parameters"]["path"]) for n in nodes if n["type"] == "n8n-nodes-base.webhook")


def start_wirework(workers: int, tmp: Path, doc: dict[str, object]) -> tuple[str, list[subprocess.Popen[bytes]]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWORK_")}
    env.update({"WIREWORK_DATA_DIR": str(tmp), "WIREWORK_PORT": str(port), "WIREWORK_HOST": "127.0.0.1",
                "WIREWORK_RATE_LIMIT_PER_MINUTE": "100000000", "WIREWORK_RATE_LIMIT_PER_USER_MINUTE": "100000000",
                "WIREWORK_RUN_EMBEDDED_WORKERS": "false" if workers else "true"})
    log = (tmp / "serve.log").open("ab")
    procs = [subprocess.Popen(_serve_cmd(port), env=env, stdout=log, stderr=subprocess.STDOUT)]
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    for _ in range(workers):
        procs.append(subprocess.Popen([str(VENV_BIN / "wirework"), "worker"], env=env, stdout=log,
                                      stderr=subprocess.STDOUT))
    client = httpx.Client(base_url=base, timeout=30)
    r = client.post("/api/v1/auth/register", json={"email": "bench@example.org", "password": "bench-password-1"})
    r.raise_for_status()
    client.headers["authorization"] = f"Bearer {r.json()['data']['access_token']}"
    wf = client.post("/api/v1/workflows", json=doc)
    wf.raise_for_status()
    client.post(f"/api/v1/workflows/{wf.json()['data']['id']}/activate").raise_for_status()
    time.sleep(3 if workers else 0.5)  # workers finish starting
    return f"{base}/webhook/{webhook_path(doc)}", procs


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in reversed(procs):
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()


# --- n8n -------------------------------------------------------------------------------------
def start_n8n(doc: dict[str, object]) -> tuple[str, list[int], dict[str, str]] | None:
    if subprocess.run([str(REF / "install.sh")], env={**os.environ, "N8N_REF_SKIP_APT": "1"},
                      capture_output=True).returncode != 0:
        print("n8n reference not installed (run ../shared/tools/n8n-reference/install.sh); skipped")
        return None
    port = free_port()
    out = subprocess.run([str(REF / "start.sh"), str(port)], capture_output=True, text=True, check=True).stdout
    env: dict[str, str] = {}
    for line in out.splitlines():
        for part in line.removeprefix("export ").split():
            if "=" in part:
                k, v = part.split("=", 1)
                env[k] = v.strip("'\"")
    headers = {"X-N8N-API-KEY": env["N8N_REF_API_KEY"]}
    body = {k: doc[k] for k in ("name", "nodes", "connections")} | {"settings": doc.get("settings", {})}
    r = httpx.post(f"{env['N8N_REF_API_URL']}/workflows", json=body, headers=headers, timeout=30)
    r.raise_for_status()
    httpx.post(f"{env['N8N_REF_API_URL']}/workflows/{r.json()['id']}/activate", headers=headers,
               timeout=30).raise_for_status()
    time.sleep(1)
    return f"{env['N8N_REF_WEBHOOK_URL']}/{webhook_path(doc)}", [int(env["N8N_REF_PID"])], env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--connections", default="5,20")
    ap.add_argument("--shapes", default="embedded,workers,n8n")
    ap.add_argument("--workflow", default="bench-webhook", choices=("bench-webhook", "code-py", "code-js"))
    args = ap.parse_args()
    doc = json.loads((WORKFLOWS / f"{args.workflow}.json").read_text())
    conns = [int(c) for c in args.connections.split(",")]
    results: list[Result] = []
    for shape in args.shapes.split(","):
        if shape in ("embedded", "workers"):
            tmp = Path(tempfile.mkdtemp(prefix=f"wirework-bench-{shape}-"))
            url, procs = start_wirework(2 if shape == "workers" else 0, tmp, doc)
            label = "Wirework embedded" if shape == "embedded" else "Wirework + 2 workers"
            try:
                results += [measure(label, url, [p.pid for p in procs], c, args.duration) for c in conns]
            finally:
                stop(procs)
                shutil.rmtree(tmp, ignore_errors=True)
        elif shape == "n8n":
            started = start_n8n(doc)
            if started is None:
                continue
            url, pids, env = started
            try:
                results += [measure(f"n8n {env.get('N8N_REF_VERSION', '')}", url, pids, c, args.duration) for c in conns]
            finally:
                subprocess.run([str(REF / "stop.sh"), env["N8N_REF_PORT"], "--clean"], capture_output=True)
    load = os.getloadavg()[0]
    print(f"\nworkflow {args.workflow}; duration {args.duration:.0f} s per cell, load average at end {load:.1f}")
    print("| system | connections | req/s | p50 ms | p99 ms | CPU-s per 1,000 | peak RSS MB | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(r.row())


if __name__ == "__main__":
    main()
