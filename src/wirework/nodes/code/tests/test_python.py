"""Python in the Code node: n8n's names, modes, result rules, print capture, errors."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.expr import ExprContext
from wirework.model import Node, Workflow
from wirework.nodes.code import DESCRIPTION, execute
from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeContext, NodeError, NodeTestContext


def _ctx(code: str, *, mode: str = "runOnceForAllItems", items: list[dict[str, Any]] | None = None,
         settings: dict[str, Any] | None = None, name: str = "Py") -> NodeContext:
    services = ExecutionServices(clock=FakeClock(), settings=settings or {})
    return NodeTestContext(
        DESCRIPTION, params={"language": "python", "mode": mode, "pythonCode": code},
        items=items if items is not None else [{"value": 1}, {"value": 2}], services=services, name=name,
    )


async def test_all_items_sum() -> None:
    code = "total = 0\nfor item in _input.all():\n    total += item['json']['value']\nreturn [{'sum': total}]"
    assert await execute(_ctx(code)) == [[{"json": {"sum": 3}}]]


async def test_legacy_items_and_attribute_access() -> None:
    code = "for item in _items:\n    item.json.double = item.json.value * 2\nreturn _items"
    out = await execute(_ctx(code))
    assert [i["json"] for i in out[0]] == [{"value": 1, "double": 2}, {"value": 2, "double": 4}]


async def test_each_item_mode_pairs_items() -> None:
    code = "_item['json']['seen'] = _json['value'] + 10\nreturn _input.item"
    out = await execute(_ctx(code, mode="runOnceForEachItem"))
    assert out == [[
        {"json": {"value": 1, "seen": 11}, "pairedItem": {"item": 0}},
        {"json": {"value": 2, "seen": 12}, "pairedItem": {"item": 1}},
    ]]


async def test_each_item_none_drops_the_item() -> None:
    code = "return None if _json['value'] == 1 else {'kept': _json['value']}"
    out = await execute(_ctx(code, mode="runOnceForEachItem"))
    assert out == [[{"json": {"kept": 2}, "pairedItem": {"item": 1}}]]


async def test_single_dict_is_one_item_and_values_become_json() -> None:
    code = "import datetime\nreturn {'when': datetime.date(2024, 1, 2), 'tags': {'a'}, 'pair': (1, 2)}"
    assert await execute(_ctx(code)) == [[{"json": {"when": "2024-01-02", "tags": ["a"], "pair": [1, 2]}}]]


async def test_print_is_captured() -> None:
    ctx = _ctx("print('hello', 42)\nprint({'a': 1})\nreturn []")
    assert await execute(ctx) == [[]]
    assert [c["message"] for c in ctx.services.console] == ["hello 42", "{'a': 1}"]
    assert ctx.services.console[0]["node"] == "Py"


async def test_json_not_a_dict_is_an_error() -> None:
    with pytest.raises(NodeError) as err:
        await execute(_ctx("return [{'json': 'x'}]"))
    assert err.value.message == "A 'json' property isn't a dictionary [item 0]"
    assert err.value.node == "Py"


async def test_each_item_list_is_an_error() -> None:
    with pytest.raises(NodeError, match=r"Code doesn't return a single dictionary \[item 0\]"):
        await execute(_ctx("return [_json]", mode="runOnceForEachItem"))


async def test_runtime_error_names_line_and_item() -> None:
    code = "x = 1\nif _json['value'] == 2:\n    raise ValueError('bad value')\nreturn _json"
    with pytest.raises(NodeError) as err:
        await execute(_ctx(code, mode="runOnceForEachItem"))
    assert err.value.message == "ValueError: bad value [line 3, for item 1]"
    assert err.value.item_index == 1
    assert err.value.node == "Py"


async def test_syntax_error_is_a_node_error() -> None:
    with pytest.raises(NodeError, match=r"SyntaxError: .* \[line 2\]"):
        await execute(_ctx("x = 1\nreturn [\n"))


async def test_continue_on_fail_all_items() -> None:
    ctx = _ctx("raise RuntimeError('boom')")
    ctx.node.continue_on_fail = True
    assert await execute(ctx) == [[{"json": {"error": "RuntimeError: boom [line 1]"}}]]


async def test_continue_on_fail_each_item_keeps_going() -> None:
    ctx = _ctx("if _json['value'] == 1:\n    1/0\nreturn _json", mode="runOnceForEachItem")
    ctx.node.continue_on_fail = True
    assert await execute(ctx) == [[
        {"json": {"error": "ZeroDivisionError: division by zero [line 2, for item 0]"}, "pairedItem": {"item": 0}},
        {"json": {"value": 2}, "pairedItem": {"item": 1}},
    ]]


async def test_stdlib_imports_work() -> None:
    code = "import json, re, math, hashlib, statistics\nreturn {'m': statistics.mean([1, 2, 3]), " \
           "'h': hashlib.md5(b'a').hexdigest()[:6], 'j': json.loads('[1]')}"
    assert await execute(_ctx(code)) == [[{"json": {"m": 2, "h": "0cc175", "j": [1]}}]]


async def test_now_is_in_workflow_timezone() -> None:
    ctx = _ctx("return {'tz': str(_now.tzinfo), 'midnight': _today.hour}")
    ctx.expr.timezone = "Europe/Berlin"
    assert await execute(ctx) == [[{"json": {"tz": "Europe/Berlin", "midnight": 0}}]]


async def test_other_node_data_and_paired_item() -> None:
    src = Node(name="Source", type="n8n-nodes-base.noOp")
    code_node = Node(name="Py", type="n8n-nodes-base.code", type_version=2, parameters={
        "language": "python", "mode": "runOnceForEachItem",
        "pythonCode": "return {'first': _('Source').first()['json']['n'], 'mine': _('Source').item['json']['n'],"
                      " 'count': len(_('Source').all())}",
    })
    wf = Workflow(name="t", nodes=[src, code_node])
    source_items = [{"json": {"n": 10}}, {"json": {"n": 20}}]
    run_data = {"Source": [{"data": {"main": [source_items]}, "source": []}]}
    inputs = [[{"json": {"x": 1}, "pairedItem": {"item": 0}}, {"json": {"x": 2}, "pairedItem": {"item": 1}}]]
    expr = ExprContext(workflow=wf, node=code_node, run_data=run_data, inputs=inputs,
                       source=[{"previousNode": "Source"}])
    ctx = NodeContext(workflow=wf, node=code_node, description=DESCRIPTION, inputs=inputs, expr=expr,
                      services=ExecutionServices(clock=FakeClock()))
    out = await execute(ctx)
    assert [i["json"] for i in out[0]] == [{"first": 10, "mine": 10, "count": 2}, {"first": 10, "mine": 20, "count": 2}]


async def test_unknown_node_reference() -> None:
    with pytest.raises(NodeError, match="Referenced node doesn't exist: 'Nope'"):
        await execute(_ctx("return _('Nope').all()"))


async def test_input_item_in_all_items_mode_is_a_clear_error() -> None:
    with pytest.raises(NodeError, match=r"Can't use _input.item here"):
        await execute(_ctx("return _input.item"))


async def test_empty_return_is_an_error() -> None:
    with pytest.raises(NodeError, match=r"Code doesn't return items properly"):
        await execute(_ctx("x = 1"))
