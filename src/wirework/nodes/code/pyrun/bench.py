"""Per-job overhead of the Python runner pool (a benchmark, not a test).

Run: ``.venv/bin/python -m wirework.nodes.code.pyrun.bench [--jobs 400] [--items 1]``.
Prints, for each isolation mode this host offers, the warm round trip of a trivial job
(``return _input.all()``; ``--code node`` for a 13-line node) through ``PythonRunnerPool.run``, measured one job at a time with a
short pause between jobs (how a workflow sees it):

- *same execution*: jobs share a ``PythonSession``, so they reuse one warm worker;
- *fresh worker*: no session, so every job gets a never-used worker forked ahead of time;
- *back-to-back*: fresh workers issued continuously (bounded by the zygote's fork rate).

A bare ``fork()`` of this process is printed for reference.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from wirework.nodes.code.pyrun.pool import PythonRunnerPool, PythonSession
from wirework.nodes.code.pyrun.sandbox import RunnerSpec, isolation_available


def _batches(samples: list[float]) -> str:
    samples = sorted(samples)
    return f"min {samples[0]:.2f} ms, median {statistics.median(samples):.2f} ms"


async def _timed(pool: PythonRunnerPool, job: dict[str, object], n: int, *, pause: float,
                 session: PythonSession | None) -> list[float]:
    samples = []
    for _ in range(n):
        if pause:
            await asyncio.sleep(pause)
        t = time.perf_counter()
        await pool.run(job, timeout=10, session=session)
        samples.append((time.perf_counter() - t) * 1000)
    return samples


#: a node of typical size, for ``--code node`` (compiling it costs more than the round trip)
NODE_CODE = """
from collections import Counter
out = []
seen = Counter()
for item in _input.all():
    j = item.json
    name = str(j.get("name", "")).strip().title()
    seen[name] += 1
    out.append({"id": j.get("i"), "name": name, "first": seen[name] == 1,
                "tags": sorted(set(j.get("tags", [])))})
if not out:
    out.append({"empty": True})
return out
"""
CODES = {"trivial": "return _input.all()", "node": NODE_CODE}


async def _pool_overhead(isolation: str, jobs: int, items: int, code: str) -> tuple[str, str]:
    pool = PythonRunnerPool(RunnerSpec(isolation=isolation), size=1)
    job = {"code": CODES[code], "mode": "runOnceForAllItems", "timeout": 10,
           "timezone": "UTC", "data": {"items": [{"json": {"i": i}} for i in range(items)]}}
    session = PythonSession()
    try:
        await _timed(pool, job, 20, pause=0.005, session=None)  # warm-up: zygote start, caches
        await _timed(pool, job, 20, pause=0.005, session=session)
        same = await _timed(pool, job, jobs, pause=0.002, session=session)
        fresh = await _timed(pool, job, jobs, pause=0.01, session=None)
        burst = await _timed(pool, job, jobs, pause=0, session=None)
        text = (f"same execution {_batches(same)}; fresh worker {_batches(fresh)}; "
                f"back-to-back fresh {_batches(burst)}")
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
    parser.add_argument("--code", choices=sorted(CODES), default="trivial",
                        help="trivial: `return _input.all()`; node: a 13-line node")
    args = parser.parse_args()
    best = isolation_available()
    modes = ["none", "unshare", "bwrap"]
    modes = modes[: modes.index(best) + 1]
    print(f"host isolation: {best}; jobs per mode: {args.jobs}; items per job: {args.items}; code: {args.code}")
    print(f"bare fork+exit+wait of this process: {_fork_floor()}")
    for mode in modes:
        got, text = asyncio.run(_pool_overhead(mode, args.jobs, args.items, args.code))
        print(f"pool round trip [{got}]: {text}")


if __name__ == "__main__":
    main()
