"""Warm V8 engines are reused across executions without leaking anything between them."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from wirework.engine import run_workflow
from wirework.expr import ExprContext
from wirework.expr.js_evaluator import JSEvaluator
from wirework.expr.pool import EnginePool
from wirework.model import Node, Workflow, load_workflow
from wirework.nodes.sdk import ExecutionServices


def _workflow(code: str, *, expression: str = "={{ 1 }}") -> Workflow:
    """Manual Trigger -> Code(code) -> Set(out = expression)."""
    return load_workflow({
        "name": "pool",
        "nodes": [
            {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "parameters": {}},
            {"name": "Code", "type": "n8n-nodes-base.code", "typeVersion": 2,
             "parameters": {"jsCode": code}},
            {"name": "Set", "type": "n8n-nodes-base.set", "typeVersion": 3.4,
             "parameters": {"assignments": {"assignments": [
                 {"id": "1", "name": "out", "type": "string", "value": expression}]},
                 "includeOtherFields": True}},
        ],
        "connections": {
            "Start": {"main": [[{"node": "Code", "type": "main", "index": 0}]]},
            "Code": {"main": [[{"node": "Set", "type": "main", "index": 0}]]},
        },
    })


async def _run(wf: Workflow, pool: EnginePool, **kw: Any) -> list[dict[str, Any]]:
    """One execution the way the runtime does it: its own evaluator, closed afterwards."""
    evaluator = JSEvaluator(pool=pool)
    try:
        result = await run_workflow(wf, services=ExecutionServices(evaluator=evaluator), **kw)
    finally:
        evaluator.close()
        pool.flush()
    assert result.status == "success", result.error
    return [i["json"] for i in result.output()]


@pytest.fixture()
def pool() -> Any:
    p = EnginePool(size=1, warm=0)
    yield p
    p.close()


async def test_a_global_set_by_code_is_not_visible_to_the_next_execution() -> None:
    first = _workflow("globalThis.secret = 'from run 1'; leaked = 42; return [{json: {a: 1}}];")
    await run_workflow(first)
    second = _workflow(
        "return [{json: {g: typeof globalThis.secret, l: typeof leaked}}];",
        expression="={{ typeof secret }}",
    )
    out = await run_workflow(second)
    assert out.status == "success", out.error
    assert [i["json"] for i in out.output()] == [{"g": "undefined", "l": "undefined", "out": "undefined"}]


async def test_prototype_pollution_from_an_expression_does_not_survive(pool: EnginePool) -> None:
    polluted = _workflow("return [{json: {}}];", expression="={{ Object.prototype.tainted = 'yes' }}")
    assert await _run(polluted, pool) == [{"out": "yes"}]
    clean = _workflow("return [{json: {seen: ({}).tainted === undefined}}];",
                      expression="={{ String(({}).tainted) }}")
    assert await _run(clean, pool) == [{"seen": True, "out": "undefined"}]
    assert pool.stats.discarded >= 1  # the tainted engine was thrown away, not cleaned


async def test_clean_engines_are_reused_and_keep_no_run_data(pool: EnginePool) -> None:
    wf = _workflow("return [{json: {v: $input.all().length}}];",
                   expression="={{ $('Code').first().json.v + 1 }}")
    for _ in range(3):
        assert await _run(wf, pool) == [{"v": 1, "out": "2"}]
    assert pool.stats.created == 1 and pool.stats.reused >= 2
    # the next execution's proxy sees its own run data only
    node = Node(name="Set", type="n8n-nodes-base.set", parameters={})
    other = Workflow(name="other", nodes=[node, Node(name="Code", type="n8n-nodes-base.code")])
    ev = JSEvaluator(pool=pool)
    try:
        ctx = ExprContext(workflow=other, node=node, run_data={}, inputs=[[{"json": {}}]])
        assert ev.resolve("={{ $('Code').isExecuted }}", ctx, 0) is False
    finally:
        ev.close()
        pool.flush()
    assert pool.stats.created == 1


async def test_console_and_static_state_start_empty_on_a_reused_engine(pool: EnginePool) -> None:
    wf = _workflow("const s = $getWorkflowStaticData('global'); s.n = (s.n || 0) + 1;"
                   "return [{json: {n: s.n}}];")
    assert await _run(wf, pool) == [{"n": 1, "out": "1"}]
    assert await _run(_workflow("return [{json: {n: 0}}];"), pool) == [{"n": 0, "out": "1"}]


async def test_prepare_evaluates_off_the_event_loop(pool: EnginePool) -> None:
    node = Node(name="Set", type="n8n-nodes-base.set",
                parameters={"a": "={{ $json.n * 2 }}", "b": {"c": "=x{{ $json.n.toString().length }}"}})
    wf = Workflow(name="w", nodes=[node])
    ctx = ExprContext(workflow=wf, node=node, run_data={}, inputs=[[{"json": {"n": i}} for i in range(5)]])
    ev = JSEvaluator(pool=pool)
    threads: set[str] = set()
    real_call = EnginePool.acquire

    def spy(self: EnginePool, **kw: Any) -> Any:
        threads.add(threading.current_thread().name)
        return real_call(self, **kw)

    try:
        EnginePool.acquire = spy  # type: ignore[method-assign]
        loop_thread = threading.current_thread().name
        await ev.prepare(ctx)
        assert threads and loop_thread not in threads
        assert [ev.resolve(node.parameters, ctx, i) for i in range(5)] == [
            {"a": i * 2, "b": {"c": "x1"}} for i in range(5)
        ]
    finally:
        EnginePool.acquire = real_call  # type: ignore[method-assign]
        ev.close()


async def test_many_concurrent_executions_share_a_small_pool(pool: EnginePool) -> None:
    wf = _workflow("return [{json: {id: $execution.id}}];", expression="={{ $json.id + '!' }}")

    outs = await asyncio.gather(*(_run(wf, pool, execution_id=str(i)) for i in range(6)))
    assert outs == [[{"id": str(i), "out": f"{i}!"}] for i in range(6)]
    assert pool.idle_count() <= 1


async def test_regexp_statics_do_not_carry_the_last_match(pool: EnginePool) -> None:
    first = _workflow("return [{json: {s: 'token secret42'}}];", expression="={{ /(secret\\d+)/.exec($json.s)[1] }}")
    assert await _run(first, pool) == [{"s": "token secret42", "out": "secret42"}]
    second = _workflow("return [{json: {}}];", expression="={{ RegExp.$1 + '|' + RegExp.input }}")
    assert await _run(second, pool) == [{"out": "|"}]
    assert pool.stats.reused >= 1  # same engine, cleared


async def test_pending_timers_retire_the_engine() -> None:
    """A timer still pending when the Code node returns could fire during a later execution."""
    late = _workflow("setTimeout(() => { globalThis.late = $json; }, 300); return [{json: {}}];")
    await run_workflow(late)
    await asyncio.sleep(0.4)
    probe = _workflow("return [{json: {late: typeof late}}];")
    out = await run_workflow(probe)
    assert [i["json"] for i in out.output()] == [{"late": "undefined", "out": "1"}]


def test_release_retires_engines_with_pending_work_or_changed_globals(pool: EnginePool) -> None:
    for code in ("setTimeout(() => {}, 5000)", "globalThis.x = 1", "Math.max.stash = 'data'",
                 "Object.getPrototypeOf(__timer_manager).setTimeout = () => 0"):
        engine = pool.acquire()
        engine.eval(code)
        pool.release_now(engine)
        assert pool.idle_count() == 0, code
    engine = pool.acquire()
    engine.eval("[1, 2].map((x) => x * 2)")
    pool.release_now(engine)
    assert pool.idle_count() == 1 and pool.stats.discarded == 4


async def test_prepared_errors_surface_only_when_the_parameter_is_read(pool: EnginePool) -> None:
    from wirework.expr import ExpressionError

    node = Node(name="Set", type="n8n-nodes-base.set",
                parameters={"ok": "={{ $json.n + 1 }}", "bad": "={{ $json.n.x.y }}", "broken": "={{ 1 + }}"})
    wf = Workflow(name="w", nodes=[node])
    ctx = ExprContext(workflow=wf, node=node, run_data={}, inputs=[[{"json": {"n": 1}}, {"json": {"n": {"x": {"y": 5}}}}]])
    ev = JSEvaluator(pool=pool)
    try:
        await ev.prepare(ctx)
        assert ev.resolve(node.parameters["ok"], ctx, 0) == 2
        assert ev.resolve(node.parameters["bad"], ctx, 1, parameter="bad") == 5
        with pytest.raises(ExpressionError) as err:
            ev.resolve(node.parameters["bad"], ctx, 0, parameter="bad")
        assert err.value.item_index == 0 and err.value.parameter == "bad"
        with pytest.raises(ExpressionError, match="invalid syntax"):
            ev.resolve(node.parameters["broken"], ctx, 1, parameter="broken")
    finally:
        ev.close()
