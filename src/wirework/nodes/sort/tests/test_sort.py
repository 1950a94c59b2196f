from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.sort import DESC_V1
from wirework.nodes.sort.impl import execute

ITEMS = [{"id": 3, "char": "c"}, {"id": 4, "char": "D"}, {"id": 5, "char": "e"},
         {"id": 1, "char": "a"}, {"id": 2, "char": "b"}]


def run(params: dict[str, Any], items: list[Any] | None = None) -> list[Any]:
    ctx = NodeTestContext(DESC_V1, params=params, items=items or ITEMS)
    return [it["json"] for it in asyncio.run(execute(ctx))[0]]


def fields(*specs: tuple[str, str]) -> dict[str, Any]:
    return {"sortFieldsUi": {"sortField": [{"fieldName": n, "order": o} for n, o in specs]}}


def test_simple_ascending_and_descending() -> None:
    assert [r["id"] for r in run(fields(("id", "ascending")))] == [1, 2, 3, 4, 5]
    assert [r["id"] for r in run(fields(("char", "descending")))] == [5, 4, 3, 2, 1]


def test_strings_compare_case_insensitively() -> None:
    assert [r["char"] for r in run(fields(("char", "ascending")))] == ["a", "b", "c", "D", "e"]


def test_missing_fields_follow_javascript_sort_semantics() -> None:
    # undefined is never less than anything, so n8n's comparator says "after" both ways; V8's
    # TimSort then leaves this already-"ascending" run as it is. We must do the same.
    items = [{"n": 2}, {"x": 1}, {"n": 1}]
    assert run(fields(("n", "ascending")), items) == items
    items = [{"n": 1}, {"x": 1}, {"n": 3}, {"n": 2}]
    assert run(fields(("n", "ascending")), items) == [{"n": 1}, {"x": 1}, {"n": 2}, {"n": 3}]


def test_field_missing_everywhere_is_an_error() -> None:
    with pytest.raises(NodeError, match="Couldn't find the field 'nope' in the input data"):
        run(fields(("nope", "ascending")))


def test_nested_field_with_dot_notation() -> None:
    items = [{"a": {"b": 2}}, {"a": {"b": 1}}]
    assert run(fields(("a.b", "ascending")), items) == [{"a": {"b": 1}}, {"a": {"b": 2}}]


def test_code_comparator_runs_javascript() -> None:
    code = "return b.json.id - a.json.id;"
    assert [r["id"] for r in run({"type": "code", "code": code})] == [5, 4, 3, 2, 1]


def test_code_without_return_is_rejected() -> None:
    with pytest.raises(NodeError, match="doesn't return"):
        run({"type": "code", "code": "a.json.id - b.json.id"})


def test_random_keeps_all_items() -> None:
    out = run({"type": "random"})
    assert sorted(r["id"] for r in out) == [1, 2, 3, 4, 5]
