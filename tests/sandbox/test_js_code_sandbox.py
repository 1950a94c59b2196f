"""JavaScript Code-node denials (limits come from the expr code runtime): each escape fails with
a NodeError naming the node, and the next job still runs."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.code import DESCRIPTION, execute
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeError, NodeTestContext


async def _run(code: str, **settings: Any) -> list[list[dict[str, Any]]]:
    services = ExecutionServices(clock=FakeClock(), settings={"code_timeout": 2, **settings})
    ctx = NodeTestContext(DESCRIPTION, params={"language": "javaScript", "jsCode": code},
                          items=[{"v": 1}], services=services, name="Sandboxed JS")
    return await execute(ctx)


async def _denied(code: str, match: str, **settings: Any) -> None:
    with pytest.raises(NodeError, match=match) as err:
        await _run(code, **settings)
    assert err.value.node == "Sandboxed JS"
    assert await _run("return {ok: true};") == [[{"json": {"ok": True}}]]


@pytest.mark.parametrize("code", [
    "return {env: process.env};",
    "return {pw: require('fs').readFileSync('/etc/passwd', 'utf8')};",
    "require('child_process').execSync('id');",
    "return {x: globalThis.process.env.HOME};",
    "return {x: process.binding('spawn_sync')};",  # native bindings: the ctypes of Node
    "require('ffi-napi');",
])
async def test_host_access_is_denied(code: str) -> None:
    await _denied(code, r"(not defined|not a function|Cannot read)")


async def test_infinite_loop_times_out() -> None:
    await _denied("while (true) {}", "timed out", code_timeout=0.5)


async def test_allocation_bomb_hits_the_memory_limit() -> None:
    await _denied("const a = [];\nwhile (true) a.push(new Array(1e6).fill(1.5));", "(?i)memory",
                  code_memory_mb=64)


async def test_dynamic_import_is_denied() -> None:
    await _denied("const fs = await import('fs');\nreturn {x: 1};", "Not supported")


async def test_a_leaked_global_does_not_reach_the_next_run() -> None:
    assert await _run("globalThis.stash = $json; return {ok: 1};") == [[{"json": {"ok": 1}}]]
    assert await _run("return {seen: typeof stash};") == [[{"json": {"seen": "undefined"}}]]
