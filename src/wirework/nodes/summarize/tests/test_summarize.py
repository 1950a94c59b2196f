from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.summarize import DESC, execute

ROWS = [
    {"category": "red", "text": "foo", "char": "a", "value": 1},
    {"category": "blue", "text": "spam", "char": "b", "value": 2},
    {"category": "green", "text": "bar", "char": "c", "value": 3},
    {"category": "red", "text": "foo", "char": "a", "value": 4},
    {"category": "red", "text": "bar", "char": "a", "value": 5},
]


def run(params: dict[str, Any], items: list[Any] | None = None, version: float = 1.1) -> list[Any]:
    ctx = NodeTestContext(DESC, params=params, items=items or ROWS, type_version=version)
    return asyncio.run(execute(ctx))[0]


def agg(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"fieldsToSummarize": {"values": list[Any](entries)}}


def test_split_by_two_fields() -> None:
    out = run({**agg({"aggregation": "append", "field": "char"}, {"field": "char"},
                     {"aggregation": "countUnique", "field": "char"},
                     {"aggregation": "concatenate", "field": "char", "separateBy": ", "}),
               "fieldsToSplitBy": "category, text"})
    assert out[0]["json"] == {"category": "red", "text": "foo", "appended_char": ["a", "a"], "count_char": 2,
                              "unique_count_char": 1, "concatenated_char": "a, a"}
    assert out[0]["pairedItem"] == [{"item": 0}, {"item": 3}]
    assert [(r["json"]["category"], r["json"]["text"]) for r in out] == [
        ("red", "foo"), ("red", "bar"), ("blue", "spam"), ("green", "bar")]


def test_numeric_aggregations() -> None:
    out = run({**agg(*({"aggregation": a, "field": "value"} for a in ("average", "max", "min", "sum"))),
               "fieldsToSplitBy": "category"})
    assert out[0]["json"] == {"category": "red", "average_value": 10 / 3, "max_value": 5, "min_value": 1,
                              "sum_value": 10}


def test_single_item_output_nests_groups() -> None:
    out = run({**agg({"field": "char"}), "fieldsToSplitBy": "category", "options": {"outputFormat": "singleItem"}})
    assert out[0]["json"] == {"red": {"count_char": 3}, "blue": {"count_char": 1}, "green": {"count_char": 1}}


def test_numeric_group_keys_come_first_and_keep_type_in_v11() -> None:
    items = [{"g": "x", "v": 1}, {"g": 2, "v": 1}, {"g": None, "v": 1}, {"g": 1, "v": 1}]
    params = {**agg({"field": "v"}), "fieldsToSplitBy": "g"}
    assert [r["json"]["g"] for r in run(params, items)] == [1, 2, "x", None]
    assert [r["json"]["g"] for r in run(params, items, version=1)] == ["1", "2", "x", "null"]


def test_missing_field_is_an_error_in_v1_and_a_hint_in_v11() -> None:
    with pytest.raises(NodeError, match="The field 'nope' does not exist in any items"):
        run(agg({"field": "nope"}), version=1)
    assert run(agg({"field": "nope"}))[0]["json"] == {"count_nope": 0}


def test_dot_notation_prefers_literal_key() -> None:
    items = [{"params.interval": "1 day", "params": {"interval": "x"}}, {"params": {"interval": "1 hour"}}]
    out = run(agg({"aggregation": "append", "field": "params.interval"}), items)
    assert out[0]["json"] == {"appended_params_interval": ["1 day", "1 hour"]}
    out = run({**agg({"aggregation": "append", "field": "params.interval"}),
               "options": {"disableDotNotation": True}}, items)
    assert out[0]["json"] == {"appended_params_interval": ["1 day"]}


def test_skip_empty_split_fields() -> None:
    items = [{"g": "", "v": 1}, {"g": "a", "v": 1}, {"v": 1}, {"g": 0, "v": 2}]
    params = {**agg({"aggregation": "sum", "field": "v"}), "fieldsToSplitBy": "g",
              "options": {"skipEmptySplitFields": True}}
    assert [r["json"] for r in run(params, items)] == [{"g": 0, "sum_v": 2}, {"g": "a", "sum_v": 1}]
