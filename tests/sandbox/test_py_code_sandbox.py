"""Python Code-node denials: every escape fails with a NodeError naming the node, third-party
imports obey the allow-list whatever route they take, and the next job still runs."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.code import DESCRIPTION, execute
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext

FAST = {"code_timeout": 1.5, "code_memory_mb": 256}
ALLOW_JMESPATH = {"code_python_allowed_modules": ["jmespath"]}


async def _run(code: str, **settings: Any) -> list[list[dict[str, Any]]]:
    services = ExecutionServices(clock=FakeClock(), settings={**FAST, **settings})
    ctx = NodeTestContext(DESCRIPTION, params={"language": "pythonNative", "pythonCode": code},
                          items=[{"v": 1}], services=services, name="Sandboxed Py")
    return await execute(ctx)


async def _denied(code: str, match: str, **settings: Any) -> None:
    with pytest.raises(NodeError, match=match) as err:
        await _run(code, **settings)
    assert err.value.node == "Sandboxed Py"
    assert await _run("return {'ok': True}", **settings) == [[{"json": {"ok": True}}]]  # still healthy


@pytest.mark.parametrize(("code", "match"), [
    ("return {'x': open('/etc/passwd').read()}", "not allowed"),
    ("import os\nreturn {'x': os.environ['HOME']}", "environment"),
    ("import subprocess\nsubprocess.run(['id'])", "not allowed"),
    ("import os\nos.system('id')", "not allowed"),
    ("import ctypes", "not allowed"),
    ("while True:\n    pass", "timed out"),
])
async def test_escapes_are_denied(code: str, match: str) -> None:
    await _denied(code, match)


async def test_allocation_bomb_hits_the_memory_limit() -> None:
    await _denied("xs = []\nwhile True:\n    xs.append(bytearray(10 ** 7))", "(?i)memory",
                  code_memory_mb=128, code_timeout=10)


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
