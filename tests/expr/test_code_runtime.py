"""The JS Code-node runtime: globals, async code, console capture, limits and the sandbox."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.expr import ExprContext
from wirework.expr.code_runtime import (
    CodeError,
    CodeMemoryError,
    CodeTimeoutError,
    run_js_code,
    run_js_code_each,
)
from wirework.model import Node, Workflow


def make_ctx(items: list[dict[str, Any]], **kw: Any) -> ExprContext:
    node = Node(name="Code", type="n8n-nodes-base.code")
    wf = Workflow(name="wf", nodes=[node])
    return ExprContext(workflow=wf, node=node, run_data={}, inputs=[[{"json": j} for j in items]], **kw)


def test_all_items_mode_with_console_and_dates() -> None:
    logs: list[str] = []
    code = """
      console.log('count', items.length, {a: 1});
      return $input.all().map(i => ({json: {double: i.json.n * 2, when: new Date(0), u: undefined}}));
    """
    out = run_js_code(make_ctx([{"n": 1}, {"n": 2}]), code, console=logs)
    assert out == [
        {"json": {"double": 2, "when": "1970-01-01T00:00:00.000Z"}},
        {"json": {"double": 4, "when": "1970-01-01T00:00:00.000Z"}},
    ]
    assert logs == ['count 2 {"a":1}']


def test_async_code_and_timers_are_awaited() -> None:
    code = "const v = await new Promise(r => setTimeout(() => r(41), 5)); return v + 1;"
    assert run_js_code(make_ctx([{}]), code) == 42


def test_each_item_mode_and_per_item_errors() -> None:
    ctx = make_ctx([{"n": 1}, {"n": 2}, {"n": 3}])
    out = run_js_code_each(ctx, "if ($json.n === 2) throw new Error('bad two'); return {json: {n: item.json.n, i: $itemIndex}};")
    assert out[0] == {"json": {"n": 1, "i": 0}} and out[2] == {"json": {"n": 3, "i": 2}}
    assert isinstance(out[1], CodeError) and out[1].item_index == 1 and "bad two" in out[1].message
    assert run_js_code(ctx, "return $json.n", mode="runOnceForEachItem", item_index=2) == 3


def test_error_reports_the_line() -> None:
    with pytest.raises(CodeError) as info:
        run_js_code(make_ctx([{}]), "const a = 1;\n\nnull.x;")
    assert info.value.line == 3
    assert "Cannot read properties of null" in info.value.message


def test_static_data_round_trips() -> None:
    sd: dict[str, Any] = {"global": {"n": 1}}
    run_js_code(make_ctx([{}]), "$getWorkflowStaticData('global').n += 1; return 0", static_data=sd)
    assert sd == {"global": {"n": 2}}


def test_extra_globals() -> None:
    assert run_js_code(make_ctx([{}]), "return item.a", globals={"item": {"a": 5}}) == 5


@pytest.mark.parametrize("code", ["return require('fs')", "return process.env", "return os.environ"])
def test_sandbox_denies_host_access(code: str) -> None:
    with pytest.raises(CodeError, match="is not defined"):
        run_js_code(make_ctx([{}]), code)


def test_no_modules_or_network() -> None:
    with pytest.raises(CodeError):
        run_js_code(make_ctx([{}]), "return await import('fs')")
    assert run_js_code(make_ctx([{}]), "return [typeof fetch, typeof XMLHttpRequest]") == ["undefined", "undefined"]


def test_env_denied_without_setting() -> None:
    with pytest.raises(CodeError, match="access to env vars denied"):
        run_js_code(make_ctx([{}]), "return $env.HOME")


@pytest.mark.parametrize("code", ["while (true) {}", "await null; while (true) {}"])
def test_infinite_loops_time_out(code: str) -> None:
    with pytest.raises(CodeTimeoutError, match=r"timed out after 0\.5 seconds"):
        run_js_code(make_ctx([{}]), code, timeout=0.5)


def test_allocation_bomb_hits_the_memory_limit() -> None:
    code = "const a = []; while (true) a.push(new Array(100000).fill(1));"
    with pytest.raises(CodeMemoryError):
        run_js_code(make_ctx([{}]), code, timeout=20, memory_mb=64)


def test_static_data_is_kept_when_the_code_fails() -> None:
    sd: dict[str, Any] = {"global": {"n": 1}}
    with pytest.raises(CodeError, match="stop"):
        run_js_code(make_ctx([{}]), "$getWorkflowStaticData('global').n = 99; throw new Error('stop')", static_data=sd)
    assert sd == {"global": {"n": 1}}
