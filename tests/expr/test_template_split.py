"""``{{ … }}`` blocks end where n8n ends them: at the first ``}}`` after which the code parses."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.expr import ExprContext, ExpressionError
from wirework.expr.js_evaluator import JSEvaluator
from wirework.expr.template import split_template
from wirework.model import Node, Workflow


@pytest.fixture(scope="module")
def ev() -> Any:
    e = JSEvaluator(timeout=2.0)
    yield e
    e.close()


def _ctx() -> ExprContext:
    node = Node(name="Set", type="n8n-nodes-base.set", parameters={})
    return ExprContext(workflow=Workflow(name="w", nodes=[node]), node=node, run_data={},
                       inputs=[[{"json": {"a": 1}}]])


@pytest.mark.parametrize(("expr", "expected"), [
    ("={{ {a: {b: 1}} }}", {"a": {"b": 1}}),
    ("={{ {a:1}}}", {"a": 1}),
    ("={{ '}}' }}", "}}"),
    ('=x{{ "a}}b" + 1 }}y{{ $json.a }}', "xa}}b1y1"),
    ("={{ `${$json.a}}}` }}", "1}}"),
    ("={{ ({x: {y: 2}}).x.y }} and {{ 'q' }}", "2 and q"),
    ("={{ $json.a }}}", "1}"),
    ("=a {{ unclosed", "a {{ unclosed"),
    ("=\\{{ not code }}", "\\{{ not code }}"),
])
def test_blocks_close_where_the_code_is_complete(ev: JSEvaluator, expr: str, expected: Any) -> None:
    assert ev.resolve(expr, _ctx(), 0) == expected


def test_plain_blocks_split_without_the_parser() -> None:
    tpl = split_template("id-{{ $json.a }}-{{ $json.b }}")
    assert tpl.codes == [" $json.a ", " $json.b "] and tpl.texts == ["id-", "-", ""]


def test_a_block_that_never_parses_is_a_syntax_error(ev: JSEvaluator) -> None:
    with pytest.raises(ExpressionError) as err:
        ev.resolve("={{ $json.a + }} tail", _ctx(), 0, parameter="value")
    assert err.value.context.get("type") == "syntax_error"
    assert err.value.parameter == "value" and err.value.node == "Set" and err.value.item_index == 0
