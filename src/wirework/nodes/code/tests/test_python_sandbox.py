"""Python Code-node denials: each escape fails with a NodeError naming the node, third-party
imports obey the allow-list whatever route they take, and the runner pool keeps serving the
next job."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import pytest

from wirework.nodes.code import DESCRIPTION, execute
from wirework.nodes.code.pyrun.pool import PythonRunnerPool
from wirework.nodes.code.pyrun.sandbox import RunnerSpec
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext

FAST = {"code_timeout": 1.5, "code_memory_mb": 256}
ALLOW_JMESPATH = {"code_python_allowed_modules": ["jmespath"]}


async def _run(code: str, **settings: Any) -> list[list[dict[str, Any]]]:
    services = ExecutionServices(clock=FakeClock(), settings={**FAST, **settings})
    ctx = NodeTestContext(DESCRIPTION, params={"language": "pythonNative", "pythonCode": code},
                          items=[{"v": 1}], services=services, name="Sandboxed")
    return await execute(ctx)


async def _denied(code: str, match: str, **settings: Any) -> NodeError:
    with pytest.raises(NodeError, match=match) as err:
        await _run(code, **settings)
    assert err.value.node == "Sandboxed"
    assert await _run("return {'ok': True}", **settings) == [[{"json": {"ok": True}}]]  # still healthy
    return err.value


@pytest.mark.parametrize("code", [
    "return {'x': open('/etc/passwd').read()}",
    "import pathlib\nreturn {'x': pathlib.Path('/etc/passwd').read_text()}",
    "import os\nreturn {'x': os.listdir('/root')}",
])
async def test_reading_host_files_is_denied(code: str) -> None:
    await _denied(code, r"(not allowed|No such file)")


async def test_writing_files_is_denied() -> None:
    await _denied("open('/tmp/wirework-escape', 'w').write('x')", "not allowed")


async def test_environment_is_denied_and_empty() -> None:
    os.environ["WIREWORK_TEST_SECRET"] = "s3cret"
    try:
        await _denied("import os\nreturn dict(os.environ)", r"environment \(os.environ\) is not allowed")
        await _denied("import os\nreturn {'x': os.environ['WIREWORK_TEST_SECRET']}", "not allowed")
        assert await _run("import os\nreturn {'x': os.getenv('WIREWORK_TEST_SECRET')}") == [[{"json": {"x": None}}]]
    finally:
        del os.environ["WIREWORK_TEST_SECRET"]


@pytest.mark.parametrize("code", [
    "import subprocess\nsubprocess.run(['id'])",
    "import os\nos.system('id')",
    "import os\nos.fork()",
    "import os\nos.posix_spawn('/bin/true', ['true'], {})",
    "import os\nos.execv('/bin/true', ['true'])",
    "import os\nos.kill(1, 9)",
])
async def test_spawning_processes_is_denied(code: str) -> None:
    await _denied(code, "not allowed")


@pytest.mark.parametrize("code", [
    "import ctypes",
    "import importlib\nimportlib.import_module('ctypes')",
    "__import__('_ctypes')",
])
async def test_ctypes_is_denied(code: str) -> None:
    await _denied(code, "Importing '_?ctypes' is not allowed")


async def test_sockets_are_denied() -> None:
    await _denied("import socket\nsocket.create_connection(('127.0.0.1', 5678))", "not allowed")


async def test_infinite_loop_times_out() -> None:
    err = await _denied("while True:\n    pass", "timed out", code_timeout=0.5)
    assert err.retryable is False


async def test_sleeping_forever_times_out() -> None:
    await _denied("import time\ntime.sleep(60)", "timed out", code_timeout=0.5)


@pytest.mark.parametrize("code", [
    "x = 'a' * (4 * 1024 ** 3)",
    "xs = []\nwhile True:\n    xs.append(bytearray(10 ** 7))",
])
async def test_allocation_bombs_hit_the_memory_limit(code: str) -> None:
    await _denied(code, "(?i)memory", code_memory_mb=128)


async def test_third_party_modules_need_the_allow_list() -> None:
    await _denied("import jmespath", "Module 'jmespath' is not allowed")
    out = await _run("import jmespath\nreturn {'v': jmespath.search('a.b', {'a': {'b': 7}})}",
                     code_python_allowed_modules=["jmespath"])
    assert out == [[{"json": {"v": 7}}]]


@pytest.mark.parametrize("code", [
    "import importlib\nimportlib.import_module('pydantic')",
    "import importlib\nimportlib.__import__('pydantic')",
    "import runpy\nrunpy.run_module('yaml')",
    "__import__('importlib').import_module('pydantic.fields')",
])
async def test_third_party_imports_obey_the_allow_list_on_every_route(code: str) -> None:
    await _denied(code, "Module 'pydantic' is not allowed|Module 'yaml' is not allowed", **ALLOW_JMESPATH)


async def test_site_packages_sources_cannot_be_read_around_the_allow_list() -> None:
    code = ("import sys\nroot = [p for p in sys.path if p.endswith('site-packages')][0]\n"
            "return {'src': open(root + '/pydantic/__init__.py').read()}")
    await _denied(code, "Module 'pydantic' is not allowed", **ALLOW_JMESPATH)


async def test_allowed_modules_import_through_importlib_too() -> None:
    code = "import importlib\njp = importlib.import_module('jmespath')\nreturn {'v': jp.search('a', {'a': 3})}"
    assert await _run(code, **ALLOW_JMESPATH) == [[{"json": {"v": 3}}]]


async def test_the_pools_wall_clock_stops_a_job_whose_own_budget_is_longer() -> None:
    pool = PythonRunnerPool(RunnerSpec(), size=1)
    job = {"code": "import time\ntime.sleep(30)", "mode": "runOnceForAllItems", "timeout": 30,
           "data": {"items": []}}
    try:
        assert await pool.run(job, timeout=0.3) == {"failure": "timeout"}
        ok = await pool.run(dict(job, code="return 1", timeout=5), timeout=5)
        assert ok["results"] == [{"value": 1}]
    finally:
        pool.close()


async def test_cancelled_job_frees_its_runner() -> None:
    pool = PythonRunnerPool(RunnerSpec(), size=1)
    job = {"code": "import time\ntime.sleep(30)", "mode": "runOnceForAllItems", "timeout": 30,
           "data": {"items": []}}
    try:
        task = asyncio.ensure_future(pool.run(job, timeout=30))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        ok = await pool.run(dict(job, code="return 2", timeout=5), timeout=5)
        assert ok["results"] == [{"value": 2}]
    finally:
        pool.close()


async def test_timeout_under_continue_on_fail_is_an_error_item() -> None:
    services = ExecutionServices(clock=FakeClock(), settings={"code_timeout": 0.5})
    ctx = NodeTestContext(DESCRIPTION, params={"language": "python", "pythonCode": "while True:\n    pass"},
                          items=[{"v": 1}], services=services, name="Sandboxed")
    ctx.node.continue_on_fail = True
    out = await execute(ctx)
    assert len(out[0]) == 1 and "timed out" in out[0][0]["json"]["error"]
