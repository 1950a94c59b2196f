"""Execution order: v0 is breadth-first, v1 is depth-first top-left first."""

from __future__ import annotations

from factories import EMIT, PASS, TRIGGER, Builder, order_of, test_registry
from wirework.engine import run_workflow

REG = test_registry()


def _diamond(order: str):
    #        ┌─ A (y=0) ── A2
    #   T ───┤
    #        └─ B (y=100) ── B2
    b = Builder(order)
    b.add("T", TRIGGER, pos=(0, 0))
    b.add("B", PASS, pos=(200, 100)).add("A", PASS, pos=(200, 0))
    b.add("A2", PASS, pos=(400, 0)).add("B2", PASS, pos=(400, 100))
    b.connect("T", "B").connect("T", "A").chain("A", "A2").chain("B", "B2")
    return b.build()


async def test_v0_runs_level_by_level_in_connection_order() -> None:
    result = await run_workflow(_diamond("v0"), registry=REG)
    assert result.status == "success"
    assert order_of(result.run_data) == ["T", "B", "A", "B2", "A2"]


async def test_v1_follows_each_branch_to_its_end_top_first() -> None:
    result = await run_workflow(_diamond("v1"), registry=REG)
    assert order_of(result.run_data) == ["T", "A", "A2", "B", "B2"]


async def test_v1_equal_height_siblings_run_left_to_right() -> None:
    #   T ──┬── R (x=400)
    #       └── L (x=200)     same y
    b = Builder("v1").add("T", TRIGGER, pos=(0, 0)).add("R", PASS, pos=(400, 50)).add("L", PASS, pos=(200, 50))
    b.connect("T", "R").connect("T", "L")
    result = await run_workflow(b.build(), registry=REG)
    assert order_of(result.run_data) == ["T", "L", "R"]


async def test_zero_item_output_stops_the_branch() -> None:
    #   T ── E (emits nothing) ── X
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[]).add("X", PASS).chain("T", "E", "X")
    result = await run_workflow(b.build(), registry=REG)
    assert "E" in result.run_data and result.run_data["E"][0]["data"]["main"] == [[]]
    assert "X" not in result.run_data


async def test_node_returning_nothing_is_not_recorded() -> None:
    #   T ── E (returns null) ── X
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=None).add("X", PASS).chain("T", "E", "X")
    result = await run_workflow(b.build(), registry=REG)
    assert "E" not in result.run_data and "X" not in result.run_data
    assert result.status == "success"


async def test_unreachable_nodes_never_run() -> None:
    #   T ── A        Z (no connection)
    b = Builder().add("T", TRIGGER).add("A", PASS).add("Z", PASS).chain("T", "A")
    result = await run_workflow(b.build(), registry=REG)
    assert order_of(result.run_data) == ["T", "A"]


async def test_first_trigger_in_node_order_starts_the_run() -> None:
    #   A ── X      T2 ── Y     (T2 is the first trigger-type node; A is a plain node)
    b = Builder().add("A", PASS).add("T2", TRIGGER).add("X", PASS).add("Y", PASS)
    b.chain("A", "X").chain("T2", "Y")
    result = await run_workflow(b.build(), registry=REG)
    assert order_of(result.run_data) == ["T2", "Y"]


async def test_task_records_source_and_paired_items() -> None:
    #   T ── E (2 items) ── P
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[{"a": 1}, {"a": 2}]).add("P", PASS)
    b.chain("T", "E", "P")
    result = await run_workflow(b.build(), registry=REG)
    task = result.run_data["P"][0]
    assert task["source"] == [{"previousNode": "E"}]
    assert task["executionStatus"] == "success"
    assert [i["pairedItem"] for i in task["data"]["main"][0]] == [{"item": 0}, {"item": 1}]
    # E had one input item, so both its outputs pair with item 0
    assert [i["pairedItem"] for i in result.run_data["E"][0]["data"]["main"][0]] == [{"item": 0}, {"item": 0}]
