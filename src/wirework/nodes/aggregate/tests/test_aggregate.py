from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.aggregate import DESC_V1
from wirework.nodes.aggregate.impl import execute
from wirework.nodes.sdk import NodeError, NodeTestContext

ITEMS = [{"id": n, "char": c} for n, c in zip(range(1, 4), "abc", strict=True)]


def run(params: dict[str, Any], items: list[Any] | None = None) -> dict[str, Any]:
    ctx = NodeTestContext(DESC_V1, params=params, items=items or ITEMS)
    [[item]] = asyncio.run(execute(ctx))
    return item


def fields(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"fieldsToAggregate": {"fieldToAggregate": list[Any](entries)}}


def test_individual_field_with_rename() -> None:
    item = run(fields({"fieldToAggregate": "id", "renameField": True, "outputFieldName": "data"}))
    assert item["json"] == {"data": [1, 2, 3]}
    assert item["pairedItem"] == [{"item": 0}, {"item": 1}, {"item": 2}]


def test_nested_field_uses_last_path_segment() -> None:
    items = [{"a": {"b": 1}}, {"a": {"b": None}}, {"a": {}}]
    assert run(fields({"fieldToAggregate": "a.b"}), items)["json"] == {"b": [1]}


def test_keep_missing_adds_nulls() -> None:
    items = [{"a": 1}, {"a": None}, {}]
    params = {**fields({"fieldToAggregate": "a"}), "options": {"keepMissing": True}}
    assert run(params, items)["json"] == {"a": [1, None, None]}


def test_merge_lists_flattens() -> None:
    items = [{"a": [1, 2]}, {"a": [3]}]
    params = {**fields({"fieldToAggregate": "a"}), "options": {"mergeLists": True}}
    assert run(params, items)["json"] == {"a": [1, 2, 3]}


def test_duplicate_output_field_is_an_error() -> None:
    with pytest.raises(NodeError, match="The 'id' output field is used more than once"):
        run(fields({"fieldToAggregate": "id"}, {"fieldToAggregate": "id"}))


def test_all_item_data_with_include_and_exclude() -> None:
    assert run({"aggregate": "aggregateAllItemData"})["json"] == {"data": ITEMS}
    inc = run({"aggregate": "aggregateAllItemData", "include": "specifiedFields", "fieldsToInclude": ["id"]})
    assert inc["json"] == {"data": [{"id": 1}, {"id": 2}, {"id": 3}]}
    exc = run({"aggregate": "aggregateAllItemData", "destinationFieldName": "output",
               "include": "allFieldsExcept", "fieldsToExclude": "char"})
    assert exc["json"] == {"output": [{"id": 1}, {"id": 2}, {"id": 3}]}


def test_group_by_fields_makes_one_item_per_value() -> None:
    items = [{"cat": "a", "id": 1}, {"cat": "b", "id": 2}, {"cat": "a", "id": 3}]
    ctx = NodeTestContext(DESC_V1, params={**fields({"fieldToAggregate": "id"}), "options": {"groupByFields": "cat"}},
                          items=items)
    out = asyncio.run(execute(ctx))[0]
    assert [it["json"] for it in out] == [{"cat": "a", "id": [1, 3]}, {"cat": "b", "id": [2]}]
    all_data = NodeTestContext(DESC_V1, params={"aggregate": "aggregateAllItemData",
                                                "options": {"groupByFields": "cat"}}, items=items)
    assert asyncio.run(execute(all_data))[0][1]["json"] == {"cat": "b", "data": [items[1]]}


def test_group_by_field_must_not_clash_with_output() -> None:
    params = {**fields({"fieldToAggregate": "cat"}), "options": {"groupByFields": "cat"}}
    with pytest.raises(NodeError, match="conflicts with a Group By field 'cat'"):
        asyncio.run(execute(NodeTestContext(DESC_V1, params=params, items=[{"cat": "a"}])))
