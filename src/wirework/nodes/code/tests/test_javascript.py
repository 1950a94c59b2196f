"""JavaScript in the Code, Function and Function Item nodes (through the expr code runtime)."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.code import DESCRIPTION, execute
from wirework.nodes.sdk import (
    NodeContext,
    NodeDescription,
    NodeError,
    NodeTestContext,
)

ITEMS = [{"value": 1}, {"value": 2}]


def _ctx(desc: NodeDescription, params: dict[str, Any], *, items: list[dict[str, Any]] | None = None,
         version: float | None = None, continue_on_fail: bool = False) -> NodeContext:
    return NodeTestContext(desc, params=params, items=items if items is not None else ITEMS,
                           type_version=version, name="JS", continue_on_fail=continue_on_fail)


def _code(js: str, mode: str = "runOnceForAllItems", **kw: Any) -> NodeContext:
    return _ctx(DESCRIPTION, {"mode": mode, "jsCode": js}, version=1, **kw)


async def test_all_items_with_input_and_legacy_items() -> None:
    js = "let s = 0;\nfor (const i of $input.all()) s += i.json.value;\nreturn [{sum: s, n: items.length}];"
    assert await execute(_code(js)) == [[{"json": {"sum": 3, "n": 2}}]]


async def test_each_item_mutation_and_pairing() -> None:
    js = "$input.item.json.double = $json.value * 2;\nreturn $input.item;"
    assert await execute(_code(js, "runOnceForEachItem")) == [[
        {"json": {"value": 1, "double": 2}, "pairedItem": {"item": 0}},
        {"json": {"value": 2, "double": 4}, "pairedItem": {"item": 1}},
    ]]


async def test_async_await_and_bare_object() -> None:
    js = "const v = await new Promise((r) => r(7));\nreturn {v};"
    assert await execute(_code(js)) == [[{"json": {"v": 7}}]]


async def test_json_not_an_object() -> None:
    with pytest.raises(NodeError) as err:
        await execute(_code("return [{json: 1}];"))
    assert err.value.message == "A 'json' property isn't an object [item 0]"
    assert err.value.node == "JS"


async def test_each_item_array_is_an_error() -> None:
    with pytest.raises(NodeError, match=r"Code doesn't return a single object \[item 0\]"):
        await execute(_code("return [$json];", "runOnceForEachItem"))


async def test_thrown_error_has_line_and_item() -> None:
    js = "const a = 1;\nif ($json.value === 2) throw new Error('boom');\nreturn $json;"
    with pytest.raises(NodeError) as err:
        await execute(_code(js, "runOnceForEachItem"))
    assert err.value.message == "boom [line 2, for item 1]"
    assert err.value.item_index == 1


async def test_type_error_description() -> None:
    with pytest.raises(NodeError) as err:
        await execute(_code("const x = undefined;\nreturn [{a: x.b}];"))
    assert err.value.message.endswith("[line 2]")
    assert err.value.description == "TypeError"


async def test_console_log_is_captured() -> None:
    ctx = _code("console.log('hello', {a: 1});\nreturn [];")
    assert await execute(ctx) == [[]]
    assert [c["message"] for c in ctx.services.console] == ['hello {"a":1}']


async def test_continue_on_fail() -> None:
    ctx = _code("throw new Error('nope');", continue_on_fail=True)
    assert await execute(ctx) == [[{"json": {"error": "nope [line 1]"}}]]


async def test_null_means_no_items_but_undefined_is_an_error() -> None:
    assert await execute(_code("return null;")) == [[]]
    with pytest.raises(NodeError, match="Code doesn't return items properly"):
        await execute(_code("const x = 1;"))  # no return: undefined


async def test_each_item_null_drops_the_item_but_undefined_is_an_error() -> None:
    js = "if ($json.value === 1) return null;\nreturn {v: $json.value};"
    assert await execute(_code(js, "runOnceForEachItem")) == [[{"json": {"v": 2}, "pairedItem": {"item": 1}}]]
    with pytest.raises(NodeError, match="Code doesn't return an object") as err:
        await execute(_code("if ($json.value === 2) return {v: 2};", "runOnceForEachItem"))
    assert "'undefined' was returned instead" in (err.value.description or "")
    assert err.value.item_index == 0


async def test_undefined_and_null_fields_are_stored_like_json() -> None:
    js = "return [{json: {u: undefined, n: null, list: [1, undefined, NaN], d: new Date(0)}}];"
    assert await execute(_code(js)) == [[{"json": {"n": None, "list": [1, None, None],
                                                   "d": "1970-01-01T00:00:00.000Z"}}]]
