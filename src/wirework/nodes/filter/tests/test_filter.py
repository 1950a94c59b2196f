"""Filter: v1 AND/OR comparisons and v2 filter conditions."""

from __future__ import annotations

from typing import Any

import pytest

from wirework.nodes.filter import DESC_V1, DESC_V2, NODE
from wirework.nodes.sdk import NodeError, NodeTestContext

ITEMS = [{"id": 1, "name": "Adam", "notes": None}, {"id": 2, "name": "Victor", "notes": "x"},
         {"id": 3, "name": "Sam", "notes": "y"}]


async def _run(params: dict[str, Any], version: float, items: list[dict[str, Any]] = ITEMS) -> list[Any]:
    ctx = NodeTestContext(DESC_V1 if version < 2 else DESC_V2, params=params, items=items,
                          type_version=version)
    nv = NODE.for_version(version)
    assert nv is not None and nv.execute is not None
    out = await nv.execute(ctx)
    return [[it["json"]["id"] for it in branch] for branch in out]


async def test_v1_and_or() -> None:
    conds = {"number": [{"value1": "={{ $json.id }}", "operation": "larger", "value2": 1}],
             "string": [{"value1": "={{ $json.name }}", "operation": "endsWith", "value2": "m"}]}
    assert await _run({"conditions": conds}, 1) == [[3], [1, 2]]
    assert await _run({"conditions": conds, "combineConditions": "OR"}, 1) == [[1, 2, 3], []]


async def test_v2_keeps_matches_and_reports_discarded() -> None:
    params = {"conditions": {
        "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
        "conditions": [{"leftValue": "={{ $json.notes }}", "rightValue": "",
                        "operator": {"type": "string", "operation": "exists", "singleValue": True}}],
        "combinator": "and"}}
    assert await _run(params, 2.2) == [[2, 3], [1]]


async def test_v2_strict_error_mentions_conversion_option() -> None:
    params = {"conditions": {
        "options": {"caseSensitive": True, "leftValue": "", "typeValidation": "strict"},
        "conditions": [{"leftValue": "={{ $json.name }}", "rightValue": 1,
                        "operator": {"type": "number", "operation": "gt"}}],
        "combinator": "and"}}
    with pytest.raises(NodeError) as info:
        await _run(params, 2)
    assert info.value.message == "Wrong type: 'Adam' is a string but was expecting a number [condition 0, item 0]"
    assert "Converting the first field to a number" in (info.value.description or "")


def test_descriptions_validate() -> None:
    assert NODE.all_versions == (1, 2, 2.1, 2.2, 2.3)
    DESC_V1.validate()
    DESC_V2.validate()
