from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.item_lists import NODE
from wirework.nodes.sdk import NodeError, NodeTestContext

ROWS = [{"id": 1, "char": "a"}, {"id": 2, "char": "b"}, {"id": 2, "char": "b"}]


def run(version: float, params: dict[str, Any], items: list[Any] | None = None) -> list[Any]:
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    ctx = NodeTestContext(nv.description, params=params, items=items or ROWS, type_version=version)
    return [it["json"] for it in asyncio.run(nv.execute(ctx))[0]]


def test_split_out_is_the_default_operation_and_missing_field_depends_on_version() -> None:
    item = [{"data": [{"a": 1}, {"a": 2}]}]
    assert run(1, {"fieldToSplitOut": "data"}, item) == [{"a": 1}, {"a": 2}]
    with pytest.raises(NodeError, match="Couldn't find the field 'nope' in the input data"):
        run(2, {"fieldToSplitOut": "nope"}, item)
    assert run(2.1, {"fieldToSplitOut": "nope"}, item) == []


def test_legacy_split_out_rejects_scalars() -> None:
    with pytest.raises(NodeError, match="is not an array or object"):
        run(1, {"fieldToSplitOut": "x"}, [{"x": 5}])
    assert run(2.2, {"fieldToSplitOut": "x"}, [{"x": 5}]) == [{"x": 5}]


def test_legacy_field_lists_are_fixed_collections() -> None:
    params = {"operation": "aggregateItems", "aggregate": "aggregateAllItemData", "include": "specifiedFields",
              "fieldsToInclude": {"fields": [{"fieldName": "id"}]}}
    assert run(2, params) == [{"data": [{"id": 1}, {"id": 2}, {"id": 2}]}]
    dedupe = {"operation": "removeDuplicates", "compare": "selectedFields",
              "fieldsToCompare": {"fields": [{"fieldName": "char"}]}}
    assert run(1, dedupe) == ROWS[:2]


def test_aggregate_missing_field_errors_before_21() -> None:
    params = {"operation": "aggregateItems", "fieldsToAggregate": {"fieldToAggregate": [{"fieldToAggregate": "x"}]}}
    with pytest.raises(NodeError, match="Couldn't find the field 'x'"):
        run(2, params)
    assert run(2.1, params) == [{"x": []}]


def test_summarize_missing_field_errors_before_21() -> None:
    params = {"operation": "summarize", "fieldsToSummarize": {"values": [{"field": "x"}]}}
    with pytest.raises(NodeError, match="does not exist in any items"):
        run(2, params)
    assert run(2.1, params) == [{"count_x": 0}]


def test_v3_uses_string_field_lists_and_concatenate_items() -> None:
    params = {"operation": "concatenateItems", "aggregate": "aggregateAllItemData", "include": "specifiedFields",
              "fieldsToInclude": "char"}
    assert run(3.1, params) == [{"data": [{"char": "a"}, {"char": "b"}, {"char": "b"}]}]
    assert run(3, {"operation": "removeDuplicates"}) == ROWS[:2]
    assert run(3, {"operation": "limit", "maxItems": 2, "keep": "lastItems"}) == ROWS[1:]


def test_sort_and_limit_operations() -> None:
    params = {"operation": "sort", "sortFieldsUi": {"sortField": [{"fieldName": "id", "order": "descending"}]}}
    assert [r["id"] for r in run(2, params)] == [2, 2, 1]
    assert run(1, {"operation": "limit"}) == ROWS[:1]
