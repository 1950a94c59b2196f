"""Switch: output counts from parameters, rule routing, fallbacks and index errors."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.switch import DESC_V1, DESC_V2, DESC_V3, NODE

_DESC = {1: DESC_V1, 2: DESC_V2}


def _rule(value: str, **extra: Any) -> dict[str, Any]:
    return {"conditions": {
        "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
        "conditions": [{"leftValue": "={{ $json.k }}", "rightValue": value,
                        "operator": {"type": "string", "operation": "equals"}}],
        "combinator": "and"}, **extra}


async def _run(params: dict[str, Any], items: list[dict[str, Any]], version: float,
               on_error: str | None = None) -> list[list[Any]]:
    ctx = NodeTestContext(_DESC.get(int(version), DESC_V3), params=params, items=items,
                          type_version=version)
    if on_error:
        ctx.node.on_error = on_error
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    out = await nv.execute(ctx)
    return [[it["json"] for it in branch] for branch in out]


def test_output_counts_follow_parameters() -> None:
    assert DESC_V3.output_count({}) == 1  # the default has one rule
    params = {"rules": {"values": [_rule("a"), _rule("b")]}, "options": {"fallbackOutput": "extra"}}
    assert DESC_V3.output_count(params) == 3
    assert DESC_V3.output_count({"mode": "expression", "numberOutputs": 6}) == 6
    assert DESC_V3.output_count({"mode": "expression"}) == 4
    assert DESC_V2.output_count({"rules": {"rules": [{}, {}]}}) == 2
    assert DESC_V2.output_count({"mode": "expression"}) == 4
    assert DESC_V1.output_count({}) == 4


async def test_v3_rules_with_extra_fallback_and_all_matching() -> None:
    items = [{"k": "a"}, {"k": "b"}, {"k": "z"}]
    params = {"rules": {"values": [_rule("a"), _rule("b")]}, "options": {"fallbackOutput": "extra"}}
    assert await _run(params, items, 3.2) == [[{"k": "a"}], [{"k": "b"}], [{"k": "z"}]]
    params = {"rules": {"values": [_rule("a"), _rule("a")]}, "options": {"allMatchingOutputs": True}}
    assert await _run(params, items[:1], 3.2) == [[{"k": "a"}], [{"k": "a"}]]


async def test_v3_fallback_to_existing_output() -> None:
    params = {"rules": {"values": [_rule("a"), _rule("b")]}, "options": {"fallbackOutput": 0}}
    assert await _run(params, [{"k": "z"}], 3) == [[{"k": "z"}], []]


async def test_v3_no_fallback_drops_items() -> None:
    params = {"rules": {"values": [_rule("a")]}}
    assert await _run(params, [{"k": "z"}], 3.1) == [[]]


async def test_v3_expression_index_errors() -> None:
    params = {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.i }}"}
    assert await _run(params, [{"i": 1}, {"i": "0"}], 3) == [[{"i": "0"}], [{"i": 1}]]
    with pytest.raises(NodeError) as info:
        await _run(params, [{"i": 2}], 3)
    assert info.value.message == "The ouput 2 is not allowed. "
    assert info.value.description == "Output indexes are zero based, if you want to use the extra output use 1"
    with pytest.raises(NodeError, match="The ouput -1 is not allowed"):
        await _run(params, [{"i": -1}], 3)
    with pytest.raises(NodeError, match=r"Invalid input for 'Output Index' \[item 0\]"):
        await _run(params, [{"i": "x"}], 3)


async def test_v3_type_error_is_reported_with_item() -> None:
    rule = _rule("a")
    rule["conditions"]["conditions"][0].update(rightValue=3, operator={"type": "number", "operation": "lt"})
    params = {"rules": {"values": [rule]}}
    with pytest.raises(NodeError) as info:
        await _run(params, [{"k": 5}, {"k": "x"}], 3.2)
    assert info.value.item_index == 1
    assert info.value.message == (
        "Wrong type: 'x' is a string but was expecting a number [condition 0, item 1]")


async def test_v3_continue_on_fail_reports_error_on_output_0() -> None:
    params = {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.i }}"}
    out = await _run(params, [{"i": 5}, {"i": 1}], 3, on_error="continueRegularOutput")
    assert out == [[{"error": "The ouput 5 is not allowed"}], [{"i": 1}]]


async def test_v1_rules_route_to_chosen_outputs_and_fallback() -> None:
    params = {"dataType": "string", "value1": "={{ $json.k }}",
              "rules": {"rules": [{"operation": "startsWith", "value2": "a", "output": 3}]},
              "fallbackOutput": 1}
    assert await _run(params, [{"k": "ab"}, {"k": "b"}], 1) == [[], [{"k": "b"}], [], [{"k": "ab"}]]


async def test_v1_expression_mode_and_range_error() -> None:
    params = {"mode": "expression", "output": "={{ $json.o }}"}
    assert await _run(params, [{"o": 2}], 1) == [[], [], [{"o": 2}], []]
    with pytest.raises(NodeError, match=r"The ouput 4 is not allowed\. It has to be between 0 and 3!"):
        await _run(params, [{"o": 4}], 1)


async def test_v2_outputs_per_rule_and_dates() -> None:
    params: dict[str, Any] = {"dataType": "dateTime", "value1": "={{ $json.d }}", "rules": {"rules": [
        {"operation": "before", "value2": "2020-01-01"}, {"operation": "after", "value2": "2020-01-01"}]}}
    items = [{"d": "2019-05-01"}, {"d": "2021-05-01"}]
    assert await _run(params, items, 2) == [[{"d": "2019-05-01"}], [{"d": "2021-05-01"}]]
    params = {"mode": "expression", "outputsAmount": 3, "output": "={{ $json.o }}"}
    assert await _run(params, [{"o": "2"}], 2) == [[], [], [{"o": "2"}]]


def test_descriptions_validate() -> None:
    assert NODE.all_versions == (1, 2, 3, 3.1, 3.2, 3.3, 3.4)
    for desc in (DESC_V1, DESC_V2, DESC_V3):
        desc.validate()
        assert desc.to_json()["properties"][0]["name"] == "mode"
