"""The JavaScript evaluator: templates, fast path, data proxy, errors, sandbox and limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from wirework.expr import ExprContext, ExpressionError, default_evaluator
from wirework.expr.js_evaluator import JSEvaluator
from wirework.expr.jsvalues import UNDEFINED, JSDateTime
from wirework.model import Connection, Node, Workflow


def make_ctx(items: list[dict[str, Any]], **kw: Any) -> ExprContext:
    node = Node(name="Set", type="n8n-nodes-base.set", parameters={"mode": "manual"})
    wf = Workflow(name="wf", nodes=[node])
    return ExprContext(workflow=wf, node=node, run_data={}, inputs=[[{"json": j} for j in items]], **kw)


@pytest.fixture()
def ev() -> Any:
    e = JSEvaluator(timeout=1.0)
    yield e
    e.close()


def test_default_evaluator_is_javascript() -> None:
    e = default_evaluator()
    try:
        assert isinstance(e, JSEvaluator)
    finally:
        e.close()


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("=plain text", "plain text"),
        ("={{ 1 + 2 }}", 3),
        ("=a{{ 1 + 2 }}b", "a3b"),
        ("=x{{ null }}{{ undefined }}y", "xy"),
        ("={{ {a: [1, 'b']} }}", {"a": [1, "b"]}),
        ("=o: {{ {a: 1} }} l: {{ [1, 2] }}", "o: [object Object] l: 1,2"),
        ("=j: {{ JSON.stringify({a: 1}) }}", 'j: {"a":1}'),
        ("={{ true }} and {{ 1.5 }}", "true and 1.5"),
        ("={{ 'A B'.toLowerCase() }}", "a b"),
    ],
)
def test_template_mixing(ev: JSEvaluator, expr: str, expected: Any) -> None:
    assert ev.resolve(expr, make_ctx([{}]), 0) == expected


def test_resolve_walks_nested_parameters(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"n": 2}, {"n": 5}])
    value = {"a": "={{ $json.n * 10 }}", "b": ["={{ $itemIndex }}", 7, "text"], "c": {"d": "=id-{{$json.n}}"}}
    assert ev.resolve(value, ctx, 1) == {"a": 50, "b": [1, 7, "text"], "c": {"d": "id-5"}}


def test_undefined_is_none_in_resolve_but_distinct_in_evaluate(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"a": None}])
    assert ev.resolve("={{ $json.missing }}", ctx, 0) is None
    assert ev.evaluate("={{ $json.missing }}", ctx, 0) is UNDEFINED
    assert ev.evaluate("={{ $json.a }}", ctx, 0) is None


def test_fast_path_never_enters_v8(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"a": {"b": [10, {"c": "x"}]}, "k y": 3}])
    assert ev.resolve('={{ $json.a.b[1]["c"] }}', ctx, 0) == "x"
    assert ev.resolve("={{ $json['k y'] }}", ctx, 0) == 3
    assert ev.resolve("=id {{ $json.a.b[0] }}", ctx, 0) == "id 10"
    assert ev._engine is None  # no V8 context was even created


def test_fast_path_returns_copies(ev: JSEvaluator) -> None:
    data = {"obj": {"x": 1}}
    out = ev.resolve("={{ $json.obj }}", make_ctx([data]), 0)
    out["x"] = 2
    assert data["obj"]["x"] == 1


def test_fast_path_falls_back_for_js_errors(ev: JSEvaluator) -> None:
    with pytest.raises(ExpressionError, match="Cannot read properties of undefined"):
        ev.resolve("={{ $json.nope.deeper }}", make_ctx([{}]), 0)


def test_many_items_are_batched_and_correct(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"n": i} for i in range(300)])
    out = [ev.resolve("={{ $json.n * 2 + $itemIndex }}", ctx, i) for i in range(300)]
    assert out == [3 * i for i in range(300)]


def test_per_item_errors_stay_with_their_item(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"s": "a"}, {}, {"s": "c"}])
    assert ev.resolve("={{ $json.s.toUpperCase() }}", ctx, 0) == "A"
    with pytest.raises(ExpressionError) as info:
        ev.resolve("={{ $json.s.toUpperCase() }}", ctx, 1, parameter="name")
    assert (info.value.node, info.value.parameter, info.value.item_index) == ("Set", "name", 1)
    assert ev.resolve("={{ $json.s.toUpperCase() }}", ctx, 2) == "C"


def test_syntax_error_is_an_expression_error(ev: JSEvaluator) -> None:
    with pytest.raises(ExpressionError) as info:
        ev.resolve("={{ $json.a + }}", make_ctx([{}]), 0, parameter="p")
    assert info.value.message == "invalid syntax"
    assert info.value.parameter == "p"


def test_env_is_denied_unless_given(ev: JSEvaluator) -> None:
    with pytest.raises(ExpressionError, match="access to env vars denied"):
        ev.resolve("={{ $env.HOME }}", make_ctx([{}]), 0)
    assert ev.resolve("={{ $env.X }}", make_ctx([{}], env={"X": "1"}), 0) == "1"


def test_timezone_and_clock_come_from_the_context(ev: JSEvaluator) -> None:
    fixed = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    ctx = make_ctx([{}], timezone="Europe/Berlin", now=lambda: fixed)
    now = ev.resolve("={{ $now }}", ctx, 0)
    assert isinstance(now, JSDateTime) and now == "2024-07-01T14:00:00.000+02:00"
    assert ev.resolve("={{ $today.toISO() }}", ctx, 0) == "2024-07-01T00:00:00.000+02:00"
    assert ev.resolve("={{ $now.minus(1, 'day').toFormat('yyyy-MM-dd') }}", ctx, 0) == "2024-06-30"


def test_other_nodes_and_paired_items(ev: JSEvaluator) -> None:
    a = Node(name="A", type="t", parameters={"p": 1})
    b = Node(name="B", type="t")
    wf = Workflow(name="wf", nodes=[a, b], connections={"A": {"main": [[Connection(node="B")]]}})
    a_items = [{"json": {"v": "first"}}, {"json": {"v": "second"}}]
    run_data = {"A": [{"source": [], "data": {"main": [a_items]}}]}
    inputs = [[{"json": {"x": 1}, "pairedItem": {"item": 1}}]]
    ctx = ExprContext(workflow=wf, node=b, run_data=run_data, inputs=inputs, source=[{"previousNode": "A"}])
    assert ev.resolve("={{ $('A').item.json.v }}", ctx, 0) == "second"
    assert ev.resolve("={{ $('A').all().length }} {{ $('A').params.p }}", ctx, 0) == "2 1"
    assert ev.resolve("={{ $node['A'].json.v }}", ctx, 0) == "first"
    assert ev.resolve("={{ $prevNode.name }}", ctx, 0) == "A"
    with pytest.raises(ExpressionError, match="Referenced node doesn't exist"):
        ev.resolve("={{ $('Nope').item }}", ctx, 0)


def test_sandbox_has_no_python_node_or_host_access(ev: JSEvaluator) -> None:
    ctx = make_ctx([{}])
    for probe in ("typeof require", "typeof process", "typeof __ww", "typeof globalThis", "typeof luxon"):
        assert ev.resolve("={{ " + probe + " }}", ctx, 0) == "undefined", probe
    with pytest.raises(ExpressionError):
        ev.resolve("={{ require('fs') }}", ctx, 0)


def test_infinite_loop_times_out_and_evaluator_recovers(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"a": 1}])
    with pytest.raises(ExpressionError, match="timed out"):
        ev.resolve("={{ (() => { while (true) {} })() }}", ctx, 0)
    assert ev.resolve("={{ $json.a + 1 }}", ctx, 0) == 2


def test_node_context_is_readable(ev: JSEvaluator) -> None:
    loop = Node(name="Loop", type="n8n-nodes-base.splitInBatches")
    check = Node(name="Check", type="n8n-nodes-base.if")
    wf = Workflow(name="wf", nodes=[loop, check])
    ctx = ExprContext(
        workflow=wf, node=check, run_data={}, inputs=[[{"json": {}}]],
        node_state={"Loop": {"noItemsLeft": True}},
    )
    assert ev.resolve('={{ $node["Loop"].context["noItemsLeft"] }}', ctx, 0) is True


@pytest.mark.parametrize(
    "expr",
    [
        "={{ 'abc'.constructor.constructor('return 1')() }}",
        "={{ (() => {}).constructor }}",
        "={{ ''['constructor'] }}",
        "={{ ''['const' + 'ructor'] }}",
        "={{ ({}).__proto__ }}",
    ],
)
def test_constructor_access_is_blocked(ev: JSEvaluator, expr: str) -> None:
    with pytest.raises(ExpressionError, match="due to security concerns"):
        ev.resolve(expr, make_ctx([{}]), 0)


def test_computed_access_still_works(ev: JSEvaluator) -> None:
    ctx = make_ctx([{"k": "x", "x": 5, "arr": [1, 2]}])
    assert ev.resolve("={{ $json[$json.k] + $json.arr[1] + $json?.['x'] }}", ctx, 0) == 12


def test_switching_between_node_runs_keeps_each_runs_data(ev: JSEvaluator) -> None:
    one, two = make_ctx([{"v": "a"}, {"v": "b"}]), make_ctx([{"v": "x"}, {"v": "y"}])
    expr = "={{ $json.v.toUpperCase() + $input.all().length }}"
    got = [ev.resolve(expr, c, i) for c, i in [(one, 0), (two, 0), (one, 1), (two, 1)]]
    assert got == ["A2", "X2", "B2", "Y2"]
