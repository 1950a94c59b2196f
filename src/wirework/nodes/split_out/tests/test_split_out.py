from __future__ import annotations

import asyncio
from typing import Any

import pytest

from wirework.nodes.sdk import NodeError, NodeTestContext
from wirework.nodes.split_out import DESC_V1
from wirework.nodes.split_out.impl import execute

SOURCE = {"data": [{"id": 3, "char": "c"}, {"id": 4, "char": "d"}], "data2": [{"text": "foo"}],
          "data3": [{"text": "bar"}]}


def run(params: dict[str, Any], items: list[Any] | None = None) -> tuple[list[Any], list[Any]]:
    ctx = NodeTestContext(DESC_V1, params=params, items=items or [SOURCE])
    out = asyncio.run(execute(ctx))[0]
    return out, ctx.hints


def test_objects_are_spread_into_new_items() -> None:
    out, _ = run({"fieldToSplitOut": "data"})
    assert [it["json"] for it in out] == SOURCE["data"]
    assert all(it["pairedItem"] == {"item": 0} for it in out)


def test_all_other_fields_keeps_the_rest() -> None:
    out, _ = run({"fieldToSplitOut": "data", "include": "allOtherFields"})
    assert out[1]["json"] == {"data2": [{"text": "foo"}], "data3": [{"text": "bar"}],
                              "data": {"id": 4, "char": "d"}}


def test_selected_fields_accepts_list_or_string() -> None:
    for fields in (["data3"], "data3"):
        out, _ = run({"fieldToSplitOut": "data", "include": "selectedOtherFields", "fieldsToInclude": fields})
        assert out[0]["json"] == {"data3": [{"text": "bar"}], "data": {"id": 3, "char": "c"}}


def test_destination_field() -> None:
    out, _ = run({"fieldToSplitOut": "data", "options": {"destinationFieldName": "output"}})
    assert out[0]["json"] == {"output": {"id": 3, "char": "c"}}


def test_several_fields_split_side_by_side() -> None:
    item = {"a": [1, 2, 3], "b": {"x": "p", "y": "q"}, "n": None}
    out, _ = run({"fieldToSplitOut": "a, b, n"}, [item])
    assert [it["json"] for it in out] == [{"a": 1, "b": "p", "n": None}, {"a": 2, "b": "q"}, {"a": 3}]


def test_destination_count_must_match() -> None:
    with pytest.raises(NodeError, match="same number of destination fields"):
        run({"fieldToSplitOut": "a, b", "options": {"destinationFieldName": "x"}})


def test_missing_field_gives_no_items_and_a_hint() -> None:
    out, hints = run({"fieldToSplitOut": "nope"})
    assert out == []
    assert hints == [{"message": "The field 'nope' wasn't found in any input item", "location": "outputPane"}]


def test_dot_notation_can_be_disabled() -> None:
    item = {"a.b": [1], "a": {"b": [2, 3]}}
    out, _ = run({"fieldToSplitOut": "a.b", "options": {"disableDotNotation": True}}, [item])
    assert [it["json"] for it in out] == [{"a.b": 1}]
