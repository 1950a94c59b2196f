"""A real context for node unit tests: no 40-method fake, the same NodeContext the engine uses."""

from __future__ import annotations

from typing import Any

from wirework.expr import ExprContext
from wirework.model import Item, Node, Workflow
from wirework.nodes.sdk.context import NodeContext
from wirework.nodes.sdk.description import NodeDescription
from wirework.nodes.sdk.services import ExecutionServices, FakeClock


def NodeTestContext(
    description: NodeDescription,
    *,
    params: dict[str, Any] | None = None,
    items: list[dict[str, Any]] | None = None,
    inputs: list[list[Item]] | None = None,
    type_version: float | None = None,
    credentials: dict[str, dict[str, Any]] | None = None,
    services: ExecutionServices | None = None,
    name: str = "Node",
    continue_on_fail: bool = False,
) -> NodeContext:
    """Build a NodeContext for ``description`` with the given parameters and input items.

    ``items`` are bare json dicts for input 0; ``inputs`` gives full items per input.
    """
    node = Node(
        name=name, type=description.name,
        type_version=type_version if type_version is not None else description.versions[-1],
        parameters=dict(params or {}), continue_on_fail=continue_on_fail,
    )
    wf = Workflow(name="test", nodes=[node])
    if inputs is None:
        inputs = [[{"json": j} for j in (items or [{}])]]
    svc = services or ExecutionServices(clock=FakeClock())
    if credentials is not None:
        creds = credentials

        async def _creds(_node: Node, ctype: str, _i: int) -> dict[str, Any]:
            return creds[ctype]

        svc.credentials = _creds
    expr = ExprContext(workflow=wf, node=node, run_data={}, inputs=inputs)
    return NodeContext(workflow=wf, node=node, description=description, inputs=inputs, expr=expr, services=svc)
