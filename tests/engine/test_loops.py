"""Back edges: a node fed again gets a new run with the next runIndex."""

from __future__ import annotations

from typing import Any

from factories import TRIGGER, Builder, test_registry
from wirework.engine import run_workflow
from wirework.nodes.registry import NodeRegistry
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeType, NodeVersion


async def _counter(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    # output 0 = done (after 3 rounds), output 1 = loop again
    n = ctx.run_index
    item = {"json": {"round": n}}
    return [[item], []] if n >= 2 else [[], [item]]


def _registry() -> NodeRegistry:
    reg = test_registry()
    reg.add(NodeType(name="test.counter", versions=(NodeVersion(
        description=NodeDescription(name="test.counter", display_name="c", versions=(1,), outputs=2),
        execute=_counter),)))
    return reg


async def test_loop_runs_nodes_again_with_increasing_run_index() -> None:
    #   T ── C ──(0)── DONE
    #        ▲ └─(1)── BODY ─┐
    #        └───────────────┘
    b = Builder().add("T", TRIGGER).add("C", "test.counter").add("BODY", "test.pass").add("DONE", "test.pass")
    b.chain("T", "C").connect("C", "DONE").connect("C", "BODY", output=1).connect("BODY", "C")
    result = await run_workflow(b.build(), registry=_registry())
    assert len(result.run_data["C"]) == 3
    assert len(result.run_data["BODY"]) == 2
    assert result.run_data["DONE"][0]["data"]["main"][0][0]["json"] == {"round": 2}
    assert result.run_data["C"][1]["source"] == [{"previousNode": "BODY"}]
    assert result.run_data["BODY"][1]["source"] == [{"previousNode": "C", "previousNodeOutput": 1, "previousNodeRun": 1}]
