"""Per-node switches: pinData, disabled, alwaysOutputData, executeOnce."""

from __future__ import annotations

from factories import EMIT, PASS, TRIGGER, Builder, out, test_registry
from wirework.engine import run_workflow

REG = test_registry()


async def test_pinned_node_is_not_executed_and_outputs_its_pin() -> None:
    #   T ── E (pinned) ── P
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"real": 1}]).add("P", PASS).chain("T", "E", "P")
    wf = b.build(pinData={"E": [{"json": {"pinned": 1}}, {"pinned": 2}]})
    result = await run_workflow(wf, registry=REG)
    assert out(result.run_data, "E") == [{"pinned": 1}, {"pinned": 2}]
    assert out(result.run_data, "P") == [{"pinned": 1}, {"pinned": 2}]


async def test_disabled_node_passes_its_first_input_through() -> None:
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"a": 1}]).add("X", EMIT, items=[{"x": 1}], _disabled=True)
    b.add("P", PASS).chain("T", "E", "X", "P")
    result = await run_workflow(b.build(), registry=REG)
    assert out(result.run_data, "P") == [{"a": 1}]


async def test_always_output_data_emits_one_empty_item() -> None:
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[], _alwaysOutputData=True).add("P", PASS)
    b.chain("T", "E", "P")
    result = await run_workflow(b.build(), registry=REG)
    assert out(result.run_data, "E") == [{}]
    assert out(result.run_data, "P") == [{}]


async def test_execute_once_gives_the_node_only_the_first_item() -> None:
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"a": 1}, {"a": 2}]).add("P", PASS, _executeOnce=True)
    b.chain("T", "E", "P")
    result = await run_workflow(b.build(), registry=REG)
    assert out(result.run_data, "P") == [{"a": 1}]


async def test_trigger_items_feed_the_start_node() -> None:
    b = Builder().add("T", TRIGGER).add("P", PASS).chain("T", "P")
    result = await run_workflow(b.build(), registry=REG, trigger_items=[{"json": {"body": 1}}])
    assert out(result.run_data, "P") == [{"body": 1}]
    assert result.output() == [{"json": {"body": 1}, "pairedItem": {"item": 0}}]
