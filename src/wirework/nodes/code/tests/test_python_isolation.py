"""The runner's guards hold in every isolation mode the host offers (bubblewrap, a user+network
namespace, or none), and bubblewrap really hides the host's files."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.code.pyrun.pool import PythonRunnerPool
from wirework.nodes.code.pyrun.sandbox import RunnerSpec, isolation_available

ORDER = ["none", "unshare", "bwrap"]
MODES = ORDER[: ORDER.index(isolation_available()) + 1]


async def _value(pool: PythonRunnerPool, code: str, timeout: float = 5) -> dict[str, Any]:
    job = {"code": code, "mode": "runOnceForAllItems", "timeout": timeout, "memory_mb": 256,
           "data": {"items": []}}
    answer = await pool.run(job, timeout=timeout)
    return answer if "failure" in answer else answer["results"][0]


@pytest.fixture(params=MODES)
def pool(request: pytest.FixtureRequest) -> Any:
    p = PythonRunnerPool(RunnerSpec(isolation=request.param), size=1)
    yield p
    p.close()


async def test_guards_hold_in_every_mode(pool: PythonRunnerPool) -> None:
    assert "not allowed" in (await _value(pool, "return open('/etc/passwd').read()"))["error"]["message"]
    assert "not allowed" in (await _value(pool, "import ctypes"))["error"]["message"]
    assert "not allowed" in (await _value(pool, "import os\nos.system('true')"))["error"]["message"]
    assert (await _value(pool, "while True: pass", timeout=0.5)) == {"failure": "timeout"}
    assert await _value(pool, "return 40 + 2") == {"value": 42}


@pytest.mark.skipif("bwrap" not in MODES, reason="bubblewrap is not usable on this host")
async def test_bubblewrap_hides_host_files() -> None:
    pool = PythonRunnerPool(RunnerSpec(isolation="bwrap"), size=1)
    try:
        # os.stat has no audit event: only the filesystem view can hide these
        code = "import os\nreturn [os.path.exists(p) for p in ('/etc/passwd', '/work/main/src', '/root/.ssh', '/usr/lib')]"
        assert await _value(pool, code) == {"value": [False, False, False, True]}
    finally:
        pool.close()


async def test_more_jobs_than_runners_all_complete() -> None:
    pool = PythonRunnerPool(RunnerSpec(), size=2)
    try:
        codes = [f"import time\ntime.sleep(0.05)\nreturn {i}" for i in range(6)]
        answers = await asyncio.gather(*(_value(pool, c) for c in codes))
        assert answers == [{"value": i} for i in range(6)]
    finally:
        pool.close()
