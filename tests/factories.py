"""Builders for engine tests: small node types and a workflow builder that reads like a sketch."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from wirework.model import Workflow, load_workflow
from wirework.nodes.registry import NodeRegistry
from wirework.nodes.sdk import NodeContext, NodeDescription, NodeError, NodeType, NodeVersion

TRIGGER = "test.trigger"
PASS = "test.pass"
EMIT = "test.emit"
FAIL = "test.fail"
MERGE = "test.merge"
SLOW = "test.slow"
FLAKY = "test.flaky"
SPLIT = "test.split"
WAIT = "test.wait"


def _desc(name: str, **kw: Any) -> NodeDescription:
    return NodeDescription(name=name, display_name=name, versions=(1,), **kw)


async def _pass(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    return [list(ctx.items)]


async def _emit(ctx: NodeContext) -> list[list[dict[str, Any]]] | None:
    items = ctx.node.parameters.get("items", [])
    if items is None:
        return None
    return [[{"json": dict(j)} for j in items]]


async def _fail(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    raise NodeError(ctx.node.parameters.get("message", "boom"), item_index=0,
                    retryable=ctx.node.parameters.get("retryable", True))


async def _merge(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    return [[*ctx.input_items(0), *ctx.input_items(1)]]


async def _slow(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    await asyncio.sleep(float(ctx.node.parameters.get("seconds", 10)))
    return [list(ctx.items)]


async def _flaky(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    state = ctx.services.extras.setdefault("flaky", {"calls": 0})
    state["calls"] += 1
    if state["calls"] < int(ctx.node.parameters.get("succeed_on", 2)):
        raise NodeError(f"attempt {state['calls']} failed")
    return [list(ctx.items)]


async def _split(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    """Two outputs: items whose json.ok is true go to 0, the rest to 1."""
    yes = [i for i in ctx.items if i["json"].get("ok")]
    no = [i for i in ctx.items if not i["json"].get("ok")]
    return [yes, no]


async def _wait(ctx: NodeContext) -> list[list[dict[str, Any]]]:
    ctx.services.extras["put_execution_to_wait"](ctx.now())
    return [list(ctx.items)]


def test_registry() -> NodeRegistry:
    from wirework.nodes.manual_trigger import NODE as MANUAL
    from wirework.nodes.no_op import NODE as NOOP

    def t(name: str, fn: Any, **kw: Any) -> NodeType:
        return NodeType(name=name, versions=(NodeVersion(description=_desc(name, **kw), execute=fn),))

    return NodeRegistry([
        MANUAL, NOOP,
        t(TRIGGER, _pass, group=("trigger",), inputs=0),
        t(PASS, _pass), t(EMIT, _emit), t(FAIL, _fail), t(SLOW, _slow), t(FLAKY, _flaky),
        t(SPLIT, _split, outputs=2), t(WAIT, _wait),
        t(MERGE, _merge, inputs=2, required_inputs=1),
    ])


test_registry.__test__ = False  # type: ignore[attr-defined]


class Builder:
    """``b = Builder("v1"); b.add("T", TRIGGER); b.chain("T", "A", "B"); wf = b.build()``."""

    def __init__(self, order: str = "v0") -> None:
        self.order = order
        self.nodes: list[dict[str, Any]] = []
        self.connections: dict[str, dict[str, list[list[dict[str, Any]]]]] = {}

    def add(self, name: str, type_: str, *, pos: tuple[int, int] | None = None, **params: Any) -> Builder:
        extra = {k[1:]: params.pop(k) for k in list(params) if k.startswith("_")}
        node = {"name": name, "type": type_, "typeVersion": 1, "parameters": params,
                "position": list(pos or (len(self.nodes) * 200, 0)), **extra}
        self.nodes.append(node)
        return self

    def connect(self, src: str, dst: str, *, output: int = 0, input: int = 0) -> Builder:
        outs = self.connections.setdefault(src, {}).setdefault("main", [])
        while len(outs) <= output:
            outs.append([])
        outs[output].append({"node": dst, "type": "main", "index": input})
        return self

    def chain(self, *names: str) -> Builder:
        for a, b in itertools.pairwise(names):
            self.connect(a, b)
        return self

    def build(self, **extra: Any) -> Workflow:
        settings = {"executionOrder": "v1"} if self.order == "v1" else {}
        return load_workflow({"name": "t", "nodes": self.nodes, "connections": self.connections,
                              "settings": settings, **extra})


def order_of(run_data: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Node names in the order they ran (by executionIndex)."""
    runs = [(t["executionIndex"], n) for n, ts in run_data.items() for t in ts]
    return [n for _i, n in sorted(runs)]


def out(run_data: dict[str, list[dict[str, Any]]], node: str, run: int = 0, output: int = 0) -> list[dict[str, Any]]:
    return [i["json"] for i in run_data[node][run]["data"]["main"][output]]
