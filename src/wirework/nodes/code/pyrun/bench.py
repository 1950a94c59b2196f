"""Per-job overhead of the Python runner pool (a benchmark, not a test).

Run: ``.venv/bin/python -m wirework.nodes.code.pyrun.bench [--jobs 400] [--items 1]``.
Prints, for each isolation mode this host offers, the warm round trip of a trivial job
(``return _input.all()``) through ``PythonRunnerPool.run``: *latency* = one job at a time with
a short pause between jobs (how a workflow sees it: the next child is already forked), and
*back-to-back* = jobs issued continuously (bounded by fork+exit per job). A bare ``fork()`` of
this process is printed for reference.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from wirework.nodes.code.pyrun.pool import PythonRunnerPool
from wirework.nodes.code.pyrun.sandbox import RunnerSpec, isolation_available


def _batches(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"min {samples[0]:.2f} ms, median {statistics.median(samples):.2f} ms"


async def _pool_overhead(isolation: str, jobs: int, items: int) -> tuple[str, str]:
    pool = PythonRunnerPool(RunnerSpec(isolation=isolation), size=1)
    job = {"code": "return _input.all()", "mode": "runOnceForAllItems", "timeout": 10,
           "memory_mb": 256, "timezone": "UTC", "data": {"items": [{"json": {"i": i}} for i in range(items)]}}
    try:
        for _ in range(20):  # warm-up: runner start, code cache, zone cache
            await pool.run(job, timeout=10)
        per_batch, samples, single = 20, [], []
        for _ in range(max(1, jobs // per_batch)):
            t = time.perf_counter()
            for _ in range(per_batch):
                await pool.run(job, timeout=10)
            samples.append((time.perf_counter() - t) / per_batch * 1000)
        for _ in range(jobs // 2):
            await asyncio.sleep(0.005)
            t = time.perf_counter()
            await pool.run(job, timeout=10)
            single.append((time.perf_counter() - t) * 1000)
        text = f"latency {_batches(single)}; back-to-back {_batches(samples)}"
        return pool.isolation or isolation, text
    finally:
        pool.close()


def _fork_floor(n: int = 200) -> str:
    samples = []
    for _ in range(n // 20):
        t = time.perf_counter()
        for _ in range(20):
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
        samples.append((time.perf_counter() - t) / 20 * 1000)
    return _batches(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=400)
    parser.add_argument("--items", type=int, default=1)
    args = parser.parse_args()
    best = isolation_available()
    modes = ["none", "unshare", "bwrap"]
    modes = modes[: modes.index(best) + 1]
    print(f"host isolation: {best}; jobs per mode: {args.jobs}; items per job: {args.items}")
    print(f"bare fork+exit+wait of this process: {_fork_floor()}")
    for mode in modes:
        got, text = asyncio.run(_pool_overhead(mode, args.jobs, args.items))
        print(f"pool round trip [{got}]: {text}")


if __name__ == "__main__":
    main()
