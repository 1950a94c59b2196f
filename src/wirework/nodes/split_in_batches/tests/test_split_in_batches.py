from __future__ import annotations

import asyncio
from typing import Any

from wirework.nodes.sdk import ExecutionServices, FakeClock, NodeTestContext
from wirework.nodes.split_in_batches import (
    DESC_V1,
    DESC_V2,
    DESC_V3,
    execute_v1,
    execute_v2,
    execute_v3,
)


class Loop:
    """Runs the node repeatedly in one execution, like the engine does when a loop feeds back."""

    def __init__(self, desc: Any, execute: Any, params: dict[str, Any]) -> None:
        self.desc, self.execute, self.params = desc, execute, params
        self.services = ExecutionServices(clock=FakeClock())

    def run(self, items: list[dict[str, Any]]) -> Any:
        ctx = NodeTestContext(self.desc, params=self.params, items=items, services=self.services, name="SIB")
        return asyncio.run(self.execute(ctx))

    @property
    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = self.services.extras["node_state"]["SIB"]
        return state


def jsons(items: list[Any]) -> list[Any]:
    return [it["json"] for it in items]


DATA = [{"i": i} for i in range(5)]


def test_v3_loops_then_emits_everything_processed_on_done() -> None:
    loop = Loop(DESC_V3, execute_v3, {"batchSize": 2})
    done, batch = loop.run(DATA)
    assert done == [] and jsons(batch) == DATA[:2]
    assert loop.state["maxRunIndex"] == 3 and loop.state["noItemsLeft"] is False
    seen = [dict(x, seen=True) for x in jsons(batch)]
    while True:
        done, batch = loop.run(seen)
        if not batch:
            break
        seen = [dict(x, seen=True) for x in jsons(batch)]
    assert jsons(done) == [dict(x, seen=True) for x in DATA]
    assert loop.state["done"] is True and loop.state["currentRunIndex"] == 3


def test_v2_has_loop_first_and_done_second() -> None:
    loop = Loop(DESC_V2, execute_v2, {"batchSize": 10})
    first = loop.run(DATA)
    assert jsons(first[0]) == DATA and first[1] == []
    last = loop.run(DATA)
    assert last[0] == [] and jsons(last[1]) == DATA


def test_v1_ends_the_branch_when_no_items_are_left() -> None:
    loop = Loop(DESC_V1, execute_v1, {"batchSize": 3})
    assert jsons(loop.run(DATA)[0]) == DATA[:3]
    assert jsons(loop.run([{"x": 1}])[0]) == DATA[3:]
    assert loop.state["noItemsLeft"] is True
    assert loop.run([{"x": 1}]) is None


def test_reset_starts_over_with_new_input() -> None:
    loop = Loop(DESC_V3, execute_v3, {"batchSize": 1, "options": {"reset": True}})
    loop.run(DATA)
    _, batch = loop.run([{"fresh": 1}, {"fresh": 2}])
    assert jsons(batch) == [{"fresh": 1}] and loop.state["currentRunIndex"] == 0


def test_default_batch_sizes_follow_n8n() -> None:
    assert DESC_V3.param("batchSize").default == 1  # type: ignore[union-attr]
    assert DESC_V2.param("batchSize").default == 10  # type: ignore[union-attr]
