from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.compare_datasets import NODE
from wirework.nodes.sdk import NodeError, NodeTestContext

BY_ID = {"mergeByFields": {"values": [{"field1": "id", "field2": "id"}]}}
A = [{"id": 1, "v": "same"}, {"id": 2, "v": "old", "k": 0}, {"id": 3}]
B = [{"id": 1, "v": "same"}, {"id": 2, "v": "new"}, {"id": 4}]


def run(version: float, params: dict[str, Any], a: list[Any] | None = None, b: list[Any] | None = None) -> list[list[Any]]:
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    inputs = [[{"json": j, "pairedItem": {"item": i}} for i, j in enumerate(x)] for x in (a or A, b or B)]
    ctx = NodeTestContext(nv.description, params={**BY_ID, **params}, inputs=inputs, type_version=version)
    return [[it["json"] for it in out] for out in asyncio.run(nv.execute(ctx))]


def test_four_outputs_with_include_both_by_default_in_v2() -> None:
    only_a, same, different, only_b = run(2.3, {})
    assert only_a == [{"id": 3}] and same == [A[0]] and only_b == [{"id": 4}]
    assert different == [{"keys": {"id": 2}, "same": {"id": 2},
                          "different": {"v": {"inputA": "old", "inputB": "new"}, "k": {"inputA": 0, "inputB": None}}}]


def test_v1_prefers_input_b_and_names_sides_input1_input2() -> None:
    assert run(1, {})[2] == [B[1]]
    diff = run(1, {"resolve": "includeBoth"})[2][0]["different"]
    assert diff == {"v": {"input1": "old", "input2": "new"}, "k": {"input1": None, "input2": None}}


def test_skip_fields_are_reported_separately() -> None:
    out = run(2, {"options": {"skipFields": "v"}})
    assert out[2][0]["skipped"] == {"v": {"inputA": "old", "inputB": "new"}}
    assert out[2][0]["different"] == {"k": {"inputA": 0, "inputB": None}}
    out = run(2, {"options": {"skipFields": "v, k"}})
    assert len(out[1]) == 2 and out[2] == []


def test_mix_takes_listed_fields_from_the_other_input() -> None:
    out = run(2, {"resolve": "mix", "preferWhenMix": "input1", "exceptWhenMix": "v"})
    assert out[2] == [{"id": 2, "v": "new", "k": 0}]


def test_fuzzy_compare_tolerates_types() -> None:
    a, b = [{"id": 1, "n": 3, "flag": True}], [{"id": "1", "n": "3", "flag": "TRUE"}]
    assert run(2, {"fuzzyCompare": True}, a, b)[1] == a
    assert run(2, {}, a, b)[0] == a


def test_missing_match_field_is_an_error() -> None:
    with pytest.raises(NodeError, match="Field 'id' is not present in any of items in 'Input B'"):
        run(2, {}, A, [{"x": 1}])


def test_multiple_matches_all() -> None:
    b = [{"id": 1, "v": "same"}, {"id": 1, "v": "other"}]
    out = run(2, {"options": {"multipleMatches": "all"}}, A[:1], b)
    assert out[1] == [A[0]] and len(out[2]) == 1


def test_dotted_skip_fields_reach_into_objects_from_v2_1() -> None:
    a = [{"id": 1, "p": {"x": 1, "y": "a"}}]
    b = [{"id": 1, "p": {"x": 2, "y": "a"}}]
    assert run(2.1, {"options": {"skipFields": "p.x"}}, a, b)[1] == a
    [diff] = run(2.1, {"options": {"skipFields": "p.y"}}, a, b)[2]
    assert diff["different"] == {"p": {"inputA": {"x": 1}, "inputB": {"x": 2}}}
    assert diff["skipped"] == {"p": {"inputA": {"y": "a"}, "inputB": {"y": "a"}}}


def test_dotted_skip_field_errors() -> None:
    a, b = [{"id": 1, "p": 1, "q": 1}], [{"id": 1, "p": 2, "q": 2}]
    with pytest.raises(NodeError, match=r"Dot notation is disabled, but field to skip comparing 'p\.x'"):
        run(2.3, {"options": {"skipFields": "p.x", "disableDotNotation": True}}, a, b)
    with pytest.raises(NodeError, match="The field 'p' in item 0 is not an object"):
        run(2.3, {"options": {"skipFields": "p.x"}}, a, b)


def test_mix_keeps_falsy_values_from_the_other_input() -> None:
    a, b = [{"id": 1, "qty": 1, "other": "yes"}], [{"id": 1, "qty": 0}]
    mix = {"resolve": "mix", "exceptWhenMix": "qty, gone"}
    assert run(2.3, {**mix, "preferWhenMix": "input1"}, a, b)[2] == [{"id": 1, "qty": 0, "other": "yes", "gone": None}]
    assert run(2.3, {**mix, "preferWhenMix": "input2"}, a, b)[2] == [{"id": 1, "qty": 1, "gone": None}]
