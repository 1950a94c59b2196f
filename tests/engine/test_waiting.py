"""Multi-input nodes: waiting for inputs, v0 forced branches, release when the stack drains."""

from __future__ import annotations

from factories import EMIT, MERGE, PASS, TRIGGER, Builder, order_of, out, test_registry
from wirework.engine import run_workflow

REG = test_registry()


async def test_merge_waits_for_both_inputs() -> None:
    #   T ──┬── A ───────── M.0
    #       └── B ── B2 ─── M.1
    b = Builder().add("T", TRIGGER).add("A", EMIT, items=[{"a": 1}]).add("B", EMIT, items=[{"b": 1}])
    b.add("B2", PASS).add("M", MERGE)
    b.connect("T", "A").connect("T", "B").chain("B", "B2").connect("A", "M").connect("B2", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert out(result.run_data, "M") == [{"a": 1}, {"b": 1}]
    assert order_of(result.run_data)[-1] == "M"
    assert result.run_data["M"][0]["source"] == [{"previousNode": "A"}, {"previousNode": "B2"}]


async def test_v0_forces_the_other_branch_of_a_merge_to_run() -> None:
    #   T ── A ── M.0
    #   S ──────── M.1      (S has no inputs: v0 runs it with one empty item)
    b = Builder().add("T", TRIGGER).add("A", EMIT, items=[{"a": 1}]).add("S", EMIT, items=[{"s": 1}])
    b.add("M", MERGE).chain("T", "A").connect("A", "M").connect("S", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert "S" in result.run_data
    assert out(result.run_data, "M") == [{"a": 1}, {"s": 1}]


async def test_v1_does_not_force_branches_and_releases_with_empty_input() -> None:
    b = Builder("v1").add("T", TRIGGER).add("A", EMIT, items=[{"a": 1}]).add("S", EMIT, items=[{"s": 1}])
    b.add("M", MERGE).chain("T", "A").connect("A", "M").connect("S", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert "S" not in result.run_data
    assert out(result.run_data, "M") == [{"a": 1}]


async def test_v0_merge_with_empty_first_input_does_not_run() -> None:
    #   T ──┬── E (no items) ── M.0
    #       └── B ───────────── M.1
    b = Builder().add("T", TRIGGER).add("E", EMIT, items=[]).add("B", EMIT, items=[{"b": 1}]).add("M", MERGE)
    b.connect("T", "E").connect("T", "B").connect("E", "M").connect("B", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert "M" not in result.run_data


async def test_v1_merge_runs_on_whichever_input_has_items() -> None:
    b = Builder("v1").add("T", TRIGGER).add("E", EMIT, items=[], pos=(200, 0))
    b.add("B", EMIT, items=[{"b": 1}], pos=(200, 100)).add("M", MERGE, pos=(400, 0))
    b.connect("T", "E").connect("T", "B").connect("E", "M").connect("B", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert out(result.run_data, "M") == [{"b": 1}]


async def test_second_batch_for_a_filled_input_becomes_the_next_run() -> None:
    #   T ──┬── A ──┬── M.0       A feeds M.0 twice (two connections) before B arrives
    #       │       └── M.0
    #       └── B ───── M.1
    b = Builder().add("T", TRIGGER).add("A", EMIT, items=[{"a": 1}]).add("B", EMIT, items=[{"b": 1}])
    b.add("M", MERGE)
    b.connect("T", "A").connect("T", "B").connect("A", "M").connect("A", "M").connect("B", "M", input=1)
    result = await run_workflow(b.build(), registry=REG)
    assert len(result.run_data["M"]) == 2
    assert out(result.run_data, "M", 0) == [{"a": 1}, {"b": 1}]
    assert out(result.run_data, "M", 1) == [{"a": 1}]
